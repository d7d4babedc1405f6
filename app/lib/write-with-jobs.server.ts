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
