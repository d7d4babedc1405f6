import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist, type SessionTypeOverrides, type SpecialistOverrides } from "../../../db/factories";
import { availabilityWindows, blockedTimes, fxRates, slots, specialists } from "../../../db/schema";
import { seedDemoData } from "../../demo/seed.server";
import { createScryptPasswordHasher } from "../../../platform/scrypt-password-hasher";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { extendAllHorizons, rebuildSlotsForSpecialist } from "../availability/slots.server";
import { countListedSpecialists } from "./directory.server";
import { decodeCursor, encodeCursor, searchQuerySchema, searchSorts, type SearchQuery } from "./search-schema";
import { searchPageSize, searchSpecialists } from "./search.server";

// Monday 1 June 2026, 12:00 UTC.
const now = new Date("2026-06-01T12:00:00Z");
const day = 24 * 60 * 60 * 1000;

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

function query(input: Record<string, unknown> = {}): SearchQuery {
  return searchQuerySchema.parse(input);
}

async function slugsFor(input: Record<string, unknown> = {}) {
  const page = await searchSpecialists(database.db, query(input), now);
  return page.results.map((result) => result.slug);
}

/** Every page of a search, following the cursors. */
async function allPages(input: Record<string, unknown>, options: { walkOrderFrom?: number } = {}) {
  const pages = [];
  let cursor: string | undefined;
  do {
    const page = await searchSpecialists(database.db, query({ ...input, cursor }), now, options);
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 20);
  return pages;
}

/** Exchange rates per euro, as if the feed of 29 May 2026 had just been stored. */
async function storeRates(rates: Record<string, number>) {
  await database.db
    .insert(fxRates)
    .values(Object.entries(rates).map(([currency, rate]) => ({ currency, rate, asOf: "2026-05-29", source: "feed" as const })));
}

/** A specialist the directory may list: an active session type and weekly hours (every day, 09:00–17:00 local). */
async function listed(overrides: SpecialistOverrides = {}, options: { types?: SessionTypeOverrides[]; weekdays?: number[] } = {}) {
  const { specialist } = await createSpecialist(database.db, { timezone: "UTC", ...overrides });
  for (const type of options.types ?? [{}]) await createSessionType(database.db, specialist.id, type);
  await database.db.insert(availabilityWindows).values(
    (options.weekdays ?? [1, 2, 3, 4, 5, 6, 7]).map((weekday) => ({
      specialistId: specialist.id,
      weekday,
      startMinute: 540,
      endMinute: 1020,
    })),
  );
  return specialist;
}

describe("searchSpecialists over the demo marketplace", () => {
  beforeEach(async () => {
    await seedDemoData(database.db, { now, passwords: createScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }) });
    await extendAllHorizons({ db: database.db, clock: createTestClock(now) });
  });

  test.each(searchSorts)("pages through every listed specialist once, sorted by %s", async (sort) => {
    const listedCount = await countListedSpecialists(database.db);
    expect(listedCount).toBeGreaterThan(searchPageSize * 2);
    const pages = await allPages({ sort });
    const slugs = pages.flatMap((page) => page.results.map((result) => result.slug));
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(slugs).toHaveLength(listedCount);
    expect(pages.slice(0, -1).every((page) => page.results.length === searchPageSize)).toBe(true);
    expect(pages.at(-1)!.nextCursor).toBeNull();
    expect(pages[0]!.total).toBe(listedCount);
    expect(pages[1]!.total).toBeNull();
  });

  // Demo data has fewer matches than a walk or a ranked read needs; a threshold of 1 takes them for any.
  test.each(searchSorts)(
    "text sorted by %s pages through the same specialists, in the same order, whether its candidates are read or its order walked or ranked",
    async (sort) => {
      const slugs = (pages: Awaited<ReturnType<typeof allPages>>) => pages.flatMap((page) => page.results.map((result) => result.slug));
      for (const q of ["a", "coach", "data", "product", "data sc", "le", "kenji w"]) {
        const read = await allPages({ q, sort });
        const other = await allPages({ q, sort }, { walkOrderFrom: 1 });
        expect(slugs(read).length, q).toBeGreaterThan(0);
        expect(slugs(other), q).toEqual(slugs(read));
        expect(other[0]!.total, q).toBe(read[0]!.total);
        expect(new Set(slugs(read)).size, q).toBe(read[0]!.total);
      }
    },
  );

  test("the first page's count is the number of specialists its pages list, whatever the filters", async () => {
    for (const filters of [
      { specialty: "nutrition" },
      { language: "en" },
      { language: "en", specialty: "leadership" },
      { language: "en", maxPrice: 100, currency: "EUR" },
      { specialty: "nutrition", availableWithin: 7 },
      { language: "en", q: "coach" },
      { q: "data sc" },
    ]) {
      const pages = await allPages(filters);
      const found = pages.flatMap((page) => page.results.map((result) => result.slug));
      expect(found.length, JSON.stringify(filters)).toBeGreaterThan(0);
      expect(pages[0]!.total, JSON.stringify(filters)).toBe(found.length);
    }
  });

  test("finds by name, headline and specialty label; every word must match", async () => {
    expect(await slugsFor({ q: "Kenji" })).toEqual(["kenji-watanabe"]);
    expect(await slugsFor({ q: "distributed SYSTEMS" })).toContain("kenji-watanabe");
    expect(await slugsFor({ q: "kenji architecture" })).toEqual(["kenji-watanabe"]);
    expect(await slugsFor({ q: "kenji nutrition" })).toEqual([]);
    const nutrition = await searchSpecialists(database.db, query({ q: "nutrition" }), now);
    expect(nutrition.results.map((result) => result.slug)).toContain("sita-shrestha");
  });

  test("filters by specialty and by language", async () => {
    const bySpecialty = await searchSpecialists(database.db, query({ specialty: "nutrition" }), now);
    expect(bySpecialty.results.length).toBeGreaterThan(0);
    expect(bySpecialty.results.every((result) => result.specialties.includes("nutrition"))).toBe(true);
    expect(await slugsFor({ language: "yo" })).toEqual(["chiamaka-okafor"]);
  });

  test("shows the price range and the next open time", async () => {
    const [kenji] = (await searchSpecialists(database.db, query({ q: "kenji" }), now)).results;
    expect(kenji!.prices).toMatchObject({ free: true, paid: { min: { amountMinor: 15_000, currency: "JPY" } } });
    expect(kenji!.nextAvailableAt!.getTime()).toBeGreaterThanOrEqual(now.getTime());
    const [first] = await database.db
      .select({ startsAt: slots.startsAt })
      .from(slots)
      .innerJoin(specialists, eq(specialists.id, slots.specialistId))
      .where(eq(specialists.slug, "kenji-watanabe"))
      .orderBy(slots.startsAt)
      .limit(1);
    expect(kenji!.nextAvailableAt).toEqual(first!.startsAt);
  });
});

