import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../db/factories";
import { bookings, payments, webhookEvents } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { createSession } from "../domain/auth/sessions.server";
import {
  bookingStatus,
  drain,
  givenPendingBooking,
  jobContext,
  mailTo,
  startOfTest,
  testProvider,
} from "../domain/payments/payments.test-support";
import { testSignatureHeader } from "../domain/payments/test-provider.server";

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let app: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock(startOfTest);
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

async function cookieFor(userId: string) {
  const { token } = await createSession(database.db, userId, clock.now());
  return `session=${token}`;
}

/** A customer with a pending booking, signed in, sent to the test checkout page. */
async function atCheckout() {
  const given = await givenPendingBooking(database.db, clock);
  const cookie = await cookieFor(given.customer.id);
  const response = await app.post(`/bookings/${given.booking.id}/pay`, {}, { cookie });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("location")!);
  expect(location.pathname).toMatch(/^\/pay\/test\/cs_test_[0-9a-f]{32}$/);
  return { ...given, cookie, checkoutPath: location.pathname };
}

describe("test checkout", () => {
  test("paying confirms the booking through the webhook path, once", async () => {
    const { booking, customer, checkoutPath } = await atCheckout();
    const page = await app.get(checkoutPath);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Test payment — no real money moves.");
    expect(html).toContain("$100<");
    expect(html).toContain("USD");

    const paid = await app.post(checkoutPath, { outcome: "pay" });
    expect(paid.status).toBe(302);
    expect(paid.headers.get("location")).toBe(`/bookings/${booking.id}?paid=1`);
    // The click only delivered the event: nothing is confirmed until the job runs.
    expect(await bookingStatus(database.db, booking.id)).toBe("pending_payment");
    // A double click delivers the same event again: stored once; while unprocessed, a repeat
    // re-arms the same event's job (processing it twice changes nothing).
    expect((await app.post(checkoutPath, { outcome: "pay" })).status).toBe(302);
    const stored = await database.db.select().from(webhookEvents);
    expect(stored).toHaveLength(1);
    expect(new Set(app.enqueued.map((job) => JSON.stringify(job)))).toEqual(
      new Set([JSON.stringify({ type: "webhook", webhookEventId: stored[0]!.id })]),
    );

    await drain(app.enqueued, jobContext(database.db, clock, app.enqueued));
    expect(await bookingStatus(database.db, booking.id)).toBe("confirmed");
    // One confirmation and one receipt, however often the event came.
    expect((await mailTo(database.db, customer.email)).map((mail) => mail.template).sort()).toEqual([
      "booking-paid-confirmed",
      "booking-payment-received",
    ]);
    expect(await (await app.get(checkoutPath)).text()).toContain("This checkout has been paid.");
  });

  test("declining fails the payment and keeps the booking pending, so the customer can try again", async () => {
    const { booking, customer, cookie, checkoutPath } = await atCheckout();
    const declined = await app.post(checkoutPath, { outcome: "decline" });
    expect(declined.headers.get("location")).toBe(`/bookings/${booking.id}?declined=1`);
    await drain(app.enqueued, jobContext(database.db, clock, app.enqueued));
    expect(await bookingStatus(database.db, booking.id)).toBe("pending_payment");
    expect(await database.db.select({ status: payments.status }).from(payments)).toEqual([{ status: "failed" }]);
    expect(await mailTo(database.db, customer.email)).toEqual([]);

    const retry = await app.get(`/bookings/${booking.id}/pay`, { cookie });
    expect(new URL(retry.headers.get("location")!).pathname).not.toBe(checkoutPath);
  });

  test("an unknown choice is refused and delivers nothing", async () => {
    const { checkoutPath } = await atCheckout();
    const response = await app.post(checkoutPath, { outcome: "steal" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Choose Pay or Decline.");
    expect(await database.db.select().from(webhookEvents)).toEqual([]);
  });

  test("after the hold runs out the checkout takes no payment", async () => {
    const { checkoutPath } = await atCheckout();
    // Checkout keeps the time a little past Stripe's 30-minute minimum (the hold with it).
    clock.advance(32 * 60_000);
    expect(await (await app.get(checkoutPath)).text()).toContain("This checkout has expired. No payment was taken.");
    const response = await app.post(checkoutPath, { outcome: "pay" });
    expect(response.status).toBe(410);
    expect(await database.db.select().from(webhookEvents)).toEqual([]);
  });

  test("an unknown checkout is not found", async () => {
    expect((await app.get("/pay/test/cs_test_nope")).status).toBe(404);
    expect((await app.post("/pay/test/cs_test_nope", { outcome: "pay" })).status).toBe(404);
  });
});

describe("starting checkout", () => {
  test("another customer can't start checkout for someone's booking", async () => {
    const { booking } = await givenPendingBooking(database.db, clock);
    const stranger = await createUser(database.db);
    const cookie = await cookieFor(stranger.id);
    expect((await app.post(`/bookings/${booking.id}/pay`, {}, { cookie })).status).toBe(404);
    expect((await app.get(`/bookings/${booking.id}/pay`, { cookie })).status).toBe(404);
    expect(await database.db.select().from(payments)).toEqual([]);
  });

  test("anonymous visitors are sent to log in", async () => {
    const { booking } = await givenPendingBooking(database.db, clock);
    const response = await app.get(`/bookings/${booking.id}/pay`);
    expect(response.headers.get("location")).toMatch(/^\/login/);
  });

  test("a released hold explains itself", async () => {
    const { booking, customer } = await givenPendingBooking(database.db, clock);
    await database.db.update(bookings).set({ status: "expired" }).where(eq(bookings.id, booking.id));
    const response = await app.get(`/bookings/${booking.id}/pay`, { cookie: await cookieFor(customer.id) });
    expect(response.status).toBe(410);
    expect(await response.text()).toContain("The time held for this booking has been released.");
  });
});

describe("POST /webhooks/test-payments", () => {
  test("without a valid signature: 400, nothing stored or enqueued", async () => {
    const body = JSON.stringify({ id: "evt_forged", type: "checkout.completed", created: 1, data: { checkoutId: "cs_x" } });
    for (const headers of [
      {} as Record<string, string>,
      { [testSignatureHeader]: `t=${Math.floor(clock.now().getTime() / 1000)},v1=${"f".repeat(64)}` },
    ]) {
      const response = await app.request("/webhooks/test-payments", { method: "POST", body, headers });
      expect(response.status).toBe(400);
    }
    expect(await database.db.select().from(webhookEvents)).toEqual([]);
    expect(app.enqueued).toEqual([]);
  });

  test("a signed event is accepted from another site (no CSRF check) and stored once", async () => {
    const provider = testProvider(clock);
    const event = { eventId: "evt_1", type: "checkout.declined" as const, checkoutId: "cs_1", occurredAt: clock.now() };
    for (let delivery = 0; delivery < 2; delivery++) {
      const signed = await provider.signedWebhookRequest(event, "http://localhost");
      const headers = new Headers(signed.headers);
      headers.set("sec-fetch-site", "cross-site");
      headers.set("origin", "https://payments.example");
      const response = await app.request("/webhooks/test-payments", { method: "POST", headers, body: await signed.text() });
      expect(response.status).toBe(200);
    }
    const stored = await database.db.select().from(webhookEvents);
    expect(stored).toMatchObject([{ provider: "test", eventId: "evt_1" }]);
    expect(app.enqueued).toEqual([
      { type: "webhook", webhookEventId: stored[0]!.id },
      { type: "webhook", webhookEventId: stored[0]!.id },
    ]);
  });
});
