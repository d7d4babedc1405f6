import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../../../db/factories";
import { bookingRules, bookings, type User } from "../../../../db/schema";
import { givenPaidBooking } from "../../../domain/payments/ledger.test-support";
import { accessTokenFor, callApi, type ApiCall } from "../../../../tests/api-client";
import { createTestApp } from "../../../../tests/app-handler";
import { createTestClock } from "../../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../../tests/test-database";
import { givenBooking, givenOffer, laterOpenTime, openTime, soonOpenTime } from "./bookings.contract";

// What an API client can rely on for bookings, beyond the shapes the contract test checks.

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let app: Awaited<ReturnType<typeof createTestApp>>;
let offer: Awaited<ReturnType<typeof givenOffer>>;
let customer: User;
let token: string;

beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  app = await createTestApp({ db: database.db, clock });
  offer = await givenOffer({ db: database.db, clock });
  customer = await createUser(database.db, { timezone: "America/New_York" });
  token = await tokenFor(customer);
});
afterEach(() => database.cleanup());

const tokenFor = (user: Pick<User, "id">) => accessTokenFor(database.db, user.id, clock.now());

interface BookingBody {
  id: string;
  status: string;
  startsAt: string;
  holdExpiresAt: string | null;
  viewerRole: string;
  meeting: { url: string } | null;
  customer: { timezone: string };
  refunds: { amount: { amount: number; currency: string }; status: string }[];
  canCancel: boolean;
}
interface ErrorBody {
  error: { code: string; message: string; details?: { freshTimes?: string[] } };
}

async function call<T>(request: ApiCall) {
  const response = await callApi(app, request);
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

const book = (body: Record<string, unknown>, headers?: Record<string, string>, as = token) =>
  call<BookingBody & ErrorBody>({ method: "post", path: "/bookings", token: as, body, headers });

describe("POST /bookings", () => {
  test("a paid session is held for payment for 30 minutes, in the customer's zone, at the address in Location", async () => {
    const created = await book({ sessionTypeId: offer.type.id, startsAt: openTime, note: "Career change" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: "pending_payment",
      startsAt: openTime,
      holdExpiresAt: "2026-06-01T12:30:00.000Z",
      customer: { timezone: "America/New_York" },
      meeting: null,
    });
    expect(created.headers.get("location")).toBe(`/api/v1/bookings/${created.body.id}`);
    const fetched = await call<BookingBody>({ method: "get", path: `/bookings/${created.body.id}`, token });
    expect(fetched.body).toMatchObject({ id: created.body.id, status: "pending_payment", viewerRole: "customer" });
  });

  test("a free session is confirmed at once, with its meeting link", async () => {
    const free = await givenOffer({ db: database.db, clock }, { priceMinor: 0 });
    const created = await book({ sessionTypeId: free.type.id, startsAt: openTime, timezone: "Asia/Tokyo" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "confirmed", holdExpiresAt: null, customer: { timezone: "Asia/Tokyo" } });
    expect(created.body.meeting?.url).toMatch(/^https:\/\//);
  });

  test("the same Idempotency-Key and body twice make one booking, and the second answer is the first", async () => {
    const body = { sessionTypeId: offer.type.id, startsAt: openTime };
    const key = { "Idempotency-Key": crypto.randomUUID() };
    const first = await book(body, key);
    const second = await book(body, key);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await database.db.select({ id: bookings.id }).from(bookings)).toEqual([{ id: first.body.id }]);
  });

  test("a time just taken is a 409 with that day's open times, in the customer's day", async () => {
    await givenBooking({ db: database.db, clock }, await createUser(database.db), offer.type.id, openTime);
    const lost = await book({ sessionTypeId: offer.type.id, startsAt: openTime });
    expect(lost.status).toBe(409);
    expect(lost.body.error.code).toBe("conflict");
    const fresh = lost.body.error.details?.freshTimes ?? [];
    // 08:00–16:00 UTC in 30-minute steps, less the hour around the booked 10:00.
    expect(fresh).toContain("2026-06-03T08:00:00.000Z");
    expect(fresh).toContain("2026-06-03T11:00:00.000Z");
    expect(fresh).not.toContain(openTime);
    expect(fresh).not.toContain("2026-06-03T09:30:00.000Z");
    expect(fresh.every((time) => time.startsWith("2026-06-03T"))).toBe(true);
    expect(await database.db.select().from(bookings)).toHaveLength(1);
  });

  test("a time that isn't open is a 409 with the open times of its day, and books nothing", async () => {
    const closed = await book({ sessionTypeId: offer.type.id, startsAt: "2026-06-03T10:10:00.000Z" });
    expect(closed.status).toBe(409);
    expect(closed.body.error.details?.freshTimes).toContain(openTime);
    expect(await database.db.select().from(bookings)).toEqual([]);
  });
});

describe("GET /bookings", () => {
  async function walk(query: string, as = token) {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { data: { id: string; startsAt: string }[]; nextCursor: string | null } } = await call({
        method: "get",
        path: `/bookings?${query}${cursor ? `&cursor=${cursor}` : ""}`,
        token: as,
      });
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((item) => item.startsAt));
      cursor = page.body.nextCursor;
    } while (cursor);
    return seen;
  }

  const starts = [
    "2026-06-03T08:00:00.000Z",
    "2026-06-03T10:00:00.000Z",
    "2026-06-03T12:00:00.000Z",
    laterOpenTime,
    "2026-06-05T09:00:00.000Z",
  ];

  beforeEach(async () => {
    for (const start of starts) await givenBooking({ db: database.db, clock }, customer, offer.type.id, start);
  });

  test("the cursor walks every booking once, earliest first", async () => {
    expect(await walk("limit=2")).toEqual([...starts].sort());
  });

  test("filters by start and by status", async () => {
    expect(await walk(`limit=2&from=2026-06-03T10:00:00Z&to=2026-06-05T00:00:00Z`)).toEqual([starts[1], starts[2], starts[3]]);
    const first = await call<{ data: { id: string }[] }>({ method: "get", path: "/bookings?limit=1", token });
    await call({ method: "post", path: `/bookings/${first.body.data[0]!.id}/cancel`, token, body: { reason: "Plans changed." } });
    expect(await walk("limit=2&status=cancelled")).toEqual([starts[0]]);
    expect(await walk("limit=2&status=pending_payment")).toEqual(starts.slice(1).sort());
  });

  test("a customer sees only their own; the specialist sees their practice's", async () => {
    const stranger = await createUser(database.db);
    await givenBooking({ db: database.db, clock }, stranger, offer.type.id, "2026-06-06T09:00:00.000Z");
    expect(await walk("limit=2")).toHaveLength(starts.length);
    expect(await walk("limit=2", await tokenFor(stranger))).toEqual(["2026-06-06T09:00:00.000Z"]);
    expect(await walk("limit=2&role=specialist")).toEqual([]);
    expect(await walk("limit=2", await tokenFor(offer.specialistUser))).toHaveLength(starts.length + 1);
  });
});