describe("searchSpecialists with focused data", () => {
  test("relevance ranks name over headline over specialties over bio", async () => {
    await listed({ displayName: "Bio Match", bio: "I teach leadership to founders." });
    await listed({ displayName: "Specialty Match", specialties: ["leadership"], bio: "Hello." });
    await listed({ displayName: "Headline Match", headline: "Leadership for engineers", specialties: ["nutrition"] });
    await listed({ displayName: "Leadership Lab", headline: "Coach", specialties: ["nutrition"] });
    await listed({ displayName: "Unrelated", specialties: ["nutrition"] });
    expect(await slugsFor({ q: "leadership" })).toHaveLength(4);
    const names = (await searchSpecialists(database.db, query({ q: "leadership" }), now)).results.map((result) => result.displayName);
    expect(names).toEqual(["Leadership Lab", "Headline Match", "Specialty Match", "Bio Match"]);
  });

  test("text is plain words: search syntax, quotes and wildcards never act as syntax or fail", async () => {
    // Was "LIKE wildcards are taken literally": the full-text index matches words, not substrings.
    const percent = await listed({ displayName: "Ana Reyes", headline: "100% remote coaching", bio: "x" });
    const near = await listed({ displayName: "Bo Near", headline: "Near and far: travel NOT required", bio: "x" });
    await listed({ displayName: "Cy Ng", headline: "Sessions in person", bio: "x" });
    expect(await slugsFor({ q: "100%" })).toEqual([percent.slug]);
    expect(await slugsFor({ q: "NEAR(far travel)" })).toEqual([near.slug]);
    expect(await slugsFor({ q: "far NOT travel" })).toEqual([near.slug]);
    expect(await slugsFor({ q: '"remote' })).toEqual([percent.slug]);
    expect(await slugsFor({ q: "-remote" })).toEqual([percent.slug]);
    expect(await slugsFor({ q: "headline:remote" })).toEqual([]);
    for (const text of ['"', "*", "-", "(", ")", "NEAR", "AND OR", "a*b", "^x", "{display_name}: ana", "'; drop", "%", "_"]) {
      const page = await searchSpecialists(database.db, query({ q: text }), now);
      expect(Array.isArray(page.results), text).toBe(true);
    }
    // Nothing searchable at all (only punctuation) filters nothing.
    expect(await slugsFor({ q: "%" })).toHaveLength(3);
  });

  test("accents and case don't matter either way: José finds Jose and JOSE finds José", async () => {
    const jose = await listed({ displayName: "José Núñez", headline: "Économie" });
    const other = await listed({ displayName: "Jose Nunez", headline: "Economie" });
    for (const q of ["José", "jose", "JOSE", "nunez", "Núñ", "économie", "ECON"]) {
      expect((await slugsFor({ q })).sort(), q).toEqual([jose.slug, other.slug].sort());
    }
  });

  test("a word's weight is its best term: a prefix matching several terms in one profile counts once, at the best field", async () => {
    // "coach" in the headline (4) and "coaching" in the bio (1): the headline's 4 counts, not 5.
    const both = await listed({ displayName: "Ada Both", headline: "Coach for teams", specialties: [], bio: "Coaching since 2010." });
    const bioAndSpecialty = await listed({ displayName: "Bea Two", headline: "Hello", specialties: ["career-coaching"], bio: "Coach." });
    const headlineOnly = await listed({ displayName: "Cy Head", headline: "Coaching leaders", specialties: [], bio: "" });
    expect(await slugsFor({ q: "coach" })).toEqual([both.slug, headlineOnly.slug, bioAndSpecialty.slug]);
    // The ranked read (many matches) gives the same order.
    const ranked = await searchSpecialists(database.db, query({ q: "coach" }), now, { walkOrderFrom: 1 });
    expect(ranked.results.map((result) => result.slug)).toEqual([both.slug, headlineOnly.slug, bioAndSpecialty.slug]);
  });

  test("the last word matches as the start of a word; the others must be whole words", async () => {
    const kenji = await listed({ displayName: "Kenji Watanabe", headline: "Distributed systems" });
    await listed({ displayName: "Ken Lo", headline: "Tax" });
    expect(await slugsFor({ q: "distrib" })).toEqual([kenji.slug]);
    expect(await slugsFor({ q: "kenji distrib" })).toEqual([kenji.slug]);
    expect(await slugsFor({ q: "distrib kenji" })).toEqual([]);
    expect((await slugsFor({ q: "ken" })).length).toBe(2);
  });

  test("prices compare as money across currencies, in the viewer's currency at the stored rates", async () => {
    await storeRates({ EUR: 1, USD: 1.25, JPY: 160, GBP: 0.8 });
    const yen1500 = await listed({}, { types: [{ priceMinor: 1_500, currency: "JPY" }] }); // €9.38, $11.72
    const euro10 = await listed({}, { types: [{ priceMinor: 1_000, currency: "EUR" }] }); // $12.50
    const yen4000 = await listed({}, { types: [{ priceMinor: 4_000, currency: "JPY" }] }); // €25, $31.25
    const pound25 = await listed({}, { types: [{ priceMinor: 2_500, currency: "GBP" }] }); // €31.25, $39.06
    const dollar75 = await listed(
      {},
      {
        types: [
          { priceMinor: 7_500, currency: "USD" },
          { priceMinor: 9_000, currency: "USD", active: false },
        ],
      },
    );
    const byPrice = [yen1500.slug, euro10.slug, yen4000.slug, pound25.slug, dollar75.slug];

    expect(await slugsFor({ sort: "price", currency: "USD" })).toEqual(byPrice);
    expect(await slugsFor({ sort: "price", currency: "JPY" })).toEqual(byPrice);
    expect((await slugsFor({ maxPrice: 100, currency: "USD" })).sort()).toEqual([...byPrice].sort());
    expect(await slugsFor({ maxPrice: 12, currency: "USD" })).toEqual([yen1500.slug]);
    expect((await slugsFor({ minPrice: 30, maxPrice: 40, currency: "USD" })).sort()).toEqual([yen4000.slug, pound25.slug].sort());
    expect((await slugsFor({ maxPrice: 2_000, currency: "JPY" })).sort()).toEqual([yen1500.slug, euro10.slug].sort());
    // The inactive $90 session doesn't count.
    expect(await slugsFor({ minPrice: 80, currency: "USD" })).toEqual([]);
  });

  test("a page carries each specialist's price range, in their currency and the viewer's, and the rates' date", async () => {
    await storeRates({ EUR: 1, USD: 1.25, JPY: 160 });
    await listed(
      { displayName: "Yuki" },
      {
        types: [
          { priceMinor: 0, currency: "JPY" },
          { priceMinor: 8_000, currency: "JPY" },
          { priceMinor: 4_000, currency: "JPY" },
        ],
      },
    );
    const page = await searchSpecialists(database.db, query({ currency: "USD" }), now);
    expect(page.currency).toBe("USD");
    expect(page.ratesAsOf).toBe("2026-05-29");
    expect(page.results[0]!.prices).toEqual({
      free: true,
      paid: {
        min: { amountMinor: 4_000, currency: "JPY", viewerMinor: 3_125 },
        max: { amountMinor: 8_000, currency: "JPY", viewerMinor: 6_250 },
      },
    });
  });

  test("minimum rating and the rating sort (unrated last)", async () => {
    const high = await listed({ ratingAvg: 4.8, ratingCount: 10 });
    const low = await listed({ ratingAvg: 3.9, ratingCount: 3 });
    const thirds = await listed({ ratingAvg: 14 / 3, ratingCount: 3 });
    const unrated = await listed();
    expect((await slugsFor({ minRating: 4 })).sort()).toEqual([high.slug, thirds.slug].sort());
    expect(await slugsFor({ sort: "rating" })).toEqual([high.slug, thirds.slug, low.slug, unrated.slug]);
  });

  test("price sort: cheapest active session type first", async () => {
    const mid = await listed({}, { types: [{ priceMinor: 8_000 }, { priceMinor: 30_000 }] });
    const cheap = await listed({}, { types: [{ priceMinor: 2_000 }] });
    const dear = await listed({}, { types: [{ priceMinor: 1_000, active: false }, { priceMinor: 50_000 }] });
    expect(await slugsFor({ sort: "price" })).toEqual([cheap.slug, mid.slug, dear.slug]);
  });

  test("available within N days and the soonest sort", async () => {
    const daily = await listed({}, { weekdays: [1, 2, 3, 4, 5, 6, 7] });
    const saturdays = await listed({}, { weekdays: [6] });
    const none = await listed();
    await extendAllHorizons({ db: database.db, clock: createTestClock(now) });
    // Someone whose open times are all taken: blocked for the whole horizon, slots rebuilt.
    // (Was a direct delete of their slots: the directory now reads the next open time the slot writes store.)
    await database.db.insert(blockedTimes).values({ specialistId: none.id, startsAt: now, endsAt: new Date(now.getTime() + 90 * day) });
    await rebuildSlotsForSpecialist({ db: database.db, clock: createTestClock(now) }, none.id);

    expect(await slugsFor({ availableWithin: 3 })).toEqual([daily.slug]);
    expect((await slugsFor({ availableWithin: 7 })).sort()).toEqual([daily.slug, saturdays.slug].sort());
    expect(await slugsFor({ sort: "soonest" })).toEqual([daily.slug, saturdays.slug, none.slug]);
    const [first] = (await searchSpecialists(database.db, query({ sort: "soonest" }), now)).results;
    expect(first!.nextAvailableAt!.getTime() - now.getTime()).toBeLessThan(day);
  });

  test("only published, approved specialists who can be booked are listed", async () => {
    const shown = await listed();
    await listed({ published: false });
    await listed({ approval: "pending" });
    await listed({}, { types: [{ active: false }] });
    await createSpecialist(database.db); // no session types, no hours
    expect(await slugsFor()).toEqual([shown.slug]);
  });

  test("pagination keeps going through equal sort keys without duplicates or gaps", async () => {
    const created = [];
    for (let index = 0; index < 27; index += 1) created.push(await listed({ displayName: "Same Name" }));
    for (const sort of searchSorts) {
      const slugs = (await allPages({ sort })).flatMap((page) => page.results.map((result) => result.slug));
      expect(slugs.sort(), sort).toEqual(created.map((specialist) => specialist.slug).sort());
    }
  });
});

