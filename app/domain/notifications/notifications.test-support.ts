// Notifications made the way the app makes them (notify in one batch), for tests of what users see.
import type { Database } from "../../../db/database";
import type { Clock } from "../../../load-context";
import { notify, type AnyNotificationSpec, type NotificationSpec } from "./notifications.server";
import type { NotificationKind } from "./registry";

export function paidConfirmed(userId: string, bookingId: string, startsAt = "2026-06-10T09:00:00.000Z"): AnyNotificationSpec {
  return {
    userId,
    kind: "booking-paid-confirmed",
    subject: { type: "booking", id: bookingId },
    payload: {
      bookingId,
      specialistName: "Kenji Watanabe",
      otherPartyName: "Kenji Watanabe",
      otherPartyTimezone: "Asia/Tokyo",
      sessionTitle: `Session ${bookingId}`,
      startsAt,
      endsAt: new Date(new Date(startsAt).getTime() + 60 * 60_000).toISOString(),
      sequence: 0,
      topic: "",
      changedAt: startsAt,
      amountMinor: 12_000,
      currency: "USD",
      meetingUrl: "https://meet.jit.si/x",
    },
  };
}

export function reminder24h(
  userId: string,
  bookingId: string,
  startsAt: string,
  kind: "reminder-24h" | "reminder-1h" = "reminder-24h",
): AnyNotificationSpec {
  return {
    userId,
    kind,
    subject: { type: "booking", id: bookingId },
    occurrence: startsAt,
    payload: {
      bookingId,
      sessionTitle: "Deep dive",
      otherPartyName: "Kenji Watanabe",
      otherPartyTimezone: "Asia/Tokyo",
      startsAt,
      meetingUrl: null,
    },
  };
}

/** Records `spec` as the app would; returns the ids of the rows written. */
export async function record(db: Database, clock: Clock, spec: AnyNotificationSpec) {
  const { statements } = notify({ db, clock }, spec as NotificationSpec<NotificationKind>);
  await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
}
