import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestListener, type FetchHandler } from "@remix-run/node-fetch-server";
import type { ServerBuild } from "@remix-run/server-runtime";
import express from "express";
import type { PasswordHasher } from "../app/domain/auth/password-hasher";
import { createPaymentProvider } from "../app/integrations/payments.server";
import { ensureSlotsMaterialized } from "../app/domain/availability/slots.server";
import { createMessaging } from "../app/integrations/messaging.server";
import { baselineSecurityHeaders } from "../app/security/headers.server";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { applyMigrations } from "../db/migrations";
import type { Database } from "../db/database";
import { demoAccounts, demoPassword, demoPasswordInUse, isDatabaseEmpty, seedIfEmpty } from "../app/demo/seed.server";
import { createLoadContext, systemClock, type Clock } from "../load-context";
import { createScryptPasswordHasher } from "../platform/scrypt-password-hasher";
import { createAppRequestHandler } from "../request-handler";
import { runJob } from "../jobs";
import { publicExposure, type NodeEnv } from "./env";
import { createDatabaseJobQueue, startJobWorker } from "./job-queue";
import { startScheduler } from "./scheduler";

const root = fileURLToPath(new URL("..", import.meta.url));
const serverBuildPath = `${root}build/server/index.js`;

export class StartupError extends Error {
  override name = "StartupError";
}

export interface NodeServer {
  url: string;
  close(): Promise<void>;
}

export async function startNodeServer(options: {
  env: NodeEnv;
  dev?: boolean;
  clock?: Clock;
  log?: (line: string) => void;
}): Promise<NodeServer> {
  const { env, dev = false, clock = systemClock, log = console.log } = options;

  let database: DatabaseHandle | undefined;
  try {
    database = openDatabase({
      url: env.DATABASE_URL,
      authToken: env.DATABASE_AUTH_TOKEN,
      syncUrl: env.DATABASE_SYNC_URL,
    });
    if (env.DATABASE_SYNC_URL) await database.client.sync();
    await applyMigrations(database.db);
  } catch (error) {
    database?.close();
    throw new StartupError(`Cannot use the database at DATABASE_URL=${env.DATABASE_URL}: ${describe(error)}`);
  }
  const { db } = database;

  const passwords = createScryptPasswordHasher();
  // Checked before seeding, so a refusal leaves no demo accounts behind.
  await checkDemoPasswordsStayPrivate({ env, db, passwords, log }).catch((error: unknown) => {
    database.close();
    throw error;
  });
  if (env.SEED_DEMO_DATA && (await seedIfEmpty(db, { passwords }))) {
    log(`Seeded demo data. Demo accounts (password: ${demoPassword}):`);
    for (const account of demoAccounts) log(`  ${account.role.padEnd(10)} ${account.email}`);
  }
  // The daily job keeps slots current; a fresh database gets them now.
  await ensureSlotsMaterialized({ db, clock });

  const queue = createDatabaseJobQueue(db, clock);
  const context = createLoadContext({
    runtime: "node",
    env,
    db,
    queue,
    clock,
    passwords,
    ...createMessaging(env, db, clock),
    payments: createPaymentProvider(env, clock),
  });

  const app = express();
  app.disable("x-powered-by");
  const staticHeaders = baselineSecurityHeaders(env.NODE_ENV === "production");
  app.use((_request, response, next) => {
    response.set(staticHeaders);
    next();
  });
  let build: ServerBuild | (() => Promise<ServerBuild>);
  let closeVite = async () => {};
  if (dev) {
    const vite = await import("vite").then((module) => module.createServer({ server: { middlewareMode: true } }));
    app.use(vite.middlewares);
    build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    closeVite = () => vite.close();
  } else {
    if (!existsSync(serverBuildPath)) {
      database.close();
      throw new StartupError("No app build found in build/: run `npm run build` first (`npm start` does both).");
    }
    build = (await import(pathToFileURL(serverBuildPath).href)) as ServerBuild;
    // Fingerprinted assets never change; everything else in public/ may.
    app.use("/assets", express.static(`${root}build/client/assets`, { immutable: true, maxAge: "1y" }));
    app.use(express.static(`${root}build/client`, { maxAge: "1h" }));
  }
  const handleRequest = createAppRequestHandler(build, dev);
  const handleFetch: FetchHandler = (request, client) => handleRequest(request, context, client.address);
  app.all(
    "*",
    createRequestListener(handleFetch, {
      onError: (error) => {
        console.error(error);
        return new Response("Something went wrong on our side.", { status: 500 });
      },
    }),
  );

  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const listening = app.listen(env.PORT, env.HOST, () => resolve(listening));
    listening.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        new StartupError(
          error.code === "EADDRINUSE"
            ? `PORT ${env.PORT} is already in use: stop the other process or set PORT to a free port`
            : `Cannot listen on ${env.HOST}:${env.PORT}: ${error.message}`,
        ),
      );
    });
  }).catch(async (error: unknown) => {
    await closeVite();
    database.close();
    throw error;
  });

  const { port } = server.address() as AddressInfo;
  const host = env.HOST === "0.0.0.0" || env.HOST === "::" ? "localhost" : env.HOST;
  const url = `http://${host}:${port}`;
  // Jobs have no request to take the origin from: links in messages use APP_URL, else this server.
  const jobContext = { ...context, origin: env.APP_URL ?? url };
  const worker = startJobWorker({
    db,
    clock,
    pollIntervalMs: env.JOBS_POLL_INTERVAL_MS,
    concurrency: env.JOBS_CONCURRENCY,
    handle: (payload, { finalAttempt }) => runJob({ ...jobContext, appEnv: env, finalAttempt }, payload),
    onError: (job, error, final) =>
      console.error(`Job ${job.id} (${job.type}) failed on attempt ${job.attempts}${final ? ", giving up" : ""}:`, error),
  });
  const scheduler = startScheduler(queue);

  return {
    url,
    async close() {
      scheduler.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await worker.stop();
      await closeVite();
      database.close();
    },
  };
}

/**
 * The demo password is public (README, console), so demo accounts that have it, or are about to be
 * seeded with it, must not be reachable from other machines: production refuses to start,
 * development warns.
 */
async function checkDemoPasswordsStayPrivate(options: {
  env: NodeEnv;
  db: Database;
  passwords: PasswordHasher;
  log: (line: string) => void;
}) {
  const { env, db, passwords, log } = options;
  const exposure = publicExposure(env);
  if (!exposure) return;
  const seeding = env.SEED_DEMO_DATA && (await isDatabaseEmpty(db));
  if (!seeding && !(await demoPasswordInUse(db, passwords))) return;
  if (env.NODE_ENV !== "production") {
    log(
      `Warning: demo accounts have the public demo password and ${exposure} makes this server public: anyone who can reach it can sign in as the demo admin.`,
    );
    return;
  }
  throw new StartupError(
    seeding
      ? `Refusing to start: SEED_DEMO_DATA=true would create demo accounts with the public demo password, and ${exposure} makes this server public. Unset SEED_DEMO_DATA (production seeds nothing by default), or serve this machine only (HOST=127.0.0.1, no APP_URL).`
      : `Refusing to start: demo accounts still have the public demo password, and ${exposure} makes this server public. Change their passwords first (start with HOST=127.0.0.1 and no APP_URL, sign in, Settings → Password), or use a database without demo data.`,
  );
}

function describe(error: unknown) {
  if (!(error instanceof Error)) return String(error);
  // drizzle wraps driver errors; the cause says what actually went wrong.
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return (cause ?? error.message).split("\n")[0]!;
}
