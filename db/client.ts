import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient, type Client } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
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
 * `file:` → embedded SQLite file (directory created when missing);
 * `libsql://`, `http(s)://` → Turso/libSQL server with `authToken`;
 * `file:` + `syncUrl` → embedded replica that syncs from Turso.
 */
export function openDatabase(config: DatabaseConfig): DatabaseHandle {
  const isFile = config.url.startsWith("file:");
  if (isFile) ensureDirectoryFor(config.url);
  const client = createClient({
    url: config.url,
    authToken: config.authToken,
    ...(isFile && config.syncUrl ? { syncUrl: config.syncUrl } : {}),
  });
  return { db: drizzle(client, drizzleConfig), client, close: () => client.close() };
}

function ensureDirectoryFor(fileUrl: string) {
  const path = fileUrl.startsWith("file://") ? fileURLToPath(fileUrl) : fileUrl.slice("file:".length).split("?")[0]!;
  if (path && path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
}
