import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createReview, createSpecialist } from "../../../../db/factories";
import { reviews, specialists } from "../../../../db/schema";
import { callApi } from "../../../../tests/api-client";
import { createTestApp } from "../../../../tests/app-handler";
import { createTestClock } from "../../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../../tests/test-database";
import { encodeCursor } from "../pagination";
import { givenListedSpecialist } from "./directory.test-support";

// Monday 1 June 2026, 12:00 UTC.
const clock = createTestClock();
const day = 24 * 60 * 60 * 1000;
let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;

beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z"));
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

async function get<T>(path: string, expected = 200) {
  const response = await callApi(app, { method: "get", path });
  const body = (await response.json()) as T;
  expect({ path, status: response.status, body }).toMatchObject({ status: expected });
  return body;
}

interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
interface Summary {
  slug: string;
  price: { free: boolean; from: unknown; to: unknown; estimate: { from: { amount: number; currency: string } } | null };
}

/** Every page from `path`, following nextCursor. */
async function walk<T>(path: string) {
  const pages: Page<T>[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes("?") ? "&" : "?";
    const page: Page<T> = await get<Page<T>>(cursor ? `${path}${separator}cursor=${cursor}` : path);
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 20);
  return pages;
}

describe("GET /specialists", () => {
  test("pages through every listed specialist once, `limit` a page, and never an unlisted one", async () => {
    const listed = [];
    for (let index = 0; index < 5; index++) listed.push((await givenListedSpecialist(database.db, clock)).specialist.slug);
    const { specialist: pending } = await createSpecialist(database.db, { approval: "pending" });

    const pages = await walk<Summary>("/specialists?limit=2&sort=rating");
    expect(pages.map((page) => page.data.length)).toEqual([2, 2, 1]);
    const slugs = pages.flatMap((page) => page.data.map((item) => item.slug));
    expect(slugs.toSorted()).toEqual(listed.toSorted());
    expect(slugs).not.toContain(pending.slug);
  });

  test("filters by specialty, language and price as the directory does", async () => {
    const coach = await givenListedSpecialist(database.db, clock, { specialties: ["career-coaching"], languages: ["de"] }, [
      { priceMinor: 4_000, currency: "USD" },
    ]);
    const product = await givenListedSpecialist(database.db, clock, { specialties: ["product-management"], languages: ["en"] }, [
      { priceMinor: 20_000, currency: "USD" },
    ]);
    const slugsOf = async (query: string) => (await get<Page<Summary>>(`/specialists?${query}`)).data.map((item) => item.slug);

    expect(await slugsOf("specialty=career-coaching")).toEqual([coach.specialist.slug]);
    expect(await slugsOf("language=en")).toEqual([product.specialist.slug]);
    expect(await slugsOf("currency=USD&minPrice=100")).toEqual([product.specialist.slug]);
    expect(await slugsOf("currency=USD&maxPrice=50&minPrice=")).toEqual([coach.specialist.slug]);
    const invalid = await get<{ error: { code: string; details: { problems: { path: string }[] } } }>(
      "/specialists?specialty=astrology",
      400,
    );
    expect(invalid.error.code).toBe("validation_failed");
    expect(invalid.error.details.problems.map((problem) => problem.path)).toEqual(["query.specialty"]);
  });

  test("prices are in the specialist's currency, with an estimate in the viewer's only when asked", async () => {
    await givenListedSpecialist(database.db, clock, {}, [
      { priceMinor: 0, minutes: 15 },
      { priceMinor: 9_000, currency: "EUR" },
    ]);

    const [plain] = (await get<Page<Summary>>("/specialists")).data;
    expect(plain!.price).toEqual({
      free: true,
      from: { amount: 9_000, currency: "EUR" },
      to: { amount: 9_000, currency: "EUR" },
      estimate: null,
    });
    const converted = await get<Page<Summary> & { ratesAsOf: string | null }>("/specialists?currency=GBP");
    expect(converted.ratesAsOf).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(converted.data[0]!.price.estimate?.from).toEqual({ amount: expect.any(Number), currency: "GBP" });
    expect(converted.data[0]!.price.estimate!.from.amount).toBeGreaterThan(0);
  });
});

