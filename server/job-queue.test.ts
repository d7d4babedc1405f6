import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { jobs } from "../db/schema";
import { systemClock } from "../load-context";
import { createTestClock } from "../tests/clock";
import { createTestDatabase, type TestDatabase } from "../tests/test-database";
import { PermanentJobError } from "../jobs/context";
import { claimNextJob, createDatabaseJobQueue, retryDelayMs, runClaimedJob, startJobWorker, type JobWorkerOptions } from "./job-queue";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

const message = (task: string) => ({ type: "cron" as const, task, scheduledFor: 0 });

describe("database job queue", () => {
  test("enqueued jobs are claimed once, in run_at order, and only when due", async () => {
    const clock = createTestClock();
    const queue = createDatabaseJobQueue(database.db, clock);
    await queue.enqueue(message("later"), { delayMs: 60_000 });
    await queue.enqueue(message("first"));
    clock.advance(1);
    await queue.enqueue(message("second"));

    // Locked for longer than the wait below, so only the job that becomes due is claimed then.
    const lockMs = 10 * 60_000;
    const first = await claimNextJob(database.db, clock, lockMs);
    const second = await claimNextJob(database.db, clock, lockMs);
    expect(first?.payload).toEqual(message("first"));
    expect(second?.payload).toEqual(message("second"));
    expect(first?.attempts).toBe(1);
    // Both are locked and the third is not due yet.
    expect(await claimNextJob(database.db, clock)).toBeUndefined();

    clock.advance(60_000);
    expect((await claimNextJob(database.db, clock))?.payload).toEqual(message("later"));
  });

  test("a running job renews its lock, so a slow job is never taken over while it runs", async () => {
    const lockMs = 150;
    await createDatabaseJobQueue(database.db, systemClock).enqueue(message("slow"));
    const claimed = (await claimNextJob(database.db, systemClock, lockMs))!;
    const lockOf = async () => (await database.db.select().from(jobs).where(eq(jobs.id, claimed.id)))[0]!.lockedUntil!.getTime();
    let finish!: () => void;
    const running = runClaimedJob(
      {
        db: database.db,
        clock: systemClock,
        lockMs,
        pollIntervalMs: 1000,
        handle: () => new Promise<void>((resolve) => (finish = resolve)),
      },
      claimed,
    );
    // Wait until the lock has been renewed past the first lease's end, twice over.
    const firstLease = claimed.lockedUntil!.getTime();
    while ((await lockOf()) < firstLease + lockMs) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(Date.now()).toBeGreaterThan(firstLease);
    expect(await claimNextJob(database.db, systemClock, lockMs)).toBeUndefined();
    finish();
    await running;
    const [done] = await database.db.select().from(jobs).where(eq(jobs.id, claimed.id));
    expect(done).toMatchObject({ status: "done", lockedUntil: null });
  });

  test("a job locked by a worker that died is claimed again once its lock expires", async () => {
    const clock = createTestClock();
    await createDatabaseJobQueue(database.db, clock).enqueue(message("crashy"));
    const claimed = await claimNextJob(database.db, clock, 30_000);
    expect(claimed).toBeDefined();

    clock.advance(29_999);
    expect(await claimNextJob(database.db, clock, 30_000)).toBeUndefined();
    clock.advance(1);
    const again = await claimNextJob(database.db, clock, 30_000);
    expect(again?.id).toBe(claimed?.id);
    expect(again?.attempts).toBe(2);
  });

  test("concurrent pollers never claim the same job twice", async () => {
    const clock = createTestClock();
    const queue = createDatabaseJobQueue(database.db, clock);
    for (let index = 0; index < 20; index++) await queue.enqueue(message(`job-${index}`));
    const claims = await Promise.all(Array.from({ length: 30 }, () => claimNextJob(database.db, clock)));
    const ids = claims.flatMap((job) => (job ? [job.id] : []));
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
  });

  test("a failing job is retried with backoff and kept with its error after the last attempt", async () => {
    const clock = createTestClock();
    await createDatabaseJobQueue(database.db, clock).enqueue(message("flaky"));
    const options: JobWorkerOptions = {
      db: database.db,
      clock,
      pollIntervalMs: 1000,
      handle: async () => {
        throw new Error("provider unavailable");
      },
    };

    for (let attempt = 1; attempt <= 5; attempt++) {
      const job = await claimNextJob(database.db, clock);
      expect(job?.attempts).toBe(attempt);
      await runClaimedJob(options, job!);
      const [row] = await database.db.select().from(jobs);
      expect(row?.lastError).toBe("Error: provider unavailable");
      if (attempt < 5) {
        expect(row?.status).toBe("queued");
        expect(row?.runAt.getTime()).toBe(clock.now().getTime() + retryDelayMs(attempt));
        expect(await claimNextJob(database.db, clock)).toBeUndefined();
        clock.advance(retryDelayMs(attempt));
      } else {
        expect(row?.status).toBe("failed");
        expect(row?.finishedAt).toEqual(clock.now());
      }
    }
  });

  test("the handler is told which attempt is the last, so a job can fall back instead of failing (ADR 0023)", async () => {
    const clock = createTestClock();
    await createDatabaseJobQueue(database.db, clock).enqueue(message("flaky"));
    const seen: { attempt: number; finalAttempt: boolean }[] = [];
    const options: JobWorkerOptions = {
      db: database.db,
      clock,
      pollIntervalMs: 1000,
      handle: async (_payload, delivery) => {
        seen.push(delivery);
        if (!delivery.finalAttempt) throw new Error("provider unavailable");
      },
    };
    for (let attempt = 1; attempt <= 5; attempt++) {
      await runClaimedJob(options, (await claimNextJob(database.db, clock))!);
      clock.advance(retryDelayMs(attempt));
    }
    expect(seen.map((delivery) => delivery.finalAttempt)).toEqual([false, false, false, false, true]);
    expect((await database.db.select().from(jobs))[0]?.status).toBe("done");
  });

  test("a permanent error fails the job at once", async () => {
    const clock = createTestClock();
    await createDatabaseJobQueue(database.db, clock).enqueue(message("bad"));
    const job = await claimNextJob(database.db, clock);
    await runClaimedJob(
      {
        db: database.db,
        clock,
        pollIntervalMs: 1000,
        handle: async () => {
          throw new PermanentJobError("unknown task");
        },
      },
      job!,
    );
    const [row] = await database.db.select().from(jobs).where(eq(jobs.id, job!.id));
    expect(row).toMatchObject({ status: "failed", attempts: 1, lastError: "PermanentJobError: unknown task" });
  });

  test("with several lanes, as many jobs run at once, each once", async () => {
    const clock = createTestClock();
    const queue = createDatabaseJobQueue(database.db, clock);
    for (let index = 0; index < 7; index++) await queue.enqueue(message(`job-${index}`));
    const handled: unknown[] = [];
    let running = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const worker = startJobWorker({
      db: database.db,
      clock,
      pollIntervalMs: 60_000,
      concurrency: 3,
      handle: async (payload) => {
        handled.push(payload);
        running++;
        await gate;
        running--;
        // A job that enqueues more, as a cron task does: the other lanes take them up.
        if ((payload as { task: string }).task === "job-0")
          for (const more of ["more-1", "more-2", "more-3"]) await queue.enqueue(message(more));
      },
    });
    const draining = worker.drain();
    await expect.poll(() => running).toBe(3);
    release();
    expect(await draining).toBe(10);
    await worker.stop();
    expect(new Set(handled.map((payload) => JSON.stringify(payload))).size).toBe(10);
    expect(handled).toHaveLength(10);
    const rows = await database.db.select().from(jobs);
    expect(rows.every((row) => row.status === "done" && row.attempts === 1)).toBe(true);
  });

  test("the poller runs due jobs and stop() waits for the one in progress", async () => {
    const clock = createTestClock();
    const queue = createDatabaseJobQueue(database.db, clock);
    await queue.enqueue(message("a"));
    await queue.enqueue(message("b"));
    const handled: unknown[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const worker = startJobWorker({
      db: database.db,
      clock,
      pollIntervalMs: 10,
      handle: async (payload) => {
        handled.push(payload);
        await gate;
      },
    });
    await expect.poll(() => handled.length).toBe(1);
    const stopping = worker.stop();
    release();
    await stopping;

    const rows = await database.db.select().from(jobs);
    // The job in progress finished; the poller stopped before claiming the next one.
    expect(rows.filter((row) => row.status === "done")).toHaveLength(1);
    expect(rows.filter((row) => row.status === "queued" && row.attempts === 0)).toHaveLength(1);
  });
});
