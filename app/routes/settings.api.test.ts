import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../db/factories";
import { apiTokens } from "../../db/schema";
import { callApi, personalTokenFor } from "../../tests/api-client";
import { createTestApp, signedInCookie } from "../../tests/app-handler";
import { callTestApi, countingWriteOperation } from "../../tests/api-test-router";
import { createTestClock } from "../../tests/clock";
import { visibleText } from "../../tests/html";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let clock: ReturnType<typeof createTestClock>;
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock(new Date("2026-06-01T12:00:00Z"));
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

const tokenPattern = /spl_[a-z2-7]{24}\.[a-z2-7]{40}/;

async function signedInUser(timezone = "Europe/Berlin") {
  const user = await createUser(database.db, { timezone });
  return { user, cookie: await signedInCookie(database.db, user.id, clock.now()) };
}

async function createThroughPage(cookie: string, fields: Record<string, string>) {
  return app.post("/settings/api", { intent: "create", ...fields }, { cookie });
}

describe("/settings/api", () => {
  test("a created token is shown once, works against the API, and is listed with its last use in the viewer's zone", async () => {
    const { user, cookie } = await signedInUser();
    const response = await createThroughPage(cookie, { name: "Zapier", scope: "read_write" });
    expect(response.status).toBe(200);
    const html = await response.text();
    const token = tokenPattern.exec(html)?.[0];
    expect(token, "the new token is in the page after the POST").toBeDefined();
    expect(visibleText(html)).toContain("won't be shown again");

    const me = await callApi(app, { method: "get", path: "/me", token });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: user.id, email: user.email });

    const later = await app.get("/settings/api", { cookie });
    const page = await later.text();
    expect(page, "never retrievable again").not.toContain(token!);
    const text = visibleText(page);
    expect(text).toContain("Zapier");
    expect(text).toContain("Read and write");
    // 12:00 UTC is 14:00 in Berlin in June.
    expect(text).toContain("1 June 2026, 14:00");
    expect(text).not.toContain("Never used");
  });

  test("a token never used says so", async () => {
    const { cookie } = await signedInUser();
    await createThroughPage(cookie, { name: "Spare", scope: "read" });
    const text = visibleText(await (await app.get("/settings/api", { cookie })).text());
    expect(text).toContain("Spare");
    expect(text).toContain("Read only");
    expect(text).toContain("Never used");
  });

  test("a bad name or scope is refused with the reason and nothing is stored", async () => {
    const { user, cookie } = await signedInUser();
    const blank = await createThroughPage(cookie, { name: "   ", scope: "read" });
    expect(blank.status).toBe(400);
    expect(visibleText(await blank.text())).toContain("Name the token after what will use it.");
    const badScope = await createThroughPage(cookie, { name: "CI", scope: "admin" });
    expect(badScope.status).toBe(400);
    expect(await database.db.$count(apiTokens, eq(apiTokens.userId, user.id))).toBe(0);
  });

  test("a read-only token can read but gets 403 insufficient_scope on a write", async () => {
    const { cookie } = await signedInUser();
    const html = await (await createThroughPage(cookie, { name: "Dashboard", scope: "read" })).text();
    const token = tokenPattern.exec(html)![0];
    expect((await callApi(app, { method: "get", path: "/me", token })).status).toBe(200);
    // No write on main takes a token yet, so a test-only write goes through the real router.
    const { operation, effects } = countingWriteOperation();
    const write = await callTestApi(app, [operation], { method: "post", path: "/test/notes", token, body: { text: "hi" } });
    expect(write.status).toBe(403);
    expect(await write.json()).toMatchObject({ error: { code: "insufficient_scope" } });
    expect(effects).toEqual([]);
  });

  test("revoking asks for confirmation first, then the token gets 401", async () => {
    const { user, cookie } = await signedInUser();
    const token = await personalTokenFor(database.db, user.id, clock.now(), "read");
    const [row] = await database.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id));

    const confirm = await app.get(`/settings/api?revoke=${row!.id}`, { cookie });
    expect(confirm.status).toBe(200);
    expect(visibleText(await confirm.text())).toContain("Revoke “Test token”?");
    expect(await database.db.$count(apiTokens, eq(apiTokens.userId, user.id)), "showing the question revokes nothing").toBe(1);

    const revoked = await app.post("/settings/api", { intent: "revoke", tokenId: row!.id }, { cookie });
    expect(revoked.status).toBe(302);
    expect(revoked.headers.get("location")).toBe("/settings/api?revoked=1");
    const me = await callApi(app, { method: "get", path: "/me", token });
    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  test("someone else's token can't be revoked", async () => {
    const owner = await createUser(database.db);
    const token = await personalTokenFor(database.db, owner.id, clock.now());
    const [row] = await database.db.select().from(apiTokens).where(eq(apiTokens.userId, owner.id));
    const { cookie } = await signedInUser();

    const confirm = await app.get(`/settings/api?revoke=${row!.id}`, { cookie });
    expect(visibleText(await confirm.text())).not.toContain("Test token");
    const attempt = await app.post("/settings/api", { intent: "revoke", tokenId: row!.id }, { cookie });
    expect(attempt.status).toBe(404);
    expect((await callApi(app, { method: "get", path: "/me", token })).status).toBe(200);
  });

  test("the page links the API reference", async () => {
    const { cookie } = await signedInUser();
    expect(await (await app.get("/settings/api", { cookie })).text()).toContain('href="/api/docs"');
  });
});
