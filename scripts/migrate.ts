// `npm run db:migrate`: applies migrations/ to DATABASE_URL (Turso or a local file).
import { existsSync } from "node:fs";
import { ConfigError, parseAppEnv } from "../app/env.server";
import { openDatabase } from "../db/client";
import { applyMigrations } from "../db/migrations";

if (existsSync(".env")) process.loadEnvFile(".env");

try {
  const env = parseAppEnv(process.env);
  const database = openDatabase({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN });
  try {
    await applyMigrations(database.db);
    console.log(`Migrations applied to ${env.DATABASE_URL}`);
  } finally {
    database.close();
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  console.error(`Migration failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  process.exit(1);
}
