import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { webhookEvents } from "../../db/schema";
import { createUser } from "../../db/factories";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { startTwilioStandIn, standInAccountSid, standInNumber, twilioSignatureFor, type TwilioStandIn } from "../../tests/stand-ins/twilio";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { runJob } from "../../jobs";
import type { JobMessage } from "../../jobs/messages";
import {
  appUrl,
  customerPhone,
  drain,
  givenBookingWithPhone,
  notificationOn,
  recordReminder,
  smsJobContext,
  startOfTest,
  twilioEnv,
  twilioEnvVars,
  userRow,
} from "../domain/notifications/sms.test-support";

const statusUrl = `${appUrl}/webhooks/twilio/status`;
const inboundUrl = `${appUrl}/webhooks/twilio/inbound`;

let database: TestDatabase;
let twilio: TwilioStandIn;
let app: Awaited<ReturnType<typeof createTestApp>>;
const clock = createTestClock(startOfTest);

beforeEach(async () => {
  clock.set(startOfTest);
  database = await createTestDatabase();
  // Twilio's callbacks reach the app's real request handler at the path of the URL they were signed for.
  twilio = await startTwilioStandIn({ deliver: (request) => toApp(request) });
  app = await createTestApp({ db: database.db, clock, env: twilioEnvVars(twilio) });
});
afterEach(async () => {
  database.cleanup();
  await twilio.close();
});

async function toApp(request: Request) {
  const url = new URL(request.url);
  return app.request(url.pathname + url.search, { method: request.method, headers: request.headers, body: await request.text() });
}

/** The app's side: jobs enqueued by the routes run with Twilio as the SMS provider. */
function jobs() {
  const sent: JobMessage[] = [];
  return { sent, context: smsJobContext(database.db, clock, twilioEnv(twilio), sent) };
}

/** Runs what the routes enqueued, as the worker would. */
async function processWebhooks() {
  const { context } = jobs();
  for (const message of app.enqueued.splice(0)) await runJob(context, message);
}

/** A reminder sent by text through the stand-in; returns its Twilio SID. */
async function givenSentText() {
  const { sent, context } = jobs();
  const { booking, customer } = await givenBookingWithPhone(database.db, clock);
  await recordReminder(context, "reminder-24h", booking, customer, sent);
  await drain(sent, context);
  const sid = twilio.messages.at(-1)!.sid;
  return { booking, customer, sid, context, sent };
}

const storedEvents = () => database.db.select().from(webhookEvents);

