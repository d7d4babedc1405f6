// A booking's life with a cron tick per simulated minute, as the Node runtime runs it: each tick
// enqueues the every-minute tasks and the queue is drained. Some ticks are dropped (downtime),
// some delivered twice or late, and delivery jobs are duplicated; every notification must still
// go exactly once, on the right channel, with times in each recipient's own zone. The checks
// run over every notifications row, whatever its kind.
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { bookings, jobs, notifications, outboxEmails, type Notification, type User } from "../../../db/schema";
import { claimNextJob, createDatabaseJobQueue, runClaimedJob } from "../../../server/job-queue";
import { createTestClock } from "../../../tests/clock";
import { processTestLimitMs } from "../../../tests/limits";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { runJob } from "../../../jobs";
import { enqueueCronTick } from "../../../jobs/cron";
import type { JobMessage } from "../../../jobs/messages";
import { createOutboxMailer, createOutboxSmsSender } from "../../integrations/mail/outbox-mailer.server";
import type { Mailer } from "../../integrations/mail/mailer";
import type { SmsSender } from "../../integrations/sms/sms-sender";
import { formatSessionTime, formatShortSessionTime } from "../../lib/time-format";
import { givenSpecialist } from "../booking/booking.test-support";
import { rescheduleBooking } from "../booking/change-booking.server";
import { createBooking } from "../booking/create-booking.server";
import { createTestPaymentProvider } from "../payments/test-provider.server";
import type { NotificationKindDefinition } from "./kind";
import { notificationKinds } from "./registry";

const minuteMs = 60_000;
// Booked three hours ahead, on Tuesday 2 June 2026 at 12:00 in Berlin (10:00 UTC), and moved two hours later an
// hour after: the walk passes the old time's 1 h mark and start (nothing may come for them) and the new time's.
const firstStart = new Date("2026-06-02T10:00:00Z");
const movedStart = new Date("2026-06-02T12:00:00Z");
const origin = "http://app.test";
const minute = (at: Date, offsetMinutes = 0) => at.getTime() + offsetMinutes * minuteMs;
const bookedAt = minute(firstStart, -180);
const moveAt = minute(firstStart, -120);

// Downtime: these ticks never come (the first reminder and the start are each caught up a minute late; fifteen
// minutes are lost across the moved session's 1 h mark).
const dropped = new Set([bookedAt, minute(movedStart), ...Array.from({ length: 15 }, (_, i) => minute(movedStart, -70 + i))]);
// These ticks come twice (the old time's 1 h mark and start among them); the listed dropped ticks come three minutes late.
const doubled = new Set([
  bookedAt + minuteMs,
  minute(firstStart, -60),
  minute(firstStart),
  minute(movedStart, -55),
  minute(movedStart, 1),
  minute(movedStart, 60),
]);
const late = new Set([bookedAt, minute(movedStart)]);

let database: TestDatabase;
let customer: User;
let specialistUser: User;
let bookingId: string;
const sends = new Map<string, number>();

/** Counts what is handed to a provider, by message key: the outbox alone would hide a repeat. */
function count(messageKey: string | undefined) {
  const key = messageKey ?? "(none)";
  sends.set(key, (sends.get(key) ?? 0) + 1);
}

function countingMailer(mailer: Mailer): Mailer {
  return { name: mailer.name, send: (message) => (count(message.messageKey), mailer.send(message)) };
}

