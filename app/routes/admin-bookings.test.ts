import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../db/factories";
import { auditLog, bookingEvents, bookings, payments, refunds } from "../../db/schema";
import { createTestApp, signedInCookie } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { visibleText } from "../../tests/html";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { givenPendingBooking, startOfTest } from "../domain/payments/payments.test-support";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
const clock = createTestClock(startOfTest);
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(startOfTest);
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

/** A confirmed booking (2 June 2026, 09:00 UTC: 10:00 in London, the customer's zone) paid through the test provider. */
async function given() {
  const customer = await createUser(database.db, { name: "Carla Customer", email: "carla@example.test", timezone: "Europe/London" });
  const { booking, specialist } = await givenPendingBooking(database.db, clock, { customer });
  await database.db.update(bookings).set({ status: "confirmed", holdExpiresAt: null }).where(eq(bookings.id, booking.id));
  await database.db.insert(bookingEvents).values({
    bookingId: booking.id,
    fromStatus: "pending_payment",
    toStatus: "confirmed",
    actor: "payment-provider",
    reason: "paid",
    at: clock.now(),
  });
  await database.db.insert(payments).values({
    bookingId: booking.id,
    provider: "test",
    checkoutId: "cs_test_route",
    paymentId: "pi_test_route",
    amountMinor: 10_000,
    feeMinor: 2_000,
    currency: "USD",
    status: "paid",
    kept: true,
    paidAt: clock.now(),
    receiptNumber: 1,
  });
  const admin = await createUser(database.db, { role: "admin", timezone: "Asia/Tokyo" });
  return {
    booking,
    customer,
    specialist,
    adminCookie: await signedInCookie(database.db, admin.id, clock.now()),
    customerCookie: await signedInCookie(database.db, customer.id, clock.now()),
  };
}

const page = async (path: string, cookie: string) => {
  const response = await app.get(path, { cookie });
  return { status: response.status, text: visibleText(await response.text()) };
};

describe("/admin/bookings", () => {
  test("an admin finds a booking by part of the customer's email and opens its record", async () => {
    const { booking, customer, specialist, adminCookie } = await given();
    const found = await app.get("/admin/bookings?email=CARLA%40", { cookie: adminCookie });
    expect(found.status).toBe(200);
    const html = await found.text();
    expect(html).toContain(`href="/admin/bookings/${booking.id}"`);
    expect(visibleText(html)).toContain("Carla Customer (carla@example.test)");
    expect((await page("/admin/bookings?email=nobody", adminCookie)).text).toContain("No bookings match.");

    const detail = await app.get(`/admin/bookings/${booking.id}`, { cookie: adminCookie });
    expect(detail.status).toBe(200);
    const detailHtml = await detail.text();
    expect(detailHtml).toContain(`href="/admin/users/${customer.id}"`);
    expect(detailHtml).toContain(`href="/admin/users/${specialist.userId}"`);
    const text = visibleText(detailHtml);
    // 09:00 UTC: 18:00 in the admin's Tokyo, 10:00 in the customer's London.
    expect(text).toContain("Your time (Tokyo) Tue, 2 Jun 2026, 18:00–19:00");
    expect(text).toContain("The customer's time (London) Tue, 2 Jun 2026, 10:00–11:00");
    expect(text).toContain("$100 (USD), platform fee $20");
    expect(text).toContain("paid, kept $100 $20 test: cs_test_route · pi_test_route");
    expect(text).toMatch(/Awaiting payment Confirmed payment-provider paid/);
    expect(text).toContain("No refunds.");
  });

  test("bad search input is a 400 that says why; an unknown booking is a 404; non-admins are refused", async () => {
    const { booking, customerCookie, adminCookie } = await given();
    const bad = await page("/admin/bookings?status=lost", adminCookie);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("Choose a status from the list.");
    expect((await app.get("/admin/bookings?page=0", { cookie: adminCookie })).status).toBe(400);
    expect((await app.get("/admin/bookings/no-such-booking", { cookie: adminCookie })).status).toBe(404);
    expect((await app.get("/admin/bookings", { cookie: customerCookie })).status).toBe(403);
    expect((await app.get(`/admin/bookings/${booking.id}`, { cookie: customerCookie })).status).toBe(403);
  });
});

describe("cancelling from the booking record", () => {
  test("an admin cancels with a reason after confirming: the booking is cancelled and the customer refunded in full, once", async () => {
    const { booking, adminCookie, customerCookie } = await given();
    const form = { reason: "The specialist is unavailable." };

    const unconfirmed = await app.post(`/admin/bookings/${booking.id}`, form, { cookie: adminCookie });
    expect(unconfirmed.status).toBe(400);
    expect(visibleText(await unconfirmed.text())).toContain("Tick the box to confirm the full refund.");
    const noReason = await app.post(`/admin/bookings/${booking.id}`, { reason: " ", confirm: "yes" }, { cookie: adminCookie });
    expect(noReason.status).toBe(400);
    expect((await app.post(`/admin/bookings/${booking.id}`, { ...form, confirm: "yes" }, { cookie: customerCookie })).status).toBe(403);
    const untouched = await database.db.query.bookings.findFirst({ where: eq(bookings.id, booking.id) });
    expect(untouched!.status).toBe("confirmed");
    expect(await database.db.select().from(refunds)).toEqual([]);

    const cancelled = await app.post(`/admin/bookings/${booking.id}`, { ...form, confirm: "yes" }, { cookie: adminCookie });
    expect(cancelled.status).toBe(302);
    const record = await page(cancelled.headers.get("location")!, adminCookie);
    expect(record.text).toContain("Cancelled with a full refund; both parties have been told.");
    expect(record.text).not.toContain("Cancel the booking");
    expect((await database.db.query.bookings.findFirst({ where: eq(bookings.id, booking.id) }))!.status).toBe("cancelled");
    expect((await database.db.select().from(refunds)).map((refund) => refund.amountMinor)).toEqual([10_000]);
    expect((await database.db.select().from(auditLog)).map((entry) => entry.action)).toEqual(["booking.cancel"]);

    const again = await app.post(`/admin/bookings/${booking.id}`, { ...form, confirm: "yes" }, { cookie: adminCookie });
    expect(again.status).toBe(409);
    expect(await database.db.select().from(refunds)).toHaveLength(1);
  });
});
