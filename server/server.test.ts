import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { inArray } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { createUser } from "../db/factories";
import { applyMigrations } from "../db/migrations";
import { seedDemoData } from "../app/demo/seed.server";
import { createScryptPasswordHasher } from "../platform/scrypt-password-hasher";
import { cronRuns, jobs, sessions, users } from "../db/schema";
import { freePort, startNodeServerProcess, type RunningProcess } from "../scripts/processes";
import { processTestLimitMs, processWaitMs } from "../tests/limits";

let dir: string;
let databaseUrl: string;
let database: DatabaseHandle;
const running: RunningProcess[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "specialistly-server-"));
  databaseUrl = pathToFileURL(join(dir, "app.db")).href;
  database = openDatabase({ url: databaseUrl });
  await applyMigrations(database.db);
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop("SIGKILL")));
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(env: Record<string, string>) {
  const server = startNodeServerProcess({ DATABASE_URL: databaseUrl, JOBS_POLL_INTERVAL_MS: "100", ...env });
  running.push(server);
  return { ...server, waitForOutput: (pattern: RegExp) => server.waitForOutput(pattern, processWaitMs) };
}

// Real processes on a shared 2-core CI machine: allow for slow start-ups (tests/limits.ts).
describe("the Node server process", { timeout: processTestLimitMs }, () => {
  test("jobs queued when the server is killed run after it starts again", async () => {
    const port = String(await freePort());
    const first = start({ PORT: port });
    await first.waitForOutput(/running at http:\/\/127\.0\.0\.1:\d+/);

    // Work that becomes due a moment later, and a session the job must purge.
    const user = await createUser(database.db);
    const past = new Date(Date.now() - 1000);
    await database.db.insert(sessions).values({ id: "stale", userId: user.id, secretHash: "x", lastVerifiedAt: past, expiresAt: past });
    // Not due while the first process lives, so it can't have claimed them when it is killed.
    const runAt = new Date(Date.now() + 60 * 60_000);
    const ticks = [1, 2, 3].map((minute) => Date.parse("2026-01-01T00:00:00Z") + minute * 60_000);
    const inserted = await database.db
      .insert(jobs)
      .values(
        ticks.map((scheduledFor) => ({
          type: "cron",
          payload: { type: "cron", task: "purge-expired-sessions", scheduledFor },
          runAt,
        })),
      )
      .returning({ id: jobs.id });
    // Only these jobs: the servers' own schedulers may enqueue ticks meanwhile.
    const ours = inArray(
      jobs.id,
      inserted.map((job) => job.id),
    );

    await first.stop("SIGKILL");
    const queued = await database.db.select().from(jobs).where(ours);
    expect(queued.map((job) => [job.status, job.attempts])).toEqual([
      ["queued", 0],
      ["queued", 0],
      ["queued", 0],
    ]);
    // They fall due while the server is down.
    await database.db
      .update(jobs)
      .set({ runAt: new Date(Date.now() - 1000) })
      .where(ours);

    const second = start({ PORT: port });
    await second.waitForOutput(/running at/);
    await expect
      .poll(async () => (await database.db.select({ status: jobs.status }).from(jobs).where(ours)).map((job) => job.status), {
        timeout: processWaitMs,
      })
      .toEqual(["done", "done", "done"]);
    expect(await database.db.select().from(sessions)).toEqual([]);
    const runs = await database.db
      .select()
      .from(cronRuns)
      .where(
        inArray(
          cronRuns.scheduledFor,
          ticks.map((tick) => new Date(tick)),
        ),
      );
    expect(runs.map((run) => run.scheduledFor.getTime()).sort()).toEqual(ticks);
  });

  test("SIGTERM stops it gracefully", async () => {
    const server = start({ PORT: String(await freePort()) });
    const [, url] = await server.waitForOutput(/running at (http:\/\/\S+)/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(await server.stop("SIGTERM")).toBe(0);
    // The last lines can arrive after the exit event.
    await server.waitForOutput(/SIGTERM received/);
  });

  test.each([
    [{ PORT: "eighty" }, /^Invalid configuration: PORT expected an integer port between 1 and 65535 \(got "eighty"\)$/],
    [{ PORT: "70000" }, /^Invalid configuration: PORT expected an integer port/],
    [{ DATABASE_URL: "postgres://localhost/db" }, /^Invalid configuration: DATABASE_URL expected a file:, libsql:\/\//],
    [{ DATABASE_URL: "libsql://bad host" }, /^Invalid configuration: DATABASE_URL is not a valid URL/],
    [{ NODE_ENV: "staging" }, /^Invalid configuration: NODE_ENV expected "development", "production" or "test"/],
    [{ SEED_DEMO_DATA: "yes" }, /^Invalid configuration: SEED_DEMO_DATA expected "true" or "false"/],
    [
      { DATABASE_SYNC_URL: "libsql://example.turso.io", DATABASE_URL: "libsql://example.turso.io" },
      /^Invalid configuration: DATABASE_SYNC_URL needs DATABASE_URL to be a file: URL/,
    ],
  ])("bad configuration %j fails at start-up with one clear line", async (env, message) => {
    const server = start({ PORT: String(await freePort()), ...env });
    expect(await server.exited).toBe(1);
    const lines = server.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  test("production does not seed the demo unless asked", async () => {
    const server = start({ PORT: String(await freePort()), SEED_DEMO_DATA: "" });
    await server.waitForOutput(/running at/);
    expect(await database.db.select().from(users)).toEqual([]);
  });

  // The demo password is printed in the README: demo accounts must not be reachable from elsewhere.
  test("production refuses to seed the demo on a public address, in one line, leaving no demo accounts", async () => {
    const server = start({ PORT: String(await freePort()), SEED_DEMO_DATA: "true", APP_URL: "https://demo.example" });
    expect(await server.exited).toBe(1);
    const lines = server.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Refusing to start: SEED_DEMO_DATA=true would create demo accounts .* APP_URL=https:\/\/demo\.example makes this server public\. Unset SEED_DEMO_DATA/,
    );
    expect(await database.db.select().from(users)).toEqual([]);
  });

  test("production refuses to start on a public address while demo accounts still have the demo password", async () => {
    await seedDemoData(database.db, { passwords: createScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }) });
    const server = start({ PORT: String(await freePort()), APP_URL: "https://specialistly.example" });
    expect(await server.exited).toBe(1);
    const lines = server.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Refusing to start: demo accounts still have the public demo password, and APP_URL=https:\/\/specialistly\.example makes this server public\. Change their passwords first/,
    );
  });

  test("a database path that cannot be created is reported with the variable", async () => {
    // A regular file where a directory is needed makes the path impossible to create.
    writeFileSync(join(dir, "blocker"), "");
    const url = `file:${join(dir, "blocker", "app.db")}`;
    const server = start({ PORT: String(await freePort()), DATABASE_URL: url });
    expect(await server.exited).toBe(1);
    expect(server.output().trim()).toMatch(new RegExp(`^Cannot use the database at DATABASE_URL=${url}: `));
  });

  test("a port that is taken is reported by name", async () => {
    const port = String(await freePort());
    const first = start({ PORT: port });
    await first.waitForOutput(/running at/);
    const second = start({ PORT: port });
    expect(await second.exited).toBe(1);
    expect(second.output().trim()).toBe(`PORT ${port} is already in use: stop the other process or set PORT to a free port`);
  });
});
