// Delivery to a real local receiver that checks every request with the `standardwebhooks`
// package (an independent implementation of the spec); time moves on the test clock.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { createUser } from "../../../db/factories";
import { webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints, type User } from "../../../db/schema";
import { runJob } from "../../../jobs";
import type { JobMessage } from "../../../jobs/messages";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { parseAppEnv } from "../../env.server";
import { createOutboxMailer, createOutboxSmsSender, listOutbox } from "../../integrations/mail/outbox-mailer.server";
import { rebuildSlotsForSpecialist } from "../availability/slots.server";
import { givenSpecialist } from "../booking/booking.test-support";
import { createBooking } from "../booking/create-booking.server";
import { enqueueDueDeliveries, redeliverWebhook, sendTestWebhook } from "./delivery.server";
import { createEndpoint, endpointDetail, type WebhookActor } from "./endpoints.server";
import { retryDelaysMs } from "./retry-schedule";

interface Received {
  headers: Record<string, string>;
  body: string;
  verified: unknown;
}

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let sent: JobMessage[];
let server: Server;
let received: Received[];
/** What the receiver answers next; the last entry repeats. */
let answers: number[];
let secret = "";
let customer: User;

beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock(new Date("2026-06-01T12:00:00Z"));
  sent = [];
  received = [];
  answers = [200];
  customer = await createUser(database.db, { name: "Ada Customer" });
  // Only Date is faked, so the verifier's 5-minute tolerance is checked against the test clock.
  vi.useFakeTimers({ toFake: ["Date"] });
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      vi.setSystemTime(clock.now());
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
      let verified: unknown = null;
      try {
        verified = new Webhook(secret).verify(body, headers);
      } catch {
        // Recorded as unverified and refused, as a real receiver would.
      }
      received.push({ headers, body, verified });
      if (verified === null) return void response.writeHead(401).end("bad signature");
      const status = answers.length > 1 ? answers.shift()! : answers[0]!;
      response.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "thanks" : "receiver broke");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterEach(async () => {
  vi.useRealTimers();
  await new Promise((resolve) => server.close(resolve));
  database.cleanup();
});

const queue = () => recordingQueue(sent).queue;
// The receiver is local, as only local development and tests allow.
const env = parseAppEnv({ NODE_ENV: "test", WEBHOOK_ALLOW_INSECURE_URLS: "true" });
const context = () => ({ db: database.db, clock, queue: queue(), env });
const receiverUrl = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;

/** Runs every queued message (and what they enqueue) as the runtimes do: the real job functions. */
async function drain() {
  while (sent.length > 0) {
    const message = sent.shift()!;
    await runJob(
      {
        ...context(),
        mailer: createOutboxMailer(database.db),
        sms: createOutboxSmsSender(database.db),
        origin: "http://app.test",
      },
      message,
    );
  }
}

/** A minute's cron sweep, then the queue. */
async function tick() {
  await enqueueDueDeliveries(context());
  await drain();
}

async function givenEndpoint(events: ("booking.created" | "booking.confirmed")[] = ["booking.created"]) {
  const { user, types, specialist } = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 0 }] });
  await rebuildSlotsForSpecialist(context(), specialist.id);
  const actor: WebhookActor = { userId: user.id, role: "specialist" };
  const created = await createEndpoint(context(), actor, "specialist", { url: receiverUrl(), description: "CRM", events });
  if (!created.ok) throw new Error(created.message);
  secret = created.endpoint.secret;
  return { actor, user, endpoint: created.endpoint, sessionTypeId: types[0]!.id };
}

async function book(sessionTypeId: string) {
  const result = await createBooking(context(), {
    customerId: customer.id,
    sessionTypeId,
    startsAt: new Date("2026-06-03T09:00:00Z"),
    topic: "",
    customerTimezone: "UTC",
  });
  if (!result.ok) throw new Error(result.message);
  return result.booking;
}

async function attemptsOf(deliveryId: string) {
  return database.db.select().from(webhookDeliveryAttempts).where(eq(webhookDeliveryAttempts.deliveryId, deliveryId));
}

