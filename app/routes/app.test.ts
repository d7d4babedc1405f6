import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { seedDemoData } from "../demo/seed.server";
import { createTestApp } from "../../tests/app-handler";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { createScryptPasswordHasher } from "../../platform/scrypt-password-hasher";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

describe("GET /healthz", () => {
  test("answers 200 after a real query", async () => {
    const app = await createTestApp({ db: database.db });
    const response = await app.request("/healthz");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", db: "ok" });
  });

  test("answers 503 with the reason when the database is unreachable", async () => {
    const app = await createTestApp({ db: database.db });
    database.client.close();
    const response = await app.request("/healthz");
    expect(response.status).toBe(503);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: "error", db: "unreachable" });
    expect(body.reason).toEqual(expect.any(String));
    expect(body.reason).not.toBe("");
  });
});

describe("home page", () => {
  test("lists published specialists with their cheapest price in their own currency", async () => {
    await seedDemoData(database.db, { passwords: createScryptPasswordHasher() });
    const app = await createTestApp({ db: database.db });
    const response = await app.request("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain("Specialists on Specialistly");
    expect(html.match(/src="\/avatars\/[a-z0-9-]+"/g)).toHaveLength(12);
    expect(html).toMatch(/From (\$|€|£|¥|₹)/);
  });

  test("says so when nobody is listed yet", async () => {
    const app = await createTestApp({ db: database.db });
    const html = await (await app.request("/")).text();
    expect(html).toContain("No specialists are listed yet");
  });
});

describe("avatars", () => {
  test("serves a generated SVG for a listed specialist and 404 otherwise", async () => {
    await seedDemoData(database.db, { passwords: createScryptPasswordHasher() });
    const app = await createTestApp({ db: database.db });
    const html = await (await app.request("/")).text();
    const path = /src="(\/avatars\/[a-z0-9-]+)"/.exec(html)?.[1];
    expect(path).toBeDefined();
    const avatar = await app.request(path!);
    expect(avatar.status).toBe(200);
    expect(avatar.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(await avatar.text()).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);

    const missing = await app.request("/avatars/nobody-by-that-name");
    expect(missing.status).toBe(404);
  });
});

test("unknown addresses get a 404 page, not a 500", async () => {
  const app = await createTestApp({ db: database.db });
  for (const path of ["/no-such-page", "/a/b/c?x=%E0%A4%A", "/%F0%9F%98%80"]) {
    const response = await app.request(path);
    expect(response.status, path).toBe(404);
    expect(await response.text()).toContain("Page not found");
  }
});
