// A specialist for the calendar-sync journey, on the e2e server's database: in UTC, open every day
// 09:00–17:00 with a free hour-long session, and a customer; both sign in with the demo password.
import { createSessionType, createSpecialist, createUser } from "../db/factories";
import { availabilityWindows, bookingRules } from "../db/schema";
import { rebuildSlotsForSpecialist } from "../app/domain/availability/slots.server";
import { onE2eDatabase } from "./e2e-database";

export async function givenCalendarSpecialist() {
  return onE2eDatabase(async ({ db, suffix, signInWithDemoPassword }) => {
    const customer = await createUser(db, { name: "Casey Calendar", email: `calendar-customer-${suffix}@example.test` });
    const { user, specialist } = await createSpecialist(db, {
      displayName: "Busy Bea",
      timezone: "UTC",
      user: { name: "Busy Bea", email: `busy-bea-${suffix}@example.test`, timezone: "UTC" },
    });
    await signInWithDemoPassword([customer.id, user.id]);
    await db.insert(bookingRules).values({ specialistId: specialist.id, minNoticeMinutes: 60, slotIntervalMinutes: 60 });
    await db
      .insert(availabilityWindows)
      .values([1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ specialistId: specialist.id, weekday, startMinute: 9 * 60, endMinute: 17 * 60 })));
    const type = await createSessionType(db, specialist.id, { title: "Calendar check", minutes: 60, priceMinor: 0 });
    await rebuildSlotsForSpecialist({ db, clock: { now: () => new Date() } }, specialist.id);
    return {
      specialistEmail: user.email,
      customerEmail: customer.email,
      bookPath: `/s/${specialist.slug}/book/${type.id}`,
    };
  });
}
