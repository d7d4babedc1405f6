import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../db/factories";
import { bookings, payments } from "../../db/schema";
import { createTestApp, signedInCookie } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { expectConsoleError } from "../../tests/console";
import { visibleText } from "../../tests/html";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { givenSpecialist } from "../domain/booking/booking.test-support";
import { givenPaidBooking, givenRefund } from "../domain/payments/ledger.test-support";
import { startOfTest } from "../domain/payments/payments.test-support";

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let app: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock(startOfTest);
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

const cookieFor = (userId: string) => signedInCookie(database.db, userId, clock.now());

/**
 * A London specialist paid through the test checkout for three sessions: $100 on 2 June (completed,
 * $25 refunded), €80 on 3 June, $100 on 7 July. It is now 1 July: only the July one is still to come.
 */
async function givenPractice() {
  const { user, specialist, types } = await givenSpecialist(database.db, {
    sessions: [
      { minutes: 60, priceMinor: 10_000, currency: "USD" },
      { minutes: 90, priceMinor: 8_000, currency: "EUR" },
    ],
  });
  const ann = await createUser(database.db, { name: 'Ann O\'Neil, "Annie"' });
  const bob = await createUser(database.db, { name: "Bob Brown" });
  const june = await givenPaidBooking(database.db, clock, {
    sessionType: types[0]!,
    startsAt: new Date("2026-06-02T09:00:00Z"),
    customer: ann,
  });
  await givenRefund(database.db, clock, { paymentId: june.payment.id, amountMinor: 2_500, reason: "goodwill" });
  await givenPaidBooking(database.db, clock, { sessionType: types[1]!, startsAt: new Date("2026-06-03T09:00:00Z"), customer: bob });
  await givenPaidBooking(database.db, clock, { sessionType: types[0]!, startsAt: new Date("2026-07-07T09:00:00Z"), customer: bob });
  // The completion cron's doing, after the session.
  await database.db.update(bookings).set({ status: "completed" }).where(eq(bookings.id, june.bookingId));
  clock.set(new Date("2026-07-01T12:00:00Z"));
  return { user, specialist, cookie: await cookieFor(user.id) };
}

