import { sql } from "drizzle-orm";
import { cronRuns } from "../db/schema";
import type { JobQueue } from "../load-context";
import { PermanentJobError, type JobContext } from "./context";
import { pruneRateLimitHits } from "../app/security/rate-limit.server";
import { advancePassedOpenTimes, extendAllHorizons } from "../app/domain/availability/slots.server";
import { completeFinishedBookings, expireHolds } from "../app/domain/booking/holds.server";
import { detectSpecialistNoShows } from "../app/domain/booking/session.server";
import { refreshFxRates } from "../app/domain/fx/fx-rates.server";
import { pruneNotifications } from "../app/domain/notifications/center.server";
import { sendReminders } from "../app/domain/notifications/reminders.server";
import { enqueueDueCalendarSyncs } from "../app/domain/calendar/calendar-sync.server";
import { enqueueDueDeliveries } from "../app/domain/outgoing-webhooks/delivery.server";
import { appEnvSchema } from "../app/env.server";
import { pruneHistory, purgeExpiredSessions, requeueStrandedWork } from "./maintenance";

/** Cron expressions, in UTC. wrangler.toml's [triggers] crons must list the same strings. */
export const cronSchedules = {
  everyMinute: "* * * * *",
  daily: "0 3 * * *",
} as const;

export interface CronTask {
  name: string;
  schedule: (typeof cronSchedules)[keyof typeof cronSchedules];
  run(context: JobContext): Promise<unknown>;
}

export const cronTasks: readonly CronTask[] = [
  { name: "purge-expired-sessions", schedule: cronSchedules.everyMinute, run: purgeExpiredSessions },
  { name: "prune-history", schedule: cronSchedules.daily, run: pruneHistory },
  {
    name: "prune-rate-limit-hits",
    schedule: cronSchedules.daily,
    run: ({ db, clock }) => pruneRateLimitHits(db, clock.now()),
  },
  { name: "extend-slot-horizons", schedule: cronSchedules.daily, run: extendAllHorizons },
  { name: "prune-notifications", schedule: cronSchedules.daily, run: pruneNotifications },
  // 03:00 UTC: the ECB publishes around 16:00 CET on working days, so this takes the latest day's rates.
  { name: "refresh-fx-rates", schedule: cronSchedules.daily, run: refreshFxRatesTask },
  { name: "expire-holds", schedule: cronSchedules.everyMinute, run: expireHolds },
  { name: "complete-bookings", schedule: cronSchedules.everyMinute, run: completeFinishedBookings },
  // Zoom sessions the specialist never joined, refunded in full (docs/decisions/0027-session-page-and-no-shows.md).
  {
    name: "detect-specialist-no-shows",
    schedule: cronSchedules.everyMinute,
    run: (context) => detectSpecialistNoShows(context, { webhooksConfigured: Boolean(context.env?.ZOOM_WEBHOOK_SECRET_TOKEN) }),
  },
  { name: "requeue-stranded-work", schedule: cronSchedules.everyMinute, run: requeueStrandedWork },
  { name: "send-reminders", schedule: cronSchedules.everyMinute, run: sendReminders },
  // The directory's next open times move on as they pass (docs/decisions/0010-listing-read-model.md).
  { name: "advance-passed-open-times", schedule: cronSchedules.everyMinute, run: advancePassedOpenTimes },
  // Each Google connection's busy times are read every 15 minutes, spread over the minutes (ADR 0025).
  { name: "sync-calendars", schedule: cronSchedules.everyMinute, run: enqueueDueCalendarSyncs },
  // Outgoing webhooks due for an attempt, new or retried: the queue messages are only a shortcut (ADR 0030).
  { name: "deliver-webhooks", schedule: cronSchedules.everyMinute, run: enqueueDueDeliveries },
];

async function refreshFxRatesTask({ db, clock, env }: JobContext) {
  const url = env?.FX_RATES_URL ?? appEnvSchema.shape.FX_RATES_URL.parse(undefined);
  const result = await refreshFxRates(db, url, clock.now());
  // Not thrown: a retry minutes later rarely helps, tomorrow's run will, and the stored rates stay.
  if (!result.ok) console.warn(`refresh-fx-rates: ${result.message}; keeping the stored rates`);
  return result;
}

// A run that started this long ago without finishing is presumed dead (its process crashed).
const staleRunMs = 10 * 60 * 1000;

export class UnknownCronError extends PermanentJobError {
  override name = "UnknownCronError";
}

/**
 * A cron tick only enqueues its tasks, so the work itself gets the queue's retries
 * (and, on Workers, a dead-letter queue) and a tick never outlives its trigger.
 */
export async function enqueueCronTick(queue: JobQueue, cron: string, scheduledTime: number) {
  const due = cronTasks.filter((task) => task.schedule === cron);
  if (due.length === 0) throw new UnknownCronError(`No cron tasks are scheduled for "${cron}"`);
  const scheduledFor = Math.floor(scheduledTime / 60_000) * 60_000;
  await Promise.all(due.map((task) => queue.enqueue({ type: "cron", task: task.name, scheduledFor })));
  return due.map((task) => task.name);
}

/** Runs a task once per (task, tick) even when the tick is delivered twice. */
export async function runCronTask(context: JobContext, taskName: string, scheduledFor: number) {
  const task = cronTasks.find((candidate) => candidate.name === taskName);
  if (!task) throw new UnknownCronError(`Unknown cron task "${taskName}"`);

  const now = context.clock.now();
  const claimed = await context.db
    .insert(cronRuns)
    .values({ name: task.name, scheduledFor: new Date(scheduledFor), startedAt: now })
    .onConflictDoUpdate({
      target: [cronRuns.name, cronRuns.scheduledFor],
      set: { startedAt: now, error: null },
      // Retry a run that failed or died; never one that finished or is still going.
      setWhere: sql`${cronRuns.finishedAt} is null and (${cronRuns.error} is not null or ${cronRuns.startedAt} < ${now.getTime() - staleRunMs})`,
    });
  if (claimed.rowsAffected === 0) return { ran: false as const };

  const key = sql`${cronRuns.name} = ${task.name} and ${cronRuns.scheduledFor} = ${scheduledFor}`;
  try {
    const result = await task.run(context);
    await context.db.update(cronRuns).set({ finishedAt: context.clock.now() }).where(key);
    return { ran: true as const, result };
  } catch (error) {
    await context.db
      .update(cronRuns)
      .set({ error: String(error) })
      .where(key);
    throw error;
  }
}
