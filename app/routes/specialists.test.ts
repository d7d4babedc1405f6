import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist, type SessionTypeOverrides, type SpecialistOverrides } from "../../db/factories";
import { availabilityWindows } from "../../db/schema";
import { seedDemoData } from "../../db/seed";
import { createScryptPasswordHasher } from "../../platform/scrypt-password-hasher";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { decodeHtml } from "../../tests/html";
import { extendAllHorizons } from "../domain/availability/slots.server";
import { countListedSpecialists } from "../domain/specialists/directory.server";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
// Monday 1 June 2026, 12:00 UTC.
const clock = createTestClock();
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z"));
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

/** React escapes quotes in text; tests compare with the words a person reads. */

/** Profile slugs linked from the result cards, in order. */
function resultSlugs(html: string) {
  return [...html.matchAll(/<a href="\/s\/([^"]+)"/g)].map((match) => match[1]!);
}

function loadMoreHref(html: string) {
  const href = html.match(/<a href="(\/specialists\?[^"]*cursor=[^"]+)"[^>]*>Load more<\/a>/)?.[1];
  return href === undefined ? null : decodeHtml(href);
}

async function page(path: string, cookie?: string) {
  const response = await app.get(path, { cookie });
  return { status: response.status, html: await response.text() };
}

async function listed(overrides: SpecialistOverrides = {}, types: SessionTypeOverrides[] = [{}]) {
  const { specialist } = await createSpecialist(database.db, { timezone: "UTC", ...overrides });
  for (const type of types) await createSessionType(database.db, specialist.id, type);
  await database.db.insert(availabilityWindows).values({ specialistId: specialist.id, weekday: 3, startMinute: 540, endMinute: 1020 });
  return specialist;
}

describe("GET /specialists over the demo marketplace", () => {
  beforeEach(async () => {
    await seedDemoData(database.db, { now: clock.now(), passwords: createScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }) });
    await extendAllHorizons({ db: database.db, clock });
  });

  test("lists specialists with a count, and Load more walks every page once", async () => {
    const total = await countListedSpecialists(database.db);
    const first = await page("/specialists");
    expect(first.status).toBe(200);
    expect(first.html).toContain("<title>Find a specialist · Specialistly</title>");
    expect(first.html).toMatch(/<meta name="description" content="Search coaches/);
    expect(first.html).toContain(`${total} specialists`);
    expect(decodeHtml(first.html)).toContain("Next available: ");
    const seen = resultSlugs(first.html);
    expect(first.html).toContain(`src="/avatars/${seen[0]}"`);
    expect(seen).toHaveLength(12);
    let next = loadMoreHref(first.html);
    while (next) {
      const more = await page(next);
      expect(more.status).toBe(200);
      seen.push(...resultSlugs(more.html));
      next = loadMoreHref(more.html);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(total);
  });

  test("filters and sorting live in the URL", async () => {
    const kenji = await page("/specialists?q=distributed+systems");
    expect(resultSlugs(kenji.html)).toEqual(["kenji-watanabe"]);
    expect(kenji.html).toContain("1 specialist");
    expect(decodeHtml(kenji.html)).toContain("Free intro call available");
    expect(kenji.html).toMatch(/<input[^>]*name="q"[^>]*value="distributed systems"/);

    expect(resultSlugs((await page("/specialists?language=yo")).html)).toEqual(["chiamaka-okafor"]);
    const nutrition = resultSlugs((await page("/specialists?specialty=nutrition&sort=price")).html);
    expect(nutrition).toContain("sita-shrestha");
    expect(resultSlugs((await page("/specialists?minRating=4")).html)).toEqual([]);
  });

  test("an empty search says so", async () => {
    const { status, html } = await page("/specialists?q=zzzz-no-such-thing");
    expect(status).toBe(200);
    expect(html).toContain("No specialists match these filters.");
    expect(html).toContain("<title>“zzzz-no-such-thing” · Find a specialist · Specialistly</title>");
  });
});

describe("GET /specialists with focused data", () => {
  test("price filter works per currency and the price sort orders by the cheapest session", async () => {
    const dollars = await listed({ displayName: "Dollar Dana" }, [{ priceMinor: 5_000, currency: "USD" }]);
    const yen = await listed({ displayName: "Yen Yuki" }, [{ priceMinor: 4_000, currency: "JPY" }]);
    expect(resultSlugs((await page("/specialists?minPrice=40&maxPrice=60")).html)).toEqual([dollars.slug]);
    expect(resultSlugs((await page("/specialists?minPrice=3000&maxPrice=6000")).html)).toEqual([yen.slug]);
    const sorted = await page("/specialists?sort=price");
    expect(resultSlugs(sorted.html)).toEqual([yen.slug, dollars.slug]);
    expect(decodeHtml(sorted.html)).toContain("From $50");
    expect(decodeHtml(sorted.html)).toContain("From ¥4,000");
  });

  test("rating and availability filters", async () => {
    const rated = await listed({ ratingAvg: 4.6, ratingCount: 12 });
    await listed();
    await extendAllHorizons({ db: database.db, clock });
    const html = (await page("/specialists?minRating=4.5")).html;
    expect(resultSlugs(html)).toEqual([rated.slug]);
    expect(decodeHtml(html)).toContain("4.6 (12 reviews)");
    // Both work only on Wednesdays; now is Monday noon.
    expect(resultSlugs((await page("/specialists?availableWithin=1")).html)).toEqual([]);
    expect(resultSlugs((await page("/specialists?availableWithin=3")).html)).toHaveLength(2);
  });

  test.each([
    ["minRating=9", "The minimum rating must be from 1 to 5."],
    ["minPrice=abc", "The minimum price must be a number, e.g. 50 or 49.50."],
    ["minPrice=50&maxPrice=10", "The maximum price must be at least the minimum price."],
    ["availableWithin=1000", "Availability must be from 1 to 60 days."],
    ["specialty=astrology", "Choose a specialty from the list."],
    ["language=klingon", "Choose a language from the list."],
    ["sort=random", "Choose a sort order from the list."],
    ["cursor=not-a-cursor", "That page link is not valid. Please start the search again."],
    ["cursor=%25%25%25", "That page link is not valid. Please start the search again."],
  ])("?%s is a 400 page that says what is wrong", async (search, message) => {
    await listed();
    const { status, html } = await page(`/specialists?${search}`);
    expect(status).toBe(400);
    expect(decodeHtml(html)).toContain(message);
    expect(html).toContain("Some filters need fixing");
    expect(resultSlugs(html)).toEqual([]);
  });
});
