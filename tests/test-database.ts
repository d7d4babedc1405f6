import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createClient as createWebClient } from "@libsql/client/web";
import { drizzle as drizzleWeb } from "drizzle-orm/libsql/web";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { drizzleConfig } from "../db/database";
import { startDevServer } from "../db/dev-server";
import { applyMigrations } from "../db/migrations";

export interface TestDatabase extends DatabaseHandle {
  url: string;
  dir: string;
  cleanup(): void;
}

/** A fresh, migrated libSQL file in its own temp directory. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "specialistly-test-"));
  const url = pathToFileURL(join(dir, "test.db")).href;
  const handle = openDatabase({ url });
  await applyMigrations(handle.db);
  return {
    ...handle,
    url,
    dir,
    cleanup() {
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Several independent connections to one database file, as concurrent Node requests would use. */
export function openConnections(url: string, count: number) {
  const handles = Array.from({ length: count }, () => openDatabase({ url }));
  return { dbs: handles.map((handle) => handle.db), close: () => handles.forEach((handle) => handle.close()) };
}

/** The same file served over Turso's HTTP protocol by db/dev-server.ts, reached as a Worker does. */
export async function connectOverHttp(url: string) {
  const server = await startDevServer({ file: fileURLToPath(url), port: 0 });
  const client = createWebClient({ url: server.url });
  return {
    db: drizzleWeb(client, drizzleConfig),
    async close() {
      client.close();
      await server.close();
    },
  };
}
