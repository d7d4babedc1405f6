// A session under way, on the e2e server's database: a specialist and a customer who both sign in
// with the demo password, their confirmed booking that started five minutes ago, the customer's
// join from Zoom's webhooks and the meeting's recording (both as the webhooks would store them).
import { createMeetingAttendance, createMeetingRecording, createSessionType, createSpecialist, createUser } from "../db/factories";
import { bookings } from "../db/schema";
import { onE2eDatabase } from "./e2e-database";

export async function givenSessionUnderWay() {
  return onE2eDatabase(async ({ db, suffix, signInWithDemoPassword }) => {
    const customer = await createUser(db, { name: "Sam Session", email: `session-customer-${suffix}@example.test` });
    const { user: specialistUser, specialist } = await createSpecialist(db, {
      displayName: "Nora Notes",
      timezone: "Europe/Berlin",
      user: { name: "Nora Notes", email: `session-specialist-${suffix}@example.test` },
    });
    await signInWithDemoPassword([customer.id, specialistUser.id]);
    const type = await createSessionType(db, specialist.id, { title: "Coaching call", priceMinor: 0 });
    const startsAt = new Date(Date.now() - 5 * 60_000);
    const [booking] = await db
      .insert(bookings)
      .values({
        specialistId: specialist.id,
        customerId: customer.id,
        sessionTypeId: type.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3600_000),
        status: "confirmed",
        priceMinor: 0,
        currency: type.currency,
        customerTimezone: "UTC",
        meetingUrl: `https://meet.jit.si/specialistly-e2e-${suffix}`,
      })
      .returning();
    await createMeetingAttendance(db, booking!.id, { role: "customer", joinedAt: new Date(startsAt.getTime() + 60_000), leftAt: null });
    await createMeetingRecording(db, booking!.id, { passcode: "e2e-rec", durationMinutes: 42, startedAt: startsAt });
    return { customerEmail: customer.email, specialistEmail: specialistUser.email, bookingId: booking!.id };
  });
}
