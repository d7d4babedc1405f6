import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../db/factories";
import { cronRuns, jobs, sessions } from "../db/schema";
import type { Clock } from "../load-context";
import { createTestClock } from "../tests/clock";
import { recordingQueue } from "../tests/queue";
import { createTestDatabase, type TestDatabase } from "../tests/test-database";
import { runJob, InvalidJobError } from ".";
import { cronSchedules, cronTasks, enqueueCronTick, runCronTask, UnknownCronError } from "./cron";
import { cronRunRetentionMs, finishedJobRetentionMs } from "./maintenance";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

const jobContext = (clock: Clock) => ({ db: database.db, clock, queue: recordingQueue().queue });

async function addSession(userId: string, id: string, expiresAt: Date) {
  await database.db.insert(sessions).values({ id, userId, secretHash: "x", lastVerifiedAt: expiresAt, expiresAt });
}

describe("cron ticks", () => {
  test("wrangler.toml triggers and cronSchedules agree", async () => {
    const { readFile } = await import("node:fs/promises");
    const toml = await readFile(new URL("../wrangler.toml", import.meta.url), "utf8");
    const crons = /crons\s*=\s*\[([^\]]*)\]/
      .exec(toml)?.[1]
      ?.match(/"([^"]+)"/g)
      ?.map((value) => value.slice(1, -1));
    expect(crons?.sort()).toEqual(Object.values(cronSchedules).sort());
    for (const task of cronTasks) expect(Object.values(cronSchedules)).toContain(task.schedule);
  });

  test("a tick enqueues the tasks of its schedule, stamped with the minute", async () => {
    const { queue, sent } = recordingQueue();
    const names = await enqueueCronTick(queue, "* * * * *", Date.parse("2026-06-01T12:00:42.123Z"));
    const everyMinute = [
      "purge-expired-sessions",
      "expire-holds",
      "complete-bookings",
      "detect-specialist-no-shows",
      "requeue-stranded-work",
      "send-reminders",
      "advance-passed-open-times",
      "sync-calendars",
      "deliver-webhooks",
    ];
    expect(names).toEqual(everyMinute);
    expect(sent).toEqual(everyMinute.map((task) => ({ type: "cron", task, scheduledFor: Date.parse("2026-06-01T12:00:00Z") })));
    await expect(enqueueCronTick(queue, "*/5 * * * *", Date.now())).rejects.toThrow(UnknownCronError);
  });
});

describe("runCronTask", () => {
  test("runs a task once per tick, however often the tick is delivered", async () => {
    const clock = createTestClock();
    const user = await createUser(database.db);
    await addSession(user.id, "expired", new Date(clock.now().getTime() - 1));
    await addSession(user.id, "live", new Date(clock.now().getTime() + 60_000));
    const tick = clock.now().getTime();

    const first = await runCronTask(jobContext(clock), "purge-expired-sessions", tick);
    expect(first).toEqual({ ran: true, result: { deleted: 1 } });
    await addSession(user.id, "expired-later", new Date(clock.now().getTime() - 1));
    const duplicate = await runCronTask(jobContext(clock), "purge-expired-sessions", tick);
    expect(duplicate).toEqual({ ran: false });

    const remaining = await database.db.select({ id: sessions.id }).from(sessions);
    expect(remaining.map((row) => row.id).sort()).toEqual(["expired-later", "live"]);
    const [run] = await database.db.select().from(cronRuns);
    expect(run).toMatchObject({ name: "purge-expired-sessions", scheduledFor: new Date(tick), error: null });
    expect(run?.finishedAt).toEqual(clock.now());
  });

  test("a failed run records its error and runs again on retry", async () => {
    const clock = createTestClock();
    const tick = clock.now().getTime();
    // Break the task's table so the run fails for real, then repair it.
    await database.client.execute("alter table sessions rename to sessions_away");
    await expect(runCronTask(jobContext(clock), "purge-expired-sessions", tick)).rejects.toThrow();
    const [failed] = await database.db.select().from(cronRuns);
    expect(failed?.error).toMatch(/sessions/);
    expect(failed?.finishedAt).toBeNull();

    await database.client.execute("alter table sessions_away rename to sessions");
    const retry = await runCronTask(jobContext(clock), "purge-expired-sessions", tick);
    expect(retry).toEqual({ ran: true, result: { deleted: 0 } });
    const [run] = await database.db.select().from(cronRuns);
    expect(run?.error).toBeNull();
    expect(run?.finishedAt).toEqual(clock.now());
  });

  test("a run left unfinished by a crashed process is taken over only once it is stale", async () => {
    const clock = createTestClock();
    const tick = clock.now().getTime();
    await database.db.insert(cronRuns).values({ name: "purge-expired-sessions", scheduledFor: new Date(tick), startedAt: clock.now() });
    clock.advance(60_000);
    expect((await runCronTask(jobContext(clock), "purge-expired-sessions", tick)).ran).toBe(false);
    clock.advance(10 * 60_000);
    expect((await runCronTask(jobContext(clock), "purge-expired-sessions", tick)).ran).toBe(true);
  });

  test("prune-history drops old finished jobs and cron records, keeps failed jobs", async () => {
    const clock = createTestClock();
    const now = clock.now().getTime();
    const old = new Date(now - Math.max(finishedJobRetentionMs, cronRunRetentionMs) - 1);
    const recent = new Date(now - 1000);
    const payload = { type: "cron", task: "x", scheduledFor: 0 };
    await database.db.insert(jobs).values([
      { type: "cron", payload, status: "done", runAt: old, finishedAt: old },
      { type: "cron", payload, status: "done", runAt: recent, finishedAt: recent },
      { type: "cron", payload, status: "failed", runAt: old, finishedAt: old, lastError: "kept for inspection" },
    ]);
    await database.db.insert(cronRuns).values([
      { name: "purge-expired-sessions", scheduledFor: old, startedAt: old, finishedAt: old },
      { name: "purge-expired-sessions", scheduledFor: recent, startedAt: recent, finishedAt: recent },
    ]);

    const outcome = await runCronTask(jobContext(clock), "prune-history", now);
    expect(outcome).toEqual({ ran: true, result: { jobs: 1, cronRuns: 1 } });
    const left = await database.db.select({ status: jobs.status }).from(jobs);
    expect(left.map((row) => row.status).sort()).toEqual(["done", "failed"]);
  });
});

describe("runJob", () => {
  test("rejects malformed messages as permanent errors", async () => {
    const context = jobContext(createTestClock());
    await expect(runJob(context, { type: "nope" })).rejects.toThrow(InvalidJobError);
    await expect(runJob(context, { type: "cron", task: "", scheduledFor: 1 })).rejects.toThrow(InvalidJobError);
    await expect(runJob(context, { type: "cron", task: "no-such-task", scheduledFor: 1 })).rejects.toThrow(UnknownCronError);
  });
});
