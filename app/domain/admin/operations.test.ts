import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { auditLog, jobs, notifications, outboxEmails, refunds, users as actorTable, webhookEvents } from "../../../db/schema";
import { runJob } from "../../../jobs";
import { claimNextJob, createDatabaseJobQueue, runClaimedJob } from "../../../server/job-queue";
import { createTestClock } from "../../../tests/clock";
import { expectConsoleError } from "../../../tests/console";
import { startStripeStandIn, type StripeStandIn } from "../../../tests/stand-ins/stripe";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { ProviderError } from "../../integrations/provider-error";
import { cancelBooking } from "../booking/change-booking.server";
import { deliverNotification } from "../notifications/notifications.server";
import { paidConfirmed, record } from "../notifications/notifications.test-support";
import { drain, jobContext, recordingQueue } from "../payments/payments.test-support";
import { stripeApp } from "../payments/stripe.test-support";
import { failedWork, retryFailed } from "./operations.server";

let standIn: StripeStandIn;
let database: TestDatabase;
beforeAll(async () => {
  standIn = await startStripeStandIn();
});
afterAll(async () => {
  await standIn.close();
});
beforeEach(async () => {
  database = await createTestDatabase();
  standIn.setWebhookDelivery("immediate");
  standIn.setRefundOutcome("succeeded");
  standIn.clearFailures();
});
afterEach(async () => {
  // Stripe's events about the last refunds arrive after the test; they must find its database open.
  await standIn.idle();
  database.cleanup();
});

const admin = { role: "admin" };
const auditRows = () => database.db.select().from(auditLog);
const eventRow = async (id: string) => (await database.db.select().from(webhookEvents).where(eq(webhookEvents.id, id)))[0]!;

/**
 * A customer cancels a booking they are paying for, then pays: the payment's webhook refunds it,
 * and that refund fails while Stripe answers 500 — so the event's processing fails with its error.
 */
async function paidAfterCancelWhileStripeIsDown(world: Awaited<ReturnType<typeof stripeApp>>) {
  const { booking, cookie, customer } = await world.pendingBooking();
  const { sessionId } = await world.startCheckout(booking.id, cookie);
  const cancelled = await cancelBooking(world.jobContext, { bookingId: booking.id, actorUserId: customer.id, reason: "Plans changed" });
  if (!cancelled.ok) throw new Error(cancelled.message);
  // The SDK tries each call twice.
  standIn.failNext(2, { status: 500, type: "api_error", message: "Stripe is having a moment" });
  await standIn.completeSession(sessionId);
  const [event] = await database.db.select().from(webhookEvents).where(eq(webhookEvents.type, "checkout.session.completed"));
  return { booking, event: event! };
}

