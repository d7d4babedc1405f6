import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist, createUser } from "../../../db/factories";
import type { Database } from "../../../db/database";
import {
  availabilityOverrides,
  availabilityWindows,
  blockedTimes,
  bookings,
  sessionTypes,
  specialists,
  type User,
} from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import { concurrencyTestLimitMs } from "../../../tests/limits";
import { connectOverHttp, createTestDatabase, openConnections, type TestDatabase } from "../../../tests/test-database";
import { conflicts, givenSpecialist, minute } from "./booking.test-support";
import {
  createBooking,
  defaultMeetingUrl,
  platformFee,
  platformFeeBasisPoints,
  type CreateBookingInput,
  type CreateBookingResult,
} from "./create-booking.server";

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let customer: User;
// Monday 1 June 2026, 12:00 UTC (13:00 in London).
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock(new Date("2026-06-01T12:00:00Z"));
  customer = await createUser(database.db, { timezone: "America/New_York" });
});
afterEach(() => database.cleanup());

const context = (db: Database = database.db) => ({ db, clock, queue: recordingQueue().queue });

function request(sessionTypeId: string, startsAt: string, overrides: Partial<CreateBookingInput> = {}): CreateBookingInput {
  return {
    customerId: customer.id,
    sessionTypeId,
    startsAt: new Date(startsAt),
    topic: "Career change",
    customerTimezone: "America/New_York",
    ...overrides,
  };
}

const allBookings = () => database.db.select().from(bookings);

describe("platformFee", () => {
  test("is 20 % in basis points, rounded half up, in integers", () => {
    expect(platformFeeBasisPoints).toBe(2000);
    expect(platformFee(0)).toBe(0);
    expect(platformFee(1)).toBe(0); // 0.2
    expect(platformFee(2)).toBe(0); // 0.4
    expect(platformFee(3)).toBe(1); // 0.6
    expect(platformFee(5)).toBe(1); // 1.0
    expect(platformFee(7)).toBe(1); // 1.4
    expect(platformFee(8)).toBe(2); // 1.6
    expect(platformFee(10_000)).toBe(2_000);
    expect(platformFee(12_345)).toBe(2_469); // 2469.0
    expect(platformFee(12_347)).toBe(2_469); // 2469.4
    expect(platformFee(12_348)).toBe(2_470); // 2469.6
    expect(platformFee(Number.MAX_SAFE_INTEGER)).toBe(1_801_439_850_948_198); // .2 rounds down, exactly
  });

  test("exact halves round up", () => {
    // 20 % of x ends in .5 never for integers (x/5 has remainders .2/.4/.6/.8), so check the rule on its parts.
    for (let price = 0; price < 1000; price++) {
      const exact = (price * 2000) / 10_000;
      expect(platformFee(price)).toBe(Math.floor(exact + 0.5));
      expect(Number.isInteger(platformFee(price))).toBe(true);
    }
  });

  test("takes another rate in basis points, and refuses one outside 0–10000", () => {
    expect(platformFee(10_000, 1250)).toBe(1_250);
    expect(platformFee(999, 0)).toBe(0);
    expect(platformFee(999, 10_000)).toBe(999);
    expect(platformFee(3, 1500)).toBe(0); // 0.45
    expect(platformFee(4, 1250)).toBe(1); // 0.5 rounds up
    expect(() => platformFee(100, 10_001)).toThrow(RangeError);
    expect(() => platformFee(100, 12.5)).toThrow(RangeError);
  });

  test("refuses non-integers and negatives", () => {
    expect(() => platformFee(10.5)).toThrow(RangeError);
    expect(() => platformFee(-1)).toThrow(RangeError);
    expect(() => platformFee(Number.NaN)).toThrow(RangeError);
  });
});

describe("defaultMeetingUrl", () => {
  test("is a Jitsi room with 20 random base32 characters", () => {
    const urls = new Set(Array.from({ length: 100 }, () => defaultMeetingUrl()));
    expect(urls.size).toBe(100);
    for (const url of urls) expect(url).toMatch(/^https:\/\/meet\.jit\.si\/specialistly-[a-z2-7]{20}$/);
  });
});

