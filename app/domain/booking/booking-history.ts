// History lines of a booking in plain words, for the person reading them: times in their zone,
// "you" for their own actions, and the machine reasons (`paid`, `rescheduled from <instant>`)
// said as sentences.
import type { BookingStatus } from "../../../db/schema";
import { formatDayTime } from "../../lib/time-format";
import { statusLabels } from "./booking-labels";

export interface HistoryEvent {
  fromStatus: BookingStatus | null;
  toStatus: BookingStatus;
  actor: string;
  reason: string;
}

const paymentReasons: Record<string, string> = {
  paid: "payment received",
  "paid after the hold expired; time still free": "payment received after the hold ran out, while the time was still free",
};

const rescheduledFrom = /^rescheduled from (\d{4}-\d\d-\d\dT[\d:.]+Z)$/;

export function historyLine(event: HistoryEvent, viewer: { role: "customer" | "specialist"; zone: string }): string {
  const who =
    event.actor === viewer.role
      ? "you"
      : event.actor === "customer"
        ? "the customer"
        : event.actor === "specialist"
          ? "the specialist"
          : event.actor === "payment-provider"
            ? "the payment provider"
            : event.actor === "admin"
              ? "Specialistly"
              : "the system";
  const status = statusLabels[event.toStatus];
  if (event.fromStatus === null) return status;
  const payment = paymentReasons[event.reason];
  if (payment) return `${status}: ${payment}`;
  const moved = rescheduledFrom.exec(event.reason);
  if (moved) return `Moved by ${who} from ${formatDayTime(new Date(moved[1]!), viewer.zone)}`;
  if (event.fromStatus === event.toStatus) return `${capitalize(event.reason)} by ${who}`;
  return `${status} by ${who}${event.reason ? `: “${event.reason}”` : ""}`;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