describe("a failed webhook event", () => {
  test("is listed with its error; a retry runs it through its job again and it ends processed, the refund done", async () => {
    expectConsoleError(/failed at the provider/);
    const world = await stripeApp(database, standIn);
    const { booking, event } = await paidAfterCancelWhileStripeIsDown(world);
    await expect(world.runJobs()).rejects.toThrow(/Refund of payment/);
    standIn.clearFailures();

    const failed = (await failedWork({ db: database.db }, admin))!;
    expect(failed.counts).toEqual({ job: 0, webhook: 1, notification: 0 });
    expect(failed.webhooks).toEqual([
      expect.objectContaining({
        id: event.id,
        type: "checkout.session.completed",
        attempts: 1,
        lastError: expect.stringContaining("Refund"),
      }),
    ]);

    const actor = await createUser(database.db, { role: "admin" });
    expect(await retryFailed(world.jobContext, { actorUserId: actor.id, kind: "webhook", id: event.id })).toEqual({
      ok: true,
      kind: "webhook",
    });
    await world.runJobs();

    expect(await eventRow(event.id)).toMatchObject({ processedAt: expect.any(Date), lastError: null });
    const [refund] = await database.db.select().from(refunds).where(eq(refunds.bookingId, booking.id));
    expect(refund).toMatchObject({ status: "succeeded", amountMinor: 10_000 });
    expect((await failedWork({ db: database.db }, admin))!.counts).toEqual({ job: 0, webhook: 0, notification: 0 });
    const [audit] = await auditRows();
    expect(audit).toMatchObject({
      actorId: actor.id,
      action: "webhook.retry",
      subjectId: event.id,
      before: { status: "failed", attempts: 1, lastError: expect.stringContaining("Refund") },
    });
  });

  test("retried twice at once, or again after the first, is retried once and audited once", async () => {
    expectConsoleError(/failed at the provider/);
    const world = await stripeApp(database, standIn);
    const { event } = await paidAfterCancelWhileStripeIsDown(world);
    await world.runJobs().catch(() => undefined);
    const actor = await createUser(database.db, { role: "admin" });
    const sent: unknown[] = [];
    const context = { db: database.db, clock: world.clock, queue: recordingQueue(sent as never[]).queue };
    const retry = () => retryFailed(context, { actorUserId: actor.id, kind: "webhook", id: event.id });
    const results = await Promise.all([retry(), retry()]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toMatchObject({ reason: "not-failed" });
    expect(await retry()).toMatchObject({ ok: false, reason: "not-failed" });
    expect(await auditRows()).toHaveLength(1);
    expect(sent).toEqual([{ type: "webhook", webhookEventId: event.id }]);
  });
});

describe("a failed job (the Node queue)", () => {
  test("goes back to the queue and runs again: the webhook event it carries ends processed, and can't be retried on its own then", async () => {
    expectConsoleError(/failed at the provider/);
    const world = await stripeApp(database, standIn);
    const queue = createDatabaseJobQueue(database.db, world.clock);
    const jobsContext = { ...world.jobContext, queue };
    const worker = {
      db: database.db,
      clock: world.clock,
      pollIntervalMs: 1000,
      handle: (payload: unknown) => runJob(jobsContext, payload),
    };
    const runQueue = async () => {
      for (let job = await claimNextJob(database.db, world.clock); job; job = await claimNextJob(database.db, world.clock)) {
        await runClaimedJob(worker, job);
      }
    };
    const { event } = await paidAfterCancelWhileStripeIsDown(world);
    // The webhook route's job, in the durable queue, with one attempt so its first failure is final.
    for (const message of world.app.enqueued.splice(0)) await queue.enqueue(message);
    await database.db.update(jobs).set({ maxAttempts: 1 });
    await runQueue();
    standIn.clearFailures();

    const failed = (await failedWork({ db: database.db }, admin))!;
    expect(failed.counts).toMatchObject({ job: 1, webhook: 1 });
    const [job] = failed.jobs;
    expect(job).toMatchObject({ type: "webhook", lastError: expect.stringContaining("Refund of payment"), failedAt: expect.any(Date) });
    expect(job!.payload).toContain(event.id);

    const actor = await createUser(database.db, { role: "admin" });
    expect(await retryFailed(jobsContext, { actorUserId: actor.id, kind: "job", id: job!.id })).toEqual({ ok: true, kind: "job" });
    expect(await retryFailed(jobsContext, { actorUserId: actor.id, kind: "job", id: job!.id })).toMatchObject({ reason: "not-failed" });
    await runQueue();

    expect((await database.db.select().from(jobs).where(eq(jobs.id, job!.id)))[0]).toMatchObject({ status: "done" });
    expect(await eventRow(event.id)).toMatchObject({ processedAt: expect.any(Date), lastError: null });
    expect((await failedWork({ db: database.db }, admin))!.counts).toEqual({ job: 0, webhook: 0, notification: 0 });
    expect(await retryFailed(jobsContext, { actorUserId: actor.id, kind: "webhook", id: event.id })).toMatchObject({
      ok: false,
      reason: "not-failed",
    });
    expect((await auditRows()).map((row) => row.action)).toEqual(["job.retry"]);
  });
});

describe("a failed notification", () => {
  const clock = createTestClock();

  async function failedNotice() {
    const user = await createUser(database.db, { email: "told@example.test" });
    await record(database.db, clock, paidConfirmed(user.id, "booking-1"));
    const [notice] = await database.db.select().from(notifications).where(eq(notifications.channel, "email"));
    const refusing = {
      ...jobContext(database.db, clock),
      mailer: {
        name: "refusing",
        send: () => Promise.reject(new ProviderError("The from address does not match a verified Sender Identity", { permanent: true })),
      },
    };
    expect(await deliverNotification(refusing, notice!.id)).toBe("failed");
    return notice!;
  }

  test("is listed with its error; a retry sends it through its job", async () => {
    const notice = await failedNotice();
    const failed = (await failedWork({ db: database.db }, admin))!;
    expect(failed.counts.notification).toBe(1);
    expect(failed.notifications).toEqual([
      expect.objectContaining({
        id: notice.id,
        kind: "booking-paid-confirmed",
        channel: "email",
        recipientEmail: "told@example.test",
        lastError: expect.stringContaining("verified Sender Identity"),
      }),
    ]);
    const actor = await createUser(database.db, { role: "admin" });
    const sent: Parameters<typeof drain>[0] = [];
    const jobs = jobContext(database.db, clock, sent);
    expect(await retryFailed(jobs, { actorUserId: actor.id, kind: "notification", id: notice.id })).toEqual({
      ok: true,
      kind: "notification",
    });
    await drain(sent, jobs);
    const [row] = await database.db.select().from(notifications).where(eq(notifications.id, notice.id));
    expect(row).toMatchObject({ status: "sent", lastError: null });
    expect(await database.db.select().from(outboxEmails).where(eq(outboxEmails.to, "told@example.test"))).toHaveLength(1);
    expect((await auditRows()).map((audit) => audit.action)).toEqual(["notification.retry"]);
  });

  test("bad input, a non-admin, an unknown id or an item that isn't failed are refused and write nothing", async () => {
    const notice = await failedNotice();
    const actor = await createUser(database.db, { role: "admin" });
    const customer = await createUser(database.db);
    const sent: Parameters<typeof drain>[0] = [];
    const context = jobContext(database.db, clock, sent);
    const retry = (actorUserId: string, kind: unknown, id: unknown) => retryFailed(context, { actorUserId, kind, id });
    expect(await retry(actor.id, "refund", notice.id)).toMatchObject({ ok: false, reason: "invalid-input" });
    expect(await retry(actor.id, "notification", "")).toMatchObject({ ok: false, reason: "invalid-input" });
    expect(await retry(customer.id, "notification", notice.id)).toMatchObject({ ok: false, reason: "not-allowed" });
    expect(await retry(actor.id, "notification", "no-such-notification")).toMatchObject({ ok: false, reason: "not-found" });
    expect(await retry(actor.id, "job", "no-such-job")).toMatchObject({ ok: false, reason: "not-found" });
    expect(await retry(actor.id, "webhook", "no-such-event")).toMatchObject({ ok: false, reason: "not-found" });
    const [inApp] = await database.db.select().from(notifications).where(eq(notifications.channel, "in_app"));
    expect(await retry(actor.id, "notification", inApp!.id)).toMatchObject({ ok: false, reason: "not-failed" });
    await database.db.update(actorTable).set({ status: "suspended" }).where(eq(actorTable.id, actor.id));
    expect(await retry(actor.id, "notification", notice.id)).toMatchObject({ ok: false, reason: "not-allowed" });
    expect(await auditRows()).toEqual([]);
    expect(sent).toEqual([]);
    expect((await database.db.select().from(notifications).where(eq(notifications.id, notice.id)))[0]).toMatchObject({ status: "failed" });
    expect(await failedWork({ db: database.db }, { role: "customer" })).toBeNull();
  });
});
