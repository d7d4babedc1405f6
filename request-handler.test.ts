import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist } from "./db/factories";
import { availabilityOverrides, availabilityWindows, users } from "./db/schema";
import { createSession } from "./app/domain/auth/sessions.server";
import { createTestApp } from "./tests/app-handler";
import { createTestClock } from "./tests/clock";
import { expectConsoleError } from "./tests/console";
import { createTestDatabase, type TestDatabase } from "./tests/test-database";

// Hostile and malformed requests through the real Remix handler. Each answer must be a 4xx with a
// short body: the bugs these guard against answered in seconds to minutes with megabytes, or a 500.

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
const clock = createTestClock();
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z"));
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

const smallBody = 4 * 1024;
const urlEncoded = { "content-type": "application/x-www-form-urlencoded" };

async function specialistCookie() {
  const { user, specialist } = await createSpecialist(database.db, { timezone: "Europe/Berlin" });
  await createSessionType(database.db, specialist.id);
  await database.db.insert(availabilityWindows).values({ specialistId: specialist.id, weekday: 1, startMinute: 540, endMinute: 720 });
  const { token } = await createSession(database.db, user.id, clock.now());
  return { specialist, cookie: `session=${token}` };
}

/** A same-origin POST with exactly this body and these headers, as a script (not a browser form) can send. */
function rawPost(path: string, body: BodyInit | null, headers: Record<string, string> = {}, cookie?: string) {
  return app.request(path, {
    method: "POST",
    body,
    headers: { "sec-fetch-site": "same-origin", ...(cookie ? { cookie } : {}), ...headers },
  });
}

async function expectRefused(response: Response, status: number, message: RegExp | string) {
  const body = await response.text();
  expect(response.status, body.slice(0, 200)).toBe(status);
  expect(body.length).toBeLessThan(smallBody);
  expect(body).toMatch(message);
}

const windowRows = async (specialistId: string) =>
  database.db.select().from(availabilityWindows).where(eq(availabilityWindows.specialistId, specialistId));

describe("a list index beyond any form's is refused before the form is parsed", () => {
  test("the weekly hours and date override editors", async () => {
    const { specialist, cookie } = await specialistCookie();
    await expectRefused(
      await rawPost("/specialist/availability", "section=weekly&monday%5B10000%5D.start=09:00", urlEncoded, cookie),
      400,
      /list/,
    );
    const override = "section=override&date=2026-06-10&mode=hours&windows%5B10000%5D.start=09:00";
    await expectRefused(await rawPost("/specialist/availability", override, urlEncoded, cookie), 400, /list/);
    // A number after a dot indexes an array too, once the first field made it one.
    const dotted = "section=weekly&monday%5B0%5D.start=09:00&monday.10000=x";
    await expectRefused(await rawPost("/specialist/availability", dotted, urlEncoded, cookie), 400, /list/);
    expect(await windowRows(specialist.id)).toHaveLength(1);
    expect(await database.db.select().from(availabilityOverrides)).toEqual([]);
  });

  test("anonymous forms and the search query", async () => {
    for (const path of ["/forgot-password", "/login", "/signup"]) {
      await expectRefused(await rawPost(path, "email%5B1000000%5D=x", urlEncoded), 400, /list/);
    }
    await expectRefused(await app.get("/specialists?q%5B1000000%5D=x"), 400, /list/);
    expect(await database.db.select().from(users)).toEqual([]);
  });

  test("“Add hours” past the limit still gets the editor's own message", async () => {
    const { specialist, cookie } = await specialistCookie();
    const rows = Array.from({ length: 13 }, (_, index) => [
      [`monday[${index}].start`, `${String(index + 8).padStart(2, "0")}:00`],
      [`monday[${index}].end`, `${String(index + 8).padStart(2, "0")}:30`],
    ]).flat();
    const response = await rawPost("/specialist/availability", new URLSearchParams([["section", "weekly"], ...rows]), urlEncoded, cookie);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("At most 12 sets of hours per day.");
    expect(await windowRows(specialist.id)).toHaveLength(1);
  });
});

