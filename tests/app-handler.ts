import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/server-runtime";
import type { Database } from "../db/database";
import { createLoadContext, type Clock, type JobQueue } from "../load-context";
import { parseNodeEnv } from "../server/env";
import type { JobMessage } from "../workers/jobs/messages";

const buildPath = fileURLToPath(new URL("../build/server/index.js", import.meta.url));

/** The real Remix request handler over the production build, with a test database and queue. */
export async function createTestApp(options: { db: Database; clock?: Clock }) {
  if (!existsSync(buildPath)) throw new Error("Integration tests need the app build: run `npm run build` first.");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const handler = createRequestHandler(build, "production");
  const enqueued: JobMessage[] = [];
  const queue: JobQueue = { enqueue: async (message) => void enqueued.push(message) };
  const env = parseNodeEnv({ NODE_ENV: "production", DATABASE_URL: "file:unused.db" });
  const context = createLoadContext({ runtime: "node", env, db: options.db, queue, clock: options.clock });
  return {
    enqueued,
    request(path: string, init?: RequestInit) {
      return handler(new Request(new URL(path, "http://localhost"), init), { ...context });
    },
  };
}
