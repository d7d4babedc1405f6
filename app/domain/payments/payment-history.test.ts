import { afterEach, expect, test } from "vitest";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { givenSpecialist } from "../booking/booking.test-support";
import { monthsBetween } from "./ledger";
import { ledgerEntries, practiceOf } from "./ledger.server";
import { givenPaidBooking } from "./ledger.test-support";
import { paymentHistory, type PaymentHistoryKey } from "./payment-history.server";

let database: TestDatabase | undefined;
afterEach(() => database?.cleanup());

test("payments made at the same instant are each listed once, page after page", async () => {
  database = await createTestDatabase();
  const { db } = database;
  const clock = createTestClock();
  const { types } = await givenSpecialist(db);
  const first = await givenPaidBooking(db, clock, { sessionType: types[0]!, startsAt: new Date("2026-06-02T09:00:00Z") });
  const { customer } = first;
  for (const startsAt of ["2026-06-02T11:00:00Z", "2026-06-02T13:00:00Z", "2026-06-03T09:00:00Z"]) {
    await givenPaidBooking(db, clock, { sessionType: types[0]!, startsAt: new Date(startsAt), customer });
  }

  const seen: string[] = [];
  let after: PaymentHistoryKey | undefined;
  for (let page = 0; page < 10; page++) {
    const rows = await paymentHistory(db, customer.id, { after, limit: 1 });
    if (rows.length === 0) break;
    seen.push(rows[0]!.id);
    after = { createdAt: rows[0]!.createdAt, paymentId: rows[0]!.id };
  }
  expect(seen).toHaveLength(4);
  expect(new Set(seen).size).toBe(4);
});

test("the ledger continues after a line, latest session first", async () => {
  database = await createTestDatabase();
  const { db } = database;
  const clock = createTestClock();
  const { user, types } = await givenSpecialist(db);
  for (const startsAt of ["2026-06-02T09:00:00Z", "2026-06-03T09:00:00Z", "2026-06-04T09:00:00Z"]) {
    await givenPaidBooking(db, clock, { sessionType: types[0]!, startsAt: new Date(startsAt) });
  }
  const practice = (await practiceOf(db, user.id))!;
  const [latest] = await ledgerEntries(db, practice, {}, { limit: 1 });
  const rest = await ledgerEntries(db, practice, {}, { after: { startsAt: latest!.startsAt, bookingId: latest!.bookingId }, limit: 10 });
  expect([latest!, ...rest].map((row) => row.startsAt.toISOString())).toEqual([
    "2026-06-04T09:00:00.000Z",
    "2026-06-03T09:00:00.000Z",
    "2026-06-02T09:00:00.000Z",
  ]);
});

test("months between two months include both, and none when the end comes first", () => {
  expect(monthsBetween("2026-11", "2027-02", "Europe/London").map((month) => month.key)).toEqual([
    "2026-11",
    "2026-12",
    "2027-01",
    "2027-02",
  ]);
  expect(monthsBetween("2026-06", "2026-05", "Europe/London")).toEqual([]);
});