describe("/specialist/earnings", () => {
  test("per currency: gross, platform fee, refunds, net, pending and paid out (none in test-payment mode, and why)", async () => {
    const { cookie } = await givenPractice();
    const response = await app.get("/specialist/earnings", { cookie });
    expect(response.status).toBe(200);
    const text = visibleText(await response.text());
    expect(text).toContain("USD Gross $200 Platform fee $35 Refunds $25 Net $140 Pending $80 Paid out $0");
    expect(text).toContain("EUR Gross €80 Platform fee €16 Refunds €0 Net €64 Pending €0 Paid out €0");
    expect(text).toContain("Payouts appear here once Stripe is connected");
  });

  test("twelve months as a server-rendered SVG chart with a title, and the same figures in a table beside it", async () => {
    const { cookie } = await givenPractice();
    const html = await (await app.get("/specialist/earnings", { cookie })).text();
    const charts = html.match(/<svg[^>]*role="img"[^>]*>[\s\S]*?<\/svg>/g) ?? [];
    expect(charts).toHaveLength(2);
    expect(charts[1]).toMatch(/<title[^>]*>Net per month, USD, August 2025 to July 2026<\/title>/);
    expect(charts[1]!.match(/<rect/g)).toHaveLength(12);
    const text = visibleText(html);
    expect(text).toContain("Months by session date, in your zone (London)");
    // The table of the same figures: June's USD net is $100 − $15 fee − $25 refunded.
    expect(text).toMatch(/Figures per month, USD .*June 2026 \$100 \$15 \$25 \$60 July 2026 \$100 \$20 \$0 \$80/);
  });

  test("the ledger lists each paid booking and filters by month and status with a GET form", async () => {
    const { cookie } = await givenPractice();
    const all = visibleText(await (await app.get("/specialist/earnings", { cookie })).text());
    expect(all).toContain(`Ann O'Neil, "Annie" 60 minutes Completed $100 $15 $25 $60`);
    expect(all).toContain("Bob Brown 90 minutes Confirmed €80 €16 €0 €64");
    expect(all).toContain("3 paid bookings");

    const june = await (await app.get("/specialist/earnings?month=2026-06&status=", { cookie })).text();
    expect(june).toContain('<form method="get"');
    expect(visibleText(june)).toContain("2 paid bookings");
    expect(visibleText(june)).not.toContain("7 Jul");
    const completed = visibleText(await (await app.get("/specialist/earnings?month=&status=completed", { cookie })).text());
    expect(completed).toContain("1 paid booking");
    expect(completed).toContain("Ann O'Neil");
    expect(completed).not.toContain("Bob Brown");
  });

  test("the ledger is paginated, 25 to a page", async () => {
    const { specialist, cookie } = await givenPractice();
    const customer = await createUser(database.db, { name: "Many Times" });
    const [type] = await database.db.select({ id: bookings.sessionTypeId }).from(bookings).limit(1);
    for (let index = 0; index < 25; index++) {
      const startsAt = new Date(Date.UTC(2026, 4, 1, index));
      const [booking] = await database.db
        .insert(bookings)
        .values({
          specialistId: specialist.id,
          customerId: customer.id,
          sessionTypeId: type!.id,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 1_800_000),
          status: "completed",
          priceMinor: 1_000,
          feeMinor: 200,
          currency: "USD",
          customerTimezone: "UTC",
        })
        .returning();
      await database.db.insert(payments).values({
        bookingId: booking!.id,
        provider: "test",
        checkoutId: `cs_many_${index}`,
        paymentId: `pi_many_${index}`,
        amountMinor: 1_000,
        feeMinor: 200,
        currency: "USD",
        status: "paid",
        kept: true,
        receiptNumber: 100 + index,
      });
    }
    const first = await (await app.get("/specialist/earnings", { cookie })).text();
    expect(visibleText(first)).toContain("28 paid bookings · Page 1 of 2");
    expect(first.match(/>Many Times</g)).toHaveLength(22);
    expect(first).toContain('href="/specialist/earnings?page=2"');
    const second = await (await app.get("/specialist/earnings?page=2", { cookie })).text();
    expect(visibleText(second)).toContain("Page 2 of 2");
    expect(second.match(/>Many Times</g)).toHaveLength(3);
    expect(second).toContain('href="/specialist/earnings"');
  });

  test("the CSV export: a header row, the filtered rows, quoted where needed, money as decimals beside the currency", async () => {
    const { cookie } = await givenPractice();
    const page = await (await app.get("/specialist/earnings?month=2026-06", { cookie })).text();
    expect(page).toContain('href="/specialist/earnings.csv?month=2026-06"');
    const response = await app.get("/specialist/earnings.csv?month=2026-06", { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="earnings-2026-06.csv"');
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const lines = (await response.text()).split("\r\n");
    expect(lines).toEqual([
      "receipt,session_date,session_time,time_zone,customer,session,status,currency,gross,platform_fee,refunds,net",
      "R-000002,2026-06-03,10:00,Europe/London,Bob Brown,90 minutes,confirmed,EUR,80.00,16.00,0.00,64.00",
      `R-000001,2026-06-02,10:00,Europe/London,"Ann O'Neil, ""Annie""",60 minutes,completed,USD,100.00,15.00,25.00,60.00`,
      "",
    ]);
    const completed = (await (await app.get("/specialist/earnings.csv?status=completed", { cookie })).text()).split("\r\n");
    expect(completed).toHaveLength(3);
    expect(completed[1]).toContain("R-000001");
  });

  test("bad filters are a 400 that says what is allowed, on the page and the CSV alike", async () => {
    const { cookie } = await givenPractice();
    const cases = [
      ["month=2026-13", "Choose a month as YYYY-MM"],
      ["month=June", "Choose a month as YYYY-MM"],
      ["status=paid", "Choose a status: confirmed, completed or cancelled."],
      ["page=0", "The page must be a whole number from 1."],
      ["page=abc", "The page must be a whole number from 1."],
      ["page=1.5", "The page must be a whole number from 1."],
    ];
    for (const [query, message] of cases) {
      for (const path of ["/specialist/earnings", "/specialist/earnings.csv"]) {
        const response = await app.get(`${path}?${query}`, { cookie });
        expect(response.status, `${path}?${query}`).toBe(400);
        expect(visibleText(await response.text())).toContain(message);
      }
    }
  });

  test("specialists only; the practice's pages link to it", async () => {
    const { cookie } = await givenPractice();
    const customer = await createUser(database.db);
    const admin = await createUser(database.db, { role: "admin" });
    for (const path of ["/specialist/earnings", "/specialist/earnings.csv"]) {
      expect((await app.get(path)).headers.get("location")).toMatch(/^\/login/);
      expect((await app.get(path, { cookie: await cookieFor(customer.id) })).status).toBe(403);
      expect((await app.get(path, { cookie: await cookieFor(admin.id) })).status).toBe(403);
    }
    expect(await (await app.get("/specialist", { cookie })).text()).toContain('href="/specialist/earnings"');
  });
});

describe("/admin/revenue", () => {
  test("platform fees kept by month and currency, with gross and refunds beside them, for admins only", async () => {
    const { cookie } = await givenPractice();
    const admin = await createUser(database.db, { role: "admin" });
    const response = await app.get("/admin/revenue", { cookie: await cookieFor(admin.id) });
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = visibleText(html);
    expect(text).toContain("Months by session date, UTC");
    expect(text).toMatch(/USD .*June 2026 \$15 \$100 \$25 July 2026 \$20 \$100 \$0/);
    expect(text).toMatch(/EUR .*June 2026 €16 €80 €0/);
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(await (await app.get("/", { cookie: await cookieFor(admin.id) })).text()).toContain('href="/admin"');

    expect((await app.get("/admin/revenue", { cookie })).status).toBe(403);
    expect((await app.get("/admin/revenue", { cookie: await cookieFor((await createUser(database.db)).id) })).status).toBe(403);
    expect((await app.get("/admin/revenue")).headers.get("location")).toMatch(/^\/login/);
  });

  test("lists refunds that failed and flagged payments, for admins to act on", async () => {
    expectConsoleError(/failed at the provider: card_declined/);
    const { types } = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 10_000, currency: "USD" }] });
    const refusedOne = await givenPaidBooking(database.db, clock, { sessionType: types[0]!, startsAt: new Date("2026-06-02T09:00:00Z") });
    await givenRefund(database.db, clock, { paymentId: refusedOne.payment.id, amountMinor: 4_000, reason: "goodwill", refused: true });
    const disputed = await givenPaidBooking(database.db, clock, { sessionType: types[0]!, startsAt: new Date("2026-06-03T09:00:00Z") });
    await database.db
      .update(payments)
      .set({ flag: "the customer disputed the payment of $100 with their bank (reason: fraudulent)" })
      .where(eq(payments.id, disputed.payment.id));
    const admin = await createUser(database.db, { role: "admin" });

    const text = visibleText(await (await app.get("/admin/revenue", { cookie: await cookieFor(admin.id) })).text());
    expect(text).toContain("Needs attention");
    expect(text).toMatch(new RegExp(`refund failed \\$40 ${refusedOne.bookingId} refused, retried: `));
    expect(text).toContain(
      `payment flagged $100 ${disputed.bookingId} the customer disputed the payment of $100 with their bank (reason: fraudulent)`,
    );
  });
});