describe("POST /webhooks/twilio/status", () => {
  test("a bad signature is refused with 400 and nothing is stored", async () => {
    const { customer, sid } = await givenSentText();
    const params = { AccountSid: standInAccountSid, MessageSid: sid, MessageStatus: "delivered", To: customerPhone, From: standInNumber };
    const forged = [
      twilio.signedRequest(statusUrl, params, "someone-elses-token"),
      // Signed for another address.
      new Request(statusUrl, twilio.signedRequest(`${appUrl}/webhooks/twilio/other`, params)),
      new Request(statusUrl, {
        method: "POST",
        body: new URLSearchParams(params),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
    ];
    // Signed, then a parameter changed on the way.
    const tampered = twilio.signedRequest(statusUrl, { ...params, MessageStatus: "undelivered" });
    forged.push(new Request(tampered, { body: new URLSearchParams(params) }));

    for (const request of forged) {
      const response = await toApp(request);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: "Invalid signature." });
    }
    expect(await storedEvents()).toEqual([]);
    expect(app.enqueued).toEqual([]);
    expect(await notificationOn(database.db, customer.id, "sms")).toMatchObject({ status: "sent" });
  });

  test("a delivery report is stored once, acknowledged, and marks the text delivered; a repeat changes nothing", async () => {
    const { customer, sid } = await givenSentText();

    const first = await twilio.sendStatus(sid, "delivered");
    const repeat = await twilio.sendStatus(sid, "delivered");
    expect([first.status, repeat.status]).toEqual([204, 204]);

    const stored = await storedEvents();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ provider: "twilio", eventId: `${sid}:delivered`, type: "message-status" });
    await processWebhooks();
    expect(await notificationOn(database.db, customer.id, "sms")).toMatchObject({ status: "delivered", providerMessageId: sid });
    expect((await storedEvents())[0]!.processedAt).not.toBeNull();
  });

  test("undelivered marks the text failed with Twilio's error code; a late report never overrides a final one", async () => {
    const { customer, sid } = await givenSentText();
    await twilio.sendStatus(sid, "undelivered", { errorCode: 30003 });
    await processWebhooks();
    const failed = { status: "failed", lastError: "Twilio reported undelivered (error 30003)" };
    expect(await notificationOn(database.db, customer.id, "sms")).toMatchObject(failed);

    // Reports out of order: an earlier "sent", then a contradicting "delivered".
    await twilio.sendStatus(sid, "sent");
    await twilio.sendStatus(sid, "delivered");
    await processWebhooks();
    expect(await notificationOn(database.db, customer.id, "sms")).toMatchObject(failed);
  });

  test("a delivered text stays delivered when an earlier status arrives late", async () => {
    const { customer, sid } = await givenSentText();
    await twilio.sendStatus(sid, "delivered");
    await twilio.sendStatus(sid, "sent");
    await twilio.sendStatus(sid, "failed", { errorCode: 30008 });
    await processWebhooks();
    expect(await notificationOn(database.db, customer.id, "sms")).toMatchObject({ status: "delivered", lastError: null });
  });

  test("a report about a message not yet recorded as sent stays stored and unprocessed, for the queue to retry", async () => {
    const sid = `SM${"f".repeat(32)}`;
    const response = await toApp(
      twilio.signedRequest(statusUrl, { MessageSid: sid, MessageStatus: "delivered", AccountSid: standInAccountSid }),
    );
    expect(response.status).toBe(204);
    await expect(processWebhooks()).rejects.toThrow(`No text message with Twilio id ${sid}`);
    const [event] = await storedEvents();
    expect(event).toMatchObject({ processedAt: null, attempts: 1 });
  });

  test("a signed request without a message SID is refused with 400 and nothing is stored", async () => {
    const response = await toApp(twilio.signedRequest(statusUrl, { MessageStatus: "delivered" }));
    expect(response.status).toBe(400);
    expect(await storedEvents()).toEqual([]);
  });
});

