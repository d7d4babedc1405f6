// Shared set-up for the admin domain tests: an admin, a specialist with a paid session type, and
// bookings made through createBooking and marked paid as the payment webhook would.
import { eq } from "drizzle-orm";
import { createUser } from "../../../db/factories";
import type { Database } from "../../../db/database";
import { bookings, payments } from "../../../db/schema";
import type { Clock } from "../../../load-context";
import { recordingQueue } from "../../../tests/queue";
import { givenSpecialist } from "../booking/booking.test-support";
import { createBooking } from "../booking/create-booking.server";
import { testProvider } from "../payments/payments.test-support";

/** Monday 1 June 2026, 12:00 UTC; bookings start from the next day on. */
export const startOfTest = new Date("2026-06-01T12:00:00Z");
export const priceMinor = 10_000;

export function adminContext(db: Database, clock: Clock) {
  return { db, clock, queue: recordingQueue().queue, payments: testProvider(clock) };
}

export async function givenAdmin(db: Database) {
  return createUser(db, { role: "admin", name: "Ada Admin", email: `admin-${crypto.randomUUID()}@example.com` });
}

export async function givenPaidSpecialist(db: Database) {
  const { user, specialist, types } = await givenSpecialist(db, { sessions: [{ minutes: 60, priceMinor, currency: "EUR" }] });
  return { user, specialist, sessionType: types[0]! };
}

/** A booking at `startsAt`; paid (confirmed, its payment kept) unless `paid` is false. */
export async function givenBooking(
  db: Database,
  clock: Clock,
  input: { customerId: string; sessionTypeId: string; startsAt: string; paid?: boolean },
) {
  const created = await createBooking(
    { db, clock, queue: recordingQueue().queue },
    {
      customerId: input.customerId,
      sessionTypeId: input.sessionTypeId,
      startsAt: new Date(input.startsAt),
      topic: "",
      customerTimezone: "UTC",
    },
  );
  if (!created.ok) throw new Error(created.message);
  const booking = created.booking;
  if (input.paid !== false) {
    await db.update(bookings).set({ status: "confirmed", holdExpiresAt: null }).where(eq(bookings.id, booking.id));
    await db.insert(payments).values({
      bookingId: booking.id,
      provider: "test",
      checkoutId: `cs_${booking.id}`,
      paymentId: `pi_${booking.id}`,
      amountMinor: booking.priceMinor,
      feeMinor: booking.feeMinor,
      currency: booking.currency,
      status: "paid",
      kept: true,
      paidAt: clock.now(),
    });
  }
  return booking;
}
