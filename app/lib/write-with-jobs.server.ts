import type { AppLoadContext } from "@remix-run/server-runtime";
import { sql, type SQL } from "drizzle-orm";
import type { BatchItem, BatchResponse } from "drizzle-orm/batch";

type Context = Pick<AppLoadContext, "db" | "queue">;
export type JobMessage = Parameters<AppLoadContext["queue"]["enqueue"]>[0];

/** A job that belongs to a write: enqueued only when `when` holds once the write's statements ran. */
export interface JobInWrite {
  message: JobMessage;
  when: SQL;
}

/**
 * Runs `statements` as one atomic batch together with the jobs that carry their effects out, so
 * a crash can never keep the write and lose the job. Where the queue lives in the database (Node),
 * the jobs are rows of the same batch. Cloudflare Queues can't join a database write: there the
 * jobs whose condition holds are sent right after it, and the
 * `requeue-stranded-work` cron re-sends what a crash in between left behind.
 */
export async function writeWithJobs<T extends [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]>(
  context: Context,
  statements: T,
  jobsToRun: JobInWrite[],
) {
  const { db, queue } = context;
  if (queue.enqueueInBatch) {
    const results = await db.batch([...statements, ...jobsToRun.map((job) => queue.enqueueInBatch!(job.message, job.when))]);
    return results.slice(0, statements.length) as BatchResponse<T>;
  }
  const results = await db.batch(statements);
  await Promise.all(
    jobsToRun.map(async (job) => {
      const due = await db.get<{ due: number }>(sql`select (${job.when}) as due`);
      if (due?.due) await queue.enqueue(job.message);
    }),
  );
  return results;
}

/** Many jobs of one write: each message is enqueued only when `when(message)` (its JSON, as SQL) holds once the write ran. */
export interface JobsInWrite {
  messages: JobMessage[];
  when: (message: SQL) => SQL;
}

/**
 * `writeWithJobs` for writes with thousands of jobs: on Node one INSERT…SELECT in the same batch
 * enqueues them all; elsewhere one query picks the due messages after the write and they are
 * sent in bulk (the stranded-work sweeper covers a crash in between, as for writeWithJobs).
 */
export async function writeWithManyJobs(context: Context, statements: BatchItem<"sqlite">[], jobsToRun: JobsInWrite): Promise<unknown[]> {
  const { db, queue } = context;
  const [first, ...rest] = statements;
  if (!first) return [];
  if (queue.enqueueEachInBatch) {
    const batch: [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] = [first, ...rest];
    if (jobsToRun.messages.length > 0) batch.push(queue.enqueueEachInBatch(jobsToRun.messages, jobsToRun.when));
    const results: unknown[] = await db.batch(batch);
    return results.slice(0, statements.length);
  }
  const results = await db.batch([first, ...rest]);
  if (jobsToRun.messages.length > 0) {
    const due = await db.all<{ message: string }>(
      // Qualified: a condition's own json_each would otherwise take `value` for its own column.
      sql`select queued.value as message from json_each(${JSON.stringify(jobsToRun.messages)}) as queued where ${jobsToRun.when(sql`queued.value`)}`,
    );
    await enqueueAll(
      queue,
      due.map((row) => JSON.parse(row.message) as JobMessage),
    );
  }
  return results;
}

/** Enqueues `messages` in bulk where the queue can, else a bounded number at a time. */
export async function enqueueAll(queue: Context["queue"], messages: JobMessage[]) {
  if (queue.enqueueMany) return queue.enqueueMany(messages);
  for (let start = 0; start < messages.length; start += 50) {
    await Promise.all(messages.slice(start, start + 50).map((message) => queue.enqueue(message)));
  }
}
