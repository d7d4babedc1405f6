import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../db/factories";
import { reviews, specialists } from "../../db/schema";
import { createTestApp, signedInCookie } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { decodeHtml } from "../../tests/html";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
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
