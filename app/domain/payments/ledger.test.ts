import fc from "fast-check";
import { afterEach, describe, expect, test, vi } from "vitest";
import { createUser } from "../../../db/factories";
import { createTestClock } from "../../../tests/clock";
import { propertyTestLimitMs } from "../../../tests/limits";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { givenSpecialist } from "../booking/booking.test-support";
import { platformFee } from "../booking/fees";
import { bookingMoney, formatReceiptNumber, lastTwelveMonths, monthRange, totalsByCurrency, type Money } from "./ledger";
import { ledgerCsv } from "./ledger-csv";
import { earningsPage, getReceipt, ledgerRows, platformRevenue, practiceOf } from "./ledger.server";
import { givenPaidBooking, givenRefund } from "./ledger.test-support";
import { startOfTest } from "./payments.test-support";

let databases: TestDatabase[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  databases.forEach((database) => database.cleanup());
  databases = [];
});

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\r" && text[index + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      index++;
    } else field += char;
  }
  return records;
}

/** "125.50" → 12550 (the decimal's digits, as the currency's minor units). */
const decimalToMinor = (decimal: string) => Number(decimal.replace(".", ""));

const byCurrency = (totals: readonly Money[]) => Object.fromEntries(totals.map((money) => [money.currency, money]));

