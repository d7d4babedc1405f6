// DESIGN.md §4.3–4.4 across real crashes: a child process takes a payment and is killed with
// SIGKILL right after its N-th database call, for every N until it survives. Then the provider
// retries (it never saw a 200) and a restarted server runs its queue and crons. Whatever N was,
// the booking ends confirmed with exactly one confirmation email.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { build } from "esbuild";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { bookingRules, bookings, jobs, notifications, outboxEmails, refunds, webhookEvents } from "../../../db/schema";
import { projectRoot } from "../../../scripts/processes";
import { claimNextJob, createDatabaseJobQueue, defaultLockMs, runClaimedJob } from "../../../server/job-queue";
import { createTestClock } from "../../../tests/clock";
import { processTestLimitMs } from "../../../tests/limits";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { runJob } from "../../../jobs";
import { requeueStrandedWork } from "../../../jobs/maintenance";
import { createOutboxMailer, createOutboxSmsSender } from "../../integrations/mail/outbox-mailer.server";
import { startCheckout } from "./checkout.server";
import type { NormalizedEvent } from "./payment-provider";
import { givenPendingBooking, startOfTest, testProvider } from "./payments.test-support";
import { receiveWebhook } from "./webhooks.server";

// The child is bundled once rather than run through tsx: each of the hundred-odd runs then starts
// in a third of the time. Inside node_modules, so its packages resolve as the source's do.
const child = join(projectRoot, "node_modules", ".cache", "crash-recovery", "payment-child.mjs");
beforeAll(async () => {
  await build({
    entryPoints: [join(projectRoot, "tests", "crash", "payment-child.ts")],
    outfile: child,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "error",
  });
});
const databases: TestDatabase[] = [];
afterEach(() => databases.splice(0).forEach((database) => database.cleanup()));

type Scenario = "receive" | "receive-and-run" | "cancel-and-run";