function countingSms(sms: SmsSender): SmsSender {
  return { name: sms.name, send: (message) => (count(message.messageKey), sms.send(message)) };
}

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  const clock = createTestClock(new Date(bookedAt));
  const queue = createDatabaseJobQueue(db, clock);
  const context = {
    db,
    clock,
    queue,
    mailer: countingMailer(createOutboxMailer(db)),
    sms: countingSms(createOutboxSmsSender(db)),
    payments: createTestPaymentProvider({ env: {}, clock }),
    origin,
  };
  const drain = async () => {
    for (let job = await claimNextJob(db, clock); job; job = await claimNextJob(db, clock)) {
      await runClaimedJob({ db, clock, pollIntervalMs: 1000, handle: (payload) => runJob(context, payload) }, job);
    }
  };
  const tick = (at: number) => enqueueCronTick(queue, "* * * * *", at);

  const { user, types } = await givenSpecialist(db, {
    timezone: "Europe/Berlin",
    rules: { minNoticeMinutes: 60 },
    sessions: [{ minutes: 60, priceMinor: 0 }],
  });
  specialistUser = user;
  customer = await createUser(db, { timezone: "America/New_York", phone: "+14155550100", smsOptInAt: clock.now() });

  // Confirmed at once (a free session).
  const booked = await createBooking(context, {
    customerId: customer.id,
    sessionTypeId: types[0]!.id,
    startsAt: firstStart,
    topic: "",
    customerTimezone: customer.timezone,
  });
  if (!booked.ok) throw new Error(booked.message);
  bookingId = booked.booking.id;

  const end = minute(movedStart, 65);
  const pendingLate: number[] = [];
  for (let at = clock.now().getTime(); at <= end; at += minuteMs) {
    clock.set(new Date(at));
    if (at === moveAt) {
      // The specialist moves the session once its first reminder is out.
      const moved = await rescheduleBooking(context, { actorUserId: user.id, bookingId, newStartsAt: movedStart });
      if (!moved.ok) throw new Error(moved.message);
      await drain();
    }
    if (!dropped.has(at)) await tick(at);
    if (doubled.has(at)) await tick(at);
    while (pendingLate.length > 0 && pendingLate[0]! + 3 * minuteMs <= at) await tick(pendingLate.shift()!);
    if (late.has(at)) pendingLate.push(at);
    await drain();
    if (doubled.has(at)) {
      // The queue delivers at least once: every delivery job so far comes again.
      const deliveries = await db
        .select({ payload: jobs.payload })
        .from(jobs)
        .where(inArray(jobs.type, ["notification", "notifications"]));
      for (const { payload } of deliveries) await queue.enqueue(payload as JobMessage);
      await drain();
    }
  }
}, processTestLimitMs);

afterAll(() => database?.cleanup());

const allRows = () => database.db.select().from(notifications);
const recipientOf = (row: Notification) => (row.userId === customer.id ? customer : specialistUser);

/** Every way the messages write the session's start (both times, both zones, long and short). */
function timeStrings(zone: string) {
  return [firstStart, movedStart].flatMap((at) => [formatSessionTime(at, zone), formatShortSessionTime(at, zone)]);
}

function inAppText(row: Notification) {
  const definition = notificationKinds[row.kind as keyof typeof notificationKinds] as NotificationKindDefinition<unknown>;
  const recipient = recipientOf(row);
  const content = definition.inApp!(definition.payload.parse(row.payload), {
    recipient: { id: recipient.id, name: recipient.name, email: recipient.email, timezone: recipient.timezone },
    origin,
    notificationId: row.id,
    unsubscribeUrl: null,
  });
  return `${content.title}\n${content.body}`;
}

