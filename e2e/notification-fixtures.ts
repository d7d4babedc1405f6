// Notifications for a journey's user, made the way the app makes them: `notify` in one batch on
// the e2e server's database, then `deliverNotification` for the emails, into the dev outbox.
import { eq } from "drizzle-orm";
import { openDatabase } from "../db/client";
import { createSessionType, createSpecialist } from "../db/factories";
import { bookings, notifications, users } from "../db/schema";
import { deliverNotification, notifyAll, type AnyNotificationSpec } from "../app/domain/notifications/notifications.server";
import { createOutboxMailer, createOutboxSmsSender } from "../app/integrations/mail/outbox-mailer.server";

/** The e2e server's database (playwright.config.ts). */
const databaseUrl = "file:./.cache/e2e/specialistly.db";
const clock = { now: () => new Date() };

/**
 * For the user with `email`: a confirmed booking three days out with a new specialist, the
 * receipt of its payment, and its 24 h reminder, whose email is delivered to the outbox.
 * Three in-app notifications in all (two receipts, one reminder).
 */
export async function givenBookingNotifications(email: string, origin: string) {
  const handle = openDatabase({ url: databaseUrl });
  try {
    const { db } = handle;
    const [customer] = await db.select().from(users).where(eq(users.email, email));
    if (!customer) throw new Error(`No user ${email} in the e2e database`);
    // Unlisted, so the directory journeys never see this specialist.
    const { specialist } = await createSpecialist(db, {
      published: false,
      displayName: "Rita Reminder",
      timezone: "Asia/Tokyo",
      user: { name: "Rita Reminder" },
    });
    const sessionType = await createSessionType(db, specialist.id, { title: "Strategy call" });
    const startsAt = new Date(Math.ceil((Date.now() + 3 * 24 * 3600_000) / 3600_000) * 3600_000);
    const [booking] = await db
      .insert(bookings)
      .values({
        specialistId: specialist.id,
        customerId: customer.id,
        sessionTypeId: sessionType.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3600_000),
        status: "confirmed",
        priceMinor: 12_000,
        currency: "USD",
        customerTimezone: customer.timezone,
      })
      .returning();
    const bookingId = booking!.id;
    const receipt = (id: string): AnyNotificationSpec => ({
      userId: customer.id,
      kind: "booking-paid-confirmed",
      subject: { type: "booking", id },
      payload: {
        bookingId,
        specialistName: "Rita Reminder",
        otherPartyName: "Rita Reminder",
        otherPartyTimezone: "Europe/Berlin",
        sessionTitle: id === bookingId ? "Strategy call" : "Earlier call",
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
        sequence: 0,
        topic: "",
        changedAt: startsAt.toISOString(),
        amountMinor: 12_000,
        currency: "USD",
        meetingUrl: "https://meet.jit.si/e2e",
      },
    });
    const reminder: AnyNotificationSpec = {
      userId: customer.id,
      kind: "reminder-24h",
      subject: { type: "booking", id: bookingId },
      occurrence: startsAt.toISOString(),
      payload: {
        bookingId,
        sessionTitle: "Strategy call",
        otherPartyName: "Rita Reminder",
        otherPartyTimezone: "Asia/Tokyo",
        startsAt: startsAt.toISOString(),
        meetingUrl: null,
      },
    };
    const { statements } = notifyAll({ db, clock }, [receipt(`${bookingId}-earlier`), receipt(bookingId), reminder]);
    await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
    // Only the reminder's email: the receipts' emails are not this journey's concern.
    const [reminderEmail] = await db
      .select({ id: notifications.id, kind: notifications.kind, channel: notifications.channel })
      .from(notifications)
      .where(eq(notifications.subjectId, bookingId))
      .then((rows) => rows.filter((row) => row.kind === "reminder-24h" && row.channel === "email"));
    const delivery = { db, clock, mailer: createOutboxMailer(db), sms: createOutboxSmsSender(db), origin };
    if ((await deliverNotification(delivery, reminderEmail!.id)) !== "sent") throw new Error("The reminder email was not sent");
    return { bookingId, startsAt };
  } finally {
    handle.close();
  }
}

/** The channels a new 1 h reminder for `bookingId` would be recorded on now (the user's preferences applied). */
export async function channelsOfNextReminder(email: string, bookingId: string, startsAt: Date) {
  const handle = openDatabase({ url: databaseUrl });
  try {
    const { db } = handle;
    const [customer] = await db.select().from(users).where(eq(users.email, email));
    const spec: AnyNotificationSpec = {
      userId: customer!.id,
      kind: "reminder-1h",
      subject: { type: "booking", id: bookingId },
      occurrence: startsAt.toISOString(),
      payload: {
        bookingId,
        sessionTitle: "Strategy call",
        otherPartyName: "Rita Reminder",
        otherPartyTimezone: "Asia/Tokyo",
        startsAt: startsAt.toISOString(),
        meetingUrl: null,
      },
    };
    const { statements } = notifyAll({ db, clock }, [spec]);
    await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
    const rows = await db
      .select({ kind: notifications.kind, channel: notifications.channel })
      .from(notifications)
      .where(eq(notifications.subjectId, bookingId));
    return rows
      .filter((row) => row.kind === "reminder-1h")
      .map((row) => row.channel)
      .sort();
  } finally {
    handle.close();
  }
}
