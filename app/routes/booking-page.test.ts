// What a customer reads on the confirm step and the booking page around paying, cancelling and
// refunds (issue #16, items 3–5).
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../db/factories";
import { bookingRules, refunds, type User } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { visibleText } from "../../tests/html";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { rebuildSlotsForSpecialist } from "../domain/availability/slots.server";
import { createSession } from "../domain/auth/sessions.server";
import { givenSpecialist } from "../domain/booking/booking.test-support";
import { drain, jobContext } from "../domain/payments/payments.test-support";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let customer: User;
let cookie: string;
// Monday 1 June 2026, 12:00 UTC. The specialist works 09:00–17:00 Berlin with 4 hours' notice, a
// 24-hour cancellation deadline and no refund after it (the defaults).
const clock = createTestClock();
const soon = "2026-06-02T07:00:00.000Z"; // tomorrow 09:00 Berlin: within the deadline
const later = "2026-06-05T07:00:00.000Z"; // Friday: well before it
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z"));
  app = await createTestApp({ db: database.db, clock });
  customer = await createUser(database.db, { name: "Cara Customer", timezone: "America/New_York" });
  const { token } = await createSession(database.db, customer.id, clock.now());
  cookie = `session=${token}; tz=America/New_York`;
});
afterEach(() => database.cleanup());

async function listed(rules: { lateCancellationRefundPercent?: number } = {}) {
  const given = await givenSpecialist(database.db, {
    timezone: "Europe/Berlin",
    sessions: [{ minutes: 60, priceMinor: 10_000, currency: "EUR" }],
  });
  await database.db
    .update(bookingRules)
    .set({ lateCancellationRefundPercent: rules.lateCancellationRefundPercent ?? 0 })
    .where(eq(bookingRules.specialistId, given.specialist.id));
  await rebuildSlotsForSpecialist({ db: database.db, clock }, given.specialist.id);
  return { ...given, bookPath: `/s/${given.specialist.slug}/book/${given.types[0]!.id}` };
}

/** What a person reads: without the scripts that carry the page's data. */
const text = async (response: Response) => visibleText((await response.text()).replace(/<script[\s\S]*?<\/script>/g, ""));

/** Books `start` through the pages, pays at the test checkout; the payment's job is left queued. */
async function bookAndPay(bookPath: string, start: string) {
  const booked = await app.post(
    `${bookPath}?start=${encodeURIComponent(start)}`,
    { startsAt: start, customerTimezone: "America/New_York" },
    { cookie },
  );
  expect(booked.status).toBe(302);
  const bookingPath = booked.headers.get("location")!.replace(/\/pay$/, "");
  const checkout = new URL((await app.post(`${bookingPath}/pay`, {}, { cookie })).headers.get("location")!).pathname;
  const paid = await app.post(checkout, { outcome: "pay" });
  expect(paid.headers.get("location")).toBe(`${bookingPath}?paid=1`);
  return { bookingPath, bookingId: bookingPath.split("/").pop()! };
}

const runJobs = () => drain(app.enqueued, jobContext(database.db, clock, app.enqueued));

describe("the refund promise (item 3)", () => {
  test("a time inside the cancellation deadline is sold with the refund that applies then, as the booking later says", async () => {
    const { bookPath } = await listed();
    const confirm = await text(await app.get(`${bookPath}?start=${encodeURIComponent(soon)}`, { cookie }));
    expect(confirm).toContain("Confirm your booking");
    expect(confirm).not.toMatch(/get the full .* back/);
    expect(confirm).toContain("This time starts within the 24-hour cancellation deadline, so if you cancel there's no refund.");

    const { bookingPath } = await bookAndPay(bookPath, soon);
    await runJobs();
    expect(await text(await app.get(bookingPath, { cookie }))).toContain("It's past the cancellation deadline, so there's no refund.");
  });

  test("a late partial refund is stated as an amount; a time before the deadline keeps the full promise", async () => {
    const { bookPath } = await listed({ lateCancellationRefundPercent: 50 });
    const inside = await text(await app.get(`${bookPath}?start=${encodeURIComponent(soon)}`, { cookie }));
    expect(inside).toContain("This time starts within the 24-hour cancellation deadline, so if you cancel you get 50% back (€50).");
    const before = await text(await app.get(`${bookPath}?start=${encodeURIComponent(later)}`, { cookie }));
    expect(before).toMatch(/Cancel up to 24 hours before the start and you get the full €100 back\./);
  });
});

describe("after paying (item 4)", () => {
  test("the page says only that the payment is being confirmed, refreshes itself without JavaScript, then says confirmed", async () => {
    const { bookPath } = await listed();
    const { bookingPath } = await bookAndPay(bookPath, later);

    const confirmingHtml = await (await app.get(`${bookingPath}?paid=1`, { cookie })).text();
    const confirming = visibleText(confirmingHtml);
    expect(confirming).toContain("Confirming your payment");
    for (const contradiction of ["Awaiting payment", "Pay now", "Nothing has been paid", "Payment received"]) {
      expect(confirming).not.toContain(contradiction);
    }
    expect(confirmingHtml).toMatch(/<noscript><meta http-equiv="refresh" content="\d+"\/?><\/noscript>/);

    await runJobs();
    const settledHtml = await (await app.get(`${bookingPath}?paid=1`, { cookie })).text();
    const settled = visibleText(settledHtml);
    expect(settled).toContain("Payment received — your booking is confirmed.");
    expect(settled).toContain("Confirmed");
    expect(settled).not.toContain("Confirming your payment");
    expect(settledHtml).not.toContain('http-equiv="refresh"');
  });
});

describe("refunds and history (item 5)", () => {
  test("a cancelled paid booking shows the refund's amount and state, and history in the viewer's zone and plain words", async () => {
    const { bookPath } = await listed();
    const { bookingPath, bookingId } = await bookAndPay(bookPath, later);
    await runJobs();
    clock.advance(60_000);
    const moved = await app.post(`${bookingPath}/reschedule`, { startsAt: "2026-06-05T08:00:00.000Z" }, { cookie });
    expect(moved.status).toBe(302);
    clock.advance(60_000);
    const cancelled = await app.post(bookingPath, { intent: "cancel", reason: "Something came up" }, { cookie });
    expect(cancelled.status).toBe(302);

    const page = await text(await app.get(bookingPath, { cookie }));
    expect(page).toContain("Refund: €100 refunded");
    // History: New York times (09:00 Berlin = 03:00 New York), no raw instants or quoted codes.
    expect(page).toContain("Confirmed: payment received");
    expect(page).toContain("Moved by you from Fri 5 Jun, 03:00");
    expect(page).toContain("Cancelled by you: “Something came up”");
    expect(page).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(page).not.toContain("“paid”");

    await database.db.update(refunds).set({ status: "pending" }).where(eq(refunds.bookingId, bookingId));
    expect(await text(await app.get(bookingPath, { cookie }))).toContain("Refund: €100 on its way");
    await database.db.update(refunds).set({ status: "failed" }).where(eq(refunds.bookingId, bookingId));
    expect(await text(await app.get(bookingPath, { cookie }))).toContain("Refund: €100 not through yet — we keep retrying");
  });
});