describe("a booking's notifications, minute by minute", () => {
  test("the booking was moved, held and completed", async () => {
    const [booking] = await database.db.select().from(bookings).where(eq(bookings.id, bookingId));
    expect(booking).toMatchObject({ status: "completed", startsAt: movedStart });
  });

  test("every notification was delivered exactly once, each email and text message once to its recipient's address", async () => {
    const rows = await allRows();
    const outbox = await database.db.select().from(outboxEmails);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows)
      expect({ id: row.id, kind: row.kind, status: row.status, lastError: row.lastError }).toEqual({
        id: row.id,
        kind: row.kind,
        status: "sent",
        lastError: null,
      });

    const messages = rows.filter((row) => row.channel !== "in_app");
    expect(outbox).toHaveLength(messages.length);
    for (const row of messages) {
      const sent = outbox.filter((message) => message.messageKey === row.id);
      expect(sent, `${row.kind} ${row.channel}`).toHaveLength(1);
      expect(sent[0]!.channel).toBe(row.channel);
      const recipient = recipientOf(row);
      expect(sent[0]!.to).toBe(row.channel === "sms" ? recipient.phone : recipient.email);
      expect(sends.get(row.id), `${row.kind} ${row.channel} handed to the provider`).toBe(1);
    }
    expect([...sends.values()].every((count) => count === 1)).toBe(true);
  });

  test("text messages go only to the party who opted in; in-app notifications to both", async () => {
    const rows = await allRows();
    expect(rows.some((row) => row.channel === "sms" && row.userId === specialistUser.id)).toBe(false);
    expect(rows.some((row) => row.channel === "sms" && row.userId === customer.id)).toBe(true);
    for (const party of [customer, specialistUser])
      expect(rows.some((row) => row.channel === "in_app" && row.userId === party.id)).toBe(true);
  });

  test("every time a message shows is in its recipient's own zone, and after the move only the new time", async () => {
    const rows = await allRows();
    const outbox = await database.db.select().from(outboxEmails);
    for (const row of rows) {
      const recipient = recipientOf(row);
      const text = row.channel === "in_app" ? inAppText(row) : outbox.find((message) => message.messageKey === row.id)!.text;
      const mentioned = [customer.timezone, specialistUser.timezone].flatMap(timeStrings).filter((time) => text.includes(time));
      if (mentioned.length > 0) {
        expect(
          timeStrings(recipient.timezone).some((time) => text.includes(time)),
          `${row.kind} ${row.channel} to ${recipient.timezone}:\n${text}`,
        ).toBe(true);
      }
      if (row.createdAt.getTime() >= moveAt) {
        expect(row.occurrence).not.toBe(firstStart.toISOString());
        expect((row.payload as { startsAt?: string }).startsAt).not.toBe(firstStart.toISOString());
      }
    }
  });

  test('reminders and "starting now": once per start time, none for the old time after the move', async () => {
    const rows = (await allRows()).filter((row) => ["reminder-24h", "reminder-1h", "session-starting"].includes(row.kind));
    const who = (row: Notification) => (row.userId === customer.id ? "customer" : "specialist");
    const expectedFor = (kind: string, at: Date) =>
      kind === "session-starting"
        ? [`${kind} ${at.toISOString()} customer in_app`, `${kind} ${at.toISOString()} specialist in_app`]
        : ["customer email", "customer in_app", "customer sms", "specialist email", "specialist in_app"].map(
            (to) => `${kind} ${at.toISOString()} ${to}`,
          );
    expect(rows.map((row) => `${row.kind} ${row.occurrence} ${who(row)} ${row.channel}`).sort()).toEqual(
      [
        ...expectedFor("reminder-24h", firstStart),
        ...expectedFor("reminder-24h", movedStart),
        ...expectedFor("reminder-1h", movedStart),
        ...expectedFor("session-starting", movedStart),
      ].sort(),
    );
    const outbox = await database.db.select().from(outboxEmails);
    const reminder1hSms = rows.find((row) => row.kind === "reminder-1h" && row.channel === "sms")!;
    expect(outbox.find((message) => message.messageKey === reminder1hSms.id)!.text).toContain(
      formatShortSessionTime(movedStart, "America/New_York"),
    );
    const specialistEmail = rows.find((row) => row.kind === "reminder-1h" && row.channel === "email" && row.userId === specialistUser.id)!;
    const email = outbox.find((message) => message.messageKey === specialistEmail.id)!;
    expect(email.text).toContain(formatSessionTime(movedStart, "Europe/Berlin"));
    // The other party's time beside it.
    expect(email.text).toContain(formatSessionTime(movedStart, "America/New_York"));
  });
});
