import * as z from "zod";
import { appEnvSchema, checkAppEnv, parseConfig } from "../app/env.server";
import { isLoopbackHost } from "../app/security/local-request.server";

const nodeEnvSchema = appEnvSchema.extend({
  PORT: z.coerce.number({ error: "expected an integer port between 1 and 65535" }).int().min(1).max(65535).default(3000),
  // This machine only: exposing the server (HOST=0.0.0.0) is a decision, not a default.
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  JOBS_POLL_INTERVAL_MS: z.coerce.number({ error: "expected milliseconds between 50 and 60000" }).int().min(50).max(60_000).default(1000),
  JOBS_CONCURRENCY: z.coerce.number({ error: "expected a whole number of jobs between 1 and 64" }).int().min(1).max(64).default(8),
});

export type NodeEnv = ReturnType<typeof parseNodeEnv>;

export function parseNodeEnv(source: Record<string, string | undefined>) {
  return checkAppEnv(parseConfig(nodeEnvSchema, source));
}

/**
 * What makes this server reachable from other machines, as "VARIABLE=value", or null when only
 * this machine can reach it: HOST is not a loopback interface, or APP_URL (set when a proxy on
 * this machine serves the app to others) is not a loopback origin.
 */
export function publicExposure(env: Pick<NodeEnv, "HOST" | "APP_URL">): string | null {
  if (!isLoopbackHost(env.HOST)) return `HOST=${env.HOST}`;
  if (env.APP_URL && !isLoopbackHost(new URL(env.APP_URL).hostname)) return `APP_URL=${env.APP_URL}`;
  return null;
}
