import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient, type Client } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import LocalDatabase from "libsql";
import { drizzleConfig, type Database } from "./database";

export interface DatabaseConfig {
  url: string;
  authToken?: string;
  /** With a `file:` url: keep it as an embedded replica of this Turso database. */
  syncUrl?: string;
}

export interface DatabaseHandle {
  db: Database;
  client: Client;
  close(): void;
}

/**
 * How long a statement on a `file:` database waits for another process's lock (a backup, an
 * admin's sqlite3, a second server) before failing with SQLITE_BUSY. libSQL waits synchronously,
 * blocking this process meanwhile; the app's own connections never hold a lock across an
 * `await`, so only other processes can make it wait.
 */
const busyTimeoutMs = 5_000;

/**
 * `file:` → embedded SQLite file (directory created when missing), in WAL mode, with a busy timeout;
 * `libsql://`, `http(s)://` → Turso/libSQL server with `authToken`;
 * `file:` + `syncUrl` → embedded replica that syncs from Turso (libSQL manages its journal).
 */
export function openDatabase(config: DatabaseConfig): DatabaseHandle {
  const path = config.url.startsWith("file:") ? localPath(config.url) : null;
  if (path && path !== ":memory:") {
    mkdirSync(dirname(path), { recursive: true });
    if (!config.syncUrl) switchToWriteAheadLog(path);
  }
  const client = createClient({
    url: config.url,
    authToken: config.authToken,
    // Applied by the client to every connection it opens (busy_timeout is per connection).
    // One connection: libSQL runs file statements synchronously on this thread anyway, so more
    // connections add no parallelism, and the pragma below, set once, then covers every statement.
    ...(path !== null ? { timeout: busyTimeoutMs, concurrency: 1 } : {}),
    ...(path !== null && config.syncUrl ? { syncUrl: config.syncUrl } : {}),
  });
  if (path !== null && !config.syncUrl) {
    // The pool hands its one connection out in call order, so this runs before any caller's statement.
    client.execute(`PRAGMA synchronous = ${walSynchronous}`).catch((error: unknown) => {
      console.error("Could not set PRAGMA synchronous; commits stay fully synchronous:", error);
    });
    client.execute(`PRAGMA cache_size = -${pageCacheKib}`).catch((error: unknown) => {
      console.error("Could not set PRAGMA cache_size; the page cache stays at SQLite's 2 MiB:", error);
    });
  }
  return { db: drizzle(client, drizzleConfig), client, close: () => client.close() };
}

/**
 * In WAL mode, NORMAL syncs the log at checkpoints instead of at every commit (ADR 0011): a commit
 * survives the process crashing; only an OS crash or power cut can lose the last few. FULL made
 * every commit wait ~2 ms for the disk while blocking the event loop.
 */
const walSynchronous = "NORMAL";

/**
 * The page cache of the one connection, in KiB. SQLite's default (2 MiB) holds little of a large
 * directory: at 100,000 listed specialists (a 230 MB file) a search for a common word read its
 * ~10,000 matching rows through the OS at ~1.6 µs a row; with 64 MiB they stay in memory (3.5×
 * faster). The cache fills only as far as pages are read, so a small database stays small.
 */
const pageCacheKib = 64 * 1024;

function localPath(fileUrl: string) {
  return fileUrl.startsWith("file://") ? fileURLToPath(fileUrl) : fileUrl.slice("file:".length).split("?")[0]!;
}

/**
 * WAL lets readers (a backup, an admin's sqlite3) read while the app writes, and the app write
 * while they read. The mode is stored in the file, so one connection setting it is enough.
 */
function switchToWriteAheadLog(path: string) {
  const connection = new LocalDatabase(path, { timeout: busyTimeoutMs });
  try {
    connection.prepare("PRAGMA journal_mode = WAL").raw(true).all();
  } finally {
    connection.close();
  }
}
