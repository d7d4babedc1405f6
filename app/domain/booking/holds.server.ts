// Booking lifecycle jobs, run every minute by cron. Cron is at-least-once and may be late, so
// each job processes everything that is due, and is a no-op when run twice.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, lte, sql, type SQL } from "drizzle-orm";
import { bookingEvents, bookings, sessionTypes, specialists, type BookingStatus } from "../../../db/schema";
import { writeWithJobs } from "../../lib/write-with-jobs.server";
import { bookingWebhooks } from "../outgoing-webhooks/events.server";
import { rebuildSlotsForSpecialist } from "../availability/slots.server";
import { notifyAll, type AnyNotificationSpec } from "../notifications/notifications.server";

type Context = Pick<AppLoadContext, "db" | "clock">;

/**
 * Releases every unpaid booking whose hold has run out (status → expired); returns how many.
 * Each booking is one atomic write (ADR 0008): the history row is inserted only while the hold
 * is still unpaid and over, and the status change and the customer's notice only if it was, so a
 * repeated or concurrent run, or a payment that wins the race, never tells twice or wrongly.
 */
export async function expireHolds(context: Context & Pick<AppLoadContext, "queue">): Promise<number> {
  const { db } = context;
  const now = context.clock.now();
  const due = await db
    .select({
      id: bookings.id,
      customerId: bookings.customerId,
      specialistId: bookings.specialistId,
      startsAt: bookings.startsAt,
      sessionTitle: sessionTypes.title,
      specialistName: specialists.displayName,
      specialistSlug: specialists.slug,
    })
    .from(bookings)
    .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
    .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
    .where(and(eq(bookings.status, "pending_payment"), lte(bookings.holdExpiresAt, now)));
  const released = new Set<string>();
  let expired = 0;
  for (const row of due) {
    const decided = await transitionOnce(context, {
      bookingId: row.id,
      from: "pending_payment",
      to: "expired",
      reason: "the hold ran out before payment",
      stillDue: sql`${bookings.holdExpiresAt} <= ${now.getTime()}`,
      notice: {
        userId: row.customerId,
        kind: "booking-hold-expired",
        subject: { type: "booking", id: row.id },
        payload: {
          bookingId: row.id,
          sessionTitle: row.sessionTitle,
          specialistName: row.specialistName,
          specialistSlug: row.specialistSlug,
          startsAt: row.startsAt.toISOString(),
        },
      },
    });
    if (decided) {
      expired += 1;
      released.add(row.specialistId);
    }
  }
  // openSlots already ignores expired bookings; a rebuild also reopens days a daily cap had closed.
  for (const specialistId of released) {
    try {
      await rebuildSlotsForSpecialist(context, specialistId);
    } catch (error) {
      // The holds are released either way; the daily job rebuilds the read model.
      console.error(`Could not rebuild slots for specialist ${specialistId}:`, error instanceof Error ? error.message : error);
    }
  }
  return expired;
}

/**
 * Marks every confirmed booking that has ended as completed; returns how many. Each is one atomic
 * write with the customer's review request, gated on its history row like expireHolds.
 */
export async function completeFinishedBookings(context: Context & Pick<AppLoadContext, "queue">): Promise<number> {
  const { db } = context;
  const now = context.clock.now();
  const due = await db
    .select({
      id: bookings.id,
      customerId: bookings.customerId,
      startsAt: bookings.startsAt,
      sessionTitle: sessionTypes.title,
      specialistName: specialists.displayName,
    })
    .from(bookings)
    .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
    .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
    .where(and(eq(bookings.status, "confirmed"), lte(bookings.endsAt, now)));
  let completed = 0;
  for (const row of due) {
    const decided = await transitionOnce(context, {
      bookingId: row.id,
      from: "confirmed",
      to: "completed",
      reason: "",
      stillDue: sql`${bookings.endsAt} <= ${now.getTime()}`,
      notice: {
        userId: row.customerId,
        kind: "booking-review-request",
        subject: { type: "booking", id: row.id },
        payload: {
          bookingId: row.id,
          sessionTitle: row.sessionTitle,
          specialistName: row.specialistName,
          startsAt: row.startsAt.toISOString(),
        },
      },
    });
    if (decided) completed += 1;
  }
  return completed;
}

/**
 * `from` → `to` for one booking by the system, with its history row and `notice`, as ONE atomic
 * write (ADR 0008): the history row is inserted only while the booking is still `from` and
 * `stillDue` holds, and the rest only if it was. True when this call made the change.
 */
async function transitionOnce(
  context: Context & Pick<AppLoadContext, "queue">,
  change: { bookingId: string; from: BookingStatus; to: BookingStatus; reason: string; stillDue: SQL; notice: AnyNotificationSpec },
) {
  const { db } = context;
  const now = context.clock.now();
  const eventId = crypto.randomUUID();
  const decided = sql`exists (select 1 from ${bookingEvents} where ${bookingEvents.id} = ${eventId})`;
  const notice = notifyAll(context, [change.notice], decided);
  const [decision] = await writeWithJobs(
    context,
    [
      db.run(sql`insert into ${bookingEvents} (id, booking_id, from_status, to_status, actor, reason, at)
        select ${eventId}, ${bookings.id}, ${change.from}, ${change.to}, 'system', ${change.reason}, ${now.getTime()}
        from ${bookings}
        where ${bookings.id} = ${change.bookingId} and ${bookings.status} = ${change.from} and ${change.stillDue}`),
      db
        .update(bookings)
        .set({ status: change.to, updatedAt: now })
        .where(and(eq(bookings.id, change.bookingId), decided)),
      ...notice.statements,
      ...(change.to === "completed"
        ? [bookingWebhooks(db, { type: "booking.completed", bookingId: change.bookingId, eventKey: change.bookingId, now, when: decided })]
        : []),
    ],
    notice.jobs,
  );
  return decision.rowsAffected === 1;
}
