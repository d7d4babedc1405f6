// Shared set-up for the reminder tests and benchmark: confirmed bookings written directly, at any time.
import { createSessionType, createSpecialist, createUser } from "../../../db/factories";
import type { Database } from "../../../db/database";
import { bookingRules, bookings, type Booking, type User } from "../../../db/schema";
import type { JobMessage } from "../../../jobs/messages";

export const minuteMs = 60_000;
export const hourMs = 60 * minuteMs;

export async function givenParties(
  db: Database,
  options: { customer?: Partial<User>; specialistTimezone?: string; remind24h?: boolean; remind1h?: boolean } = {},
) {
  const { user: specialistUser, specialist } = await createSpecialist(db, { timezone: options.specialistTimezone ?? "Asia/Tokyo" });
  await db
    .insert(bookingRules)
    .values({ specialistId: specialist.id, remind24h: options.remind24h ?? true, remind1h: options.remind1h ?? true });
  const sessionType = await createSessionType(db, specialist.id, { title: "Career check-in", minutes: 60 });
  const customer = await createUser(db, { timezone: "America/New_York", ...options.customer });
  return { specialistUser, specialist, sessionType, customer };
}

type Parties = Awaited<ReturnType<typeof givenParties>>;

/** A booking of the parties' session at `startsAt`, confirmed unless `status` says otherwise. */
export async function givenBooking(db: Database, parties: Parties, startsAt: Date, status: Booking["status"] = "confirmed") {
  const [booking] = await db
    .insert(bookings)
    .values({
      specialistId: parties.specialist.id,
      customerId: parties.customer.id,
      sessionTypeId: parties.sessionType.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + hourMs),
      status,
      priceMinor: 0,
      currency: "USD",
      customerTimezone: parties.customer.timezone,
      meetingUrl: "https://meet.example.test/room",
    })
    .returning();
  return booking!;
}

/** The notifications a delivery job is for: one, or a burst's share. */
export function notificationIdsOf(message: JobMessage): string[] {
  if (message.type === "notification") return [message.notificationId];
  if (message.type === "notifications") return message.notificationIds;
  return [];
}
