import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createUser } from "../../db/factories";
import { createTestApp, signedInCookie } from "../../tests/app-handler";
import { decodeHtml, visibleText } from "../../tests/html";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";

interface Document {
  paths: Record<string, Record<string, { operationId: string }>>;
}

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp({ db: database.db });
});
afterAll(() => database.cleanup());

describe("/api/docs", () => {
  test("lists every operation of the generated document with its method and path", async () => {
    const document = (await (await app.request("/api/v1/openapi.json")).json()) as Document;
    const response = await app.get("/api/docs");
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = visibleText(html);
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ path, method, id: operation.operationId })),
    );
    expect(operations.length).toBeGreaterThan(0);
    for (const { path, method, id } of operations) {
      // Each operation has its own section, headed by its method and path.
      const section = new RegExp(`<section[^>]*id="${id}"[^>]*>[\\s\\S]*?</section>`).exec(html)?.[0];
      expect(section, `a section for ${id}`).toBeDefined();
      const sectionText = visibleText(section!);
      expect(sectionText).toContain(`${method.toUpperCase()} /api/v1${path}`);
      expect(sectionText).toContain(id);
    }
    expect(text).toContain("Idempotency-Key");
    expect(html).toContain('href="/api/v1/openapi.json"');
  });

  test("renders request and response bodies as field tables, $refs resolved", async () => {
    const html = await (await app.get("/api/docs")).text();
    const section = visibleText(/<section[^>]*id="createToken"[^>]*>[\s\S]*?<\/section>/.exec(html)![0]);
    // The request body's fields, and TokenPair's (a $ref) with the nested user object's fields.
    for (const field of ["email", "password", "accessToken", "refreshToken", "expiresIn", "user", "user.timezone"]) {
      expect(section).toContain(field);
    }
    expect(section).toContain("rate_limited");
    expect(section).toContain("unauthorized");
  });

  test("loads nothing from elsewhere: no external scripts or styles", async () => {
    const html = decodeHtml(await (await app.get("/api/docs")).text());
    const external = [...html.matchAll(/<(script|link)\b[^>]*\b(?:src|href)="([^"]*)"/g)]
      .map((match) => match[2]!)
      .filter((url) => /^(https?:)?\/\//.test(url));
    expect(external).toEqual([]);
  });

  test("is cached like other public pages for visitors, and private when signed in", async () => {
    const anonymous = await app.get("/api/docs");
    expect(anonymous.headers.get("cache-control")).toContain("s-maxage=60");
    const user = await createUser(database.db);
    const signedIn = await app.get("/api/docs", { cookie: await signedInCookie(database.db, user.id, new Date()) });
    expect(signedIn.headers.get("cache-control")).toBe("private, no-store");
  });

  test("the footer links it", async () => {
    expect(await (await app.get("/")).text()).toContain('href="/api/docs"');
  });
});
