// What /admin/operations shows and does (issue #12 item 4): the work that failed — queued jobs,
// webhook events and notifications, each with its error — and a retry that hands one back to the
// path that already processes it (ADR 0021). A retry is one batch: its audit row, guarded on the
// item still failed as the admin saw it, then the reset and the job, both conditioned on that row,
// so a double click or two admins at once retry once.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, count, desc, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import * as z from "zod";
import { jobs, notifications, users, webhookEvents } from "../../../db/schema";
import { writeWithJobs, type JobInWrite } from "../../lib/write-with-jobs.server";
import { auditedWrite } from "./audit.server";

export const failedKinds = ["job", "webhook", "notification"] as const;
export type FailedKind = (typeof failedKinds)[number];

/** How many of each kind the page lists (newest first); the counts cover all of them. */
export const failedListLimit = 100;

type ReadContext = Pick<AppLoadContext, "db">;
type WriteContext = Pick<AppLoadContext, "db" | "clock" | "queue">;

// A failed webhook event is one not processed whose last run threw; a retry clears its error.
const webhookFailed = and(isNull(webhookEvents.processedAt), isNotNull(webhookEvents.lastError));

/** Everything that failed, newest first per kind, with the counts; null when the viewer isn't an admin. */
export async function failedWork(context: ReadContext, viewer: { role: string }) {
  if (viewer.role !== "admin") return null;
  const { db } = context;
  const [jobCount, webhookCount, notificationCount, failedJobs, failedWebhooks, failedNotifications] = await db.batch([
    db.select({ n: count() }).from(jobs).where(eq(jobs.status, "failed")),
    db.select({ n: count() }).from(webhookEvents).where(webhookFailed),
    db.select({ n: count() }).from(notifications).where(eq(notifications.status, "failed")),
    db
      .select({
        id: jobs.id,
        type: jobs.type,
        payload: jobs.payload,
        attempts: jobs.attempts,
        lastError: jobs.lastError,
        failedAt: jobs.finishedAt,
        createdAt: jobs.createdAt,
      })
      .from(jobs)
      .where(eq(jobs.status, "failed"))
      .orderBy(desc(sql`coalesce(${jobs.finishedAt}, ${jobs.createdAt})`), desc(jobs.id))
      .limit(failedListLimit),
    db
      .select({
        id: webhookEvents.id,
        provider: webhookEvents.provider,
        type: webhookEvents.type,
        eventId: webhookEvents.eventId,
        attempts: webhookEvents.attempts,
        lastError: webhookEvents.lastError,
        receivedAt: webhookEvents.receivedAt,
      })
      .from(webhookEvents)
      .where(webhookFailed)
      .orderBy(desc(webhookEvents.receivedAt), desc(webhookEvents.id))
      .limit(failedListLimit),
    db
      .select({
        id: notifications.id,
        kind: notifications.kind,
        channel: notifications.channel,
        subjectType: notifications.subjectType,
        subjectId: notifications.subjectId,
        recipientName: users.name,
        recipientEmail: users.email,
        attempts: notifications.attempts,
        lastError: notifications.lastError,
        sendAt: notifications.sendAt,
      })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .where(eq(notifications.status, "failed"))
      .orderBy(desc(notifications.sendAt), desc(notifications.id))
      .limit(failedListLimit),
  ]);
  return {
    counts: { job: jobCount[0]?.n ?? 0, webhook: webhookCount[0]?.n ?? 0, notification: notificationCount[0]?.n ?? 0 },
    jobs: failedJobs.map((job) => ({ ...job, payload: JSON.stringify(job.payload) })),
    webhooks: failedWebhooks,
    notifications: failedNotifications,
  };
}

export type FailedWork = NonNullable<Awaited<ReturnType<typeof failedWork>>>;

export const retrySchema = z.object({
  kind: z.enum(failedKinds, { error: "Choose a job, a webhook event or a notification." }),
  id: z.string({ error: "Which one?" }).trim().min(1, "Which one?").max(100, "That isn't an id."),
});

export type RetryFailure = "invalid-input" | "not-allowed" | "not-found" | "not-failed";
export const retryFailureStatus: Record<RetryFailure, number> = {
  "invalid-input": 400,
  "not-allowed": 403,
  "not-found": 404,
  "not-failed": 409,
};
export type RetryResult = { ok: true; kind: FailedKind } | { ok: false; reason: RetryFailure; message: string };

const notFailedMessage = "It isn't failed any more (retried already, or it went through); reload to see.";

/** What one retry writes: the item as the admin saw it (the guard), its reset, and the job that runs it again. */
interface RetryPlan {
  subjectType: string;
  before: { attempts: number; lastError: string | null };
  guard: SQL;
  reset: (audited: SQL) => BatchItem<"sqlite">;
  job: JobMessage | null;
}
type JobMessage = JobInWrite["message"];