describe("POST /webhooks/twilio/inbound", () => {
  test("a bad signature is refused with 400 and nothing is stored", async () => {
    const params = { MessageSid: `SM${"1".repeat(32)}`, From: customerPhone, To: standInNumber, Body: "STOP" };
    const response = await toApp(twilio.signedRequest(inboundUrl, params, "wrong-token"));
    expect(response.status).toBe(400);
    expect(await storedEvents()).toEqual([]);
  });

  test("STOP opts the number out so the next reminder's text is skipped with the reason; START brings texts back", async () => {
    const { booking, customer, context, sent } = await givenSentText();
    const sameNumber = await createUser(database.db, { phone: customerPhone, smsOptInAt: startOfTest });
    const otherNumber = await createUser(database.db, { phone: "+447700900999", smsOptInAt: startOfTest });
    // The 1 h reminder is already queued when the reply arrives.
    await recordReminder(context, "reminder-1h", booking, customer, sent);
    clock.advance(60_000);

    const stop = await twilio.sendInbound({ from: customerPhone, body: "  stop " }, inboundUrl);
    expect(stop.status).toBe(200);
    expect(stop.headers.get("content-type")).toMatch(/^text\/xml/);
    expect(await stop.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    await processWebhooks();

    const optedOutAt = new Date(startOfTest.getTime() + 60_000);
    expect(await userRow(database.db, customer.id)).toMatchObject({ smsOptedOutAt: optedOutAt, smsOptInAt: startOfTest });
    expect(await userRow(database.db, sameNumber.id)).toMatchObject({ smsOptedOutAt: optedOutAt });
    expect(await userRow(database.db, otherNumber.id)).toMatchObject({ smsOptedOutAt: null });

    await drain(sent, context);
    expect(await notificationOn(database.db, customer.id, "sms", "reminder-1h")).toMatchObject({
      status: "skipped",
      lastError: "the number replied STOP",
    });
    expect(twilio.messages).toHaveLength(1);

    const start = await twilio.sendInbound({ from: customerPhone, body: "Start" }, inboundUrl);
    expect(start.status).toBe(200);
    await processWebhooks();
    expect(await userRow(database.db, customer.id)).toMatchObject({ smsOptedOutAt: null, smsOptInAt: startOfTest });

    // The next reminder (as for a booking moved and moved back) goes by text again.
    await recordReminder(context, "reminder-24h", booking, customer, sent, "after-start");
    await drain(sent, context);
    expect(twilio.messages).toHaveLength(2);
    expect(twilio.messages[1]!.to).toBe(customerPhone);
  });

  test("each opt-out keyword works, and Twilio's Advanced Opt-Out type is honoured; other replies change nothing", async () => {
    const keywords = ["STOPALL", "unsubscribe", "Cancel", "END", "quit\n"];
    for (const [index, keyword] of keywords.entries()) {
      const phone = `+44770090010${index}`;
      const user = await createUser(database.db, { phone, smsOptInAt: startOfTest });
      await twilio.sendInbound({ from: phone, body: keyword }, inboundUrl);
      await processWebhooks();
      expect((await userRow(database.db, user.id)).smsOptedOutAt, keyword).toEqual(startOfTest);
    }

    const chatty = await createUser(database.db, { phone: "+447700900200", smsOptInAt: startOfTest });
    await twilio.sendInbound({ from: chatty.phone!, body: "Please stop by at 10" }, inboundUrl);
    await twilio.sendInbound({ from: chatty.phone!, body: "HELP" }, inboundUrl);
    await processWebhooks();
    expect((await userRow(database.db, chatty.id)).smsOptedOutAt).toBeNull();

    const advanced = await createUser(database.db, { phone: "+447700900300", smsOptInAt: startOfTest });
    await twilio.sendInbound({ from: advanced.phone!, body: "STOP", advancedOptOut: true }, inboundUrl);
    await processWebhooks();
    expect((await userRow(database.db, advanced.id)).smsOptedOutAt).toEqual(startOfTest);
  });

  test("a repeated reply is stored once", async () => {
    const params = {
      AccountSid: standInAccountSid,
      MessageSid: `SM${"2".repeat(32)}`,
      From: customerPhone,
      To: standInNumber,
      Body: "STOP",
    };
    for (let time = 0; time < 2; time += 1) {
      expect((await toApp(twilio.signedRequest(inboundUrl, params))).status).toBe(200);
    }
    expect(await storedEvents()).toHaveLength(1);
  });
});

describe("without Twilio settings", () => {
  test("both webhooks are 404 and store nothing", async () => {
    const outboxApp = await createTestApp({ db: database.db, clock });
    for (const path of ["/webhooks/twilio/status", "/webhooks/twilio/inbound"]) {
      const params = {
        MessageSid: `SM${"3".repeat(32)}`,
        MessageStatus: "delivered",
        From: customerPhone,
        To: standInNumber,
        Body: "STOP",
      };
      const response = await outboxApp.request(path, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": twilioSignatureFor(twilio.authToken, `${appUrl}${path}`, params),
        },
        body: new URLSearchParams(params),
      });
      expect(response.status).toBe(404);
    }
    expect(await storedEvents()).toEqual([]);
  });
});
