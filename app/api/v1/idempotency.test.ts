import { afterEach, beforeEach, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { ApiError } from "./errors";
import { idempotencyKeyLifetimeMs, withIdempotency } from "./idempotency.server";

let database: TestDatabase;
const clock = createTestClock();
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

function counter() {
  let runs = 0;
  return {
    get runs() {
      return runs;
    },
    run: async () => {
      const id = `booking-${++runs}`;
      return { status: 201, body: { id }, headers: { Location: `/api/v1/bookings/${id}` } };
    },
  };
}

test("a repeated request with the same key and body acts once and gets the first response again, marked as replayed", async () => {
  const user = await createUser(database.db);
  const effect = counter();
  const request = { userId: user.id, key: "key-1", operationId: "createBooking", bodyText: '{"a":1}' };
  const context = { db: database.db, clock };
  const first = await withIdempotency(context, request, effect.run);
  const second = await withIdempotency(context, request, effect.run);
  expect(effect.runs).toBe(1);
  expect(first).toMatchObject({ status: 201, body: { id: "booking-1" } });
  expect(second).toEqual({
    status: 201,
    body: { id: "booking-1" },
    headers: { Location: "/api/v1/bookings/booking-1", "Idempotent-Replayed": "true" },
  });
});

test("the same key with another body is refused; another user's same key is theirs alone", async () => {
  const user = await createUser(database.db);
  const other = await createUser(database.db);
  const effect = counter();
  const context = { db: database.db, clock };
  await withIdempotency(context, { userId: user.id, key: "k", operationId: "createBooking", bodyText: "1" }, effect.run);
  await expect(
    withIdempotency(context, { userId: user.id, key: "k", operationId: "createBooking", bodyText: "2" }, effect.run),
  ).rejects.toMatchObject({
    code: "idempotency_key_reused",
  });
  const theirs = await withIdempotency(context, { userId: other.id, key: "k", operationId: "createBooking", bodyText: "1" }, effect.run);
  expect(theirs.body).toEqual({ id: "booking-2" });
});

test("a failed first attempt frees the key for a corrected retry; a key expires after a day", async () => {
  const user = await createUser(database.db);
  const context = { db: database.db, clock };
  const request = { userId: user.id, key: "k", operationId: "createBooking", bodyText: "{}" };
  await expect(
    withIdempotency(context, request, () => Promise.reject(new ApiError("conflict", "That time was just taken."))),
  ).rejects.toMatchObject({ code: "conflict" });
  const effect = counter();
  await withIdempotency(context, request, effect.run);
  clock.advance(idempotencyKeyLifetimeMs + 1);
  await withIdempotency(context, request, effect.run);
  expect(effect.runs).toBe(2);
});

test("two concurrent requests with one key: the effect happens once", async () => {
  const user = await createUser(database.db);
  const effect = counter();
  const context = { db: database.db, clock };
  const request = { userId: user.id, key: "race", operationId: "createBooking", bodyText: "{}" };
  const results = await Promise.allSettled([withIdempotency(context, request, effect.run), withIdempotency(context, request, effect.run)]);
  expect(effect.runs).toBe(1);
  for (const result of results) {
    if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "conflict" });
    else expect(result.value.body).toEqual({ id: "booking-1" });
  }
});

test("a key that isn't 1–255 visible ASCII characters is a validation error", async () => {
  const user = await createUser(database.db);
  const effect = counter();
  const context = { db: database.db, clock };
  for (const key of ["", "has space", "é", "x".repeat(256)]) {
    await expect(withIdempotency(context, { userId: user.id, key, operationId: "op", bodyText: "" }, effect.run)).rejects.toMatchObject({
      code: "validation_failed",
    });
  }
  expect(effect.runs).toBe(0);
});
