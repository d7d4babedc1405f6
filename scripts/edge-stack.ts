import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startDevServer, type DevServer } from "../tools/libsql-dev-server/server";
import { freePort, projectRoot, startProcess, type RunningProcess } from "./processes";

export interface EdgeStack {
  /** The Worker, served by `wrangler dev` (workerd). */
  url: string;
  database: DevServer;
  worker: RunningProcess;
  stop(): Promise<void>;
}

/**
 * The Worker build under `wrangler dev`, backed by tools/libsql-dev-server serving `file` over
 * Turso's HTTP protocol: the production topology, offline. Expects `npm run build` to have run.
 */
export async function startEdgeStack(options: {
  file: string;
  port?: number;
  databasePort?: number;
  stateDir: string;
  /** More Worker variables (provider settings pointed at local stand-ins). */
  env?: Record<string, string>;
}): Promise<EdgeStack> {
  const database = await startDevServer({ file: options.file, port: options.databasePort ?? 0 });
  const port = options.port ?? (await freePort());
  mkdirSync(options.stateDir, { recursive: true });
  const envFile = join(options.stateDir, "worker.env");
  // Workers need their public origin; locally that is wrangler dev's address.
  const variables = { APP_URL: `http://127.0.0.1:${port}`, ...options.env, DATABASE_URL: database.url };
  writeFileSync(
    envFile,
    Object.entries(variables)
      .map(([name, value]) => `${name}=${value}\n`)
      .join(""),
  );

  const worker = startProcess(
    process.execPath,
    [
      join(projectRoot, "node_modules/wrangler/bin/wrangler.js"),
      "dev",
      "--ip=127.0.0.1",
      `--port=${port}`,
      `--inspector-port=${await freePort()}`,
      `--env-file=${envFile}`,
      `--persist-to=${join(options.stateDir, "state")}`,
      "--test-scheduled",
      "--show-interactive-dev-session=false",
      "--log-level=info",
    ],
    { WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
  );
  const stop = async () => {
    await worker.stop("SIGTERM");
    await database.close();
  };
  try {
    await worker.waitForOutput(/Ready on http:\/\/127\.0\.0\.1:\d+/, 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, database, worker, stop };
}
