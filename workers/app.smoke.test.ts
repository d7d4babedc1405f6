import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { createUser } from "../db/factories";
import { applyMigrations } from "../db/migrations";
import { credentials, cronRuns, outboxEmails, sessions } from "../db/schema";
import { seedDemoData } from "../db/seed";
import { startEdgeStack, type EdgeStack } from "../scripts/edge-stack";

// The Worker build in workerd (`wrangler dev`) against db/dev-server.ts: the edge topology, offline.
let dir: string;
let database: DatabaseHandle;
let stack: EdgeStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "specialistly-edge-"));
  const file = join(dir, "edge.db");
  database = openDatabase({ url: pathToFileURL(file).href });
  await applyMigrations(database.db);
  await seedDemoData(database.db);
  stack = await startEdgeStack({ file, stateDir: join(dir, "wrangler") });
});

afterAll(async () => {
  await stack?.stop();
  database?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the Worker under wrangler dev", () => {
  test("serves the home page with data read through the libSQL server", async () => {
    const response = await fetch(`${stack.url}/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Specialists on Specialistly");
    expect(html.match(/src="\/avatars\/[a-z0-9-]+"/g)).toHaveLength(12);
  });

  test("answers /healthz after a real query", async () => {
    const response = await fetch(`${stack.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", db: "ok" });
  });

  test("serves static assets from Workers assets", async () => {
    const response = await fetch(`${stack.url}/favicon.svg`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<svg");
  });

  test("/__scheduled runs the cron handler, whose task runs through the queue", async () => {
    const user = await createUser(database.db);
    const past = new Date(Date.now() - 60_000);
    await database.db
      .insert(sessions)
      .values({ id: "expired-on-edge", userId: user.id, secretHash: "x", lastVerifiedAt: past, expiresAt: past });

    const response = await fetch(`${stack.url}/__scheduled?cron=${encodeURIComponent("* * * * *")}`);
    expect(response.status).toBe(200);

    await expect
      .poll(async () => (await database.db.select().from(cronRuns)).filter((run) => run.finishedAt !== null).length, {
        timeout: 30_000,
        interval: 250,
      })
      .toBe(3);
    const runs = await database.db.select().from(cronRuns);
    expect(runs.map((run) => run.name).sort()).toEqual(["complete-bookings", "expire-holds", "purge-expired-sessions"]);
    expect(await database.db.select().from(sessions)).toEqual([]);
  });

  test("signs a customer up in workerd: scrypt, email rendering, session cookie", async () => {
    const signUp = await fetch(`${stack.url}/signup`, {
      method: "POST",
      redirect: "manual",
      headers: { "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        name: "Edge Customer",
        email: "edge@example.test",
        password: "plum-ferry-quartz-71",
        role: "customer",
        timezone: "Asia/Tokyo",
      }),
    });
    expect(signUp.status).toBe(302);
    const cookie = signUp.headers.get("set-cookie")?.split(";")[0];
    expect(cookie).toMatch(/^session=/);
    const home = await fetch(`${stack.url}/`, { headers: { cookie: cookie! } });
    expect(await home.text()).toContain("Edge Customer");
    const [credential] = await database.db.select().from(credentials);
    expect(credential?.passwordHash).toMatch(/^scrypt\$16384\$8\$5\$/);
    const mail = await database.db.select().from(outboxEmails);
    expect(mail.map((message) => message.to)).toEqual(["edge@example.test"]);
    expect(mail[0]?.html).toContain("<html");
  });

  test("reports 503 with the reason when the database goes away", async () => {
    await stack.database.close();
    const response = await fetch(`${stack.url}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: "error", db: "unreachable" });
  });
});
