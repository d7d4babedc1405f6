import { and, inArray, lt, lte } from "drizzle-orm";
import { cronRuns, jobs, sessions } from "../../db/schema";
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
    db
      .delete(jobs)
      .where(and(inArray(jobs.status, ["done"]), lt(jobs.finishedAt, new Date(now - finishedJobRetentionMs)))),
    db.delete(cronRuns).where(lt(cronRuns.scheduledFor, new Date(now - cronRunRetentionMs))),
  ]);
  return { jobs: doneJobs.rowsAffected, cronRuns: oldRuns.rowsAffected };
}