describe("createBooking", () => {
  test("a free session is confirmed at once, with a video link and no hold", async () => {
    const { specialist, types } = await givenSpecialist(database.db, { sessions: [{ minutes: 30, priceMinor: 0 }] });
    const result = await createBooking(context(), request(types[0]!.id, "2026-06-03T08:00:00Z", { topic: "  Intro chat  " }));

    expect(result).toMatchObject({ ok: true, booking: { status: "confirmed", holdExpiresAt: null, priceMinor: 0, feeMinor: 0 } });
    const [row] = await allBookings();
    expect(row).toMatchObject({
      specialistId: specialist.id,
      customerId: customer.id,
      sessionTypeId: types[0]!.id,
      startsAt: new Date("2026-06-03T08:00:00Z"),
      endsAt: new Date("2026-06-03T08:30:00Z"),
      status: "confirmed",
      holdExpiresAt: null,
      currency: "USD",
      customerTimezone: "America/New_York",
      topic: "Intro chat",
      createdAt: clock.now(),
    });
    expect(row!.meetingUrl).toMatch(/^https:\/\/meet\.jit\.si\/specialistly-[a-z2-7]{20}$/);
    expect(result.ok && result.booking).toEqual(row);
  });

  test("a paid session waits for payment and holds the time for 30 minutes; price and fee come from the database", async () => {
    const { types } = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 12_348, currency: "EUR" }] });
    const result = await createBooking(context(), request(types[0]!.id, "2026-06-03T08:00:00Z"));

    expect(result.ok).toBe(true);
    const [row] = await allBookings();
    expect(row).toMatchObject({
      status: "pending_payment",
      holdExpiresAt: new Date("2026-06-01T12:30:00Z"),
      priceMinor: 12_348,
      feeMinor: 2_470,
      currency: "EUR",
      meetingUrl: null,
      endsAt: new Date("2026-06-03T09:00:00Z"),
    });
  });

  test("the platform fee follows PLATFORM_FEE_BPS", async () => {
    const { types } = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 12_345, currency: "EUR" }] });
    const result = await createBooking({ ...context(), env: { PLATFORM_FEE_BPS: 1250 } }, request(types[0]!.id, "2026-06-03T08:00:00Z"));
    expect(result).toMatchObject({ ok: true, booking: { priceMinor: 12_345, feeMinor: 1_543 } }); // 1543.125
  });

  test("a specialist without booking rules gets the defaults (4 h notice, 30-minute grid)", async () => {
    const { specialist } = await createSpecialist(database.db);
    await database.db
      .insert(availabilityWindows)
      .values({ specialistId: specialist.id, weekday: 3, startMinute: 9 * 60, endMinute: 17 * 60 });
    const type = await createSessionType(database.db, specialist.id, { minutes: 60 });
    expect(await createBooking(context(), request(type.id, "2026-06-03T08:15:00Z"))).toMatchObject({
      reason: "outside-availability",
    });
    expect(await createBooking(context(), request(type.id, "2026-06-01T15:30:00Z"))).toMatchObject({ reason: "too-soon" });
    expect(await createBooking(context(), request(type.id, "2026-06-03T08:30:00Z"))).toMatchObject({ ok: true });
  });

  describe("bad input writes nothing", () => {
    async function expectRefused(result: Promise<CreateBookingResult>, reason: string) {
      const outcome = await result;
      expect(outcome).toMatchObject({ ok: false, reason });
      expect(outcome.ok || outcome.message.length > 0).toBe(true);
      expect(await allBookings()).toEqual([]);
    }

    test("an unknown session type", async () => {
      await expectRefused(createBooking(context(), request("no-such-type", "2026-06-03T08:00:00Z")), "not-found");
    });

    test("an inactive session type", async () => {
      const { types } = await givenSpecialist(database.db);
      await database.db.update(sessionTypes).set({ active: false }).where(eq(sessionTypes.id, types[0]!.id));
      await expectRefused(createBooking(context(), request(types[0]!.id, "2026-06-03T08:00:00Z")), "inactive");
    });

    test.each([
      ["unpublished", { published: false }],
      ["pending approval", { approval: "pending" as const }],
      ["rejected", { approval: "rejected" as const }],
    ])("a specialist who is not listed (%s)", async (_label, change) => {
      const { specialist, types } = await givenSpecialist(database.db);
      await database.db.update(specialists).set(change).where(eq(specialists.id, specialist.id));
      await expectRefused(createBooking(context(), request(types[0]!.id, "2026-06-03T08:00:00Z")), "inactive");
    });

    test("booking yourself", async () => {
      const { user, types } = await givenSpecialist(database.db);
      await expectRefused(createBooking(context(), request(types[0]!.id, "2026-06-03T08:00:00Z", { customerId: user.id })), "own-session");
    });

    test("a time in the past", async () => {
      const { types } = await givenSpecialist(database.db);
      await expectRefused(createBooking(context(), request(types[0]!.id, "2026-05-29T08:00:00Z")), "too-soon");
    });

    test("a time inside the minimum notice", async () => {
      const { types } = await givenSpecialist(database.db, { rules: { minNoticeMinutes: 120 }, sessions: [{ minutes: 30 }] });
      // Now is 13:00 London: 14:30 is 1.5 h away; 15:00 is exactly 2 h away and open.
      await expectRefused(createBooking(context(), request(types[0]!.id, "2026-06-01T13:30:00Z")), "too-soon");
      expect(await createBooking(context(), request(types[0]!.id, "2026-06-01T14:00:00Z"))).toMatchObject({ ok: true });
    });

    test("beyond the horizon", async () => {
      const { types } = await givenSpecialist(database.db, { rules: { horizonDays: 14 } });
      await expectRefused(createBooking(context(), request(types[0]!.id, "2026-06-16T08:00:00Z")), "too-far");
      expect(await createBooking(context(), request(types[0]!.id, "2026-06-15T08:00:00Z"))).toMatchObject({ ok: true });
    });

    test("a time outside the weekly hours", async () => {
      const { types } = await givenSpecialist(database.db);
      // 07:00 London (before 09:00), and 16:30 London for a 60-minute session (ends after 17:00).
      await expectRefused(createBooking(context(), request(types[0]!.id, "2026-06-03T06:00:00Z")), "outside-availability");
      await expectRefused(createBooking(context(), request(types[0]!.id, "2026-06-03T15:30:00Z")), "outside-availability");
    });

    test("a day off, and blocked time", async () => {
      const { specialist, types } = await givenSpecialist(database.db);
      await database.db
        .insert(availabilityOverrides)
        .values({ specialistId: specialist.id, date: "2026-06-03", startMinute: null, endMinute: null });
      await database.db.insert(blockedTimes).values({
        specialistId: specialist.id,
        startsAt: new Date("2026-06-04T09:00:00Z"),
        endsAt: new Date("2026-06-04T10:00:00Z"),
      });
      await expectRefused(createBooking(context(), request(types[0]!.id, "2026-06-03T08:00:00Z")), "outside-availability");
      await expectRefused(createBooking(context(), request(types[0]!.id, "2026-06-04T08:30:00Z")), "outside-availability");
    });

    test("a date with its own hours: bookable inside them, not in that weekday's usual hours", async () => {
      const { specialist, types } = await givenSpecialist(database.db);
      // Friday 5 June opens 18:00–20:00 London instead of 09:00–17:00.
      await database.db
        .insert(availabilityOverrides)
        .values({ specialistId: specialist.id, date: "2026-06-05", startMinute: 18 * 60, endMinute: 20 * 60 });
      await expectRefused(createBooking(context(), request(types[0]!.id, "2026-06-05T08:00:00Z")), "outside-availability");
      expect(await createBooking(context(), request(types[0]!.id, "2026-06-05T17:00:00Z"))).toMatchObject({ ok: true });
    });

    test("a start off the slot grid (09:07)", async () => {
      const { types } = await givenSpecialist(database.db, { rules: { slotIntervalMinutes: 15 } });
      await expectRefused(createBooking(context(), request(types[0]!.id, "2026-06-03T08:07:00Z")), "outside-availability");
      await expectRefused(createBooking(context(), request(types[0]!.id, "2026-06-03T08:15:00.001Z")), "outside-availability");
      expect(await createBooking(context(), request(types[0]!.id, "2026-06-03T08:15:00Z"))).toMatchObject({ ok: true });
    });

    test("an invalid date, time zone or an over-long topic", async () => {
      const { types } = await givenSpecialist(database.db);
      const id = types[0]!.id;
      await expectRefused(createBooking(context(), request(id, "not a date")), "invalid-input");
      await expectRefused(
        createBooking(context(), request(id, "2026-06-03T08:00:00Z", { customerTimezone: "Mars/Olympus" })),
        "invalid-input",
      );
      await expectRefused(createBooking(context(), request(id, "2026-06-03T08:00:00Z", { topic: "x".repeat(1001) })), "invalid-input");
    });
  });

  describe("conflicts", () => {
    test("buffers keep after + before minutes between bookings; a conflicting request writes nothing", async () => {
      const { types } = await givenSpecialist(database.db, {
        rules: { bufferBeforeMinutes: 10, bufferAfterMinutes: 10, slotIntervalMinutes: 10 },
        sessions: [{ minutes: 30 }],
      });
      const id = types[0]!.id;
      expect(await createBooking(context(), request(id, "2026-06-03T09:00:00Z"))).toMatchObject({ ok: true });
      // 09:00–09:30 needs 20 minutes clear on each side: 09:40 and 08:20 leave only 10.
      for (const taken of ["2026-06-03T09:30:00Z", "2026-06-03T09:40:00Z", "2026-06-03T08:30:00Z", "2026-06-03T08:20:00Z"]) {
        expect(await createBooking(context(), request(id, taken)), taken).toMatchObject({ ok: false, reason: "conflict" });
      }
      expect(await allBookings()).toHaveLength(1);
      expect(await createBooking(context(), request(id, "2026-06-03T09:50:00Z"))).toMatchObject({ ok: true });
      expect(await createBooking(context(), request(id, "2026-06-03T08:10:00Z"))).toMatchObject({ ok: true });
      expect(await allBookings()).toHaveLength(3);
    });

    test("a cancelled or expired booking holds nothing", async () => {
      const { types } = await givenSpecialist(database.db, { sessions: [{ minutes: 60 }] });
      const first = await createBooking(context(), request(types[0]!.id, "2026-06-03T09:00:00Z"));
      expect(first.ok).toBe(true);
      await database.db.update(bookings).set({ status: "cancelled" });
      expect(await createBooking(context(), request(types[0]!.id, "2026-06-03T09:00:00Z"))).toMatchObject({ ok: true });
    });

    test("the daily cap counts the specialist's active bookings of that local date", async () => {
      const { types } = await givenSpecialist(database.db, { rules: { dailyCap: 2 }, sessions: [{ minutes: 30 }] });
      const id = types[0]!.id;
      expect(await createBooking(context(), request(id, "2026-06-03T08:00:00Z"))).toMatchObject({ ok: true });
      expect(await createBooking(context(), request(id, "2026-06-03T10:00:00Z"))).toMatchObject({ ok: true });
      expect(await createBooking(context(), request(id, "2026-06-03T12:00:00Z"))).toMatchObject({
        ok: false,
        reason: "conflict",
      });
      // The next local date is not capped.
      expect(await createBooking(context(), request(id, "2026-06-04T08:00:00Z"))).toMatchObject({ ok: true });
      expect(await allBookings()).toHaveLength(3);
    });
  });
});

