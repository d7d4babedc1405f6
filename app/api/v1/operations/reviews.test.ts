import { afterEach, beforeEach, expect, test } from "vitest";
import { createUser } from "../../../../db/factories";
import { accessTokenFor, callApi } from "../../../../tests/api-client";
import { createTestApp } from "../../../../tests/app-handler";
import { createTestClock } from "../../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../../tests/test-database";
import { givenBooking } from "../../../domain/reviews/reviews.test-support";
import { givenCompletedBooking, givenReview } from "./reviews.contract";

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let app: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

const kit = () => ({ db: database.db, clock });

async function walk(token: string) {
  const seen: { id: string; role: string }[] = [];
  let cursor: string | null = null;
  do {
    const response = await callApi(app, { method: "get", path: `/reviews?limit=1${cursor ? `&cursor=${cursor}` : ""}`, token });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { data: { id: string; role: string }[]; nextCursor: string | null };
    seen.push(...page.data.map(({ id, role }) => ({ id, role })));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

test("a comment with a link is saved as pending, as on the page", async () => {
  const given = await givenCompletedBooking(kit());
  const token = await accessTokenFor(database.db, given.customer.id, clock.now());
  const response = await callApi(app, {
    method: "post",
    path: `/bookings/${given.booking.id}/review`,
    token,
    body: { overall: 5, communication: 5, expertise: 5, value: 5, comment: "More at example.com" },
  });
  expect(response.status).toBe(201);
  expect(await response.json()).toMatchObject({ status: "pending", bookingId: given.booking.id });
});

test("the list walks the reviews a specialist received newest first, each once; the customer sees only theirs, a stranger none", async () => {
  const first = await givenCompletedBooking(kit());
  const firstReview = await givenReview(kit(), first);
  clock.advance(60_000);
  // A second customer of the same specialist.
  const other = await createUser(database.db, { name: "Olly Other" });
  const second = {
    ...first,
    customer: other,
    booking: await givenBooking(database.db, first, { endsAt: first.booking.endsAt, customerId: other.id }),
  };
  const secondReview = await givenReview(kit(), second);
  const stranger = await createUser(database.db);

  const specialistToken = await accessTokenFor(database.db, first.specialistUser.id, clock.now());
  expect(await walk(specialistToken)).toEqual([
    { id: secondReview.id, role: "specialist" },
    { id: firstReview.id, role: "specialist" },
  ]);
  expect(await walk(await accessTokenFor(database.db, first.customer.id, clock.now()))).toEqual([{ id: firstReview.id, role: "author" }]);
  expect(await walk(await accessTokenFor(database.db, stranger.id, clock.now()))).toEqual([]);

  const responded = await callApi(app, {
    method: "post",
    path: `/reviews/${firstReview.id}/response`,
    token: specialistToken,
    body: { response: "Thanks!" },
  });
  expect(await responded.json()).toMatchObject({ id: firstReview.id, response: "Thanks!" });
});
