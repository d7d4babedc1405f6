import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { createSessionType, createSpecialist, createUser } from "../../../db/factories";
import { bookings, notificationPreferences, notifications, outboxEmails, users, type User } from "../../../db/schema";
import { createOutboxMailer, createOutboxSmsSender } from "../../integrations/mail/outbox-mailer.server";
import type { Mailer } from "../../integrations/mail/mailer";
import { ProviderError } from "../../integrations/provider-error";
import { writeWithJobs } from "../../lib/write-with-jobs.server";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { runJob } from "../../../jobs";
import type { JobMessage } from "../../../jobs/messages";
import { deliverNotification, maxDeliveryAttempts, notify, type AnyNotificationSpec } from "./notifications.server";

let database: TestDatabase;
const clock = createTestClock(new Date("2026-12-01T08:00:00Z"));

beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

function context(mailer: Mailer = createOutboxMailer(database.db)) {
  const sent: JobMessage[] = [];
  return {
    db: database.db,
    clock,
    queue: recordingQueue(sent).queue,
    sent,
    mailer,
    sms: createOutboxSmsSender(database.db),
    origin: "https://app.example",
  };
}

/** A confirmed booking at `startsAt`, so its reminders are still relevant when delivered. */
async function confirmedBooking(startsAt: string) {
  const { specialist } = await createSpecialist(database.db);
  const customer = await createUser(database.db);
  const type = await createSessionType(database.db, specialist.id);
  const [booking] = await database.db
    .insert(bookings)
    .values({
      specialistId: specialist.id,
      customerId: customer.id,
      sessionTypeId: type.id,
      startsAt: new Date(startsAt),
      endsAt: new Date(new Date(startsAt).getTime() + 60 * 60_000),
      status: "confirmed",
      priceMinor: 0,
      feeMinor: 0,
      currency: "USD",
      customerTimezone: "Europe/London",
    })
    .returning();
  return booking!.id;
}

async function reminderFor(user: User, occurrence = "2026-12-02T09:00:00.000Z"): Promise<AnyNotificationSpec> {
  const bookingId = await confirmedBooking(occurrence);
  return {
    userId: user.id,
    kind: "reminder-24h",
    subject: { type: "booking", id: bookingId },
    occurrence,
    payload: {
      bookingId,
      sessionTitle: "Intro call",
      otherPartyName: "Ada Lovelace",
      otherPartyTimezone: "Europe/London",
      startsAt: occurrence,
      meetingUrl: null,
    },
  };
}

async function record(ctx: ReturnType<typeof context>, spec: AnyNotificationSpec) {
  const recorded = notify(ctx, spec as Parameters<typeof notify>[1]);
  await writeWithJobs(ctx, [recorded.statements[0]!, ...recorded.statements.slice(1)], recorded.jobs);
}

async function deliverAll(ctx: ReturnType<typeof context>) {
  const outcomes = [];
  while (ctx.sent.length > 0) {
    const job = ctx.sent.shift()!;
    if (job.type === "notification")
      outcomes.push(await deliverNotification(ctx, job.notificationId).catch((error: Error) => error.message));
  }
  return outcomes;
}

const rows = () =>
  database.db
    .select({
      channel: notifications.channel,
      status: notifications.status,
      lastError: notifications.lastError,
      attempts: notifications.attempts,
    })
    .from(notifications)
    .orderBy(notifications.channel);

describe("recording", () => {
  test("each channel of the kind once, however often the cause repeats; SMS only to an opted-in phone", async () => {
    const ctx = context();
    const ada = await createUser(database.db, { timezone: "Asia/Kolkata" });
    const spec = await reminderFor(ada);
    await record(ctx, spec);
    await record(ctx, spec);
    expect((await rows()).map((row) => row.channel)).toEqual(["email", "in_app"]);

    const grace = await createUser(database.db, { phone: "+14155550100", smsOptInAt: clock.now() });
    await record(ctx, await reminderFor(grace));
    expect(
      await database.db.select({ channel: notifications.channel }).from(notifications).where(eq(notifications.userId, grace.id)),
    ).toHaveLength(3);
  });

  test("a channel the user turned off is not recorded, unless the kind requires it", async () => {
    const ctx = context();
    const ada = await createUser(database.db);
    await database.db.insert(notificationPreferences).values([
      { userId: ada.id, kind: "reminders", channel: "email", enabled: false },
      { userId: ada.id, kind: "booking-paid-confirmed", channel: "email", enabled: false },
    ]);
    await record(ctx, await reminderFor(ada));
    expect((await rows()).map((row) => row.channel)).toEqual(["in_app"]);
    await record(ctx, {
      userId: ada.id,
      kind: "booking-paid-confirmed",
      subject: { type: "booking", id: "b2" },
      payload: {
        bookingId: "b2",
        specialistName: "Grace",
        otherPartyName: "Grace",
        otherPartyTimezone: "Europe/Berlin",
        sessionTitle: "Deep dive",
        startsAt: "2026-12-03T10:00:00.000Z",
        endsAt: "2026-12-03T11:00:00.000Z",
        sequence: 0,
        topic: "",
        changedAt: "2026-12-01T08:00:00.000Z",
        amountMinor: 5000,
        currency: "EUR",
        meetingUrl: "https://meet.example/x",
      },
    });
    const paid = await database.db
      .select({ channel: notifications.channel })
      .from(notifications)
      .where(eq(notifications.kind, "booking-paid-confirmed"));
    expect(paid.map((row) => row.channel).sort()).toEqual(["email", "in_app"]);
  });
});

