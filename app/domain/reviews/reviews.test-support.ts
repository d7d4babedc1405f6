// Set-up for the review tests: a specialist, a customer and a booking of theirs in a given state.
import { createUser } from "../../../db/factories";
import type { Database } from "../../../db/database";
import { bookings, type BookingStatus } from "../../../db/schema";
import { givenSpecialist } from "../booking/booking.test-support";
import type { ReviewInput } from "./review-schemas";

/** When the reviewed session ended; the review tests' clock starts an hour later. */
export const sessionEnded = new Date("2026-06-01T10:00:00Z");
/** A review that passes every rule. */
export const goodReview: ReviewInput = { overall: 5, communication: 4, expertise: 5, value: 3, comment: "Clear and practical." };

const hourMs = 60 * 60_000;

export async function givenSpecialistForReviews(db: Database) {
  const { user, specialist, types } = await givenSpecialist(db, { timezone: "UTC" });
  return { specialistUser: user, specialist, type: types[0]! };
}

/** A one-hour booking (by default completed) that ended at `endsAt`. */
export async function givenBooking(
  db: Database,
  given: Awaited<ReturnType<typeof givenSpecialistForReviews>>,
  options: { endsAt: Date; status?: BookingStatus; customerId?: string },
) {
  const customerId = options.customerId ?? (await createUser(db, { name: "Casey Customer" })).id;
  const [booking] = await db
    .insert(bookings)
    .values({
      specialistId: given.specialist.id,
      customerId,
      sessionTypeId: given.type.id,
      startsAt: new Date(options.endsAt.getTime() - hourMs),
      endsAt: options.endsAt,
      status: options.status ?? "completed",
      priceMinor: given.type.priceMinor,
      currency: given.type.currency,
      customerTimezone: "UTC",
    })
    .returning();
  return booking!;
}