describe("delivering webhooks", () => {
  test("a booking event is signed per Standard Webhooks, retried after a 500 on the backoff, and every attempt is logged", async () => {
    const { endpoint, sessionTypeId } = await givenEndpoint();
    answers = [500, 200];
    const booking = await book(sessionTypeId);

    await tick();
    expect(received).toHaveLength(1);
    expect(received[0]!.verified).toMatchObject({ type: "booking.created", data: { id: booking.id, status: "confirmed" } });
    const [delivery] = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(received[0]!.headers["webhook-id"]).toBe(delivery!.id);
    expect(received[0]!.headers["webhook-timestamp"]).toBe(String(clock.now().getTime() / 1000));

    // Not again before the first retry is due, however often the queue or the sweep runs.
    clock.advance(retryDelaysMs[0] - 1000);
    await tick();
    expect(received).toHaveLength(1);

    clock.advance(1000);
    await tick();
    expect(received).toHaveLength(2);
    expect(received[1]!.headers["webhook-id"]).toBe(delivery!.id);
    expect(received[1]!.headers["webhook-timestamp"]).toBe(String(clock.now().getTime() / 1000));

    const [after] = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, delivery!.id));
    expect(after).toMatchObject({ status: "succeeded", attempts: 2, lastResponseStatus: 200 });
    const log = (await attemptsOf(delivery!.id)).sort((a, b) => a.attemptedAt.getTime() - b.attemptedAt.getTime());
    expect(log.map((attempt) => [attempt.responseStatus, attempt.responseSnippet, attempt.error])).toEqual([
      [500, "receiver broke", "HTTP 500"],
      [200, "thanks", null],
    ]);

    await tick();
    clock.advance(60 * 60_000);
    await tick();
    expect(received).toHaveLength(2);
  });

  test("an endpoint failing for over a day is disabled when a delivery runs out of retries, and its owner is emailed", async () => {
    const { endpoint, user } = await givenEndpoint();
    answers = [500];
    await book((await database.db.query.sessionTypes.findFirst())!.id);

    await tick();
    for (const delay of retryDelaysMs) {
      clock.advance(delay);
      await tick();
    }
    expect(received).toHaveLength(retryDelaysMs.length + 1);
    expect(received.every((request) => request.verified)).toBe(true);

    const [stored] = await database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(stored).toMatchObject({ status: "disabled", disabledAt: clock.now() });
    const [delivery] = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(delivery).toMatchObject({ status: "failed", attempts: 8, nextAttemptAt: null });
    expect(await attemptsOf(delivery!.id)).toHaveLength(8);

    const mail = (await listOutbox(database.db)).filter((email) => email.to === user.email && email.subject.includes("webhook"));
    expect(mail.map((email) => email.subject)).toEqual(["A webhook endpoint was disabled after failing for a day"]);
    expect(mail[0]!.text).toContain(receiverUrl());

    // Nothing more goes to a disabled endpoint.
    clock.advance(24 * 60 * 60_000);
    await tick();
    expect(received).toHaveLength(8);
  });

  test("send test delivers a signed webhook.test; redeliver sends a past delivery again with the same webhook-id", async () => {
    const { endpoint, actor } = await givenEndpoint();
    const test = await sendTestWebhook(context(), actor, "specialist", endpoint.id);
    expect(test.ok).toBe(true);
    await drain();
    expect(received).toHaveLength(1);
    expect(received[0]!.verified).toMatchObject({ type: "webhook.test", data: { endpointId: endpoint.id } });

    clock.advance(60 * 60_000);
    const again = await redeliverWebhook(context(), actor, "specialist", endpoint.id, received[0]!.headers["webhook-id"]!);
    expect(again.ok).toBe(true);
    await drain();
    expect(received).toHaveLength(2);
    expect(received[1]!.headers["webhook-id"]).toBe(received[0]!.headers["webhook-id"]);
    expect(received[1]!.verified).toEqual(received[0]!.verified);

    const detail = await endpointDetail(context(), actor, "specialist", endpoint.id);
    if (!detail.ok) throw new Error(detail.message);
    expect(detail.deliveries).toHaveLength(1);
    expect(detail.deliveries[0]!.attempts.map((attempt) => attempt.responseStatus)).toEqual([200, 200]);
  });

  test("another specialist can neither test nor redeliver to an endpoint that isn't theirs", async () => {
    const { endpoint } = await givenEndpoint();
    const { user: stranger } = await givenSpecialist(database.db);
    const actor: WebhookActor = { userId: stranger.id, role: "specialist" };
    expect(await sendTestWebhook(context(), actor, "specialist", endpoint.id)).toMatchObject({ ok: false, reason: "not-found" });
    expect(await sendTestWebhook(context(), { userId: customer.id, role: "customer" }, "specialist", endpoint.id)).toMatchObject({
      ok: false,
      reason: "forbidden",
    });
    await drain();
    expect(received).toEqual([]);
  });
});
