import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  createSessionType,
  createSpecialist,
  createUser,
  type SessionTypeOverrides,
  type SpecialistOverrides,
} from "../../../db/factories";
import {
  availabilityWindows,
  currencyMinorUnits,
  fxRates,
  sessionTypes,
  specialistListingTerms,
  specialists,
  specialtyLabels,
  users,
} from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { connectOverHttp, createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { currencyDigits } from "../../lib/money";
import { advancePassedOpenTimes, extendAllHorizons } from "../availability/slots.server";
import { countListedSpecialists } from "./directory.server";
import { sessionCurrencies } from "./price-input";
import { unpublishProfile } from "./profile.server";
import { searchQuerySchema, searchSorts } from "./search-schema";
import { countCap, searchPageSize, searchSpecialists } from "./search.server";
import { specialties } from "./specialties";

// The directory reads specialist_listings, a read model the database keeps current (migration
// 0007's triggers; the slot writes for next open times). These tests change the source tables the
// ways the app does and check what a visitor of the directory would see.

// Monday 1 June 2026, 12:00 UTC.
const now = new Date("2026-06-01T12:00:00Z");
const hour = 60 * 60 * 1000;

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

async function search(input: Record<string, unknown> = {}, at = now, db = database.db) {
  return searchSpecialists(db, searchQuerySchema.parse(input), at);
}

async function slugsFor(input: Record<string, unknown> = {}, at = now) {
  return (await search(input, at)).results.map((result) => result.slug);
}

async function everyPage(input: Record<string, unknown>) {
  const slugs: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await search({ ...input, cursor });
    slugs.push(...page.results.map((result) => result.slug));
    cursor = page.nextCursor ?? undefined;
    pages += 1;
  } while (cursor && pages < 50);
  return slugs;
}

async function listed(overrides: SpecialistOverrides = {}, types: SessionTypeOverrides[] = [{}]) {
  const { specialist } = await createSpecialist(database.db, { timezone: "UTC", ...overrides });
  for (const type of types) await createSessionType(database.db, specialist.id, type);
  await database.db.insert(availabilityWindows).values({ specialistId: specialist.id, weekday: 3, startMinute: 540, endMinute: 1020 });
  return specialist;
}

