import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createClient as createWebClient } from "@libsql/client/web";
import { drizzle as drizzleWeb } from "drizzle-orm/libsql/web";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { drizzleConfig } from "../db/database";
import { startDevServer } from "../tools/libsql-dev-server/server";
import { applyMigrations } from "../db/migrations";

export interface TestDatabase extends DatabaseHandle {
  url: string;
  dir: string;
  cleanup(): void;
}

let migratedTemplate: Promise<string> | undefined;

/** One migrated file per test process; each test database starts as a copy of it. */
function templateFile(): Promise<string> {
  migratedTemplate ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "specialistly-template-"));
    const file = join(dir, "template.db");
    const handle = openDatabase({ url: pathToFileURL(file).href });
    try {
      await applyMigrations(handle.db);
      // Everything into the main file, so copying that one file copies the whole database.
      await handle.client.execute("pragma wal_checkpoint(truncate)");
    } finally {
      handle.close();
    }
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    return file;
  })();
  return migratedTemplate;
}

/**
 * A fresh, migrated libSQL file in its own temp directory. A copy of a file migrated once per
 * process: running every migration for each of hundreds of tests made set-up slow on a busy machine.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "specialistly-test-"));
  const file = join(dir, "test.db");
  copyFileSync(await templateFile(), file);
  const url = pathToFileURL(file).href;
  const handle = openDatabase({ url });
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

/**
 * The same file served over Turso's HTTP protocol by tools/libsql-dev-server, reached as a Worker does.
 * `requests` counts the HTTP requests the server received: the client's round trips.
 */
export async function connectOverHttp(url: string) {
  let requests = 0;
  const server = await startDevServer({ file: fileURLToPath(url), port: 0, onRequest: () => void requests++ });
  const client = createWebClient({ url: server.url });
  return {
    db: drizzleWeb(client, drizzleConfig),
    get requests() {
      return requests;
    },
    async close() {
      client.close();
      await server.close();
    },
  };
}