describe("GET /specialists/{slug}", () => {
  test("the public profile: session types with prices, the refund policy and next open times, and the cancellation rules", async () => {
    const { specialist } = await givenListedSpecialist(database.db, clock, { displayName: "Greta Berg", bio: "I help teams **ship**." }, [
      { title: "Strategy hour", minutes: 60, priceMinor: 12_550, currency: "EUR" },
    ]);
    const profile = await get<{
      name: string;
      bio: string;
      cancellation: { deadlineHours: number; lateRefundPercent: number };
      sessionTypes: { title: string; price: unknown; refundPolicy: string; nextStarts: string[] }[];
    }>(`/specialists/${specialist.slug}`);
    expect(profile).toMatchObject({ name: "Greta Berg", bio: "I help teams **ship**." });
    expect(profile.cancellation.deadlineHours).toBeGreaterThanOrEqual(0);
    const [type] = profile.sessionTypes;
    expect(type).toMatchObject({ title: "Strategy hour", price: { amount: 12_550, currency: "EUR" } });
    expect(type!.refundPolicy).toContain("€125.50");
    // 12:00 UTC with 4 hours' notice: the first open time is 16:00 today.
    expect(type!.nextStarts[0]).toBe("2026-06-01T16:00:00.000Z");
  });

  test("a specialist waiting for approval is not found until approved, as on the web", async () => {
    const { specialist } = await givenListedSpecialist(database.db, clock, { approval: "pending" });
    const body = await get<{ error: { code: string } }>(`/specialists/${specialist.slug}`, 404);
    expect(body.error.code).toBe("not_found");
    await get(`/specialists/${specialist.slug}/session-types`, 404);
    await get(`/specialists/${specialist.slug}/reviews`, 404);

    await database.db.update(specialists).set({ approval: "approved" }).where(eq(specialists.id, specialist.id));
    await get(`/specialists/${specialist.slug}`);
    await get(`/specialists/${specialist.slug}/session-types`);
    await get(`/specialists/${specialist.slug}/reviews`);
  });
});

describe("GET /specialists/{slug}/reviews", () => {
  interface Review {
    id: string;
    overall: number;
    createdAt: string;
    response: { text: string } | null;
  }

  test("published reviews only, each once across the pages of every sort, in its order, with responses", async () => {
    const { specialist, sessionTypes } = await givenListedSpecialist(database.db, clock);
    const type = sessionTypes[0]!;
    const written: { id: string }[] = [];
    // Two share a rating and two a time, so ties are broken consistently across pages.
    for (const [daysAgo, overall] of [
      [1, 4],
      [2, 5],
      [3, 4],
      [3, 2],
      [5, 5],
    ] as const) {
      written.push(await createReview(database.db, type, { overall, createdAt: new Date(clock.now().getTime() - daysAgo * day) }));
    }
    await database.db.update(reviews).set({ response: "Thanks!", respondedAt: clock.now() }).where(eq(reviews.id, written[1]!.id));
    const hidden = await createReview(database.db, type, {
      overall: 1,
      status: "hidden",
      createdAt: new Date(clock.now().getTime() - day),
    });

    const newest = (a: Review, b: Review) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
    const orders = {
      newest,
      highest: (a: Review, b: Review) => b.overall - a.overall || newest(a, b),
      lowest: (a: Review, b: Review) => a.overall - b.overall || newest(a, b),
    };
    for (const [sort, order] of Object.entries(orders)) {
      const pages = await walk<Review>(`/specialists/${specialist.slug}/reviews?sort=${sort}&limit=2`);
      const items = pages.flatMap((page) => page.data);
      expect(pages.map((page) => page.data.length)).toEqual([2, 2, 1]);
      expect(items.map((item) => item.id).toSorted()).toEqual(written.map((review) => review.id).toSorted());
      expect(items.map((item) => item.id)).toEqual(items.toSorted(order).map((item) => item.id));
      expect(items.map((item) => item.id)).not.toContain(hidden.id);
      expect(items.find((item) => item.id === written[1]!.id)?.response).toMatchObject({ text: "Thanks!" });
    }
  });

  test("a cursor from another sort order is refused", async () => {
    const { specialist, sessionTypes } = await givenListedSpecialist(database.db, clock);
    for (const daysAgo of [1, 2]) {
      await createReview(database.db, sessionTypes[0]!, { createdAt: new Date(clock.now().getTime() - daysAgo * day) });
    }
    const first = await get<Page<Review>>(`/specialists/${specialist.slug}/reviews?limit=1`);
    const body = await get<{ error: { details: { problems: { path: string }[] } } }>(
      `/specialists/${specialist.slug}/reviews?sort=lowest&cursor=${first.nextCursor}`,
      400,
    );
    expect(body.error.details.problems[0]!.path).toBe("query.cursor");
  });

  test("a cursor with a time no date can hold is refused, not answered with an error of ours", async () => {
    const { specialist } = await givenListedSpecialist(database.db, clock);
    const crafted = encodeCursor(["newest", 5, 1e300, "x"]);
    const body = await get<{ error: { code: string } }>(`/specialists/${specialist.slug}/reviews?cursor=${crafted}`, 400);
    expect(body.error.code).toBe("validation_failed");
  });
});
