import type { Database } from "../../db/database";
import type { Clock, JobQueue } from "../../load-context";

/** What every job function gets, whichever runtime runs it. */
export interface JobContext {
  db: Database;
  clock: Clock;
  /** For jobs that hand work on (the stranded-work sweeper). */
  queue: JobQueue;
}

/** A failure that retrying cannot fix (a malformed message, an unknown task). */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}
