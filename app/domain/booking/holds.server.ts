// Booking lifecycle jobs, run every minute by cron. Cron is at-least-once and may be late, so
// each job processes everything that is due, in one statement, and is a no-op when run twice.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, lte } from "drizzle-orm";
import { bookings } from "../../../db/schema";
import { rebuildSlotsForSpecialist } from "../availability/slots.server";

type Context = Pick<AppLoadContext, "db" | "clock">;

/** Releases every unpaid booking whose hold has run out (status → expired); returns how many. */
export async function expireHolds(context: Context): Promise<number> {
  const now = context.clock.now();
  const expired = await context.db
    .update(bookings)
    .set({ status: "expired", updatedAt: now })
    .where(and(eq(bookings.status, "pending_payment"), lte(bookings.holdExpiresAt, now)))
    .returning({ specialistId: bookings.specialistId });
  // openSlots already ignores expired bookings; a rebuild also reopens days a daily cap had closed.
  for (const specialistId of new Set(expired.map((row) => row.specialistId))) {
    try {
      await rebuildSlotsForSpecialist(context, specialistId);
    } catch (error) {
      // The holds are released either way; the daily job rebuilds the read model.
      console.error(`Could not rebuild slots for specialist ${specialistId}:`, error instanceof Error ? error.message : error);
    }
  }
  return expired.length;
}

/** Marks every confirmed booking that has ended as completed; returns how many. */
export async function completeFinishedBookings(context: Context): Promise<number> {
  const now = context.clock.now();
  const completed = await context.db
    .update(bookings)
    .set({ status: "completed", updatedAt: now })
    .where(and(eq(bookings.status, "confirmed"), lte(bookings.endsAt, now)));
  return completed.rowsAffected;
}
