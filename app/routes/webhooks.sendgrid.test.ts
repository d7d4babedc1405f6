import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../db/factories";
import { notifications, users, webhookEvents, type User } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { recordingQueue } from "../../tests/queue";
import { startSendGridStandIn, type SendGridStandIn } from "../../tests/stand-ins/sendgrid";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { runJob } from "../../jobs";
import { deliverNotification, notify } from "../domain/notifications/notifications.server";
import { createOutboxSmsSender } from "../integrations/mail/outbox-mailer.server";
import { createSendGridMailer } from "../integrations/mail/sendgrid.server";

let sendgrid: SendGridStandIn;
let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let app: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  sendgrid = await startSendGridStandIn();
});
afterAll(async () => {
  await sendgrid.close();
});
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  app = await createTestApp({ db: database.db, clock, env: { SENDGRID_WEBHOOK_PUBLIC_KEY: sendgrid.webhookPublicKey } });
  sendgrid.accepted.length = 0;
});
afterEach(() => database.cleanup());

const hardBounce = { type: "bounce", status: "5.1.1", reason: "550 5.1.1 The email account that you tried to reach does not exist." };

function jobContext() {
  const mailer = createSendGridMailer({ apiKey: sendgrid.apiKey, from: "Specialistly <hello@specialistly.example>", apiUrl: sendgrid.url });
  return {
    db: database.db,
    clock,
    queue: recordingQueue().queue,
    mailer,
    sms: createOutboxSmsSender(database.db),
    origin: "https://app.example",
  };
}

let occurrence = 0;
/** Records an email notification for `user` and delivers it through SendGrid (the stand-in). */
async function emailTo(user: User, context = jobContext()) {
  occurrence += 1;
  const recorded = notify(
    { db: database.db, clock },
    {
      userId: user.id,
      kind: "payment-flagged",
      subject: { type: "booking", id: "booking-1" },
      occurrence: String(occurrence),
      payload: { bookingId: "booking-1", problem: "amount differs", refund: "€10.00" },
    },
  );
  await database.db.batch([recorded.statements[0]!, ...recorded.statements.slice(1)]);
  const id = (recorded.jobs[0]!.message as { notificationId: string }).notificationId;
  const outcome = await deliverNotification(context, id);
  return { id, outcome, mail: outcome === "sent" ? sendgrid.accepted.at(-1)! : null };
}

function postEvents(events: unknown[], at = clock.now()) {
  const { body, headers } = sendgrid.signBatch(events, at);
  return app.request("/webhooks/sendgrid", { method: "POST", headers, body });
}

async function runQueued() {
  while (app.enqueued.length > 0) await runJob(jobContext(), app.enqueued.shift());
}

const notification = async (id: string) => (await database.db.select().from(notifications).where(eq(notifications.id, id)))[0]!;
const account = async (id: string) => (await database.db.select().from(users).where(eq(users.id, id)))[0]!;

