import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/libsql/migrator";
import type { Database } from "./database";

export const migrationsFolder = fileURLToPath(new URL("../migrations", import.meta.url));

export async function applyMigrations(db: Database) {
  await migrate(db, { migrationsFolder });
}
