// A listed specialist with an upcoming paid booking, on the e2e server's database: the specialist
// and the customer sign in with the demo password (their credentials copy the demo customer's hash).
import { createSessionType, createSpecialist, createUser } from "../db/factories";
import { onE2eDatabase } from "./e2e-database";
import { availabilityWindows, bookings, payments } from "../db/schema";

const dayMs = 24 * 3600_000;

export async function givenSpecialistWithPaidBooking() {
  return onE2eDatabase(async ({ db, suffix, signInWithDemoPassword }) => {
    const name = `Sully Suspect ${suffix}`;
    const customer = await createUser(db, { name: "Cory Customer", email: `cory-${suffix}@example.test` });
    const { user: specialistUser, specialist } = await createSpecialist(db, {
      displayName: name,
      timezone: "UTC",
      user: { name, email: `sully-${suffix}@example.test` },
    });
    await signInWithDemoPassword([customer.id, specialistUser.id]);
    const type = await createSessionType(db, specialist.id, { title: "Strategy call", priceMinor: 12_000, currency: "EUR" });
    await db.insert(availabilityWindows).values({ specialistId: specialist.id, weekday: 1, startMinute: 540, endMinute: 1020 });
    const startsAt = new Date(Math.ceil((Date.now() + 3 * dayMs) / 3600_000) * 3600_000);
    const [booking] = await db
      .insert(bookings)
      .values({
        specialistId: specialist.id,
        customerId: customer.id,
        sessionTypeId: type.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3600_000),
        status: "confirmed",
        priceMinor: 12_000,
        feeMinor: 2_400,
        currency: "EUR",
        customerTimezone: "UTC",
      })
      .returning();
    // Paid through the test checkout, as its signed webhook would record it.
    await db.insert(payments).values({
      bookingId: booking!.id,
      provider: "test",
      checkoutId: `cs_test_${suffix}`,
      paymentId: `pi_test_${suffix}`,
      amountMinor: 12_000,
      feeMinor: 2_400,
      currency: "EUR",
      status: "paid",
      kept: true,
      paidAt: new Date(),
    });
    return { name, specialistEmail: specialistUser.email, customerEmail: customer.email, bookingId: booking!.id, slug: specialist.slug };
  });
}