describe("concurrent booking (DESIGN.md §4.1)", { timeout: concurrencyTestLimitMs }, () => {
  const buffers = { before: 10, after: 10 };

  /**
   * 50 requests from different customers: 30 at overlapping times on Wednesday (mixed 30/60/90
   * minutes, 15-minute grid), 20 all at 11:00 on Thursday (mixed lengths).
   */
  async function race(dbs: Database[]) {
    const { types } = await givenSpecialist(database.db, {
      rules: { bufferBeforeMinutes: buffers.before, bufferAfterMinutes: buffers.after, slotIntervalMinutes: 15 },
      sessions: [{ minutes: 30 }, { minutes: 60 }, { minutes: 90 }],
    });
    const customers = await Promise.all(Array.from({ length: 50 }, () => createUser(database.db)));
    const requests = customers.map((who, index) => {
      const type = types[index % types.length]!;
      const startsAt =
        index < 30
          ? new Date(Date.parse("2026-06-03T08:00:00Z") + ((index * 7) % 16) * 15 * minute) // 09:00–12:45 London
          : new Date("2026-06-04T10:00:00Z"); // 11:00 London
      return { ...request(type.id, startsAt.toISOString()), customerId: who.id, minutes: type.minutes };
    });
    const results = await Promise.all(requests.map((input, index) => createBooking(context(dbs[index % dbs.length]), input)));
    return { requests, results };
  }

  async function expectOneWinnerPerConflict({ requests, results }: Awaited<ReturnType<typeof race>>) {
    const stored = await database.db.select().from(bookings);
    const winners = results.flatMap((result) => (result.ok ? [result.booking] : []));
    expect(stored).toHaveLength(winners.length);
    expect(stored.map((row) => row.id).sort()).toEqual(winners.map((row) => row.id).sort());

    for (const [index, result] of results.entries()) {
      if (result.ok) continue;
      expect(result.reason).toBe("conflict");
      // A loser lost to a winner: its time really was taken.
      const asked = requests[index]!;
      const wanted = { startsAt: asked.startsAt, endsAt: new Date(asked.startsAt.getTime() + asked.minutes * minute) };
      expect(winners.some((winner) => conflicts(wanted, winner, buffers))).toBe(true);
    }
    // No two active bookings conflict under the buffer rule.
    for (const [i, a] of stored.entries()) {
      for (const b of stored.slice(i + 1))
        expect(conflicts(a, b, buffers), `${a.startsAt.toISOString()} vs ${b.startsAt.toISOString()}`).toBe(false);
    }
    // Everyone asking for Thursday 11:00: exactly one got it.
    const thursday = stored.filter((row) => row.startsAt.getTime() === Date.parse("2026-06-04T10:00:00Z"));
    expect(thursday).toHaveLength(1);
    expect(results.slice(30).filter((result) => result.ok)).toHaveLength(1);
    expect(winners.length).toBeGreaterThanOrEqual(3);
  }

  test("50 simultaneous requests over 5 connections to the same file: no double booking", async () => {
    const connections = openConnections(database.url, 5);
    try {
      await expectOneWinnerPerConflict(await race(connections.dbs));
    } finally {
      connections.close();
    }
  });

  test("over HTTP, as on Workers (Turso's protocol, served by tools/libsql-dev-server): no double booking", async () => {
    const remote = await connectOverHttp(database.url);
    try {
      await expectOneWinnerPerConflict(await race([remote.db]));
    } finally {
      await remote.close();
    }
  });
});