describe("GET /bookings/{id}", () => {
  test("someone else's booking is a 404, the same as one that doesn't exist; its specialist sees it", async () => {
    const booking = await givenBooking({ db: database.db, clock }, customer, offer.type.id, openTime);
    const stranger = await tokenFor(await createUser(database.db));
    const theirs = await call<ErrorBody>({ method: "get", path: `/bookings/${booking.id}`, token: stranger });
    const missing = await call<ErrorBody>({ method: "get", path: `/bookings/${crypto.randomUUID()}`, token: stranger });
    expect(theirs).toMatchObject({ status: 404, body: missing.body });
    const specialist = await call<BookingBody>({
      method: "get",
      path: `/bookings/${booking.id}`,
      token: await tokenFor(offer.specialistUser),
    });
    expect(specialist.body).toMatchObject({ id: booking.id, viewerRole: "specialist" });
  });
});

describe("POST /bookings/{id}/reschedule", () => {
  test("moves the booking, and frees its old time", async () => {
    const booking = await givenBooking({ db: database.db, clock }, customer, offer.type.id, openTime);
    const moved = await call<BookingBody>({
      method: "post",
      path: `/bookings/${booking.id}/reschedule`,
      token,
      body: { startsAt: laterOpenTime },
    });
    expect(moved).toMatchObject({ status: 200, body: { id: booking.id, startsAt: laterOpenTime } });
    expect(
      (await book({ sessionTypeId: offer.type.id, startsAt: openTime }, undefined, await tokenFor(await createUser(database.db)))).status,
    ).toBe(201);
  });

  test("a taken time is a 409 with fresh times, and the booking stays", async () => {
    const booking = await givenBooking({ db: database.db, clock }, customer, offer.type.id, openTime);
    await givenBooking({ db: database.db, clock }, await createUser(database.db), offer.type.id, laterOpenTime);
    const lost = await call<ErrorBody>({
      method: "post",
      path: `/bookings/${booking.id}/reschedule`,
      token,
      body: { startsAt: laterOpenTime },
    });
    expect(lost.status).toBe(409);
    expect(lost.body.error.details?.freshTimes).toContain("2026-06-04T12:00:00.000Z");
    expect(lost.body.error.details?.freshTimes).not.toContain(laterOpenTime);
    const [row] = await database.db.select().from(bookings).where(eq(bookings.id, booking.id));
    expect(row?.startsAt.toISOString()).toBe(openTime);
  });

  test("inside the deadline the customer is refused with the rule, and the specialist may still move it", async () => {
    const booking = await givenBooking({ db: database.db, clock }, customer, offer.type.id, soonOpenTime);
    const path = `/bookings/${booking.id}/reschedule`;
    const refused = await call<ErrorBody>({ method: "post", path, token, body: { startsAt: openTime } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/24 hours before/);
    const bySpecialist = await call<BookingBody>({
      method: "post",
      path,
      token: await tokenFor(offer.specialistUser),
      body: { startsAt: openTime },
    });
    expect(bySpecialist).toMatchObject({ status: 200, body: { startsAt: openTime } });
  });
});

describe("cancelling", () => {
  test("the preview shows the refund the cancellation then gives, and the receipt lists it", async () => {
    const { bookingId, customer: payer } = await givenPaidBooking(database.db, clock, {
      sessionType: offer.type,
      startsAt: new Date(openTime),
    });
    const as = await tokenFor(payer);
    const preview = await call({ method: "get", path: `/bookings/${bookingId}/cancellation`, token: as });
    expect(preview.body).toMatchObject({
      cancellable: true,
      refund: { amount: { amount: 4500, currency: "USD" }, rule: "full-before-deadline" },
      summary: "You'll get $45 back.",
      deadline: "2026-06-02T10:00:00.000Z",
    });
    const cancelled = await call<{ booking: BookingBody; refund: unknown }>({
      method: "post",
      path: `/bookings/${bookingId}/cancel`,
      token: as,
      body: { reason: "Something came up." },
    });
    expect(cancelled).toMatchObject({
      status: 200,
      body: {
        booking: { status: "cancelled", canCancel: false, refunds: [{ amount: { amount: 4500, currency: "USD" } }] },
        refund: { amount: { amount: 4500, currency: "USD" }, rule: "full-before-deadline", error: null },
      },
    });
    const after = await call({ method: "get", path: `/bookings/${bookingId}/cancellation`, token: as });
    expect(after.body).toMatchObject({ cancellable: false, refund: null });
    const receipt = await call({ method: "get", path: `/bookings/${bookingId}/receipt`, token: as });
    expect(receipt.body).toMatchObject({
      amountPaid: { amount: 4500, currency: "USD" },
      refunds: [{ amount: { amount: 4500, currency: "USD" }, status: "succeeded", counted: true }],
      totalAfterRefunds: { amount: 0, currency: "USD" },
      specialistShare: null,
    });
  });

  test("after the deadline the late percentage applies, in preview and in the cancellation", async () => {
    await database.db
      .update(bookingRules)
      .set({ lateCancellationRefundPercent: 50 })
      .where(eq(bookingRules.specialistId, offer.specialist.id));
    const { bookingId, customer: payer } = await givenPaidBooking(database.db, clock, {
      sessionType: offer.type,
      startsAt: new Date(soonOpenTime),
    });
    const as = await tokenFor(payer);
    const preview = await call({ method: "get", path: `/bookings/${bookingId}/cancellation`, token: as });
    expect(preview.body).toMatchObject({ refund: { amount: { amount: 2250 }, rule: "partial-after-deadline" } });
    const cancelled = await call({ method: "post", path: `/bookings/${bookingId}/cancel`, token: as, body: { reason: "Sorry." } });
    expect(cancelled.body).toMatchObject({ refund: { amount: { amount: 2250 }, rule: "partial-after-deadline" } });
  });
});

describe("GET /bookings/{id}/receipt", () => {
  test("the specialist's receipt shows the fee kept and their net; an unpaid booking has none", async () => {
    const { bookingId } = await givenPaidBooking(database.db, clock, { sessionType: offer.type, startsAt: new Date(openTime) });
    const receipt = await call({ method: "get", path: `/bookings/${bookingId}/receipt`, token: await tokenFor(offer.specialistUser) });
    expect(receipt.body).toMatchObject({
      number: expect.stringMatching(/^R-\d{6}$/),
      specialistShare: { feeKept: { amount: 900, currency: "USD" }, net: { amount: 3600, currency: "USD" } },
    });
    const unpaid = await givenBooking({ db: database.db, clock }, customer, offer.type.id, laterOpenTime);
    expect((await call({ method: "get", path: `/bookings/${unpaid.id}/receipt`, token })).status).toBe(404);
  });
});
