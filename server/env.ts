import { z } from "zod";
import { appEnvSchema, checkAppEnv, parseConfig } from "../app/env.server";

const nodeEnvSchema = appEnvSchema.extend({
  PORT: z.coerce
    .number({ error: "expected an integer port between 1 and 65535" })
    .int()
    .min(1)
    .max(65535)
    .default(3000),
  HOST: z.string().trim().min(1).default("0.0.0.0"),
  JOBS_POLL_INTERVAL_MS: z.coerce
    .number({ error: "expected milliseconds between 50 and 60000" })
    .int()
    .min(50)
    .max(60_000)
    .default(1000),
});

export type NodeEnv = z.infer<typeof nodeEnvSchema>;

export function parseNodeEnv(source: Record<string, string | undefined>): NodeEnv {
  return checkAppEnv(parseConfig(nodeEnvSchema, source));
}
