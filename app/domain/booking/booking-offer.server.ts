// What the booking page needs: a listed specialist's active session type, their cancellation
// rules and the open times of the next 30 days (the read model, which hides booked times).
import { and, eq } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { bookingRules, sessionTypes, specialists } from "../../../db/schema";
import { openSlots } from "../availability/slots.server";
import { defaultBookingRules } from "../specialists/booking-rules.server";

const dayMs = 24 * 60 * 60 * 1000;
export const pickerDays = 30;

export type BookableOffer = NonNullable<Awaited<ReturnType<typeof findBookableOffer>>>;

/** The session type `sessionTypeId` of the listed specialist at `slug`; null when either isn't offered. */
export async function findBookableOffer(db: Database, slug: string, sessionTypeId: string) {
  const [row] = await db
    .select({
      specialist: {
        id: specialists.id,
        userId: specialists.userId,
        slug: specialists.slug,
        displayName: specialists.displayName,
        timezone: specialists.timezone,
      },
      type: {
        id: sessionTypes.id,
        title: sessionTypes.title,
        description: sessionTypes.description,
        minutes: sessionTypes.minutes,
        priceMinor: sessionTypes.priceMinor,
        currency: sessionTypes.currency,
      },
      rules: {
        cancellationDeadlineHours: bookingRules.cancellationDeadlineHours,
        lateCancellationRefundPercent: bookingRules.lateCancellationRefundPercent,
      },
    })
    .from(sessionTypes)
    .innerJoin(specialists, eq(specialists.id, sessionTypes.specialistId))
    .leftJoin(bookingRules, eq(bookingRules.specialistId, specialists.id))
    .where(
      and(
        eq(sessionTypes.id, sessionTypeId),
        eq(sessionTypes.active, true),
        eq(specialists.slug, slug),
        eq(specialists.published, true),
        eq(specialists.approval, "approved"),
      ),
    )
    .limit(1);
  if (!row) return null;
  const defaults = defaultBookingRules();
  return {
    ...row,
    rules: row.rules ?? {
      cancellationDeadlineHours: defaults.cancellationDeadlineHours,
      lateCancellationRefundPercent: defaults.lateCancellationRefundPercent,
    },
  };
}

/** Open start instants of the session type over the next 30 days. */
export async function upcomingStarts(db: Database, query: { specialistId: string; sessionTypeId: string; now: Date }): Promise<Date[]> {
  const to = new Date(query.now.getTime() + pickerDays * dayMs);
  const open = await openSlots(db, { ...query, from: query.now, to });
  return open.map((slot) => slot.startsAt);
}
