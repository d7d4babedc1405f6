// The server's part of taking or refunding a payment, run in a child process that kills itself
// after its N-th database call (see crashing-database.ts). Usage:
//   node <payment-child bundled> <database url> <N> <scenario> <input json> <now ms>
// receive:          the webhook route's work for the event in <input json>
// receive-and-run:  that, then the queue until it is empty
// cancel-and-run:   the customer cancels ({ bookingId, customerId }), then the queue runs
import { cancelBooking } from "../../app/domain/booking/change-booking.server";
import { createTestPaymentProvider } from "../../app/domain/payments/test-provider.server";
import { receiveWebhook } from "../../app/domain/payments/webhooks.server";
import { createOutboxMailer, createOutboxSmsSender } from "../../app/integrations/mail/outbox-mailer.server";
import { claimNextJob, createDatabaseJobQueue, runClaimedJob } from "../../server/job-queue";
import { runJob } from "../../jobs";
import { openCrashingDatabase } from "./crashing-database";

const [url, killAfter, scenario, inputJson, nowMs] = process.argv.slice(2);
const { db, calls } = openCrashingDatabase(url!, Number(killAfter));
const now = new Date(Number(nowMs));
const clock = { now: () => now };
const input = JSON.parse(inputJson!) as Record<string, unknown>;

const payments = createTestPaymentProvider({ env: {}, clock });
const queue = createDatabaseJobQueue(db, clock);
const context = { db, clock, queue, payments, mailer: createOutboxMailer(db), sms: createOutboxSmsSender(db), origin: "http://localhost" };

async function runQueue() {
  for (let job = await claimNextJob(db, clock); job; job = await claimNextJob(db, clock)) {
    await runClaimedJob({ db, clock, pollIntervalMs: 1000, handle: (payload) => runJob(context, payload) }, job);
  }
}

if (scenario === "receive" || scenario === "receive-and-run") {
  const event = { ...input, occurredAt: new Date(String(input.occurredAt)) } as Parameters<typeof payments.signedWebhookRequest>[0];
  const received = await receiveWebhook(context, payments, await payments.signedWebhookRequest(event, "http://localhost"));
  if (received.status !== 200) throw new Error(`The event was refused: ${received.message}`);
  if (scenario === "receive-and-run") await runQueue();
} else if (scenario === "cancel-and-run") {
  const { bookingId, customerId } = input as { bookingId: string; customerId: string };
  const cancelled = await cancelBooking(context, { actorUserId: customerId, bookingId, reason: "Plans changed" });
  if (!cancelled.ok) throw new Error(`The cancellation was refused: ${cancelled.message}`);
  await runQueue();
} else {
  throw new Error(`Unknown scenario ${scenario}`);
}
// Reaching here means the process outlived every call: the parent stops trying larger N.
console.log(`finished after ${calls()} database calls`);