describe("oversized requests", () => {
  test("a form with too many fields is refused", async () => {
    const fields = new URLSearchParams(Array.from({ length: 2000 }, () => ["email", "x"]));
    await expectRefused(await rawPost("/forgot-password", fields, urlEncoded), 400, /too many fields/);
    const query = new URLSearchParams(Array.from({ length: 2000 }, (_, index) => [`f${index}`, "x"]));
    await expectRefused(await app.get(`/specialists?${query}`), 400, /too many fields/);
  });

  test("a field name longer than any form's is refused", async () => {
    await expectRefused(await rawPost("/login", `${"a.".repeat(5000)}a=x`, urlEncoded), 400, /name/);
  });

  test("bodies over the cap for their type get 413, with or without a Content-Length", async () => {
    const bigForm = `email=${"x".repeat(200 * 1024)}`;
    await expectRefused(await rawPost("/forgot-password", bigForm, urlEncoded), 413, /too large/);
    const streamed = new Blob([bigForm]).stream();
    const chunked = await app.request("/forgot-password", {
      method: "POST",
      body: streamed,
      headers: { "sec-fetch-site": "same-origin", ...urlEncoded },
      duplex: "half",
    });
    await expectRefused(chunked, 413, /too large/);

    const { cookie } = await specialistCookie();
    const upload = new FormData();
    upload.append("avatar", new File([new Uint8Array(6 * 1024 * 1024)], "huge.png", { type: "image/png" }));
    await expectRefused(await rawPost("/specialist/profile", upload, {}, cookie), 413, /too large/);

    const webhook = JSON.stringify({ id: "evt_big", padding: "x".repeat(2 * 1024 * 1024) });
    await expectRefused(await rawPost("/webhooks/test-payments", webhook, { "content-type": "application/json" }), 413, /too large/);
  });
});

describe("malformed requests are a 400 with a reason, not a 500", () => {
  const nonForms: [string, BodyInit | null, Record<string, string>][] = [
    ["JSON", JSON.stringify({ email: "a@example.com" }), { "content-type": "application/json" }],
    ["plain text", "email=a@example.com", { "content-type": "text/plain" }],
    ["multipart without a boundary", "email=a@example.com", { "content-type": "multipart/form-data" }],
    ["no Content-Type", null, {}],
  ];

  test.each(nonForms)("%s posted to a form", async (_case, body, headers) => {
    await expectRefused(await rawPost("/login", body, headers), 400, /form/);
    const { cookie } = await specialistCookie();
    await expectRefused(await rawPost("/specialist/availability", body, headers, cookie), 400, /form/);
  });

  test("a multipart body that doesn't parse", async () => {
    const headers = { "content-type": "multipart/form-data; boundary=xyz" };
    await expectRefused(await rawPost("/login", "--xyz\r\nContent-Disposition: form-data\r\n\r\nnot closed", headers), 400, /form/);
  });

  const intents: [string, string][] = [
    ["invalid JSON", "{x"],
    ["JSON that isn't an intent", "[]"],
    ["an unknown intent", JSON.stringify({ type: "explode", payload: {} })],
    ["__proto__ as a name", JSON.stringify({ type: "remove", payload: { name: "__proto__", index: 0 } })],
    ["a remove at index 1e9", JSON.stringify({ type: "remove", payload: { name: "windows", index: 1e9 } })],
    ["an update at index 1e9", JSON.stringify({ type: "update", payload: { name: "windows", index: 1e9, value: { start: "09:00" } } })],
    ["a list intent on a field that isn't a list", JSON.stringify({ type: "remove", payload: { name: "email", index: 0 } })],
  ];

  test.each(intents)("a conform intent with %s", async (_case, intent) => {
    const login = new URLSearchParams({ email: "a@example.com", password: "x", __intent__: intent });
    await expectRefused(await rawPost("/login", login, urlEncoded), 400, /form/);
  });

  test("malformed intents to the availability editor change nothing", async () => {
    const { specialist, cookie } = await specialistCookie();
    for (const [, intent] of intents) {
      const override = new URLSearchParams({
        section: "override",
        date: "2026-06-10",
        mode: "hours",
        __intent__: intent.replace('"email"', '"date"'),
      });
      await expectRefused(await rawPost("/specialist/availability", override, urlEncoded, cookie), 400, /form/);
    }
    expect(await windowRows(specialist.id)).toHaveLength(1);
    expect(await database.db.select().from(availabilityOverrides)).toEqual([]);
  });

  test("an intent in the search query", async () => {
    await expectRefused(await app.get("/specialists?__intent__=%7Bx"), 400, /form/);
  });

  test("a form posted where there is no form still gets Remix's 405", async () => {
    // Remix logs the missing action as an error itself.
    expectConsoleError(/did not provide an `action` for route "routes\/specialists"/);
    const response = await rawPost("/specialists", new URLSearchParams({ q: "x" }), urlEncoded);
    expect(response.status).toBe(405);
  });
});
