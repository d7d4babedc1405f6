import { afterEach, expect, test } from "vitest";
import { accessTokenFor, callApi } from "../../../../tests/api-client";
import { createTestApp } from "../../../../tests/app-handler";
import { createTestClock } from "../../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../../tests/test-database";
import { givenSpecialist } from "../../../domain/booking/booking.test-support";
import { givenPaidBooking, givenRefund } from "../../../domain/payments/ledger.test-support";
import { getReceipt } from "../../../domain/payments/ledger.server";
import { givenPendingBooking } from "../../../domain/payments/payments.test-support";

// The clock starts on Monday 1 June 2026, 12:00 UTC; payments go through the test provider.

let database: TestDatabase | undefined;
afterEach(() => database?.cleanup());

async function setup() {
  database = await createTestDatabase();
  const { db } = database;
  const clock = createTestClock();
  const app = await createTestApp({ db, clock });
  const call = async (token: string, method: string, path: string) => {
    const response = await callApi(app, { method, path, token });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const tokenFor = (userId: string) => accessTokenFor(db, userId, clock.now());
  return { db, clock, call, tokenFor };
}

type Page<T> = { data: T[]; nextCursor: string | null };

/** Every item of a cursor-paged list, `limit` at a time, and the number of pages it took. */
async function walk<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>) {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Page<T> = await fetchPage(cursor);
    items.push(...page.data);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 10);
  return { items, pages };
}

test("a customer's checkout is the test checkout in local mode, reused when asked again, and refused once paid", async () => {
  const { db, clock, call, tokenFor } = await setup();
  const { booking, customer } = await givenPendingBooking(db, clock);
  const token = await tokenFor(customer.id);

  const first = await call(token, "post", `/bookings/${booking.id}/checkout`);
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ url: expect.stringMatching(/^http:\/\/localhost\/pay\/test\/.+/) });
  // Checkout stays open at least 30 minutes, and the hold is extended to match.
  expect(Date.parse(first.body.expiresAt as string)).toBeGreaterThanOrEqual(clock.now().getTime() + 30 * 60_000);
  expect((await call(token, "post", `/bookings/${booking.id}/checkout`)).body).toEqual(first.body);

  const { types } = await givenSpecialist(db);
  const paid = await givenPaidBooking(db, clock, { sessionType: types[0]!, startsAt: new Date("2026-06-03T09:00:00Z"), customer });
  const refused = await call(token, "post", `/bookings/${paid.bookingId}/checkout`);
  expect(refused).toMatchObject({ status: 409, body: { error: { code: "conflict", details: { reason: "paid" } } } });

  clock.advance(2 * 60 * 60_000);
  const released = await call(await tokenFor(customer.id), "post", `/bookings/${booking.id}/checkout`);
  expect(released).toMatchObject({ status: 409, body: { error: { code: "conflict", details: { reason: "released" } } } });
});

test("the payment history pages through every payment of the customer exactly once, refunds inline, nobody else's", async () => {
  const { db, clock, call, tokenFor } = await setup();
  const { types } = await givenSpecialist(db, { sessions: [{ minutes: 60, priceMinor: 10_000 }] });
  const first = await givenPaidBooking(db, clock, { sessionType: types[0]!, startsAt: new Date("2026-06-02T09:00:00Z") });
  const { customer } = first;
  clock.advance(60_000);
  const second = await givenPaidBooking(db, clock, { sessionType: types[0]!, startsAt: new Date("2026-06-02T11:00:00Z"), customer });
  clock.advance(60_000);
  const third = await givenPaidBooking(db, clock, { sessionType: types[0]!, startsAt: new Date("2026-06-02T13:00:00Z"), customer });
  await givenPaidBooking(db, clock, { sessionType: types[0]!, startsAt: new Date("2026-06-03T09:00:00Z") });
  await givenRefund(db, clock, { paymentId: second.payment.id, amountMinor: 2_500, reason: "goodwill" });
  const token = await tokenFor(customer.id);

  const { items, pages } = await walk<{ id: string; bookingId: string; refunds: unknown[] }>(
    async (cursor) =>
      (await call(token, "get", `/payments?limit=2${cursor ? `&cursor=${cursor}` : ""}`)).body as unknown as Page<{
        id: string;
        bookingId: string;
        refunds: unknown[];
      }>,
  );
  expect(pages).toBe(2);
  expect(items.map((item) => item.bookingId)).toEqual([third.bookingId, second.bookingId, first.bookingId]);
  expect(items[1]).toMatchObject({
    id: second.payment.id,
    status: "paid",
    kept: true,
    amount: 10_000,
    fee: 2_000,
    currency: second.payment.currency,
    refunds: [{ amount: 2_500, currency: second.payment.currency, status: "succeeded" }],
  });
  expect(items[0]!.refunds).toEqual([]);
});

test("earnings agree with the receipts, and the period and ledger filters filter", async () => {
  const { db, clock, call, tokenFor } = await setup();
  const { user, types } = await givenSpecialist(db, { sessions: [{ minutes: 60, priceMinor: 10_000 }] });
  const june = await givenPaidBooking(db, clock, { sessionType: types[0]!, startsAt: new Date("2026-06-02T09:00:00Z") });
  const july = await givenPaidBooking(db, clock, { sessionType: types[0]!, startsAt: new Date("2026-07-06T09:00:00Z") });
  await givenRefund(db, clock, { paymentId: june.payment.id, amountMinor: 2_500, reason: "goodwill" });
  const token = await tokenFor(user.id);
  const receipt = await getReceipt(db, { userId: user.id, role: "specialist" }, june.bookingId);
  if (receipt.status !== "ok") throw new Error("no receipt");
  const { currency, grossMinor, feeMinor, refundsMinor, netMinor } = receipt.receipt.money;
  expect(refundsMinor).toBe(2_500);

  const earnings = await call(token, "get", "/earnings?from=2026-06&to=2026-06");
  expect(earnings.body).toMatchObject({
    timeZone: "Europe/London",
    totals: [{ currency, gross: grossMinor + 10_000, refunds: 2_500, net: netMinor + 8_000, pending: netMinor + 8_000, paidOut: 0 }],
    period: {
      from: "2026-06",
      to: "2026-06",
      totals: [{ currency, gross: grossMinor, fee: feeMinor, refunds: refundsMinor, net: netMinor }],
      months: [{ month: "2026-06", currency, gross: grossMinor, fee: feeMinor, refunds: refundsMinor, net: netMinor }],
    },
  });

  const ledger = await walk<{ bookingId: string }>(
    async (cursor) =>
      (await call(token, "get", `/earnings/entries?limit=1${cursor ? `&cursor=${cursor}` : ""}`)).body as unknown as Page<{
        bookingId: string;
      }>,
  );
  expect(ledger.items.map((item) => item.bookingId)).toEqual([july.bookingId, june.bookingId]);
  expect((await call(token, "get", "/earnings/entries?month=2026-06")).body).toEqual({
    data: [
      {
        bookingId: june.bookingId,
        startsAt: "2026-06-02T09:00:00.000Z",
        status: "confirmed",
        sessionTitle: types[0]!.title,
        customerName: june.customer.name,
        receiptNumber: receipt.receipt.receiptNumber,
        currency,
        gross: grossMinor,
        fee: feeMinor,
        refunds: refundsMinor,
        net: netMinor,
      },
    ],
    nextCursor: null,
  });
  expect((await call(token, "get", "/earnings/entries?status=completed")).body).toEqual({ data: [], nextCursor: null });
});
