import { and, inArray, lt, lte } from "drizzle-orm";
import { cronRuns, jobs, sessions } from "../db/schema";
import { strandedNotifications } from "../app/domain/notifications/notifications.server";
import { strandedRefunds } from "../app/domain/payments/refunds.server";
import { strandedWebhookEvents } from "../app/domain/webhooks/inbound-events.server";
import { strandedMeetings } from "../app/domain/video/stranded-meetings.server";
import type { JobContext } from "./context";

const day = 24 * 60 * 60 * 1000;
export const finishedJobRetentionMs = 7 * day;
export const cronRunRetentionMs = 30 * day;

export async function purgeExpiredSessions({ db, clock }: JobContext) {
  const result = await db.delete(sessions).where(lte(sessions.expiresAt, clock.now()));
  return { deleted: result.rowsAffected };
}

/** Failed jobs are kept for inspection; finished ones and old cron records are pruned. */
export async function pruneHistory({ db, clock }: JobContext) {
  const now = clock.now().getTime();
  const [doneJobs, oldRuns] = await db.batch([
    db.delete(jobs).where(and(inArray(jobs.status, ["done"]), lt(jobs.finishedAt, new Date(now - finishedJobRetentionMs)))),
    db.delete(cronRuns).where(lt(cronRuns.scheduledFor, new Date(now - cronRunRetentionMs))),
  ]);
  return { jobs: doneJobs.rowsAffected, cronRuns: oldRuns.rowsAffected };
}

/** Work stored but not queued for this long is presumed stranded by a crash between the two. */
export const strandedAfterMs = 2 * 60_000;
const requeueBatchSize = 200;

/**
 * Re-enqueues stored webhook events, notifications and refunds whose job was lost (on Workers a
 * crash can fall between the database write and the Queues send) or gave up (a provider down for
 * longer than the queue's retries), and the meeting jobs of bookings whose meeting isn't reconciled
 * with them. All four are idempotent, so a job that was merely slow and now runs twice changes nothing.
 */
export async function requeueStrandedWork(context: JobContext) {
  const [events, notificationIds, refundIds, meetingBookingIds] = await Promise.all([
    strandedWebhookEvents(context, strandedAfterMs, requeueBatchSize),
    strandedNotifications(context, strandedAfterMs, requeueBatchSize),
    strandedRefunds(context, strandedAfterMs, requeueBatchSize),
    strandedMeetings(context, strandedAfterMs, requeueBatchSize),
  ]);
  await Promise.all([
    ...events.map((webhookEventId) => context.queue.enqueue({ type: "webhook", webhookEventId })),
    ...notificationIds.map((notificationId) => context.queue.enqueue({ type: "notification", notificationId })),
    ...refundIds.map((refundId) => context.queue.enqueue({ type: "refund", refundId })),
    ...meetingBookingIds.map((bookingId) => context.queue.enqueue({ type: "meeting", bookingId })),
  ]);
  return {
    webhookEvents: events.length,
    notifications: notificationIds.length,
    refunds: refundIds.length,
    meetings: meetingBookingIds.length,
  };
}