describe("/webhooks/sendgrid", () => {
  test("does not exist without a verification key", async () => {
    const withoutKey = await createTestApp({ db: database.db, clock });
    const { body, headers } = sendgrid.signBatch([]);
    expect((await withoutKey.request("/webhooks/sendgrid", { method: "POST", headers, body })).status).toBe(404);
  });

  test("refuses a bad signature, a stale or missing timestamp and a malformed batch with 400, storing nothing", async () => {
    const ada = await createUser(database.db, { email: "ada@example.com" });
    const { mail } = await emailTo(ada);
    const bounce = sendgrid.event(mail!, "bounce", hardBounce, clock.now());

    const signed = sendgrid.signBatch([sendgrid.event(mail!, "delivered", {}, clock.now())], clock.now());
    const tampered = signed.body.replace('"delivered"', '"bounce"');
    const forged = await app.request("/webhooks/sendgrid", { method: "POST", headers: signed.headers, body: tampered });
    expect(forged.status).toBe(400);
    expect(await forged.json()).toEqual({ error: "Invalid signature." });

    const unsigned = await app.request("/webhooks/sendgrid", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([bounce]),
    });
    expect(unsigned.status).toBe(400);

    const garbled = { ...sendgrid.signBatch([bounce], clock.now()).headers, "x-twilio-email-event-webhook-signature": "not-a-signature" };
    expect((await app.request("/webhooks/sendgrid", { method: "POST", headers: garbled, body: JSON.stringify([bounce]) })).status).toBe(
      400,
    );

    const stale = await postEvents([bounce], new Date(clock.now().getTime() - 11 * 60_000));
    expect(stale.status).toBe(400);
    expect(await stale.json()).toEqual({ error: "Stale timestamp." });

    expect((await postEvents([{ event: "bounce" }])).status).toBe(400);
    expect((await postEvents({ not: "an array" } as unknown as unknown[])).status).toBe(400);

    expect(await database.db.select().from(webhookEvents)).toEqual([]);
    expect(app.enqueued).toEqual([]);
    expect((await account(ada.id)).emailBouncedAt).toBeNull();
  });

  test("a hard bounce fails the notification with its reason and stops email to the address, once however often it comes", async () => {
    const ada = await createUser(database.db, { email: "ada@example.com" });
    const first = await emailTo(ada);
    expect(first.outcome).toBe("sent");
    const bouncedAt = new Date(clock.now().getTime() + 60_000);
    clock.advance(2 * 60_000);
    const batch = [sendgrid.event(first.mail!, "processed", {}, bouncedAt), sendgrid.event(first.mail!, "bounce", hardBounce, bouncedAt)];

    const received = await postEvents(batch);
    expect(received.status).toBe(200);
    expect(await received.json()).toEqual({ received: true, stored: 1, duplicates: 0 });
    await runQueued();

    expect(await notification(first.id)).toMatchObject({ status: "failed", lastError: `Hard bounce: ${hardBounce.reason}` });
    expect(await account(ada.id)).toMatchObject({ emailBouncedAt: bouncedAt, emailBounceReason: hardBounce.reason });

    // SendGrid retries deliveries: the same batch again is acknowledged and changes nothing.
    const again = await postEvents(batch);
    expect(await again.json()).toEqual({ received: true, stored: 0, duplicates: 1 });
    await runQueued();
    expect(await database.db.select().from(webhookEvents)).toHaveLength(1);

    // Out of order: a "delivered" that arrives after the bounce doesn't undo it.
    expect((await postEvents([sendgrid.event(first.mail!, "delivered", { response: "250 OK" }, clock.now())])).status).toBe(200);
    await runQueued();
    expect((await notification(first.id)).status).toBe("failed");

    const next = await emailTo(ada);
    expect(next.outcome).toBe("skipped");
    expect((await notification(next.id)).lastError).toContain("bounced");
    expect(sendgrid.accepted).toHaveLength(1);
  });

  test("delivered is recorded (matched by SendGrid's message id too); soft bounces, deferrals and other drops don't stop email", async () => {
    const grace = await createUser(database.db, { email: "grace@example.com" });
    const delivered = await emailTo(grace);
    const blocked = await emailTo(grace);
    const unsubscribed = await emailTo(grace);
    const withoutArgument = {
      ...sendgrid.event(delivered.mail!, "delivered", { response: "250 OK" }, clock.now()),
      notification_id: undefined,
    };
    const events = [
      withoutArgument,
      sendgrid.event(blocked.mail!, "deferred", { response: "421 try again later", attempt: "1" }, clock.now()),
      sendgrid.event(
        blocked.mail!,
        "bounce",
        { type: "blocked", status: "4.0.0", reason: "451 mailbox temporarily unavailable" },
        clock.now(),
      ),
      sendgrid.event(unsubscribed.mail!, "dropped", { reason: "Unsubscribed Address" }, clock.now()),
      sendgrid.event(unsubscribed.mail!, "open", {}, clock.now()),
    ];
    expect(await (await postEvents(events)).json()).toEqual({ received: true, stored: 3, duplicates: 0 });
    await runQueued();

    expect((await notification(delivered.id)).status).toBe("delivered");
    expect((await notification(blocked.id)).status).toBe("sent");
    expect(await notification(unsubscribed.id)).toMatchObject({ status: "failed", lastError: "Dropped by SendGrid: Unsubscribed Address" });
    expect((await account(grace.id)).emailBouncedAt).toBeNull();
    expect((await emailTo(grace)).outcome).toBe("sent");
  });

  test("a report that arrives before the send is recorded is kept: 'sent' never overwrites 'delivered' or a bounce", async () => {
    // SendGrid may report before its API answer reaches us: the mailer posts the report first.
    const reportingFirst = (event: string, extra: Record<string, unknown>) => {
      const context = jobContext();
      const mailer: typeof context.mailer = {
        name: context.mailer.name,
        async send(message) {
          const sent = await context.mailer.send(message);
          expect((await postEvents([sendgrid.event(sendgrid.accepted.at(-1)!, event, extra, clock.now())])).status).toBe(200);
          await runQueued();
          return sent;
        },
      };
      return { ...context, mailer };
    };
    const ada = await createUser(database.db, { email: "ada@example.com" });
    const delivered = await emailTo(ada, reportingFirst("delivered", { response: "250 OK" }));
    expect(await notification(delivered.id)).toMatchObject({
      status: "delivered",
      providerMessageId: expect.any(String),
      sentAt: clock.now(),
    });

    const bounced = await emailTo(ada, reportingFirst("bounce", hardBounce));
    expect(await notification(bounced.id)).toMatchObject({ status: "failed", lastError: `Hard bounce: ${hardBounce.reason}` });
    expect((await account(ada.id)).emailBounceReason).toBe(hardBounce.reason);
  });

  test("a drop for an address SendGrid knows bounced stops email to it too", async () => {
    const alan = await createUser(database.db, { email: "alan@example.com" });
    const sent = await emailTo(alan);
    await postEvents([sendgrid.event(sent.mail!, "dropped", { reason: "Bounced Address" }, clock.now())]);
    await runQueued();
    expect(await notification(sent.id)).toMatchObject({ status: "failed", lastError: "Dropped by SendGrid: Bounced Address" });
    expect(await account(alan.id)).toMatchObject({ emailBounceReason: "Bounced Address" });
    expect((await emailTo(alan)).outcome).toBe("skipped");
  });
});
