import { desc, eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, test } from "vitest";
import { refunds } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { givenSpecialist } from "../booking/booking.test-support";
import { givenPaidBooking, givenRefund } from "./ledger.test-support";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

test("partial refunds of one payment never add up to more than was paid, and give back the fee in proportion", async () => {
  const { db } = database;
  const clock = createTestClock(new Date("2026-06-01T12:00:00Z"));
  const { types } = await givenSpecialist(db, {
    rules: { minNoticeMinutes: 0 },
    sessions: [{ minutes: 60, priceMinor: 10_000, currency: "USD" }],
  });
  const { payment } = await givenPaidBooking(db, clock, { sessionType: types[0]!, startsAt: new Date("2026-06-03T10:00:00Z") });

  expect((await givenRefund(db, clock, { paymentId: payment.id, amountMinor: 6_000, reason: "first part" })).ok).toBe(true);
  expect((await givenRefund(db, clock, { paymentId: payment.id, amountMinor: 6_000, reason: "second part" })).ok).toBe(true);
  expect((await givenRefund(db, clock, { paymentId: payment.id, amountMinor: 1_000, reason: "nothing left" })).ok).toBe(true);

  const made = await db.select().from(refunds).where(eq(refunds.paymentId, payment.id)).orderBy(desc(refunds.amountMinor));
  expect(made.map((refund) => [refund.reason, refund.amountMinor, refund.feeRefundedMinor])).toEqual([
    ["first part", 6_000, 1_200],
    ["second part", 4_000, 800],
  ]);
});
