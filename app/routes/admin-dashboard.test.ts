import { afterEach, beforeEach, expect, test } from "vitest";
import { createUser } from "../../db/factories";
import { createTestApp, signedInCookie } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { visibleText } from "../../tests/html";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { givenSpecialist } from "../domain/booking/booking.test-support";
import { givenPaidBooking } from "../domain/payments/ledger.test-support";

const day = 86_400_000;
let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

test("the admin dashboard shows this period's figures against the last with a chart each, and the counts by status", async () => {
  const { db } = database;
  const now = new Date("2026-06-30T15:00:00Z");
  const clock = createTestClock(new Date(now.getTime() - 2 * day));
  const { types } = await givenSpecialist(db, {
    rules: { minNoticeMinutes: 0, horizonDays: 365 },
    sessions: [{ minutes: 60, priceMinor: 12_500, currency: "USD" }],
  });
  await givenPaidBooking(db, clock, { sessionType: types[0]!, startsAt: new Date(now.getTime() - day) });
  clock.set(now);
  const admin = await createUser(db, { role: "admin" });
  const app = await createTestApp({ db, clock });

  const response = await app.get("/admin", { cookie: await signedInCookie(db, admin.id, now) });
  expect(response.status).toBe(200);
  const html = await response.text();
  const text = visibleText(html);
  expect(text).toContain("The last 30 days (1 June 2026 – 30 June 2026, UTC) against the 30 before (2 May 2026 – 31 May 2026)");
  expect(text).toMatch(/Bookings made 1 new against 0/);
  expect(text).toMatch(/Gross, USD \$125 new against \$0 /);
  expect(text).toMatch(/Platform fees kept, USD \$25 new against \$0 /);
  expect(text).toMatch(/Confirmed 1/);
  expect(text).toMatch(/Admins 1/);
  expect(html.match(/<svg[^>]*role="img"/g)?.length).toBe(4);

  const customer = await createUser(db);
  expect((await app.get("/admin", { cookie: await signedInCookie(db, customer.id, now) })).status).toBe(403);
});
