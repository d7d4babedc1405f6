import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSpecialist, createUser } from "../../../db/factories";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { givenSpecialist } from "../booking/booking.test-support";
import { givenPaidBooking, givenRefund } from "../payments/ledger.test-support";
import { adminDashboard, changeAgainstPrevious, dashboardPeriods, periodDays } from "./dashboard.server";

const day = 86_400_000;
const now = new Date("2026-06-30T15:00:00Z");

describe("dashboardPeriods", () => {
  test("two runs of 30 UTC days back to back, the current one ending with today", () => {
    const { previous, current } = dashboardPeriods(now);
    expect(current).toHaveLength(periodDays);
    expect(previous).toHaveLength(periodDays);
    expect(current.at(-1)!.key).toBe("2026-06-30");
    expect(current[0]!.key).toBe("2026-06-01");
    expect(previous.at(-1)!.key).toBe("2026-05-31");
    expect(previous[0]!.key).toBe("2026-05-02");
    for (const [index, item] of [...previous, ...current].entries()) {
      expect(item.endsAt.getTime() - item.startsAt.getTime()).toBe(day);
      if (index > 0) expect(item.startsAt).toEqual([...previous, ...current][index - 1]!.endsAt);
    }
  });
});

describe("changeAgainstPrevious", () => {
  test.each([
    [12, 10, "+20%"],
    [5, 10, "−50%"],
    [3, 3, "no change"],
    [0, 0, "no change"],
    [4, 0, "new"],
    [0, 4, "−100%"],
  ])("%i against %i is %s", (current, previous, expected) => {
    expect(changeAgainstPrevious(current, previous)).toBe(expected);
  });
});

describe("adminDashboard", () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.cleanup());

  test("is for admins only", async () => {
    const clock = createTestClock(now);
    const customer = await createUser(database.db);
    expect(await adminDashboard({ db: database.db, clock }, { userId: customer.id, role: "customer" })).toBeNull();
    expect(await adminDashboard({ db: database.db, clock }, { userId: customer.id, role: "specialist" })).toBeNull();
  });

  test("counts people by role, status and approval, and sign-ups by the day they fall on", async () => {
    const { db } = database;
    const clock = createTestClock(now);
    const admin = await createUser(db, { role: "admin", createdAt: new Date(now.getTime() - 100 * day) });
    await createUser(db, { createdAt: new Date(now.getTime() - 1 * day) });
    await createUser(db, { createdAt: new Date(now.getTime() - 2 * day), status: "suspended" });
    await createUser(db, { createdAt: new Date(now.getTime() - 35 * day) });
    await createUser(db, { createdAt: new Date(now.getTime() - 61 * day) });
    await createUser(db, { status: "deleted", createdAt: new Date(now.getTime() - 200 * day) });
    await createSpecialist(db, { approval: "pending", createdAt: new Date(now.getTime() - 200 * day) });
    await createSpecialist(db, { approval: "rejected", createdAt: new Date(now.getTime() - 200 * day) });

    const dashboard = (await adminDashboard({ db, clock }, { userId: admin.id, role: "admin" }))!;
    expect(dashboard.users.byRole).toEqual({ customer: 4, specialist: 2, admin: 1 });
    expect(dashboard.users.suspended).toBe(1);
    expect(dashboard.users.signUps.current).toBe(2);
    expect(dashboard.users.signUps.previous).toBe(1);
    expect(dashboard.users.signUps.currentDays.at(-2)).toBe(1);
    expect(dashboard.users.signUps.currentDays.at(-3)).toBe(1);
    expect(dashboard.users.signUps.previousDays.reduce((a, b) => a + b)).toBe(1);
    expect(dashboard.specialists.byApproval).toEqual({ pending: 1, approved: 0, rejected: 1 });
    expect(dashboard.specialists.listed).toBe(0);
  });

  test("bookings by status and by the day they were made; gross and fees kept per currency by session date, after refunds", async () => {
    const { db } = database;
    const clock = createTestClock(new Date(now.getTime() - 40 * day));
    const admin = await createUser(db, { role: "admin" });
    const { types } = await givenSpecialist(db, {
      rules: { minNoticeMinutes: 0, horizonDays: 365 },
      sessions: [
        { minutes: 60, priceMinor: 10_000, currency: "USD" },
        { minutes: 60, priceMinor: 8_000, currency: "EUR" },
      ],
    });
    const [usd, eur] = types as [(typeof types)[0], (typeof types)[0]];
    const at = (daysFromNow: number, hour: number) => {
      const date = new Date(now.getTime() + daysFromNow * day);
      date.setUTCHours(hour, 0, 0, 0);
      return date;
    };
    // Made 40 days ago (the previous period), held 35 days ago: previous period by both measures.
    await givenPaidBooking(db, clock, { sessionType: usd, startsAt: at(-35, 10) });
    clock.set(new Date(now.getTime() - 5 * day));
    // Made 5 days ago; sessions 3 days ago (USD, then half refunded) and in 10 days (EUR: after the period).
    const refunded = await givenPaidBooking(db, clock, { sessionType: usd, startsAt: at(-3, 10) });
    await givenPaidBooking(db, clock, { sessionType: eur, startsAt: at(10, 10) });
    const refund = await givenRefund(db, clock, { paymentId: refunded.payment.id, amountMinor: 5_000, reason: "partly refunded" });
    expect(refund.ok).toBe(true);
    clock.set(now);

    const dashboard = (await adminDashboard({ db, clock }, { userId: admin.id, role: "admin" }))!;
    expect(dashboard.bookings.byStatus.confirmed).toBe(3);
    expect(dashboard.bookings.made.current).toBe(2);
    expect(dashboard.bookings.made.previous).toBe(1);
    expect(dashboard.bookings.made.currentDays.at(-6)).toBe(2);
    expect(dashboard.bookings.made.previousDays.at(-11)).toBe(1);

    expect(dashboard.money.map((row) => row.currency)).toEqual(["USD"]);
    const [dollars] = dashboard.money;
    expect(dollars!.gross.current).toBe(10_000);
    expect(dollars!.gross.previous).toBe(10_000);
    // 20% fee on each, half of the refunded one's given back with its refund.
    expect(dollars!.fees.previous).toBe(2_000);
    expect(dollars!.fees.current).toBe(1_000);
    expect(dollars!.fees.currentDays.at(-4)).toBe(1_000);
  });
});
