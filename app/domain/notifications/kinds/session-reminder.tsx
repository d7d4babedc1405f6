import { and, eq, gt, inArray } from "drizzle-orm";
import * as z from "zod";
import type { Database } from "../../../../db/database";
import { bookings } from "../../../../db/schema";
import { SessionReminder } from "../../../emails/session-reminder";
import { formatSessionTime, formatShortSessionTime } from "../../../lib/time-format";
import { meetingDetails, meetingOneLine } from "../../booking/meeting-details";
import { meetingPayloadFields } from "../booking-session";
import { defineKind, type RenderContext } from "../kind";

const payload = z.object({
  bookingId: z.string(),
  sessionTitle: z.string(),
  otherPartyName: z.string(),
  otherPartyTimezone: z.string(),
  startsAt: z.iso.datetime(),
  meetingUrl: z.string().nullable(),
  ...meetingPayloadFields,
});
type ReminderData = z.infer<typeof payload>;

const hourMs = 60 * 60_000;

/**
 * When each reminder is due: from `fromMs` before the start until `untilMs` before it. A 24 h
 * reminder stops when the 1 h one is due, so catching up after downtime never sends both.
 */
export const reminderWindows = {
  "reminder-24h": { fromMs: 24 * hourMs, untilMs: hourMs },
  "reminder-1h": { fromMs: hourMs, untilMs: 0 },
} as const;

/** Only while the booking is still confirmed, at the time this reminder is for, and its window has not passed. */
function bookingStillAt(untilMs: number) {
  return async (db: Database, items: ReminderData[], now: Date) => {
    const open = items.filter((data) => new Date(data.startsAt).getTime() - untilMs > now.getTime());
    const upcoming =
      open.length === 0
        ? []
        : await db
            .select({ id: bookings.id, startsAt: bookings.startsAt })
            .from(bookings)
            .where(
              and(
                inArray(
                  bookings.id,
                  open.map((data) => data.bookingId),
                ),
                eq(bookings.status, "confirmed"),
                gt(bookings.startsAt, now),
              ),
            );
    const startOf = new Map(upcoming.map((booking) => [booking.id, booking.startsAt.getTime()]));
    return items.map((data) => open.includes(data) && startOf.get(data.bookingId) === new Date(data.startsAt).getTime());
  };
}

function reminderKind(lead: "within a day" | "in an hour", label: string, untilMs: number) {
  return defineKind({
    label,
    preference: "reminders",
    payload,
    channels: { email: {}, sms: {}, in_app: {} },
    unsubscribable: true,
    stillRelevant: bookingStillAt(untilMs),
    email: (data, context) => {
      const { recipient } = context;
      const startsAt = new Date(data.startsAt);
      return {
        subject: `Reminder: ${data.sessionTitle} with ${data.otherPartyName} ${lead}`,
        element: (
          <SessionReminder
            name={recipient.name}
            lead={lead}
            sessionTitle={data.sessionTitle}
            otherParty={data.otherPartyName}
            when={formatSessionTime(startsAt, recipient.timezone)}
            otherPartyWhen={otherPartyTime(data, recipient.timezone)}
            meeting={meetingDetails(data)}
            bookingUrl={bookingUrl(data, context)}
            unsubscribeUrl={context.unsubscribeUrl}
          />
        ),
      };
    },
    sms: (data, context) => {
      const meeting = meetingDetails(data);
      const when = formatShortSessionTime(new Date(data.startsAt), context.recipient.timezone);
      return `Specialistly: ${data.sessionTitle} with ${data.otherPartyName} ${lead}, ${when}.${meeting ? ` ${meetingOneLine(meeting)} Booking:` : ""} ${bookingUrl(data, context)} Reply STOP to opt out.`;
    },
    inApp: (data, { recipient }) => ({
      title: `${data.sessionTitle} with ${data.otherPartyName} ${lead}`,
      body: formatSessionTime(new Date(data.startsAt), recipient.timezone),
      href: `/bookings/${data.bookingId}`,
    }),
  });
}

function otherPartyTime(data: ReminderData, ownZone: string) {
  if (data.otherPartyTimezone === ownZone) return null;
  return formatSessionTime(new Date(data.startsAt), data.otherPartyTimezone);
}

function bookingUrl(data: ReminderData, context: RenderContext) {
  return `${context.origin}/bookings/${data.bookingId}`;
}

export const reminder24h = reminderKind("within a day", "Reminders before a session", reminderWindows["reminder-24h"].untilMs);
export const reminder1h = reminderKind("in an hour", "Reminders before a session", reminderWindows["reminder-1h"].untilMs);
