import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../db/factories";
import { reviews, specialists } from "../../db/schema";
import { createTestApp, signedInCookie } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { decodeHtml } from "../../tests/html";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { recordingQueue } from "../../tests/queue";
import { respondToReview, submitReview } from "../domain/reviews/reviews.server";
import { givenBooking, givenSpecialistForReviews } from "../domain/reviews/reviews.test-support";

const hourMs = 60 * 60_000;
let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
const clock = createTestClock();
const ended = new Date("2026-06-01T10:00:00Z");
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date(ended.getTime() + hourMs));
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

const good = { overall: "5", communication: "4", expertise: "5", value: "3", comment: "Clear and practical." };

async function given(status: "completed" | "confirmed" = "completed") {
  const setup = await givenSpecialistForReviews(database.db);
  const booking = await givenBooking(database.db, setup, { endsAt: ended, status });
  const customerCookie = await signedInCookie(database.db, booking.customerId, clock.now());
  const specialistCookie = await signedInCookie(database.db, setup.specialistUser.id, clock.now());
  return { ...setup, booking, customerCookie, specialistCookie, path: `/bookings/${booking.id}/review` };
}

async function nothingWritten() {
  expect(await database.db.select().from(reviews)).toEqual([]);
  expect((await database.db.select().from(specialists)).map((row) => row.ratingCount)).toEqual([0]);
}

describe("/bookings/<id>/review", () => {
  test("the customer sees the form (five radios per rating), publishes a review, and the specialist responds", async () => {
    const { path, customerCookie, specialistCookie } = await given();
    const form = decodeHtml(await (await app.get(path, { cookie: customerCookie })).text());
    for (const name of ["overall", "communication", "expertise", "value"]) {
      expect(form.match(new RegExp(`type="radio" name="${name}"`, "g"))).toHaveLength(5);
    }
    expect(form).toContain('name="comment"');

    const posted = await app.post(path, good, { cookie: customerCookie });
    expect(posted.status).toBe(302);
    expect(posted.headers.get("location")).toBe(`${path}?saved=review`);
    expect(await database.db.select().from(reviews)).toMatchObject([{ overall: 5, comment: "Clear and practical." }]);

    const specialistView = decodeHtml(await (await app.get(path, { cookie: specialistCookie })).text());
    expect(specialistView).toContain("Clear and practical.");
    expect(specialistView).toContain('name="response"');
    const responded = await app.post(path, { response: "Thanks, glad it helped." }, { cookie: specialistCookie });
    expect(responded.status).toBe(302);
    expect(await database.db.select().from(reviews)).toMatchObject([{ response: "Thanks, glad it helped." }]);
  });

  test.each([
    ["rating 0", { ...good, overall: "0" }],
    ["rating 6", { ...good, overall: "6" }],
    ["rating as text", { ...good, overall: "great" }],
    ["no rating", { ...good, overall: "" }],
    ["a 2,001-character comment", { ...good, comment: "x".repeat(2001) }],
  ])("bad input (%s) is a 400 and writes nothing", async (_, fields) => {
    const { path, customerCookie } = await given();
    const response = await app.post(path, fields, { cookie: customerCookie });
    expect(response.status).toBe(400);
    await nothingWritten();
  });

  test("someone else's booking is a 404 and writes nothing", async () => {
    const { path } = await given();
    const stranger = await createUser(database.db);
    const cookie = await signedInCookie(database.db, stranger.id, clock.now());
    expect((await app.get(path, { cookie })).status).toBe(404);
    expect((await app.post(path, good, { cookie })).status).toBe(404);
    await nothingWritten();
  });

  test("an uncompleted booking is a 409 and writes nothing", async () => {
    const { path, customerCookie } = await given("confirmed");
    const response = await app.post(path, good, { cookie: customerCookie });
    expect(response.status).toBe(409);
    expect(decodeHtml(await response.text())).toContain("You can review a session once it has taken place.");
    await nothingWritten();
  });

  test("within 48 hours a second post edits the review; after that it is a 409 and changes nothing", async () => {
    const { path, customerCookie, specialist } = await given();
    await app.post(path, good, { cookie: customerCookie });
    expect((await app.post(path, { ...good, overall: "3" }, { cookie: customerCookie })).status).toBe(302);
    expect(await database.db.select().from(reviews)).toHaveLength(1);
    expect((await database.db.select().from(specialists)).find((row) => row.id === specialist.id)).toMatchObject({
      ratingAvg: 3,
      ratingCount: 1,
    });
    clock.advance(49 * hourMs);
    expect((await app.post(path, { ...good, overall: "1" }, { cookie: customerCookie })).status).toBe(409);
    expect(await database.db.select().from(reviews)).toMatchObject([{ overall: 3 }]);
  });

  test("a response by the customer or an empty one is refused", async () => {
    const { path, customerCookie, specialistCookie } = await given();
    await app.post(path, good, { cookie: customerCookie });
    expect((await app.post(path, { response: "" }, { cookie: specialistCookie })).status).toBe(400);
    expect((await app.post(path, { response: "Me too" }, { cookie: customerCookie })).status).toBe(400);
    expect(await database.db.select().from(reviews)).toMatchObject([{ response: null }]);
  });
});

