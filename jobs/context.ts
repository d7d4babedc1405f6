import type { Database } from "../db/database";
import type { AppEnv } from "../app/env.server";
import type { Clock, JobQueue } from "../load-context";

/** What every job function gets, whichever runtime runs it. */
export interface JobContext {
  db: Database;
  clock: Clock;
  /** For jobs that hand work on (the stranded-work sweeper). */
  queue: JobQueue;
  /** Settings jobs read (the exchange-rate feed); each runtime passes its parsed env. */
  env?: Pick<AppEnv, "FX_RATES_URL" | "ZOOM_WEBHOOK_SECRET_TOKEN">;
}

/** A failure that retrying cannot fix (a malformed message, an unknown task). */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}
