import { existsSync } from "node:fs";
import { ConfigError } from "./app/env.server";
import { parseNodeEnv } from "./server/env";
import { startNodeServer, StartupError } from "./server/node-server";

// `.env` is optional; real environment variables win over it.
if (existsSync(".env")) process.loadEnvFile(".env");

try {
  const env = parseNodeEnv(process.env);
  const server = await startNodeServer({ env, dev: process.argv.includes("--dev") });
  console.log(`Specialistly is running at ${server.url} (database: ${env.DATABASE_URL})`);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal} received: finishing in-flight work, then stopping.`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("Shutdown failed:", error);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
} catch (error) {
  if (error instanceof ConfigError || error instanceof StartupError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
