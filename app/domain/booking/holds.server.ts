// Booking lifecycle jobs, run every minute by cron. Cron is at-least-once and may be late, so
// each job processes everything that is due, and is a no-op when run twice.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, lte, sql } from "drizzle-orm";
import { bookingEvents, bookings, sessionTypes, specialists } from "../../../db/schema";
import { writeWithJobs } from "../../lib/write-with-jobs.server";
import { rebuildSlotsForSpecialist } from "../availability/slots.server";
import { notify } from "../notifications/notifications.server";

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
    const eventId = crypto.randomUUID();
    const decided = sql`exists (select 1 from ${bookingEvents} where ${bookingEvents.id} = ${eventId})`;
    const notice = notify(
      context,
      {
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
      decided,
    );
    const [decision] = await writeWithJobs(
      context,
      [
        db.run(sql`insert into ${bookingEvents} (id, booking_id, from_status, to_status, actor, reason, at)
          select ${eventId}, ${bookings.id}, 'pending_payment', 'expired', 'system', 'the hold ran out before payment', ${now.getTime()}
          from ${bookings}
          where ${bookings.id} = ${row.id} and ${bookings.status} = 'pending_payment' and ${bookings.holdExpiresAt} <= ${now.getTime()}`),
        db.update(bookings).set({ status: "expired", updatedAt: now }).where(and(eq(bookings.id, row.id), decided)),
        ...notice.statements,
      ],
      notice.jobs,
    );
    if (decision.rowsAffected === 1) {
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
    const eventId = crypto.randomUUID();
    const decided = sql`exists (select 1 from ${bookingEvents} where ${bookingEvents.id} = ${eventId})`;
    const notice = notify(
      context,
      {
        userId: row.customerId,
        kind: "booking-review-request",
        subject: { type: "booking", id: row.id },
        payload: { bookingId: row.id, sessionTitle: row.sessionTitle, specialistName: row.specialistName, startsAt: row.startsAt.toISOString() },
      },
      decided,
    );
    const [decision] = await writeWithJobs(
      context,
      [
        db.run(sql`insert into ${bookingEvents} (id, booking_id, from_status, to_status, actor, reason, at)
          select ${eventId}, ${bookings.id}, 'confirmed', 'completed', 'system', '', ${now.getTime()}
          from ${bookings}
          where ${bookings.id} = ${row.id} and ${bookings.status} = 'confirmed' and ${bookings.endsAt} <= ${now.getTime()}`),
        db.update(bookings).set({ status: "completed", updatedAt: now }).where(and(eq(bookings.id, row.id), decided)),
        ...notice.statements,
      ],
      notice.jobs,
    );
    if (decision.rowsAffected === 1) completed += 1;
  }
  return completed;
}
