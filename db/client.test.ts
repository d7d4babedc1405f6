import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import Database from "libsql";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "../tests/test-database";
import { rateLimitHits } from "./schema";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

const appWrite = (key: string) => database.db.insert(rateLimitHits).values({ key, at: new Date() });
const keysWritten = async () => (await database.db.select({ key: rateLimitHits.key }).from(rateLimitHits)).map((row) => row.key).sort();

// Another program using the same file: a backup, an admin's sqlite3, a second process.
describe("a file database shared with another connection", () => {
  test("is in WAL mode", async () => {
    const result = await database.client.execute("PRAGMA journal_mode");
    expect(result.rows[0]?.[0]).toBe("wal");
  });

  test("a reader holding a read transaction open does not make the app's writes fail", async () => {
    const reader = new Database(fileURLToPath(database.url));
    try {
      reader.exec("BEGIN");
      reader.prepare("SELECT count(*) FROM rate_limit_hits").get();
      await appWrite("during-read");
      reader.exec("COMMIT");
    } finally {
      reader.close();
    }
    expect(await keysWritten()).toEqual(["during-read"]);
  });

  test("a writer holding the write lock briefly makes the app's write wait, not fail", async () => {
    const holder = startLockHolder(fileURLToPath(database.url));
    try {
      await holder.locked;
      const write = appWrite("app");
      // The write has started against the held lock; only now may the holder commit.
      holder.release();
      await write;
      await holder.released;
    } finally {
      await holder.worker.terminate();
    }
    expect(await keysWritten()).toEqual(["app", "holder"]);
  });
});

describe("commits on a file database", () => {
  // NORMAL in WAL mode (ADR 0011): the disk is synced at checkpoints, not at every commit.
  test("don't each wait for the disk, on every statement the app runs, however many run at once", async () => {
    const { client } = database;
    const readings = await Promise.all([
      ...Array.from({ length: 20 }, () => client.execute("PRAGMA synchronous")),
      client.batch(["PRAGMA synchronous"]).then(([result]) => result!),
    ]);
    expect(readings.map((result) => Number(result.rows[0]?.[0]))).toEqual(Array(21).fill(1));
  });
});

describe("reads on a file database", () => {
  // A large directory's hot pages stay in memory instead of being read through the OS per row.
  test("keep a 64 MiB page cache, on every statement the app runs", async () => {
    const { client } = database;
    const readings = await Promise.all([
      client.execute("PRAGMA cache_size"),
      client.batch(["PRAGMA cache_size"]).then(([result]) => result!),
    ]);
    expect(readings.map((result) => Number(result.rows[0]?.[0]))).toEqual([-65_536, -65_536]);
  });
});

/**
 * A second connection in its own thread (the app's libSQL calls block the main thread while
 * they wait for a lock, so the holder must be able to commit without it). It takes the write
 * lock, reports "locked", and commits once `release()` flips a shared flag.
 */
function startLockHolder(path: string) {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `
    const { parentPort, workerData } = require("node:worker_threads");
    const Database = require(workerData.libsql);
    const db = new Database(workerData.path);
    db.exec("BEGIN IMMEDIATE");
    db.prepare("INSERT INTO rate_limit_hits (key, at) VALUES ('holder', 0)").run();
    parentPort.postMessage("locked");
    Atomics.wait(workerData.flag, 0, 0);
    db.exec("COMMIT");
    db.close();
    parentPort.postMessage("released");
    `,
    { eval: true, workerData: { path, flag, libsql: createRequire(import.meta.url).resolve("libsql") } },
  );
  const message = (expected: string) =>
    new Promise<void>((resolve, reject) => {
      worker.on("message", (received) => received === expected && resolve());
      worker.once("error", reject);
    });
  const locked = message("locked");
  const released = message("released");
  return {
    worker,
    locked,
    released,
    release() {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    },
  };
}
