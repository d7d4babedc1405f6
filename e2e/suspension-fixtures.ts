// A listed specialist with an upcoming paid booking, on the e2e server's database: the specialist
// and the customer sign in with the demo password (their credentials copy the demo customer's hash).
import { eq } from "drizzle-orm";
import { openDatabase } from "../db/client";
import { createSessionType, createSpecialist, createUser } from "../db/factories";
import { availabilityWindows, bookings, credentials, payments, users } from "../db/schema";

const databaseUrl = "file:./.cache/e2e/specialistly.db";
const dayMs = 24 * 3600_000;

export async function givenSpecialistWithPaidBooking() {
  const handle = openDatabase({ url: databaseUrl });
  try {
    const { db } = handle;
    const [demo] = await db
      .select({ passwordHash: credentials.passwordHash })
      .from(credentials)
      .innerJoin(users, eq(users.id, credentials.userId))
      .where(eq(users.email, "customer@demo.specialistly.test"));
    if (!demo) throw new Error("The e2e database has no demo customer");
    const suffix = `${Date.now()}-${process.pid}`;
    const name = `Sully Suspect ${suffix}`;
    const customer = await createUser(db, { name: "Cory Customer", email: `cory-${suffix}@example.test` });
    const { user: specialistUser, specialist } = await createSpecialist(db, {
      displayName: name,
      timezone: "UTC",
      user: { name, email: `sully-${suffix}@example.test` },
    });
    await db
      .insert(credentials)
      .values([customer.id, specialistUser.id].map((userId) => ({ userId, passwordHash: demo.passwordHash, updatedAt: new Date() })));
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
  } finally {
    handle.close();
  }
}
