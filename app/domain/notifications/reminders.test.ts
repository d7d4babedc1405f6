import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { bookings, jobs, notificationPreferences, notifications, users } from "../../../db/schema";
import { createDatabaseJobQueue } from "../../../server/job-queue";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { runCronTask } from "../../../jobs/cron";
import { notificationsPerJob, type JobMessage } from "../../../jobs/messages";
import { createOutboxMailer, createOutboxSmsSender } from "../../integrations/mail/outbox-mailer.server";
import { deliverNotification } from "./notifications.server";
import { givenBooking, givenParties, hourMs, minuteMs, notificationIdsOf } from "./reminders.test-support";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

const start = new Date("2026-06-01T12:00:00Z");

function setUp(options: { queue?: "node" | "workers" } = {}) {
  const clock = createTestClock(start);
  const sent: JobMessage[] = [];
  const queue = options.queue === "workers" ? recordingQueue(sent).queue : createDatabaseJobQueue(database.db, clock);
  const context = { db: database.db, clock, queue };
  let tick = 0;
  /** One run of the task, as its own tick (a late or repeated tick is a new tick of the same task). */
  const runTask = () => runCronTask(context, "send-reminders", start.getTime() + tick++ * minuteMs);
  return { clock, sent, context, runTask };
}

async function rows() {
  const all = await database.db.select().from(notifications);
  return all.map((row) => `${row.kind} ${row.userId} ${row.channel} ${row.occurrence}`).sort();
}

/**
 * The recorded notifications the queued delivery jobs are for, each as often as a job names it
 * (a burst's job may also name one its preferences left unwritten: that part is a no-op).
 */
async function queuedNotificationJobs() {
  const recorded = new Set((await database.db.select({ id: notifications.id }).from(notifications)).map((row) => row.id));
  const all = await database.db.select().from(jobs);
  return all
    .flatMap((job) => notificationIdsOf(job.payload as JobMessage))
    .filter((id) => recorded.has(id))
    .sort();
}