/** Runs the child, which kills itself after database call `killAfter` or finishes and says how many calls it made. */
function runChild(url: string, killAfter: number, scenario: Scenario, input: unknown, now: Date) {
  return new Promise<{ killed: true } | { killed: false; calls: number }>((resolve, reject) => {
    const process = spawn(
      globalThis.process.execPath,
      [child, url, String(killAfter), scenario, JSON.stringify(input), String(now.getTime())],
      {
        cwd: projectRoot,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    process.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    process.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    process.once("error", reject);
    process.once("exit", (code, signal) => {
      const calls = /finished after (\d+) database calls/.exec(output)?.[1];
      if (signal === "SIGKILL") resolve({ killed: true });
      else if (code === 0 && calls) resolve({ killed: false, calls: Number(calls) });
      else reject(new Error(`The child failed (exit ${code}):\n${output}`));
    });
  });
}

/**
 * Counts the database calls of an undisturbed run, then kills a fresh run after each of them
 * (a few processes at a time, each on its own database) and checks what the survivors make of it.
 */
async function atEveryKillPoint(
  scenario: Scenario,
  prepare: () => Promise<{ given: Given; input: unknown }>,
  check: (given: Given, killAfter: number) => Promise<void>,
) {
  const undisturbed = await prepare();
  const run = await runChild(
    undisturbed.given.database.url,
    Number.MAX_SAFE_INTEGER,
    scenario,
    undisturbed.input,
    undisturbed.given.clock.now(),
  );
  if (run.killed) throw new Error("The undisturbed run was killed");
  const killPoints = Array.from({ length: run.calls }, (_, index) => index + 1);
  const workers = Array.from({ length: 3 }, async () => {
    for (let killAfter = killPoints.shift(); killAfter !== undefined; killAfter = killPoints.shift()) {
      const { given, input } = await prepare();
      expect(await runChild(given.database.url, killAfter, scenario, input, given.clock.now())).toEqual({ killed: true });
      await check(given, killAfter);
    }
  });
  await Promise.all(workers);
  return run.calls;
}

/** The checkout, with the event that pays it as the child's input. */
async function checkoutToPay() {
  const given = await givenCheckout();
  return { given, input: given.event };
}

async function givenCheckout() {
  const database = await createTestDatabase();
  databases.push(database);
  const clock = createTestClock(startOfTest);
  const { booking, customer } = await givenPendingBooking(database.db, clock);
  const queue = createDatabaseJobQueue(database.db, clock);
  const payments = testProvider(clock);
  const context = {
    db: database.db,
    clock,
    queue,
    payments,
    mailer: createOutboxMailer(database.db),
    sms: createOutboxSmsSender(database.db),
    origin: "http://localhost",
  };
  const started = await startCheckout(context, { bookingId: booking.id, customerId: customer.id, origin: "http://localhost" });
  if (!started.ok) throw new Error(started.message);
  const checkoutId = started.url.split("/pay/test/")[1]!;
  const event: NormalizedEvent = {
    eventId: `evt_paid_${checkoutId}`,
    type: "checkout.completed",
    checkoutId,
    paymentId: `pi_${checkoutId}`,
    amountMinor: booking.priceMinor,
    currency: booking.currency,
    occurredAt: clock.now(),
  };
  return { database, clock, context, booking, customer, event };
}

type Given = Awaited<ReturnType<typeof givenCheckout>>;

/** The provider's retry of a delivery it never saw acknowledged. */
async function redeliver({ context, event }: Given) {
  const request = await context.payments.signedWebhookRequest(event, "http://localhost");
  expect(await receiveWebhook(context, context.payments, request)).toMatchObject({ status: 200 });
}

/** What a restarted server does: run every due job. */
async function runDueJobs({ context }: Given) {
  for (let job = await claimNextJob(context.db, context.clock); job; job = await claimNextJob(context.db, context.clock)) {
    await runClaimedJob({ db: context.db, clock: context.clock, pollIntervalMs: 1000, handle: (payload) => runJob(context, payload) }, job);
  }
}

/** A restarted server over the next minutes: due jobs once locks lapse, and the every-minute sweeper. */
async function restartAndRunFor(given: Given, minutes: number) {
  given.clock.advance(defaultLockMs + 1000);
  await runDueJobs(given);
  for (let minute = 0; minute < minutes; minute++) {
    given.clock.advance(60_000);
    await requeueStrandedWork(given.context);
    await runDueJobs(given);
  }
}

async function outcome({ database, booking, customer }: Given) {
  const [row] = await database.db.select({ status: bookings.status }).from(bookings).where(eq(bookings.id, booking.id));
  const mails = await database.db.select({ template: outboxEmails.template }).from(outboxEmails).where(eq(outboxEmails.to, customer.email));
  return { status: row?.status, mails: mails.map((mail) => mail.template).sort() };
}

// Each run spawns a process, dozens per test: twice the usual limit for process-level tests.
describe("a payment survives the server being killed at any point", { timeout: 2 * processTestLimitMs }, () => {
  test("receiving: the stored event always has its job, and the provider's retry completes the payment", async () => {
    const calls = await atEveryKillPoint("receive", checkoutToPay, async (given, killAfter) => {
      // Stored and enqueued are one write: never an event without its job.
      const stored = await given.database.db.select({ id: webhookEvents.id }).from(webhookEvents);
      const queued = await given.database.db.select({ payload: jobs.payload }).from(jobs);
      expect(queued.map((job) => (job.payload as { webhookEventId?: string }).webhookEventId)).toEqual(stored.map((event) => event.id));

      await redeliver(given);
      await runDueJobs(given);
      expect(await outcome(given), `killed after database call ${killAfter}`).toEqual({
        status: "confirmed",
        mails: ["booking-paid-confirmed", "booking-payment-received"],
      });
    });
    expect(calls).toBeGreaterThan(0);
  });

  test("receiving and processing: confirmed with exactly one confirmation email; a dead process's job is taken over within the lock", async () => {
    const calls = await atEveryKillPoint("receive-and-run", checkoutToPay, async (given, killAfter) => {
      await redeliver(given);
      // A job the dead process had claimed runs again once its lock lapses, not minutes later.
      given.clock.advance(defaultLockMs + 1000);
      await runDueJobs(given);
      expect((await outcome(given)).status, `killed after database call ${killAfter}`).toBe("confirmed");
      // A notice the dead process was delivering waits for its own lease; the sweeper finds it.
      await restartAndRunFor(given, 5);
      expect(await outcome(given), `killed after database call ${killAfter}`).toEqual({
        status: "confirmed",
        mails: ["booking-paid-confirmed", "booking-payment-received"],
      });
      const statuses = await given.database.db
        .select({ kind: notifications.kind, channel: notifications.channel, status: notifications.status })
        .from(notifications)
        .orderBy(notifications.kind, notifications.channel);
      expect(statuses).toEqual([
        { kind: "booking-new", channel: "email", status: "sent" },
        { kind: "booking-new", channel: "in_app", status: "sent" },
        { kind: "booking-paid-confirmed", channel: "email", status: "sent" },
        { kind: "booking-paid-confirmed", channel: "in_app", status: "sent" },
        { kind: "booking-payment-received", channel: "email", status: "sent" },
      ]);
    });
    expect(calls).toBeGreaterThan(5);
  });

  test("cancelling a paid booking: either not cancelled, or cancelled with the policy's refund done", async () => {
    const paidBooking = async () => {
      const given = await givenCheckout();
      // Late cancellations get half back, and this one is late (the session starts in 21 hours).
      await given.database.db
        .update(bookingRules)
        .set({ lateCancellationRefundPercent: 50 })
        .where(eq(bookingRules.specialistId, given.booking.specialistId));
      await redeliver(given);
      await runDueJobs(given);
      expect((await outcome(given)).status).toBe("confirmed");
      return { given, input: { bookingId: given.booking.id, customerId: given.customer.id } };
    };
    const endings = new Set<string>();
    const calls = await atEveryKillPoint("cancel-and-run", paidBooking, async (given, killAfter) => {
      await restartAndRunFor(given, 5);
      const { status } = await outcome(given);
      const done = await given.database.db
        .select({ amountMinor: refunds.amountMinor, status: refunds.status, reason: refunds.reason })
        .from(refunds)
        .where(eq(refunds.bookingId, given.booking.id));
      endings.add(String(status));
      if (status === "confirmed") expect(done, `killed after database call ${killAfter}`).toEqual([]);
      else {
        expect(status, `killed after database call ${killAfter}`).toBe("cancelled");
        expect(done, `killed after database call ${killAfter}`).toEqual([{ amountMinor: 5_000, status: "succeeded", reason: "cancelled" }]);
      }
    });
    expect(calls).toBeGreaterThan(3);
    expect([...endings].sort()).toEqual(["cancelled", "confirmed"]);
  });
});