describe("the ledger of paid bookings", () => {
  test(
    "per currency, gross − platform fee − refunds = net, and receipts, earnings, the ledger, the CSV and admin revenue agree",
    async () => {
      const refundArb = fc.record({ percent: fc.integer({ min: 1, max: 100 }), refused: fc.boolean() });
      const bookingArb = fc.record({
        currency: fc.constantFrom("USD", "EUR", "JPY"),
        priceMinor: fc.integer({ min: 1, max: 5_000_000 }),
        refunds: fc.array(refundArb, { maxLength: 3 }),
      });
      // Refused refunds log their provider error; expected here.
      vi.spyOn(console, "error").mockImplementation(() => {});
      await fc.assert(
        fc.asyncProperty(fc.array(bookingArb, { minLength: 1, maxLength: 4 }), async (specs) => {
          const database = await createTestDatabase();
          databases.push(database);
          const { db } = database;
          const clock = createTestClock(startOfTest);
          const { user, types } = await givenSpecialist(db, {
            sessions: specs.map((spec) => ({ minutes: 60, priceMinor: spec.priceMinor, currency: spec.currency })),
          });
          const admin = await createUser(db, { role: "admin" });
          const expected = new Map<string, { grossMinor: number; refundsMinor: number; feeAskedMinor: number }>();
          const bookingIds: string[] = [];

          for (const [index, spec] of specs.entries()) {
            // Each on its own day, 10:00 London, all in June 2026 (this month).
            const startsAt = new Date(Date.UTC(2026, 5, 2 + index, 9));
            const { bookingId, payment } = await givenPaidBooking(db, clock, { sessionType: types[index]!, startsAt });
            bookingIds.push(bookingId);
            const sums = expected.get(spec.currency) ?? { grossMinor: 0, refundsMinor: 0, feeAskedMinor: 0 };
            sums.grossMinor += spec.priceMinor;
            sums.feeAskedMinor += platformFee(spec.priceMinor);
            let remaining = spec.priceMinor;
            for (const [part, refund] of spec.refunds.entries()) {
              if (remaining === 0) break;
              const amountMinor = Math.max(1, Math.floor((remaining * refund.percent) / 100));
              await givenRefund(db, clock, { paymentId: payment.id, amountMinor, reason: `part-${part}`, refused: refund.refused });
              if (!refund.refused) {
                remaining -= amountMinor;
                sums.refundsMinor += amountMinor;
              }
            }
            expected.set(spec.currency, sums);
          }

          const practice = (await practiceOf(db, user.id))!;
          const months = lastTwelveMonths(clock.now(), practice.timezone);
          const earnings = await earningsPage(db, practice, { now: clock.now(), months, filter: {}, page: { number: 1, size: 10 } });

          // The identity, and the sums a person could check by hand.
          expect(earnings.totals.map((money) => money.currency)).toEqual([...expected.keys()].sort());
          for (const money of earnings.totals) {
            const sums = expected.get(money.currency)!;
            expect(money.grossMinor).toBe(sums.grossMinor);
            expect(money.refundsMinor).toBe(sums.refundsMinor);
            expect(money.feeMinor).toBeGreaterThanOrEqual(0);
            expect(money.feeMinor).toBeLessThanOrEqual(sums.feeAskedMinor);
            expect(money.grossMinor - money.feeMinor - money.refundsMinor).toBe(money.netMinor);
          }

          // Every receipt (as the specialist sees it) adds up to the earnings.
          const receipts = [];
          for (const bookingId of bookingIds) {
            const result = await getReceipt(db, { userId: user.id, role: "specialist" }, bookingId);
            if (result.status !== "ok") throw new Error(`No receipt for ${bookingId}`);
            const { money } = result.receipt;
            expect(money.grossMinor - money.feeMinor - money.refundsMinor).toBe(money.netMinor);
            receipts.push(result.receipt);
          }
          expect(totalsByCurrency(receipts.map((receipt) => receipt.money))).toEqual(earnings.totals);
          expect(new Set(receipts.map((receipt) => receipt.receiptNumber)).size).toBe(receipts.length);

          // The ledger, row by row, says what each receipt says; its CSV adds up to the same.
          const rows = await ledgerRows(db, practice, {});
          expect(earnings.ledger.rows).toEqual(rows);
          expect(earnings.ledger.count).toBe(specs.length);
          for (const row of rows) {
            const receipt = receipts.find((candidate) => candidate.bookingId === row.bookingId)!;
            const { currency, grossMinor, feeMinor, refundsMinor, netMinor } = row;
            expect({ currency, grossMinor, feeMinor, refundsMinor, netMinor }).toEqual(receipt.money);
          }
          const [header, ...records] = parseCsv(ledgerCsv(rows, practice.timezone));
          const column = (name: string) => header!.indexOf(name);
          const fromCsv = totalsByCurrency(
            records.map((record) => ({
              currency: record[column("currency")]!,
              grossMinor: decimalToMinor(record[column("gross")]!),
              feeMinor: decimalToMinor(record[column("platform_fee")]!),
              refundsMinor: decimalToMinor(record[column("refunds")]!),
              netMinor: decimalToMinor(record[column("net")]!),
            })),
          );
          expect(fromCsv).toEqual(earnings.totals);

          // The months (all of it falls in this one) and the platform's revenue say the same.
          const monthly = earnings.monthly.map(({ month: _month, ...money }) => money);
          expect(totalsByCurrency(monthly)).toEqual(earnings.totals);
          const revenue = await platformRevenue(db, { userId: admin.id, role: "admin" }, lastTwelveMonths(clock.now(), "UTC"));
          expect(byCurrency(totalsByCurrency(revenue!.map(({ month: _month, ...money }) => money)))).toEqual(byCurrency(earnings.totals));
        }),
        { numRuns: 40 },
      );
    },
    propertyTestLimitMs,
  );

  test("a booking's money: failed refunds and refunds in another currency don't count", () => {
    const payment = { amountMinor: 10_000, feeMinor: 2_000, currency: "USD" };
    expect(
      bookingMoney(payment, [
        { amountMinor: 5_000, feeRefundedMinor: 1_000, currency: "USD", status: "succeeded" },
        { amountMinor: 1_000, feeRefundedMinor: 200, currency: "USD", status: "failed" },
        { amountMinor: 700, feeRefundedMinor: 0, currency: "EUR", status: "succeeded" },
        { amountMinor: 1_000, feeRefundedMinor: 200, currency: "USD", status: "pending" },
      ]),
    ).toEqual({ currency: "USD", grossMinor: 10_000, feeMinor: 800, refundsMinor: 6_000, netMinor: 3_200 });
  });

  test("receipt numbers and months", () => {
    expect(formatReceiptNumber(42)).toBe("R-000042");
    expect(formatReceiptNumber(1_234_567)).toBe("R-1234567");
    // March 2026 in London: starts at midnight GMT, ends at midnight BST (the clocks went forward).
    const march = monthRange("2026-03", "Europe/London");
    expect(march.startsAt.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(march.endsAt.toISOString()).toBe("2026-03-31T23:00:00.000Z");
    expect(march.label).toBe("March 2026");
    const months = lastTwelveMonths(new Date("2026-01-15T12:00:00Z"), "Pacific/Auckland");
    expect(months.map((month) => month.key)).toEqual([
      "2025-02",
      "2025-03",
      "2025-04",
      "2025-05",
      "2025-06",
      "2025-07",
      "2025-08",
      "2025-09",
      "2025-10",
      "2025-11",
      "2025-12",
      "2026-01",
    ]);
    for (const [index, month] of months.entries()) if (index > 0) expect(month.startsAt).toEqual(months[index - 1]!.endsAt);
    expect(() => monthRange("2026-13", "UTC")).toThrow(RangeError);
  });
});
