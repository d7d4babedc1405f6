import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist } from "../../db/factories";
import { availabilityWindows } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";

let database: TestDatabase;
const clock = createTestClock();
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z"));
});
afterEach(() => database.cleanup());

async function specialist(slug: string, listed: boolean) {
  const { specialist } = await createSpecialist(database.db, { slug, published: listed });
  await createSessionType(database.db, specialist.id);
  await database.db.insert(availabilityWindows).values({ specialistId: specialist.id, weekday: 3, startMinute: 540, endMinute: 1020 });
  return specialist;
}

describe("robots.txt", () => {
  test("allows crawling the public pages, keeps private ones out, and points at the sitemap", async () => {
    const app = await createTestApp({ db: database.db, clock, env: { APP_URL: "https://specialistly.example" } });
    const response = await app.get("/robots.txt");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^User-agent: \*$/m);
    expect(text).toMatch(/^Disallow: \/bookings$/m);
    expect(text).toMatch(/^Disallow: \/settings$/m);
    expect(text).toMatch(/^Sitemap: https:\/\/specialistly\.example\/sitemap\.xml$/m);
  });
});

describe("sitemap.xml", () => {
  test("lists the home page, the directory and every listed specialist's profile, with absolute URLs", async () => {
    await specialist("ivan-petrov", true);
    await specialist("ada-lovelace", true);
    await specialist("hidden-draft", false);
    const app = await createTestApp({ db: database.db, clock, env: { APP_URL: "https://specialistly.example" } });
    const response = await app.get("/sitemap.xml");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/xml/);
    const xml = await response.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    const locations = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]);
    expect(locations).toEqual([
      "https://specialistly.example/",
      "https://specialistly.example/specialists",
      "https://specialistly.example/s/ada-lovelace",
      "https://specialistly.example/s/ivan-petrov",
    ]);
  });

  test("without APP_URL, URLs use the request's origin", async () => {
    await specialist("ada-lovelace", true);
    const app = await createTestApp({ db: database.db, clock });
    const xml = await (await app.get("/sitemap.xml")).text();
    expect(xml).toContain("<loc>http://localhost/s/ada-lovelace</loc>");
  });
});
