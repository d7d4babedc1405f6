// Reminders before a session and "starting now", recorded by an every-minute cron (DESIGN.md §4.5:
// at-least-once and maybe late). Each tick records what is due now; the notifications' unique key,
// with the booking's start instant as the occurrence, makes a repeated or late tick a no-op and
// gives a moved booking reminders for its new time. What a catch-up after downtime finds is judged
// against the present: a window that has passed is skipped, never sent late.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, gt, lte, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { bookingRules, bookings, notifications, sessionTypes, specialists, users } from "../../../db/schema";
import { writeWithManyJobs } from "../../lib/write-with-jobs.server";
import { meetingPayload } from "./booking-session";
import { reminderWindows } from "./kinds/session-reminder";
import { notifyMany, type BulkNotificationSpec } from "./notifications.server";

type Context = Pick<AppLoadContext, "db" | "clock" | "queue">;

/** "Starting now" is shown only this soon after the start: after downtime, a stale one is left out. */
export const startingNowWindowMs = 10 * 60_000;
/** Bookings per write: each records up to six rows and four jobs. */
const pageSize = 500;

type TimedKind = "reminder-24h" | "reminder-1h" | "session-starting";

interface Window {
  kind: TimedKind;
  /** The start lies in (now + afterMs, now + untilMs]. */
  afterMs: number;
  untilMs: number;
  /** The specialist's booking rule that turns this kind on, if any. */
  rule?: SQL;
}

const windows: Window[] = [
  {
    kind: "reminder-24h",
    afterMs: reminderWindows["reminder-24h"].untilMs,
    untilMs: reminderWindows["reminder-24h"].fromMs,
    rule: sql`coalesce(${bookingRules.remind24h}, 1) = 1`,
  },
  {
    kind: "reminder-1h",
    afterMs: reminderWindows["reminder-1h"].untilMs,
    untilMs: reminderWindows["reminder-1h"].fromMs,
    rule: sql`coalesce(${bookingRules.remind1h}, 1) = 1`,
  },
  { kind: "session-starting", afterMs: -startingNowWindowMs, untilMs: 0 },
];

const customer = alias(users, "customer");
const specialistUser = alias(users, "specialist_user");

/** The booking's start as the notifications' occurrence: the same ISO form as Date#toISOString. */
const startOccurrence = sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${bookings.startsAt} / 1000.0, 'unixepoch')`;

/** True (as SQL) when `userId` already has `kind` recorded for this booking at its current start. */
function recorded(kind: TimedKind, userId: SQL) {
  return sql`exists (select 1 from ${notifications} where ${notifications.subjectType} = 'booking'
    and ${notifications.subjectId} = ${bookings.id} and ${notifications.kind} = ${kind}
    and ${notifications.userId} = ${userId} and ${notifications.occurrence} = ${startOccurrence})`;
}

/** Records every reminder and "starting now" that is due, for both parties; returns how many rows each kind wrote. */
export async function sendReminders(context: Context): Promise<Record<TimedKind, number>> {
  const written: Record<TimedKind, number> = { "reminder-24h": 0, "reminder-1h": 0, "session-starting": 0 };
  for (const window of windows) written[window.kind] = await recordWindow(context, window);
  return written;
}

async function recordWindow(context: Context, window: Window): Promise<number> {
  const { db } = context;
  const now = context.clock.now().getTime();
  let written = 0;
  // Pages in start order: a booking nobody can be told about (all channels off) is passed over, not met again.
  let after: { startsAt: Date; id: string } | undefined;
  for (;;) {
    const due = await db
      .select({
        id: bookings.id,
        startsAt: bookings.startsAt,
        meetingUrl: bookings.meetingUrl,
        meetingProvider: bookings.meetingProvider,
        meetingId: bookings.meetingId,
        meetingPasscode: bookings.meetingPasscode,
        sessionTitle: sessionTypes.title,
        customerId: customer.id,
        customerName: customer.name,
        customerTimezone: customer.timezone,
        customerStatus: customer.status,
        specialistUserId: specialistUser.id,
        specialistName: specialists.displayName,
        specialistTimezone: specialistUser.timezone,
        specialistStatus: specialistUser.status,
      })
      .from(bookings)
      .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
      .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
      .innerJoin(specialistUser, eq(specialistUser.id, specialists.userId))
      .innerJoin(customer, eq(customer.id, bookings.customerId))
      .leftJoin(bookingRules, eq(bookingRules.specialistId, bookings.specialistId))
      .where(
        and(
          eq(bookings.status, "confirmed"),
          gt(bookings.startsAt, new Date(now + window.afterMs)),
          lte(bookings.startsAt, new Date(now + window.untilMs)),
          window.rule,
          after
            ? or(gt(bookings.startsAt, after.startsAt), and(eq(bookings.startsAt, after.startsAt), gt(bookings.id, after.id)))
            : undefined,
          or(sql`not ${recorded(window.kind, sql`${customer.id}`)}`, sql`not ${recorded(window.kind, sql`${specialistUser.id}`)}`),
        ),
      )
      .orderBy(bookings.startsAt, bookings.id)
      .limit(pageSize);
    if (due.length === 0) break;

    const specs: BulkNotificationSpec<TimedKind>[] = [];
    for (const booking of due) {
      const common = {
        bookingId: booking.id,
        sessionTitle: booking.sessionTitle,
        startsAt: booking.startsAt.toISOString(),
        meetingUrl: booking.meetingUrl,
        ...meetingPayload(booking),
      };
      const about = { subject: { type: "booking", id: booking.id }, occurrence: booking.startsAt.toISOString() };
      // A party who deleted their account is told nothing; the other still is.
      if (booking.customerStatus !== "deleted") {
        specs.push({
          ...about,
          userId: booking.customerId,
          payload: { ...common, otherPartyName: booking.specialistName, otherPartyTimezone: booking.specialistTimezone },
        });
      }
      if (booking.specialistStatus !== "deleted") {
        specs.push({
          ...about,
          userId: booking.specialistUserId,
          payload: { ...common, otherPartyName: booking.customerName, otherPartyTimezone: booking.customerTimezone },
        });
      }
    }
    const notices = notifyMany(context, window.kind, specs);
    const results = await writeWithManyJobs(context, notices.statements, notices.jobs);
    written += results.reduce<number>((sum, result) => sum + ((result as { rowsAffected?: number }).rowsAffected ?? 0), 0);
    if (due.length < pageSize) break;
    const last = due[due.length - 1]!;
    after = { startsAt: last.startsAt, id: last.id };
  }
  return written;
}
