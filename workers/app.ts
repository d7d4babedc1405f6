import { createClient } from "@libsql/client/web";
import * as build from "virtual:remix/server-build";
import { createPaymentProvider } from "../app/integrations/payments.server";
import { parseWorkerEnv } from "./worker-env";
import { createMessaging } from "../app/integrations/messaging.server";
import { drizzle } from "drizzle-orm/libsql/web";
import { drizzleConfig } from "../db/database";
import { createLoadContext, systemClock, type JobQueue } from "../load-context";
import { createScryptPasswordHasher } from "../platform/scrypt-password-hasher";
import { createAppRequestHandler } from "../request-handler";
import { runJob } from "../jobs";
import { PermanentJobError } from "../jobs/context";
import { enqueueCronTick } from "../jobs/cron";
import type { JobMessage } from "../jobs/messages";

// Env is parsed once per isolate. The database client is not shared: each request (and each queue
// batch) gets its own, since a shared @libsql/client queues one request's queries behind its
// concurrency limit and resumes them in another request's context, which workerd cancels as hung,
// and a cancelled request's slots are never freed (every database route then fails).
let parsedEnv: ReturnType<typeof parseWorkerEnv> | undefined;
function runtimeFor(bindings: Env) {
  parsedEnv ??= parseWorkerEnv(bindings);
  const client = createClient({ url: parsedEnv.DATABASE_URL, authToken: parsedEnv.DATABASE_AUTH_TOKEN });
  return { env: parsedEnv, db: drizzle(client, drizzleConfig) };
}

function cloudflareQueue(queue: Env["JOBS"]): JobQueue {
  return {
    async enqueue(message, options) {
      const delaySeconds = Math.ceil((options?.delayMs ?? 0) / 1000);
      await queue.send(message, delaySeconds > 0 ? { delaySeconds } : undefined);
    },
    async enqueueMany(messages) {
      // sendBatch takes at most 100 messages.
      for (let start = 0; start < messages.length; start += 100) {
        await queue.sendBatch(messages.slice(start, start + 100).map((body) => ({ body })));
      }
    },
  };
}

/** wrangler.toml's `max_retries` for the jobs queue: a message is delivered at most 1 + this many times. */
const queueMaxRetries = 5;

const handleRequest = createAppRequestHandler(build);
const passwords = createScryptPasswordHasher();

export default {
  async fetch(request, bindings) {
    const { env, db } = runtimeFor(bindings);
    const context = createLoadContext({
      runtime: "workers",
      env,
      db,
      queue: cloudflareQueue(bindings.JOBS),
      passwords,
      ...createMessaging(env, db, systemClock),
      payments: createPaymentProvider(env),
    });
    return handleRequest(request, context, request.headers.get("cf-connecting-ip"));
  },

  async scheduled(controller, bindings) {
    const tasks = await enqueueCronTick(cloudflareQueue(bindings.JOBS), controller.cron, controller.scheduledTime);
    console.log(`Cron "${controller.cron}" enqueued: ${tasks.join(", ")}`);
  },

  async queue(batch, bindings) {
    const { env, db } = runtimeFor(bindings);
    const adapters = {
      ...createMessaging(env, db, systemClock),
      payments: createPaymentProvider(env),
      queue: cloudflareQueue(bindings.JOBS),
    };
    for (const message of batch.messages) {
      try {
        // `attempts` counts deliveries from 1; the last one is the meeting job's cue to fall back (ADR 0023).
        const finalAttempt = message.attempts > queueMaxRetries;
        await runJob({ db, clock: systemClock, env, appEnv: env, origin: env.APP_URL, finalAttempt, ...adapters }, message.body);
        message.ack();
      } catch (error) {
        console.error(`Job ${message.id} failed on attempt ${message.attempts}:`, error);
        // Retrying cannot fix a permanent error; max_retries then the DLQ handle the rest.
        if (error instanceof PermanentJobError) message.ack();
        else message.retry({ delaySeconds: Math.min(2 ** message.attempts, 600) });
      }
    }
  },
} satisfies ExportedHandler<Env, JobMessage>;