describe("the profile's reviews", () => {
  /** Twelve reviews a minute apart (overall 1, 2, 3, 4, 5, 1, …; the last one answered), oldest first. */
  async function reviewed() {
    const setup = await givenSpecialistForReviews(database.db);
    const context = { db: database.db, clock, queue: recordingQueue().queue };
    for (let index = 0; index < 12; index += 1) {
      const customer = await createUser(database.db, { name: `Reviewer Number${index}` });
      const booking = await givenBooking(database.db, setup, { endsAt: ended, customerId: customer.id });
      const review = { overall: (index % 5) + 1, communication: 5, expertise: 4, value: index % 2 ? 3 : 4, comment: `Comment ${index}` };
      const result = await submitReview(context, { actorUserId: customer.id, bookingId: booking.id, review });
      if (!result.ok) throw new Error(result.message);
      if (index === 11)
        await respondToReview(context, { actorUserId: setup.specialistUser.id, bookingId: booking.id, response: "Thank you, Number11!" });
      clock.advance(60_000);
    }
    return setup.specialist;
  }

  const page = async (path: string) => decodeHtml(await (await app.get(path)).text());
  const commentsIn = (html: string) => [...html.matchAll(/>Comment (\d+)<\/p>/g)].map((match) => Number(match[1]));

  test("a summary with the distribution and aspect averages, then ten reviews newest first with responses, and page links", async () => {
    const specialist = await reviewed();
    const html = await page(`/s/${specialist.slug}`);
    // Overall 1..5 twice, then 1 and 2: 33 / 12.
    expect(html).toContain("2.8</span>");
    expect(html).toContain("12 reviews");
    const rows = [...html.matchAll(/(\d) stars?<\/th>.*?<td[^>]*>(\d+)<\/td>/g)].map((match) => [Number(match[1]), Number(match[2])]);
    expect(rows).toEqual([
      [5, 2],
      [4, 2],
      [3, 2],
      [2, 3],
      [1, 3],
    ]);
    expect(html).toMatch(/Communication<\/dt><dd[^>]*>5\.0/);
    expect(html).toMatch(/Value<\/dt><dd[^>]*>3\.5/);
    expect(commentsIn(html)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
    expect(html).toContain("Thank you, Number11!");
    expect(html).toContain("Reviewer N.");
    expect(html).toContain(`href="/s/${specialist.slug}?reviews=newest&amp;page=2#reviews"`.replace("&amp;", "&"));

    expect(commentsIn(await page(`/s/${specialist.slug}?reviews=newest&page=2`))).toEqual([1, 0]);
    expect(commentsIn(await page(`/s/${specialist.slug}?reviews=highest`))).toEqual([9, 4, 8, 3, 7, 2, 11, 6, 1, 10]);
    expect(commentsIn(await page(`/s/${specialist.slug}?reviews=lowest`)).slice(0, 3)).toEqual([10, 5, 0]);
    // Nonsense in the query falls back to the first page, newest first.
    expect(commentsIn(await page(`/s/${specialist.slug}?reviews=worst&page=-3`))).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  });

  test("JSON-LD carries the AggregateRating and the shown Reviews", async () => {
    const specialist = await reviewed();
    const html = await (await app.get(`/s/${specialist.slug}`)).text();
    const json = JSON.parse(html.match(/<script type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/)![1]!) as {
      aggregateRating: unknown;
      review: { reviewRating: { ratingValue: number }; reviewBody: string; author: { name: string } }[];
    };
    expect(json.aggregateRating).toEqual({
      "@type": "AggregateRating",
      ratingValue: "2.75",
      bestRating: 5,
      worstRating: 1,
      ratingCount: 12,
    });
    expect(json.review).toHaveLength(10);
    expect(json.review[0]).toMatchObject({
      "@type": "Review",
      author: { "@type": "Person", name: "Reviewer N." },
      reviewBody: "Comment 11",
      reviewRating: { "@type": "Rating", ratingValue: 2, bestRating: 5, worstRating: 1 },
    });
  });

  test("without reviews the profile says so and its JSON-LD has no rating", async () => {
    const { specialist } = await givenSpecialistForReviews(database.db);
    const html = await page(`/s/${specialist.slug}`);
    expect(html).toContain("No reviews of");
    expect(html).not.toContain("aggregateRating");
  });
});