/**
 * An admin sends one failed item back through the path that processes it: a failed job back to
 * the queue it failed in, a webhook event's and a notification's own job enqueued again. Each
 * starts again with a fresh count of attempts. Writes one audit row (`<kind>.retry`).
 */
export async function retryFailed(context: WriteContext, input: { actorUserId: string; kind: unknown; id: unknown }): Promise<RetryResult> {
  const parsed = retrySchema.safeParse({ kind: input.kind, id: input.id });
  if (!parsed.success) return { ok: false, reason: "invalid-input", message: parsed.error.issues[0]?.message ?? "Check the form." };
  const { kind, id } = parsed.data;
  const { db } = context;
  const admin = await db.query.users.findFirst({ where: eq(users.id, input.actorUserId) });
  if (!admin || admin.role !== "admin" || admin.status !== "active") {
    return { ok: false, reason: "not-allowed", message: "Only admins retry failed work." };
  }
  const now = context.clock.now();
  const plan = await planRetry(context, kind, id, now);
  if (plan === "not-found") return { ok: false, reason: "not-found", message: `There's no ${kindLabels[kind]} with that id.` };
  if (plan === "not-failed") return { ok: false, reason: "not-failed", message: notFailedMessage };

  const audit = auditedWrite(
    db,
    {
      actorId: admin.id,
      action: `${kind}.retry`,
      subjectType: plan.subjectType,
      subjectId: id,
      before: { status: "failed", ...plan.before },
      after: { status: "queued", attempts: 0, lastError: null },
      at: now,
    },
    plan.guard,
  );
  await writeWithJobs(context, [audit.insert, plan.reset(audit.audited)], plan.job ? [{ message: plan.job, when: audit.audited }] : []);
  if (!(await audit.wasWritten())) return { ok: false, reason: "not-failed", message: notFailedMessage };
  return { ok: true, kind };
}

const kindLabels: Record<FailedKind, string> = { job: "job", webhook: "webhook event", notification: "notification" };

async function planRetry(context: WriteContext, kind: FailedKind, id: string, now: Date): Promise<RetryPlan | "not-found" | "not-failed"> {
  const { db } = context;
  switch (kind) {
    case "job": {
      const job = await db.query.jobs.findFirst({ where: eq(jobs.id, id) });
      if (!job) return "not-found";
      if (job.status !== "failed") return "not-failed";
      return {
        subjectType: "job",
        before: { attempts: job.attempts, lastError: job.lastError },
        guard: sql`exists (select 1 from ${jobs} where ${jobs.id} = ${id} and ${jobs.status} = 'failed' and ${jobs.attempts} = ${job.attempts})`,
        // Only the Node queue keeps jobs as rows, and there the row is the queue: queued again, the
        // poller runs it as it runs any job. (Cloudflare's failed messages go to the dead-letter queue.)
        reset: (audited) =>
          db
            .update(jobs)
            .set({ status: "queued", attempts: 0, runAt: now, lockedUntil: null, finishedAt: null, lastError: null })
            .where(and(eq(jobs.id, id), audited)),
        job: null,
      };
    }
    case "webhook": {
      const event = await db.query.webhookEvents.findFirst({ where: eq(webhookEvents.id, id) });
      if (!event) return "not-found";
      if (event.processedAt || event.lastError === null) return "not-failed";
      return {
        subjectType: "webhook_event",
        before: { attempts: event.attempts, lastError: event.lastError },
        guard: sql`exists (select 1 from ${webhookEvents} where ${webhookEvents.id} = ${id} and ${webhookEvents.processedAt} is null
          and ${webhookEvents.lastError} is not null and ${webhookEvents.attempts} = ${event.attempts})`,
        // A fresh count also puts it back in the stranded-work sweeper's reach, should the send be lost.
        reset: (audited) =>
          db
            .update(webhookEvents)
            .set({ attempts: 0, lastError: null })
            .where(and(eq(webhookEvents.id, id), audited)),
        job: { type: "webhook", webhookEventId: id },
      };
    }
    case "notification": {
      const notice = await db.query.notifications.findFirst({ where: eq(notifications.id, id) });
      if (!notice) return "not-found";
      if (notice.status !== "failed") return "not-failed";
      return {
        subjectType: "notification",
        before: { attempts: notice.attempts, lastError: notice.lastError },
        guard: sql`exists (select 1 from ${notifications} where ${notifications.id} = ${id} and ${notifications.status} = 'failed'
          and ${notifications.attempts} = ${notice.attempts})`,
        reset: (audited) =>
          db
            .update(notifications)
            .set({ status: "queued", attempts: 0, lockedUntil: null, lastError: null })
            .where(and(eq(notifications.id, id), audited)),
        job: { type: "notification", notificationId: id },
      };
    }
  }
}