describe("searchQuerySchema", () => {
  function errors(input: Record<string, unknown>) {
    const result = searchQuerySchema.safeParse(input);
    return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
  }

  test("explains bad values", () => {
    expect(errors({ specialty: "astrology" })).toEqual({ specialty: "Choose a specialty from the list." });
    expect(errors({ language: "xx" })).toEqual({ language: "Choose a language from the list." });
    expect(errors({ minPrice: -1 })).toEqual({ minPrice: "The minimum price can't be negative." });
    expect(errors({ minPrice: 50, maxPrice: 10 })).toEqual({ maxPrice: "The maximum price must be at least the minimum price." });
    expect(errors({ minRating: 6 })).toEqual({ minRating: "The minimum rating must be from 1 to 5." });
    expect(errors({ availableWithin: 0 })).toEqual({ availableWithin: "Availability must be from 1 to 60 days." });
    expect(errors({ sort: "random" })).toEqual({ sort: "Choose a sort order from the list." });
    expect(errors({ cursor: "!!" })).toEqual({ cursor: "That page link is not valid. Please start the search again." });
  });

  test("a cursor round-trips and only fits its own sort", () => {
    const cursor = encodeCursor("relevance", { keys: [8, "Zoë"], id: "abc" });
    expect(decodeCursor(cursor, "relevance")).toEqual({ keys: [8, "Zoë"], id: "abc" });
    expect(decodeCursor(cursor, "price")).toBeNull();
    expect(errors({ sort: "price", cursor })).toHaveProperty("cursor");
  });
});
