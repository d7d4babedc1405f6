import { and, eq, isNotNull, sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/database";
import { jobs, type Job } from "../db/schema";
import type { Clock, JobQueue } from "../load-context";
import { PermanentJobError } from "../jobs/context";
import type { JobMessage } from "../jobs/messages";

/** Node's durable queue: a row per job, so enqueued work survives a restart. */
export function createDatabaseJobQueue(db: Database, clock: Clock): JobQueue {
  return {
    async enqueue(message: JobMessage, options?: { delayMs?: number }) {
      const runAt = new Date(clock.now().getTime() + (options?.delayMs ?? 0));
      await db.insert(jobs).values({ type: message.type, payload: message, runAt });
    },
    enqueueInBatch(message: JobMessage, when: SQL) {
      const now = clock.now().getTime();
      return db.run(sql`insert into ${jobs} (id, type, payload, status, run_at, attempts, max_attempts, created_at)
        select ${crypto.randomUUID()}, ${message.type}, ${JSON.stringify(message)}, 'queued', ${now}, 0, ${defaultMaxAttempts}, ${now}
        where ${when}`);
    },
    enqueueEachInBatch(messages: JobMessage[], when: (message: SQL) => SQL) {
      const now = clock.now().getTime();
      const rows = messages.map((message) => ({ id: crypto.randomUUID(), message }));
      return db.run(sql`insert into ${jobs} (id, type, payload, status, run_at, attempts, max_attempts, created_at)
        select json_extract(row.value, '$.id'), json_extract(row.value, '$.message.type'), json(json_extract(row.value, '$.message')),
          'queued', ${now}, 0, ${defaultMaxAttempts}, ${now}
        from json_each(${JSON.stringify(rows)}) as row
        where ${when(sql`json_extract(row.value, '$.message')`)}`);
    },
  };
}

const defaultMaxAttempts = 5;

export interface JobWorkerOptions {
  db: Database;
  clock: Clock;
  /** `finalAttempt`: this is the job's last try (a failure now is not retried). */
  handle(payload: unknown, delivery: { attempt: number; finalAttempt: boolean }): Promise<unknown>;
  pollIntervalMs: number;
  /**
   * How long a claimed job stays invisible to other pollers. A running job renews it (heartbeat),
   * so it can be short: a crashed process's job reappears soon after the crash.
   */
  lockMs?: number;
  onError?(job: Job, error: unknown, final: boolean): void;
  /**
   * How many jobs run at once (default 1). Jobs mostly wait on providers over HTTP, so a few
   * lanes deliver a burst (10,000 reminders due together) many times faster.
   */
  concurrency?: number;
}

export interface JobWorker {
  /** Claim and run due jobs until none is left; resolves with how many ran. */
  drain(): Promise<number>;
  /** Stop polling and wait for the jobs in progress. */
  stop(): Promise<void>;
}

export const defaultLockMs = 30 * 1000;

/** Exponential backoff: 2 s, 4 s, 8 s … capped at 10 minutes. */
export function retryDelayMs(attempts: number) {
  return Math.min(1000 * 2 ** attempts, 10 * 60 * 1000);
}

export async function claimNextJob(db: Database, clock: Clock, lockMs = defaultLockMs): Promise<Job | undefined> {
  const now = clock.now().getTime();
  // One statement picks and locks, so two pollers never run the same job at once.
  const [job] = await db
    .update(jobs)
    .set({ lockedUntil: new Date(now + lockMs), attempts: sql`${jobs.attempts} + 1` })
    .where(
      eq(
        jobs.id,
        sql`(select ${jobs.id} from ${jobs} where ${jobs.status} = 'queued' and ${jobs.runAt} <= ${now}
              and (${jobs.lockedUntil} is null or ${jobs.lockedUntil} <= ${now})
              order by ${jobs.runAt} limit 1)`,
      ),
    )
    .returning();
  return job;
}

export async function runClaimedJob(options: JobWorkerOptions, job: Job) {
  const { db, clock } = options;
  const owned = and(eq(jobs.id, job.id), eq(jobs.attempts, job.attempts));
  const lockMs = options.lockMs ?? defaultLockMs;
  // Renews the lock while the job runs; stopped before the outcome is written.
  const heartbeat = setInterval(() => {
    db.update(jobs)
      .set({ lockedUntil: new Date(clock.now().getTime() + lockMs) })
      // A renewal still in flight when the outcome is written must not lock the job again.
      .where(and(owned, isNotNull(jobs.lockedUntil)))
      .catch((error: unknown) => console.error(`Could not renew the lock of job ${job.id}:`, error));
  }, lockMs / 3);
  let failure: { error: unknown } | undefined;
  try {
    await options.handle(job.payload, { attempt: job.attempts, finalAttempt: job.attempts >= job.maxAttempts });
  } catch (error) {
    failure = { error };
  } finally {
    clearInterval(heartbeat);
  }
  if (!failure) {
    await db.update(jobs).set({ status: "done", finishedAt: clock.now(), lockedUntil: null, lastError: null }).where(owned);
    return;
  }
  const { error } = failure;
  const final = error instanceof PermanentJobError || job.attempts >= job.maxAttempts;
  const lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const now = clock.now();
  await db
    .update(jobs)
    .set(
      final
        ? { status: "failed", finishedAt: now, lockedUntil: null, lastError }
        : { runAt: new Date(now.getTime() + retryDelayMs(job.attempts)), lockedUntil: null, lastError },
    )
    .where(owned);
  options.onError?.(job, error, final);
}

export function startJobWorker(options: JobWorkerOptions): JobWorker {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<number> | undefined;

  async function drain() {
    let count = 0;
    let running = 0;
    let wake = () => {};
    let jobFinished = new Promise<void>((resolve) => (wake = resolve));
    // Each lane claims its next job when it is free; claims are atomic, so lanes never share one.
    // A lane that finds nothing waits while others run: their jobs may enqueue more (a cron task
    // enqueues thousands of deliveries), which all lanes should share.
    const lane = async () => {
      while (!stopped) {
        const job = await claimNextJob(options.db, options.clock, options.lockMs);
        if (job) {
          running++;
          try {
            await runClaimedJob(options, job);
            count++;
          } finally {
            running--;
            const wakeWaiting = wake;
            jobFinished = new Promise<void>((resolve) => (wake = resolve));
            wakeWaiting();
          }
        } else if (running === 0) {
          break;
        } else {
          await jobFinished;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, lane));
    return count;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = drain()
        .catch((error: unknown) => {
          console.error("Job poller failed; retrying on the next poll:", error);
          return 0;
        })
        .finally(schedule);
    }, options.pollIntervalMs);
  }
  schedule();

  return {
    drain,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