describe("the listing read model", () => {
  test("across random directories, each sort pages through every listed specialist exactly once, ties included, and never an unlisted one", async () => {
    const person = fc.record({
      name: fc.constantFrom("Ana", "Bo", "Cy"),
      price: fc.constantFrom(0, 1_000, 5_000),
      currency: fc.constantFrom("USD", "EUR", "JPY"),
      rating: fc.constantFrom(null, 4, 4.5),
      unlisted: fc.constantFrom(null, "unpublished", "pending", "no-type", "no-hours"),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(person, { minLength: 0, maxLength: 30 }), async (people) => {
        database.cleanup();
        database = await createTestDatabase();
        const expected: string[] = [];
        for (const { name, price, currency, rating, unlisted } of people) {
          const { specialist } = await createSpecialist(database.db, {
            timezone: "UTC",
            displayName: name,
            ratingAvg: rating,
            ratingCount: rating === null ? 0 : 3,
            published: unlisted !== "unpublished",
            approval: unlisted === "pending" ? "pending" : "approved",
          });
          await createSessionType(database.db, specialist.id, { priceMinor: price, currency, active: unlisted !== "no-type" });
          if (unlisted !== "no-hours") {
            await database.db
              .insert(availabilityWindows)
              .values({ specialistId: specialist.id, weekday: 3, startMinute: 540, endMinute: 1020 });
          }
          if (unlisted === null) expected.push(specialist.slug);
        }
        await extendAllHorizons({ db: database.db, clock: createTestClock(now) });
        expect(await countListedSpecialists(database.db)).toBe(expected.length);
        for (const sort of searchSorts) {
          const slugs = await everyPage({ sort });
          expect(slugs.slice().sort(), sort).toEqual(expected.slice().sort());
        }
        expect((await search()).total).toBe(expected.length);
      }),
      { numRuns: 6 },
    );
  });

  test("profile edits show in the next search: name, headline, specialties, languages; the old words stop matching", async () => {
    const specialist = await listed({
      displayName: "Mira Holm",
      headline: "Tax for freelancers",
      specialties: ["tax-accounting"],
      languages: ["en"],
    });
    expect(await slugsFor({ q: "mira" })).toEqual([specialist.slug]);
    await database.db
      .update(specialists)
      .set({
        displayName: "Mira Lund",
        headline: "Pitch decks that raise",
        specialties: ["startup-fundraising"],
        languages: ["de"],
        bio: "Ex-investor.",
      })
      .where(eq(specialists.id, specialist.id));
    expect(await slugsFor({ q: "lund" })).toEqual([specialist.slug]);
    expect(await slugsFor({ q: "holm" })).toEqual([]);
    expect(await slugsFor({ q: "freelancers" })).toEqual([]);
    expect(await slugsFor({ q: "investor" })).toEqual([specialist.slug]);
    expect(await slugsFor({ q: "fundraising" })).toEqual([specialist.slug]);
    expect(await slugsFor({ specialty: "tax-accounting" })).toEqual([]);
    expect(await slugsFor({ specialty: "startup-fundraising" })).toEqual([specialist.slug]);
    expect(await slugsFor({ language: "en" })).toEqual([]);
    expect(await slugsFor({ language: "de" })).toEqual([specialist.slug]);
    const [card] = (await search({ q: "lund" })).results;
    expect(card).toMatchObject({ displayName: "Mira Lund", headline: "Pitch decks that raise", specialties: ["startup-fundraising"] });
  });

  test("a listed specialist's search terms are the words of their text, folded, weighted by the fields they're in, and follow edits", async () => {
    const termsOf = async (specialistId: string) =>
      Object.fromEntries(
        (
          await database.db
            .select({ term: specialistListingTerms.term, weight: specialistListingTerms.weight, name: specialistListingTerms.displayName })
            .from(specialistListingTerms)
            .where(eq(specialistListingTerms.specialistId, specialistId))
        ).map((row) => [row.term, `${row.weight} ${row.name}`]),
      );
    const specialist = await listed({
      displayName: "José Müller",
      headline: "Career coaching for Engineers",
      specialties: ["career-coaching"],
      bio: "I coach careers. Coaching, coaching!",
    });
    const name = "José Müller";
    expect(await termsOf(specialist.id)).toEqual({
      jose: `8 ${name}`,
      muller: `8 ${name}`,
      career: `6 ${name}`,
      coaching: `7 ${name}`,
      for: `4 ${name}`,
      engineers: `4 ${name}`,
      i: `1 ${name}`,
      coach: `1 ${name}`,
      careers: `1 ${name}`,
    });

    await database.db
      .update(specialists)
      .set({ displayName: "Jo Lund", headline: "Tax", specialties: [], bio: "" })
      .where(eq(specialists.id, specialist.id));
    expect(await termsOf(specialist.id)).toEqual({ jo: "8 Jo Lund", lund: "8 Jo Lund", tax: "4 Jo Lund" });
    // Other writes to the specialist (a rating) leave the terms alone; unlisting removes them.
    await database.db.update(specialists).set({ ratingAvg: 4.5, ratingCount: 2 }).where(eq(specialists.id, specialist.id));
    expect(Object.keys(await termsOf(specialist.id))).toHaveLength(3);
    await database.db.update(specialists).set({ published: false }).where(eq(specialists.id, specialist.id));
    expect(await termsOf(specialist.id)).toEqual({});
    await database.db.update(specialists).set({ published: true }).where(eq(specialists.id, specialist.id));
    expect(await termsOf(specialist.id)).toEqual({ jo: "8 Jo Lund", lund: "8 Jo Lund", tax: "4 Jo Lund" });
  });

  test("price edits, new session types and new exchange rates show in the next search", async () => {
    await database.db.insert(fxRates).values([
      { currency: "EUR", rate: 1, asOf: "2026-05-29", source: "feed" },
      { currency: "USD", rate: 1.25, asOf: "2026-05-29", source: "feed" },
      { currency: "JPY", rate: 160, asOf: "2026-05-29", source: "feed" },
    ]);
    const euro = await listed({}, [{ priceMinor: 2_000, currency: "EUR" }]); // $25
    const yen = await listed({}, [{ priceMinor: 4_000, currency: "JPY" }]); // $31.25
    expect(await slugsFor({ sort: "price", currency: "USD" })).toEqual([euro.slug, yen.slug]);

    // The yen weakens: ¥4,000 is now $20.
    await database.db.update(fxRates).set({ rate: 250 }).where(eq(fxRates.currency, "JPY"));
    expect(await slugsFor({ sort: "price", currency: "USD" })).toEqual([yen.slug, euro.slug]);

    // A cheaper session type, then a price change, then deactivating it again.
    const [type] = await database.db.select().from(sessionTypes).where(eq(sessionTypes.specialistId, euro.id));
    await database.db.update(sessionTypes).set({ priceMinor: 1_000 }).where(eq(sessionTypes.id, type!.id));
    expect(await slugsFor({ sort: "price", currency: "USD" })).toEqual([euro.slug, yen.slug]);
    expect(await slugsFor({ maxPrice: 15, currency: "USD" })).toEqual([euro.slug]);
    const free = await createSessionType(database.db, yen.id, { priceMinor: 0, currency: "JPY" });
    expect((await search({ minPrice: 0, maxPrice: 1, currency: "USD" })).results.map((result) => result.slug)).toEqual([]);
    const [yenCard] = (await search({ sort: "price", currency: "USD" })).results.filter((result) => result.slug === yen.slug);
    expect(yenCard!.prices).toEqual({
      free: true,
      paid: {
        min: { amountMinor: 4_000, currency: "JPY", viewerMinor: 2_000 },
        max: { amountMinor: 4_000, currency: "JPY", viewerMinor: 2_000 },
      },
    });
    await database.db.delete(sessionTypes).where(eq(sessionTypes.id, free.id));
    expect((await search({ sort: "price", currency: "USD" })).results.find((result) => result.slug === yen.slug)!.prices.free).toBe(false);
  });

  test("a specialist who stops being listable leaves the directory at once, and comes back", async () => {
    const user = await createUser(database.db, { role: "specialist" });
    const specialist = await listed({ userId: user.id });
    const other = await listed();
    expect((await slugsFor()).sort()).toEqual([specialist.slug, other.slug].sort());

    await unpublishProfile(database.db, user.id);
    expect(await slugsFor()).toEqual([other.slug]);
    await database.db.update(specialists).set({ published: true }).where(eq(specialists.id, specialist.id));
    expect((await slugsFor()).sort()).toEqual([specialist.slug, other.slug].sort());

    await database.db.delete(availabilityWindows).where(eq(availabilityWindows.specialistId, specialist.id));
    expect(await slugsFor({ q: specialist.displayName })).toEqual([]);
    await database.db.insert(availabilityWindows).values({ specialistId: specialist.id, weekday: 1, startMinute: 600, endMinute: 660 });
    await database.db.update(sessionTypes).set({ active: false }).where(eq(sessionTypes.specialistId, specialist.id));
    expect(await slugsFor()).toEqual([other.slug]);
    await database.db.update(sessionTypes).set({ active: true }).where(eq(sessionTypes.specialistId, specialist.id));
    await database.db.update(specialists).set({ approval: "rejected" }).where(eq(specialists.id, specialist.id));
    expect(await slugsFor()).toEqual([other.slug]);
    await database.db.delete(users).where(eq(users.id, other.userId));
    expect(await slugsFor()).toEqual([]);
    expect((await search()).total).toBe(0);
  });

  test("ratings written to a specialist show in the rating filter and sort", async () => {
    const first = await listed();
    const second = await listed();
    expect((await search()).ratingsExist).toBe(false);
    await database.db.update(specialists).set({ ratingAvg: 4.7, ratingCount: 3 }).where(eq(specialists.id, second.id));
    const page = await search({ sort: "rating" });
    expect(page.ratingsExist).toBe(true);
    expect(page.results.map((result) => result.slug)).toEqual([second.slug, first.slug]);
    expect(await slugsFor({ minRating: 4.5 })).toEqual([second.slug]);
  });

  test("a next open time that has passed is never shown: the next one is, and the soonest order follows it", async () => {
    // One-hour sessions on Wednesdays (UTC): Early 09:00–10:00 only, Late from 10:00. Now is Monday noon.
    const early = await listedOnWednesdays("Early", 540, 600);
    const late = await listedOnWednesdays("Late", 600, 1020);
    await extendAllHorizons({ db: database.db, clock: createTestClock(now) });
    const wednesdayNine = new Date("2026-06-03T09:00:00Z");
    expect((await search({ sort: "soonest" })).results.map((result) => [result.slug, result.nextAvailableAt])).toEqual([
      [early.slug, wednesdayNine],
      [late.slug, new Date("2026-06-03T10:00:00Z")],
    ]);

    // Wednesday 09:30: Early's stored time has passed (their next is a week on) and no job has run yet.
    const later = new Date(wednesdayNine.getTime() + hour / 2);
    const before = (await search({ sort: "soonest" }, later)).results;
    expect(before.map((result) => result.slug)).toEqual([late.slug, early.slug]);
    for (const result of before) expect(result.nextAvailableAt!.getTime()).toBeGreaterThanOrEqual(later.getTime());
    expect(before[1]!.nextAvailableAt).toEqual(new Date("2026-06-10T09:00:00Z"));
    expect(await slugsFor({ availableWithin: 1 }, later)).toEqual([late.slug]);

    // The minute job moves the stored times on; the page reads the same.
    expect(await advancePassedOpenTimes({ db: database.db, clock: createTestClock(later) })).toEqual({ listings: 1 });
    expect((await search({ sort: "soonest" }, later)).results).toEqual(before);
  });

  async function listedOnWednesdays(displayName: string, startMinute: number, endMinute: number) {
    const { specialist } = await createSpecialist(database.db, { timezone: "UTC", displayName });
    await createSessionType(database.db, specialist.id, { minutes: 60 });
    await database.db.insert(availabilityWindows).values({ specialistId: specialist.id, weekday: 3, startMinute, endMinute });
    return specialist;
  }

  test(`the first page counts matches up to ${countCap.toLocaleString("en")}, then says there are more`, async () => {
    const count = countCap + 2;
    const userRows = Array.from({ length: count }, (_, index) => ({
      email: `p${index}@example.com`,
      name: `Person ${index}`,
      role: "specialist" as const,
    }));
    const insertedUsers = [];
    for (let index = 0; index < count; index += 500) {
      insertedUsers.push(
        ...(await database.db
          .insert(users)
          .values(userRows.slice(index, index + 500))
          .returning({ id: users.id })),
      );
    }
    const ids: string[] = [];
    for (let index = 0; index < count; index += 500) {
      const rows = insertedUsers.slice(index, index + 500).map((user, offset) => ({
        userId: user.id,
        slug: `person-${index + offset}`,
        displayName: `Person ${index + offset}`,
        timezone: "UTC",
        published: true,
        approval: "approved" as const,
      }));
      ids.push(...(await database.db.insert(specialists).values(rows).returning({ id: specialists.id })).map((row) => row.id));
    }
    for (let index = 0; index < count; index += 500) {
      const chunk = ids.slice(index, index + 500);
      await database.db
        .insert(sessionTypes)
        .values(chunk.map((specialistId) => ({ specialistId, title: "Call", minutes: 30, priceMinor: 5_000, currency: "USD" })));
      await database.db
        .insert(availabilityWindows)
        .values(chunk.map((specialistId) => ({ specialistId, weekday: 2, startMinute: 540, endMinute: 600 })));
    }
    const first = await search();
    expect(first).toMatchObject({ total: countCap, totalCapped: true });
    expect(first.results).toHaveLength(searchPageSize);
    expect(await search({ q: `person ${count - 1}` })).toMatchObject({ total: 1, totalCapped: false });
    const second = await search({ cursor: first.nextCursor });
    expect(second).toMatchObject({ total: null, totalCapped: false });
  });

  test("full-text search works the same through the libSQL server a Worker talks to (Hrana over HTTP)", async () => {
    const kenji = await listed({ displayName: "Kenji Watanabe", headline: "Distributed systems", specialties: ["software-architecture"] });
    await listed({ displayName: "Ana Reyes", headline: "Tax" });
    const remote = await connectOverHttp(database.url);
    try {
      for (const q of ["kenji", "distrib", "software architecture", "watanabe systems"]) {
        expect(
          (await search({ q }, now, remote.db)).results.map((result) => result.slug),
          q,
        ).toEqual([kenji.slug]);
      }
      expect((await search({ q: 'NEAR("x" -' }, now, remote.db)).results).toEqual([]);
    } finally {
      await remote.close();
    }
  });

  test("the database's copies of specialty labels and currency minor units match the app's", async () => {
    const labels = await database.db.select().from(specialtyLabels);
    expect(Object.fromEntries(labels.map((row) => [row.slug, row.label]))).toEqual(
      Object.fromEntries(specialties.map((row) => [row.slug, row.label])),
    );
    const units = await database.db.select().from(currencyMinorUnits);
    expect(Object.fromEntries(units.map((row) => [row.currency, row.perMajor]))).toEqual(
      Object.fromEntries(sessionCurrencies.map((currency) => [currency, 10 ** currencyDigits(currency)])),
    );
  });
});
