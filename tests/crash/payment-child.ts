// The server's part of taking a payment, run in a child process that kills itself after its N-th
// database call (see crashing-database.ts). Usage:
//   tsx tests/crash/payment-child.ts <database url> <N> <receive|receive-and-run> <event json> <now ms>
// "receive" is the webhook route's work; "receive-and-run" also runs the queue until it is empty.
import { createTestPaymentProvider } from "../../app/domain/payments/test-provider.server";
import { receiveWebhook } from "../../app/domain/payments/webhooks.server";
import { createOutboxMailer } from "../../app/integrations/mail/outbox-mailer.server";
import { claimNextJob, createDatabaseJobQueue, runClaimedJob } from "../../server/job-queue";
import { runJob } from "../../workers/jobs";
import { openCrashingDatabase } from "./crashing-database";

const [url, killAfter, mode, eventJson, nowMs] = process.argv.slice(2);
const { db, calls } = openCrashingDatabase(url!, Number(killAfter));
const now = new Date(Number(nowMs));
const clock = { now: () => now };
const event = JSON.parse(eventJson!) as Parameters<ReturnType<typeof createTestPaymentProvider>["signedWebhookRequest"]>[0];
event.occurredAt = new Date(event.occurredAt);

const payments = createTestPaymentProvider({ env: {}, clock });
const queue = createDatabaseJobQueue(db, clock);
const context = { db, clock, queue, payments, mailer: createOutboxMailer(db) };

const received = await receiveWebhook(context, payments, await payments.signedWebhookRequest(event, "http://localhost"));
if (received.status !== 200) throw new Error(`The event was refused: ${received.message}`);
if (mode === "receive-and-run") {
  for (let job = await claimNextJob(db, clock); job; job = await claimNextJob(db, clock)) {
    await runClaimedJob({ db, clock, pollIntervalMs: 1000, handle: (payload) => runJob(context, payload) }, job);
  }
}
// Reaching here means the process outlived every call: the parent stops trying larger N.
console.log(`finished after ${calls()} database calls`);