describe("send-reminders", () => {
  test("records a due 24 h reminder for both parties on their channels, with a delivery job each, once", async () => {
    const { clock, runTask } = setUp();
    const parties = await givenParties(database.db, { customer: { phone: "+14155550100", smsOptInAt: start } });
    const startsAt = new Date(start.getTime() + 24 * hourMs);
    const booking = await givenBooking(database.db, parties, startsAt);
    const occurrence = startsAt.toISOString();

    await runTask();
    const expected = [
      `reminder-24h ${parties.customer.id} email ${occurrence}`,
      `reminder-24h ${parties.customer.id} in_app ${occurrence}`,
      `reminder-24h ${parties.customer.id} sms ${occurrence}`,
      `reminder-24h ${parties.specialistUser.id} email ${occurrence}`,
      `reminder-24h ${parties.specialistUser.id} in_app ${occurrence}`,
    ].sort();
    expect(await rows()).toEqual(expected);
    const queued = await database.db.select().from(notifications).where(eq(notifications.status, "queued"));
    expect(await queuedNotificationJobs()).toEqual(queued.map((row) => row.id).sort());
    const [inApp] = await database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.channel, "in_app"), eq(notifications.userId, parties.customer.id)));
    expect(inApp?.payload).toEqual({
      bookingId: booking.id,
      sessionTitle: "Career check-in",
      otherPartyName: parties.specialistUser.name,
      otherPartyTimezone: "Asia/Tokyo",
      startsAt: occurrence,
      meetingUrl: "https://meet.example.test/room",
    });

    // Later ticks (and a late one) record nothing more until the 1 h reminder is due.
    clock.advance(minuteMs);
    await runTask();
    await runTask();
    expect(await rows()).toEqual(expected);
    expect(await queuedNotificationJobs()).toHaveLength(3);
  });

  test("catching up after downtime sends only what still makes sense", async () => {
    const { clock, runTask } = setUp();
    const parties = await givenParties(database.db);
    const now = clock.now().getTime();
    const soon = await givenBooking(database.db, parties, new Date(now + 30 * minuteMs));
    const justStarted = await givenBooking(database.db, parties, new Date(now - 5 * minuteMs));
    const startedLongAgo = await givenBooking(database.db, parties, new Date(now - 15 * minuteMs));
    const cancelled = await givenBooking(database.db, parties, new Date(now + 2 * hourMs), "cancelled");
    const unpaid = await givenBooking(database.db, parties, new Date(now + 3 * hourMs), "pending_payment");
    const nextWeek = await givenBooking(database.db, parties, new Date(now + 7 * 24 * hourMs));

    await runTask();
    const all = await database.db.select().from(notifications);
    const kindsOf = (bookingId: string) => [...new Set(all.filter((row) => row.subjectId === bookingId).map((row) => row.kind))];
    // Within the hour: the 1 h reminder only, never a 24 h one.
    expect(kindsOf(soon.id)).toEqual(["reminder-1h"]);
    // Started minutes ago: "starting now" in the app, for both parties, and no reminder.
    expect(kindsOf(justStarted.id)).toEqual(["session-starting"]);
    expect(all.filter((row) => row.subjectId === justStarted.id).map((row) => [row.userId, row.channel, row.status])).toEqual(
      expect.arrayContaining([
        [parties.customer.id, "in_app", "sent"],
        [parties.specialistUser.id, "in_app", "sent"],
      ]),
    );
    for (const booking of [startedLongAgo, cancelled, unpaid, nextWeek]) expect(kindsOf(booking.id)).toEqual([]);
  });

  test("a 24 h reminder delivered late, once the session is within the hour, is skipped", async () => {
    const { clock, context, runTask } = setUp();
    const parties = await givenParties(database.db);
    await givenBooking(database.db, parties, new Date(start.getTime() + 90 * minuteMs));
    await runTask();
    const [email] = await database.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.kind, "reminder-24h"), eq(notifications.channel, "email"), eq(notifications.userId, parties.customer.id)),
      );
    clock.advance(31 * minuteMs);
    const delivery = {
      ...context,
      mailer: createOutboxMailer(database.db),
      sms: createOutboxSmsSender(database.db),
      origin: "http://app.test",
    };
    expect(await deliverNotification(delivery, email!.id)).toBe("skipped");
  });

  test("follows the specialist's choice of reminders", async () => {
    const { runTask } = setUp();
    const only1h = await givenParties(database.db, { remind24h: false });
    const only24h = await givenParties(database.db, { remind1h: false });
    const none = await givenParties(database.db, { remind24h: false, remind1h: false });
    const now = start.getTime();
    const bookingsOf = await Promise.all(
      [only1h, only24h, none].map(async (parties) => ({
        tomorrow: await givenBooking(database.db, parties, new Date(now + 20 * hourMs)),
        soon: await givenBooking(database.db, parties, new Date(now + 30 * minuteMs)),
      })),
    );
    await runTask();
    const all = await database.db.select().from(notifications);
    const kindsOf = (bookingId: string) => [...new Set(all.filter((row) => row.subjectId === bookingId).map((row) => row.kind))];
    expect(kindsOf(bookingsOf[0]!.tomorrow.id)).toEqual([]);
    expect(kindsOf(bookingsOf[0]!.soon.id)).toEqual(["reminder-1h"]);
    expect(kindsOf(bookingsOf[1]!.tomorrow.id)).toEqual(["reminder-24h"]);
    expect(kindsOf(bookingsOf[1]!.soon.id)).toEqual([]);
    expect(kindsOf(bookingsOf[2]!.tomorrow.id)).toEqual([]);
    expect(kindsOf(bookingsOf[2]!.soon.id)).toEqual([]);
  });

  test("honours each recipient's preferences and text-message opt-in", async () => {
    const { runTask } = setUp();
    const parties = await givenParties(database.db, { customer: { phone: "+14155550100", smsOptInAt: start, smsOptedOutAt: start } });
    await database.db.insert(notificationPreferences).values([
      { userId: parties.specialistUser.id, kind: "reminders", channel: "email", enabled: false },
      { userId: parties.customer.id, kind: "reminders", channel: "in_app", enabled: false },
    ]);
    await givenBooking(database.db, parties, new Date(start.getTime() + 30 * minuteMs));
    await runTask();
    const all = await database.db.select().from(notifications);
    expect(all.map((row) => `${row.userId === parties.customer.id ? "customer" : "specialist"} ${row.channel}`).sort()).toEqual([
      "customer email",
      "specialist in_app",
    ]);
  });

  test("a moved booking gets reminders for its new time; those for the old time are not delivered", async () => {
    const { clock, context, runTask } = setUp();
    const parties = await givenParties(database.db);
    const oldStart = new Date(start.getTime() + 20 * hourMs);
    const booking = await givenBooking(database.db, parties, oldStart);
    await runTask();
    const oldRows = await database.db.select().from(notifications).where(eq(notifications.channel, "email"));
    expect(oldRows).toHaveLength(2);

    const newStart = new Date(oldStart.getTime() + 2 * hourMs);
    await database.db
      .update(bookings)
      .set({ startsAt: newStart, endsAt: new Date(newStart.getTime() + hourMs) })
      .where(eq(bookings.id, booking.id));
    clock.advance(minuteMs);
    await runTask();
    expect((await rows()).filter((row) => row.endsWith(newStart.toISOString()))).toHaveLength(4);

    const delivery = {
      ...context,
      mailer: createOutboxMailer(database.db),
      sms: createOutboxSmsSender(database.db),
      origin: "http://app.test",
    };
    for (const row of oldRows) expect(await deliverNotification(delivery, row.id)).toBe("skipped");
  });

  test("thousands due at once are all recorded once, in pages, with their jobs sent in bulk where the queue is not the database", async () => {
    const { sent, runTask } = setUp({ queue: "workers" });
    const parties = await givenParties(database.db);
    const count = 1_200;
    const startsAt = start.getTime() + 30 * minuteMs;
    await database.db.insert(bookings).values(
      Array.from({ length: count }, (_, index) => ({
        specialistId: parties.specialist.id,
        customerId: parties.customer.id,
        sessionTypeId: parties.sessionType.id,
        startsAt: new Date(startsAt + (index % 7) * minuteMs),
        endsAt: new Date(startsAt + hourMs),
        status: "confirmed" as const,
        priceMinor: 0,
        currency: "USD",
        customerTimezone: parties.customer.timezone,
      })),
    );
    const first = await runTask();
    expect(first).toMatchObject({ ran: true, result: { "reminder-1h": count * 4 } });
    const emails = await database.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.channel, "email"));
    expect(emails).toHaveLength(count * 2);
    expect(sent.flatMap(notificationIdsOf).sort()).toEqual(emails.map((row) => row.id).sort());
    // Delivered in shared jobs, each within the bound a job message takes.
    expect(sent).toHaveLength(Math.ceil((count * 2) / notificationsPerJob));

    expect(await runTask()).toMatchObject({ ran: true, result: { "reminder-1h": 0 } });
    expect(sent).toHaveLength(Math.ceil((count * 2) / notificationsPerJob));
  });

  test("a customer who deleted their account is not reminded; the specialist still is", async () => {
    const { runTask } = setUp();
    const parties = await givenParties(database.db);
    await database.db.update(users).set({ status: "deleted" }).where(eq(users.id, parties.customer.id));
    await givenBooking(database.db, parties, new Date(start.getTime() + 30 * minuteMs));
    await runTask();
    expect((await database.db.select().from(notifications)).map((row) => row.userId)).toEqual([
      parties.specialistUser.id,
      parties.specialistUser.id,
    ]);
  });
});
