import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { outboxEmails } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { startTwilioStandIn, type TwilioStandIn } from "../../../tests/stand-ins/twilio";
import { runJob } from "../../../jobs";
import type { JobMessage } from "../../../jobs/messages";
import { parseAppEnv } from "../../env.server";
import { maxDeliveryAttempts } from "./notifications.server";
import {
  customerPhone,
  drain,
  givenBookingWithPhone,
  notificationOn,
  recordReminder,
  smsJobContext,
  startOfTest,
  twilioEnv,
  userRow,
} from "./sms.test-support";

let database: TestDatabase;
let twilio: TwilioStandIn;
beforeEach(async () => {
  database = await createTestDatabase();
  twilio = await startTwilioStandIn();
});
afterEach(async () => {
  database.cleanup();
  await twilio.close();
});

async function givenQueuedReminder(options: { optedIn?: boolean } = {}) {
  const clock = createTestClock(startOfTest);
  const sent: JobMessage[] = [];
  const context = smsJobContext(database.db, clock, twilioEnv(twilio), sent);
  const { booking, customer } = await givenBookingWithPhone(database.db, clock, options);
  await recordReminder(context, "reminder-24h", booking, customer, sent);
  return { clock, sent, context, booking, customer };
}

describe("text messages through Twilio", () => {
  test("a 24 h reminder reaches an opted-in phone through Twilio, in the recipient's zone, and is recorded as sent with Twilio's SID", async () => {
    const { sent, context, customer } = await givenQueuedReminder();
    await drain(sent, context);

    expect(twilio.messages).toHaveLength(1);
    const [text] = twilio.messages;
    expect(text!.to).toBe(customerPhone);
    // 09:00 UTC is 10:00 in London, where the customer lives.
    expect(text!.body).toMatch(/^Specialistly: Career coaching with Ada Lovelace within a day, .*10:00.*Reply STOP to opt out\.$/);
    expect(text!.statusCallback).toBe("https://specialistly.test/webhooks/twilio/status");
    const row = await notificationOn(database.db, customer.id, "sms");
    expect(row).toMatchObject({ status: "sent", providerMessageId: text!.sid, attempts: 1, lastError: null });
  });

  test("a phone without the user's opt-in gets no text message at all", async () => {
    const { sent, context, customer } = await givenQueuedReminder({ optedIn: false });
    await drain(sent, context);

    expect(await notificationOn(database.db, customer.id, "sms")).toBeUndefined();
    expect(await notificationOn(database.db, customer.id, "email")).toMatchObject({ status: "sent" });
    expect(twilio.requests).toBe(0);
  });

  test("a 4xx from Twilio fails the text at once, with Twilio's error kept, and it is not tried again", async () => {
    const { context, customer } = await givenQueuedReminder();
    const row = (await notificationOn(database.db, customer.id, "sms"))!;
    twilio.failNext(1, { status: 400, code: 21614, message: "'To' number is not a valid mobile number" });

    await expect(runJob(context, { type: "notification", notificationId: row.id })).resolves.toBe("failed");
    await expect(runJob(context, { type: "notification", notificationId: row.id })).resolves.toBe("not-due");

    expect(twilio.requests).toBe(1);
    expect(await notificationOn(database.db, customer.id, "sms")).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: "Twilio error 21614: 'To' number is not a valid mobile number (HTTP 400)",
    });
  });

  test("a 5xx from Twilio is retried, then after the last attempt the text is failed with the error kept", async () => {
    const { context, customer } = await givenQueuedReminder();
    const row = (await notificationOn(database.db, customer.id, "sms"))!;
    twilio.failNext(maxDeliveryAttempts, { status: 503, code: 20503, message: "Service Unavailable" });
    const job = { type: "notification", notificationId: row.id } as const;

    for (let attempt = 1; attempt < maxDeliveryAttempts; attempt += 1) {
      await expect(runJob(context, job)).rejects.toThrow("20503");
      expect(await notificationOn(database.db, customer.id, "sms")).toMatchObject({ status: "queued", attempts: attempt });
    }
    await expect(runJob(context, job)).rejects.toThrow("20503");
    await expect(runJob(context, job)).resolves.toBe("not-due");

    expect(twilio.requests).toBe(maxDeliveryAttempts);
    expect(twilio.messages).toEqual([]);
    expect(await notificationOn(database.db, customer.id, "sms")).toMatchObject({
      status: "failed",
      attempts: maxDeliveryAttempts,
      lastError: "Twilio error 20503: Service Unavailable (HTTP 503)",
    });
  });

  test("Twilio refusing an unsubscribed number (21610) marks the number opted out, so later reminders skip text", async () => {
    const { sent, context, booking, customer } = await givenQueuedReminder();
    twilio.failNext(1, { status: 400, code: 21610, message: "Attempt to send to unsubscribed recipient" });
    await drain(sent, context);

    expect(await notificationOn(database.db, customer.id, "sms")).toMatchObject({ status: "failed" });
    expect((await userRow(database.db, customer.id)).smsOptedOutAt).toEqual(startOfTest);

    await recordReminder(context, "reminder-1h", booking, customer, sent);
    await drain(sent, context);
    expect(await notificationOn(database.db, customer.id, "sms", "reminder-1h")).toBeUndefined();
    expect(twilio.requests).toBe(1);
  });
});

describe("text messages without Twilio", () => {
  test("go to the dev outbox, marked as SMS", async () => {
    const clock = createTestClock(startOfTest);
    const sent: JobMessage[] = [];
    const context = smsJobContext(database.db, clock, parseAppEnv({ NODE_ENV: "test" }), sent);
    expect(context.sms.name).toBe("outbox");
    const { booking, customer } = await givenBookingWithPhone(database.db, clock);
    await recordReminder(context, "reminder-24h", booking, customer, sent);
    await drain(sent, context);

    const texts = await database.db.select().from(outboxEmails).where(eq(outboxEmails.channel, "sms"));
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ to: customerPhone, subject: "", template: "reminder-24h" });
    expect(texts[0]!.text).toContain("Career coaching with Ada Lovelace within a day");
    expect(await notificationOn(database.db, customer.id, "sms")).toMatchObject({ status: "sent", providerMessageId: null });
    expect(twilio.requests).toBe(0);
  });
});
