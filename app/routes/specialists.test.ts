import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist, createUser, type SessionTypeOverrides, type SpecialistOverrides } from "../../db/factories";
import { availabilityWindows, fxRates } from "../../db/schema";
import { seedDemoData } from "../demo/seed.server";
import { createScryptPasswordHasher } from "../../platform/scrypt-password-hasher";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { decodeHtml, visibleText } from "../../tests/html";
import { extendAllHorizons } from "../domain/availability/slots.server";
import { createSession } from "../domain/auth/sessions.server";
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
    expect(decodeHtml(kenji.html)).toMatch(/¥15,000–¥22,000 \(≈ \$\d+–\$\d+\) · free intro call/);
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

  test("with no reviews anywhere yet, there is no rating filter or sort to pretend with", async () => {
    const { html } = await page("/specialists");
    expect(html).not.toMatch(/name="minRating"/);
    expect(html).not.toContain('<option value="rating"');
    expect(visibleText(html)).toContain("No ratings yet: reviews appear here after the first sessions.");
  });
});

describe("GET /specialists with focused data", () => {
  test("the price sort and filter compare money in the visitor's currency; cards show each price range and an estimate", async () => {
    await database.db.insert(fxRates).values(
      Object.entries({ EUR: 1, USD: 1.25, JPY: 160, GBP: 0.8 }).map(([currency, rate]) => ({
        currency,
        rate,
        asOf: "2026-05-29",
        source: "feed" as const,
      })),
    );
    const euro = await listed({ displayName: "Euro Emma" }, [{ priceMinor: 1_000, currency: "EUR" }]);
    const yen = await listed({ displayName: "Yen Yuki" }, [
      { priceMinor: 0, currency: "JPY" },
      { priceMinor: 1_500, currency: "JPY" },
      { priceMinor: 4_000, currency: "JPY" },
    ]);
    const pound = await listed({ displayName: "Pound Pia" }, [{ priceMinor: 2_500, currency: "GBP" }]);
    const dollar = await listed({ displayName: "Dollar Dana" }, [{ priceMinor: 7_500, currency: "USD" }]);

    const sorted = await page("/specialists?sort=price&currency=USD");
    expect(resultSlugs(sorted.html)).toEqual([yen.slug, euro.slug, pound.slug, dollar.slug]);
    const text = visibleText(sorted.html);
    expect(text).toContain("¥1,500–¥4,000 (≈ $12–$31) · free intro call");
    expect(text).toContain("€10 (≈ $13)");
    expect(text).toContain("$75");
    expect(text).not.toContain("$75 (≈");
    expect(text).toContain("Prices in other currencies are converted to US dollars at the reference rates of 29 May 2026.");
    expect(sorted.html).toMatch(/<option value="USD" selected="">/);

    expect(resultSlugs((await page("/specialists?maxPrice=100&currency=USD")).html).sort()).toEqual(
      [euro.slug, yen.slug, pound.slug, dollar.slug].sort(),
    );
    expect(resultSlugs((await page("/specialists?minPrice=9&maxPrice=30&currency=EUR")).html).sort()).toEqual([euro.slug, yen.slug].sort());
    expect(visibleText((await page("/specialists?currency=EUR")).html)).toContain("$75 (≈ €60)");
  });

  test("the currency defaults to the visitor's zone, else their language's country, else US dollars", async () => {
    await listed();
    const selected = (html: string) => html.match(/<option value="([A-Z]{3})" selected="">/)?.[1];
    expect(
      selected(await app.request("/specialists", { headers: { cookie: "tz=Asia%2FTokyo" } }).then((response) => response.text())),
    ).toBe("JPY");
    expect(
      selected(await app.request("/specialists", { headers: { "accept-language": "en-GB,en;q=0.8" } }).then((response) => response.text())),
    ).toBe("GBP");
    expect(selected((await page("/specialists")).html)).toBe("USD");
    expect((await page("/specialists?currency=XYZ")).status).toBe(400);
  });

  test("rating and availability filters", async () => {
    const rated = await listed({ ratingAvg: 4.6, ratingCount: 12 });
    await listed();
    await extendAllHorizons({ db: database.db, clock });
    const unfiltered = (await page("/specialists")).html;
    expect(unfiltered).toMatch(/name="minRating"/);
    expect(unfiltered).toContain('<option value="rating"');
    expect(visibleText(unfiltered)).not.toContain("No ratings yet");
    const html = (await page("/specialists?minRating=4.5")).html;
    expect(resultSlugs(html)).toEqual([rated.slug]);
    expect(decodeHtml(html)).toContain("4.6 (12 reviews)");
    // Both work only on Wednesdays; now is Monday noon.
    expect(resultSlugs((await page("/specialists?availableWithin=1")).html)).toEqual([]);
    expect(resultSlugs((await page("/specialists?availableWithin=3")).html)).toHaveLength(2);
  });

  test("without a detected zone, a signed-in visitor sees the next open times in their account's zone", async () => {
    await listed();
    await extendAllHorizons({ db: database.db, clock });
    const visitor = await createUser(database.db, { timezone: "Asia/Kolkata" });
    const { token } = await createSession(database.db, visitor.id, clock.now());
    const signedIn = visibleText((await page("/specialists", `session=${token}`)).html);
    expect(signedIn).toContain("(Kolkata time)");
    // A zone the browser reported still wins over the account's.
    const detected = await app.request("/specialists", { headers: { cookie: `session=${token}; tz=America%2FNew_York` } });
    expect(visibleText(await detected.text())).toContain("(New York time)");
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