describe("delivery", () => {
  test("renders in the recipient's own zone, with the other party's beside it, and a one-click unsubscribe", async () => {
    const ctx = context();
    const ada = await createUser(database.db, { timezone: "Asia/Kolkata" });
    await record(ctx, await reminderFor(ada));
    expect(await deliverAll(ctx)).toEqual(["sent"]);
    const [mail] = await database.db.select().from(outboxEmails);
    expect(mail!.text).toContain("Wednesday 2 December 2026 at 14:30 (Kolkata time)");
    expect(mail!.text).toContain("Wednesday 2 December 2026 at 09:00 (London time)");
    const [row] = await database.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.channel, "email"));
    expect(mail!.headers).toEqual({
      "List-Unsubscribe": `<https://app.example/unsubscribe/${row!.id}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(mail!.text).toContain(`https://app.example/unsubscribe/${row!.id}`);
    // A repeated job finds nothing left to send.
    expect(await deliverNotification(ctx, row!.id)).toBe("not-due");
    expect(await database.db.select().from(outboxEmails)).toHaveLength(1);
  });

  test("SMS goes to the outbox marked as SMS when no provider is set", async () => {
    const ctx = context();
    const grace = await createUser(database.db, { phone: "+14155550100", smsOptInAt: clock.now(), timezone: "America/Los_Angeles" });
    await record(ctx, await reminderFor(grace));
    await deliverAll(ctx);
    const [sms] = await database.db.select().from(outboxEmails).where(eq(outboxEmails.channel, "sms"));
    expect(sms).toMatchObject({ to: "+14155550100", template: "reminder-24h" });
    expect(sms!.text).toContain("Wed 2 Dec, 01:00 Los Angeles");
    expect(sms!.text).toContain("Reply STOP to opt out");
  });

  test("what the recipient turned off, a bounced address or a number that said STOP since is skipped with the reason", async () => {
    const ctx = context();
    const ada = await createUser(database.db, { phone: "+14155550101", smsOptInAt: clock.now() });
    await record(ctx, await reminderFor(ada));
    await database.db.insert(notificationPreferences).values({ userId: ada.id, kind: "reminders", channel: "email", enabled: false });
    await database.db.update(users).set({ smsOptedOutAt: clock.now() }).where(eq(users.id, ada.id));
    expect(await deliverAll(ctx)).toEqual(["skipped", "skipped"]);
    expect((await rows()).filter((row) => row.channel !== "in_app")).toEqual([
      { channel: "email", status: "skipped", lastError: "turned off in the recipient's preferences", attempts: 1 },
      { channel: "sms", status: "skipped", lastError: "the number replied STOP", attempts: 1 },
    ]);

    const grace = await createUser(database.db, { emailBouncedAt: clock.now(), emailBounceReason: "550 mailbox unavailable" });
    await record(ctx, await reminderFor(grace, "2026-12-05T09:00:00.000Z"));
    expect(await deliverAll(ctx)).toEqual(["skipped"]);
    const [bounced] = await database.db
      .select({ lastError: notifications.lastError })
      .from(notifications)
      .where(eq(notifications.userId, grace.id));
    expect(bounced!.lastError).toBe(`email to ${grace.email} bounced: 550 mailbox unavailable`);
    expect(await database.db.select().from(outboxEmails)).toHaveLength(0);
  });

  test("a provider's refusal fails at once with its error; a provider outage is retried, then failed with the error kept", async () => {
    const refusing: Mailer = {
      name: "refusing",
      send: async () => Promise.reject(new ProviderError("400 invalid email address", { permanent: true, status: 400 })),
    };
    const ctx = context(refusing);
    const ada = await createUser(database.db);
    await record(ctx, await reminderFor(ada));
    expect(await deliverAll(ctx)).toEqual(["failed"]);
    expect((await rows())[0]).toMatchObject({ status: "failed", lastError: "400 invalid email address", attempts: 1 });

    const down: Mailer = {
      name: "down",
      send: async () => Promise.reject(new ProviderError("503 service unavailable", { permanent: false, status: 503 })),
    };
    const retrying = context(down);
    const grace = await createUser(database.db);
    await record(retrying, await reminderFor(grace, "2026-12-06T09:00:00.000Z"));
    const [row] = await database.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, grace.id));
    for (let attempt = 1; attempt <= maxDeliveryAttempts; attempt++) {
      await expect(deliverNotification(retrying, row!.id)).rejects.toThrow("503 service unavailable");
      const [state] = await database.db.select().from(notifications).where(eq(notifications.id, row!.id));
      expect(state).toMatchObject({
        attempts: attempt,
        status: attempt < maxDeliveryAttempts ? "queued" : "failed",
        lastError: "503 service unavailable",
      });
    }
    expect(await deliverNotification(retrying, row!.id)).toBe("not-due");
  });
});

