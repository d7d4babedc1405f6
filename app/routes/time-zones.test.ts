// The full zone list behind the booking page's "Other time zone…" link, without JavaScript.
import { afterEach, beforeEach, expect, test } from "vitest";
import { createTestApp } from "../../tests/app-handler";
import { visibleText } from "../../tests/html";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  database = await createTestDatabase();
  app = await createTestApp({ db: database.db });
});
afterEach(() => database.cleanup());

const back = "/s/greta/book/abc?day=2026-06-10&tz=Europe%2FBerlin";

test("lists every zone with the shown one selected, and sends the choice back as ?tz=, keeping the rest", async () => {
  const page = await app.get(`/time-zones?${new URLSearchParams({ back, tz: "Asia/Calcutta" })}`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html.match(/<option\b/g)!.length).toBeGreaterThan(300);
  expect(html).toMatch(/<option value="Asia\/Kolkata" selected="">/);
  expect(visibleText(html)).toContain("Choose a time zone");

  const chosen = await app.get(`/time-zones?${new URLSearchParams({ back, zone: "America/Los_Angeles" })}`);
  expect(chosen.status).toBe(302);
  expect(chosen.headers.get("location")).toBe("/s/greta/book/abc?day=2026-06-10&tz=America%2FLos_Angeles");
});

test("an unknown zone is a 400 with a message; a link elsewhere never leaves the site", async () => {
  const invalid = await app.get(`/time-zones?${new URLSearchParams({ back, zone: "Mars/Olympus" })}`);
  expect(invalid.status).toBe(400);
  expect(visibleText(await invalid.text())).toContain("Choose a valid time zone.");

  const offsite = await app.get(`/time-zones?${new URLSearchParams({ back: "https://evil.example/x", zone: "UTC" })}`);
  expect(offsite.headers.get("location")).toBe("/specialists?tz=UTC");
});
