// A completed booking to review, on the e2e server's database: a listed specialist and a customer
// who both sign in with the demo password (their credentials copy the demo customer's hash).
import { eq } from "drizzle-orm";
import { openDatabase } from "../db/client";
import { createSessionType, createSpecialist, createUser } from "../db/factories";
import { availabilityWindows, bookings, credentials, users } from "../db/schema";

const databaseUrl = "file:./.cache/e2e/specialistly.db";
export const demoPassword = "demo-specialistly-2026";

export async function givenCompletedBooking() {
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
    const customer = await createUser(db, { name: "Rowan Reviewer", email: `reviewer-${suffix}@example.test` });
    const { user: specialistUser, specialist } = await createSpecialist(db, {
      displayName: "Petra Praise",
      timezone: "Europe/Berlin",
      specialties: ["leadership"],
      user: { name: "Petra Praise", email: `praised-${suffix}@example.test` },
    });
    await db
      .insert(credentials)
      .values([customer.id, specialistUser.id].map((userId) => ({ userId, passwordHash: demo.passwordHash, updatedAt: new Date() })));
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
  } finally {
    handle.close();
  }
}
