// A completed booking to review, on the e2e server's database: a listed specialist and a customer
// who both sign in with the demo password (their credentials copy the demo customer's hash).
import { createSessionType, createSpecialist, createUser } from "../db/factories";
import { onE2eDatabase } from "./e2e-database";
import { availabilityWindows, bookings } from "../db/schema";

export async function givenCompletedBooking() {
  return onE2eDatabase(async ({ db, suffix, signInWithDemoPassword }) => {
    const customer = await createUser(db, { name: "Rowan Reviewer", email: `reviewer-${suffix}@example.test` });
    const { user: specialistUser, specialist } = await createSpecialist(db, {
      displayName: "Petra Praise",
      timezone: "Europe/Berlin",
      specialties: ["leadership"],
      user: { name: "Petra Praise", email: `praised-${suffix}@example.test` },
    });
    await signInWithDemoPassword([customer.id, specialistUser.id]);
    const type = await createSessionType(db, specialist.id, { title: "Leadership call" });
    await db.insert(availabilityWindows).values({ specialistId: specialist.id, weekday: 1, startMinute: 540, endMinute: 1020 });
    const endsAt = new Date(Date.now() - 3600_000);
    const [booking] = await db
      .insert(bookings)
      .values({
        specialistId: specialist.id,
        customerId: customer.id,
        sessionTypeId: type.id,
        startsAt: new Date(endsAt.getTime() - 3600_000),
        endsAt,
        status: "completed",
        priceMinor: type.priceMinor,
        currency: type.currency,
        customerTimezone: "UTC",
      })
      .returning();
    return { customerEmail: customer.email, specialistEmail: specialistUser.email, bookingId: booking!.id, slug: specialist.slug };
  });
}
