import type { AppEnv } from "./app/env.server";
import type { Database } from "./db/database";
import type { JobMessage } from "./workers/jobs/messages";

/** Where the app puts work for later: the `jobs` table on Node, Cloudflare Queues on Workers. */
export interface JobQueue {
  enqueue(message: JobMessage, options?: { delayMs?: number }): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type Runtime = "node" | "workers";

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    runtime: Runtime;
    env: AppEnv;
    db: Database;
    queue: JobQueue;
    clock: Clock;
  }
}

export interface LoadContextParts {
  runtime: Runtime;
  env: AppEnv;
  db: Database;
  queue: JobQueue;
  clock?: Clock;
}

/** The one place a load context is assembled; each runtime entry supplies its adapters. */
export function createLoadContext(parts: LoadContextParts) {
  return { ...parts, clock: parts.clock ?? systemClock };
}
