import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { createUser } from "../../db/factories";
import { createTestApp, signedInCookie } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { recordingQueue } from "../../tests/queue";
import { visibleText } from "../../tests/html";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { givenSpecialist } from "../domain/booking/booking.test-support";
import { createBooking } from "../domain/booking/create-booking.server";
import { givenPaidBooking, givenRefund } from "../domain/payments/ledger.test-support";
import { startOfTest } from "../domain/payments/payments.test-support";
import { formatRange } from "../lib/time-format";

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let app: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock(startOfTest);
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => {
  vi.restoreAllMocks();
  database.cleanup();
});

const cookieFor = (userId: string, zone?: string) => signedInCookie(database.db, userId, clock.now(), zone);

const startsAt = new Date("2026-06-02T09:00:00Z");

/** A $100 session paid through the test checkout, $25 of it refunded, and a $10 refund the provider refused. */
async function paidAndPartlyRefunded() {
  const { user: specialistUser, types } = await givenSpecialist(database.db, {
    sessions: [{ minutes: 60, priceMinor: 10_000, currency: "USD" }],
  });
  const customer = await createUser(database.db, { name: "Cara Customer", timezone: "America/New_York" });
  const { bookingId, payment } = await givenPaidBooking(database.db, clock, { sessionType: types[0]!, startsAt, customer });
  await givenRefund(database.db, clock, { paymentId: payment.id, amountMinor: 2_500, reason: "goodwill" });
  vi.spyOn(console, "error").mockImplementation(() => {});
  await givenRefund(database.db, clock, { paymentId: payment.id, amountMinor: 1_000, reason: "refused", refused: true });
  return { bookingId, customer, specialistUser };
}

describe("receipts", () => {
  test("the customer's receipt: its number, date paid, the session in their zone, amount, each refund and the total after refunds; no fee", async () => {
    const { bookingId, customer } = await paidAndPartlyRefunded();
    const response = await app.get(`/bookings/${bookingId}/receipt`, { cookie: await cookieFor(customer.id, "America/New_York") });
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = visibleText(html);
    expect(text).toContain("Receipt R-000001");
    expect(text).toContain("Paid on 1 June 2026");
    expect(text).toContain("60 minutes");
    expect(text).toContain(formatRange(startsAt, new Date(startsAt.getTime() + 3_600_000), "America/New_York"));
    expect(text).toMatch(/Amount paid \$100/);
    expect(text).toContain("Refund of 1 June 2026 · Refunded −$25");
    expect(text).toContain("Refund of 1 June 2026 · Failed, being retried (not counted) $10");
    expect(text).toMatch(/Total after refunds \$75/);
    expect(text).not.toContain("Platform fee");
    // Printable: a stylesheet for print, and the page reads without JavaScript.
    expect(html).toMatch(/<link[^>]*rel="stylesheet"[^>]*media="print"|<link[^>]*media="print"[^>]*rel="stylesheet"/);
  });

  test("the specialist's and an admin's receipt also show the platform fee kept and the specialist's net", async () => {
    const { bookingId, specialistUser } = await paidAndPartlyRefunded();
    const admin = await createUser(database.db, { role: "admin" });
    for (const userId of [specialistUser.id, admin.id]) {
      const response = await app.get(`/bookings/${bookingId}/receipt`, { cookie: await cookieFor(userId) });
      expect(response.status).toBe(200);
      const text = visibleText(await response.text());
      expect(text).toContain("Receipt R-000001");
      // $20 fee, $5 of it given back with the $25 refund: $15 kept; net $100 − $15 − $25.
      expect(text).toMatch(/Platform fee kept \$15/);
      expect(text).toMatch(/Net to the specialist \$60/);
      // Admins aren't parties: no link to a booking page they can't open.
      expect(text.includes("Back to the booking")).toBe(userId === specialistUser.id);
    }
  });

  test("anyone else gets the booking's 404; anonymous visitors are sent to log in", async () => {
    const { bookingId } = await paidAndPartlyRefunded();
    const stranger = await createUser(database.db);
    const otherSpecialist = await givenSpecialist(database.db);
    for (const userId of [stranger.id, otherSpecialist.user.id]) {
      const response = await app.get(`/bookings/${bookingId}/receipt`, { cookie: await cookieFor(userId) });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain("R-000001");
    }
    const anonymous = await app.get(`/bookings/${bookingId}/receipt`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });

  test("a booking with no payment kept has no receipt, and says so", async () => {
    const { types } = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 0 }] });
    const customer = await createUser(database.db);
    const created = await createBooking(
      { db: database.db, clock, queue: recordingQueue().queue },
      { customerId: customer.id, sessionTypeId: types[0]!.id, startsAt, topic: "", customerTimezone: "UTC" },
    );
    if (!created.ok) throw new Error(created.message);
    const response = await app.get(`/bookings/${created.booking.id}/receipt`, { cookie: await cookieFor(customer.id) });
    expect(response.status).toBe(404);
    expect(visibleText(await response.text())).toContain("No payment was taken for this booking, so it has no receipt.");
    // Its booking page offers no receipt either.
    const detail = await app.get(`/bookings/${created.booking.id}`, { cookie: await cookieFor(customer.id) });
    expect(await detail.text()).not.toContain("/receipt");
  });

  test("the booking page links to the receipt of a paid booking", async () => {
    const { bookingId, customer } = await paidAndPartlyRefunded();
    const response = await app.get(`/bookings/${bookingId}`, { cookie: await cookieFor(customer.id) });
    expect(await response.text()).toContain(`href="/bookings/${bookingId}/receipt"`);
  });
});
