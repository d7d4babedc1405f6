import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/server-runtime";
import { createPaymentProvider } from "../app/integrations/payments.server";
import { createOutboxMailer, createOutboxSmsSender } from "../app/integrations/mail/outbox-mailer.server";
import type { Database } from "../db/database";
import { createSession } from "../app/domain/auth/sessions.server";
import { createLoadContext, type Clock, type JobQueue } from "../load-context";
import { createScryptPasswordHasher } from "../platform/scrypt-password-hasher";
import { createAppRequestHandler } from "../request-handler";
import { parseNodeEnv, type NodeEnv } from "../server/env";
import type { JobMessage } from "../jobs/messages";

const buildPath = fileURLToPath(new URL(`../${process.env.BUILD_DIR ?? "build"}/server/index.js`, import.meta.url));

/**
 * The real Remix request handler over the production build, with a test database and queue.
 * Requests come from `clientAddress`: by default another machine (a documentation address).
 */
export async function createTestApp(options: {
  db: Database;
  clock?: Clock;
  env?: Partial<NodeEnv>;
  clientAddress?: string;
  /** The queue jobs go to; by default a list (`enqueued`). */
  queue?: JobQueue;
}) {
  if (!existsSync(buildPath)) throw new Error("Integration tests need the app build: run `npm run build` first.");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const handler = createAppRequestHandler(build);
  const enqueued: JobMessage[] = [];
  const queue: JobQueue = options.queue ?? { enqueue: async (message) => void enqueued.push(message) };
  const env = { ...parseNodeEnv({ NODE_ENV: "production", DATABASE_URL: `file:unused-${crypto.randomUUID()}.db` }), ...options.env };
  const clientAddress = options.clientAddress ?? "203.0.113.7";
  const context = createLoadContext({
    runtime: "node",
    env,
    db: options.db,
    queue,
    clock: options.clock,
    // Light scrypt parameters keep tests fast; production parameters are tested on their own.
    passwords: createScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }),
    mailer: createOutboxMailer(options.db),
    sms: createOutboxSmsSender(options.db),
    payments: createPaymentProvider(env, options.clock),
  });
  return {
    build,
    enqueued,
    /** The load context every request gets (for calling a handler other than the app's). */
    context,
    request(path: string, init?: RequestInit) {
      return handler(new Request(new URL(path, "http://localhost"), init), context, clientAddress);
    },
    /** A same-origin form POST, as a browser sends it; `cookie` is a Set-Cookie value or a cookie pair. */
    post(path: string, fields: Record<string, string>, options: { cookie?: string | null; headers?: HeadersInit } = {}) {
      const headers = new Headers(options.headers);
      if (!headers.has("sec-fetch-site")) headers.set("sec-fetch-site", "same-origin");
      if (options.cookie) headers.set("cookie", cookiePair(options.cookie));
      return handler(
        new Request(new URL(path, "http://localhost"), { method: "POST", body: new URLSearchParams(fields), headers }),
        context,
        clientAddress,
      );
    },
    get(path: string, options: { cookie?: string | null } = {}) {
      const headers = new Headers();
      if (options.cookie) headers.set("cookie", cookiePair(options.cookie));
      return handler(new Request(new URL(path, "http://localhost"), { headers }), context, clientAddress);
    },
  };
}

/** "name=value; Path=/; HttpOnly" → "name=value". */
export function cookiePair(setCookie: string) {
  return setCookie.split(";")[0]!;
}

/** A Cookie header for a new session of `userId` made at `at` (with the visitor's zone cookie when given). */
export async function signedInCookie(db: Database, userId: string, at: Date, zone?: string) {
  const { token } = await createSession(db, userId, at);
  return zone ? `session=${token}; tz=${encodeURIComponent(zone)}` : `session=${token}`;
}