describe("a burst delivered together", () => {
  test("each is sent once; a passing failure of one is retried with the job and the others are not sent again", async () => {
    const deliveredTo: string[] = [];
    let outage = true;
    const flaky: Mailer = {
      name: "flaky",
      async send(message) {
        if (message.to === grace.email && outage) {
          outage = false;
          throw new ProviderError("503 service unavailable", { permanent: false, status: 503 });
        }
        deliveredTo.push(message.to);
        return { providerMessageId: `msg-${deliveredTo.length}` };
      },
    };
    const ctx = context(flaky);
    const [ada, grace, lin] = [await createUser(database.db), await createUser(database.db), await createUser(database.db)];
    for (const [user, occurrence] of [
      [ada, "2026-12-02T09:00:00.000Z"],
      [grace, "2026-12-02T10:00:00.000Z"],
      [lin, "2026-12-02T11:00:00.000Z"],
    ] as const) {
      await record(ctx, await reminderFor(user, occurrence));
    }
    const emails = await database.db.select().from(notifications).where(eq(notifications.channel, "email"));
    const idOf = (user: User) => emails.find((row) => row.userId === user.id)!.id;
    // Lin's session was cancelled after the reminder was recorded.
    await database.db
      .update(bookings)
      .set({ status: "cancelled" })
      .where(eq(bookings.id, emails.find((row) => row.userId === lin.id)!.subjectId));
    const job: JobMessage = { type: "notifications", notificationIds: [idOf(ada), idOf(grace), idOf(lin), crypto.randomUUID()] };

    await expect(runJob(ctx, job)).rejects.toThrow("1 of 4 notifications will be retried; the first: 503 service unavailable");
    const state = async (user: User) =>
      (
        await database.db
          .select()
          .from(notifications)
          .where(eq(notifications.id, idOf(user)))
      )[0];
    expect(await state(ada)).toMatchObject({ status: "sent", attempts: 1, providerMessageId: "msg-1", lastError: null });
    expect(await state(grace)).toMatchObject({ status: "queued", attempts: 1, lastError: "503 service unavailable", lockedUntil: null });
    expect(await state(lin)).toMatchObject({ status: "skipped", attempts: 1, lastError: "no longer relevant" });

    // The queue runs the job again: only Grace's is still to go.
    await runJob(ctx, job);
    expect(await state(grace)).toMatchObject({ status: "sent", attempts: 2, providerMessageId: "msg-2", lastError: null });
    expect(deliveredTo).toEqual([ada.email, grace.email]);
    await runJob(ctx, job);
    expect(deliveredTo).toEqual([ada.email, grace.email]);
  });
});

describe("relevance", () => {
  test("a reminder for a booking that moved or was cancelled since is not sent", async () => {
    const ctx = context();
    const ada = await createUser(database.db);
    const moved = await reminderFor(ada);
    const cancelled = await reminderFor(ada, "2026-12-04T09:00:00.000Z");
    await record(ctx, moved);
    await record(ctx, cancelled);
    const bookingOf = (spec: AnyNotificationSpec) => spec.subject.id;
    await database.db
      .update(bookings)
      .set({ startsAt: new Date("2026-12-02T11:00:00Z"), endsAt: new Date("2026-12-02T12:00:00Z") })
      .where(eq(bookings.id, bookingOf(moved)));
    await database.db
      .update(bookings)
      .set({ status: "cancelled" })
      .where(eq(bookings.id, bookingOf(cancelled)));
    expect(await deliverAll(ctx)).toEqual(["skipped", "skipped"]);
    expect((await rows()).filter((row) => row.channel === "email").map((row) => row.lastError)).toEqual([
      "no longer relevant",
      "no longer relevant",
    ]);
    expect(await database.db.select().from(outboxEmails)).toHaveLength(0);
  });
});
