import fc from "fast-check";
import { asc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { connectedAccounts, externalBusyTimes, specialistListings } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { openSlots, rebuildSlotsForSpecialist } from "../availability/slots.server";
import { givenSpecialist } from "../booking/booking.test-support";
import { createBooking } from "../booking/create-booking.server";
import { normalizeBusy, recordBusySyncError, replaceBusyTimes, spliceBusy } from "./busy-times.server";
import { givenGoogleConnection } from "./busy-times.test-support";

const minute = 60_000;
const day = 24 * 60 * minute;

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
// Monday 1 June 2026, 12:00 UTC (13:00 in London).
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock(new Date("2026-06-01T12:00:00Z"));
});
afterEach(() => database.cleanup());

const context = () => ({ db: database.db, clock, queue: recordingQueue().queue });
const at = (iso: string) => new Date(iso);
const interval = (from: string, to: string) => ({ startsAt: at(from), endsAt: at(to) });

async function givenSyncedSpecialist(rules: { bufferBeforeMinutes?: number; bufferAfterMinutes?: number } = {}) {
  const given = await givenSpecialist(database.db, {
    sessions: [{ minutes: 60, priceMinor: 0 }],
    rules: { slotIntervalMinutes: 30, ...rules },
  });
  const account = await givenGoogleConnection(database.db, given.user.id);
  await rebuildSlotsForSpecialist(context(), given.specialist.id);
  return { ...given, account };
}

const horizon = () => ({ from: clock.now(), to: new Date(clock.now().getTime() + 60 * day) });

async function openStarts(specialistId: string, from = "2026-06-01T00:00:00Z", to = "2026-08-01T00:00:00Z") {
  const rows = await openSlots(database.db, { specialistId, from: at(from), to: at(to), now: clock.now() });
  return rows.map((row) => row.startsAt.toISOString());
}

async function storedBusy(connectedAccountId: string) {
  const rows = await database.db
    .select({ startsAt: externalBusyTimes.startsAt, endsAt: externalBusyTimes.endsAt })
    .from(externalBusyTimes)
    .where(eq(externalBusyTimes.connectedAccountId, connectedAccountId))
    .orderBy(asc(externalBusyTimes.startsAt));
  return rows.map((row) => [row.startsAt.toISOString(), row.endsAt.toISOString()]);
}

describe("replaceBusyTimes and the slots", () => {
  test("property: with random busy intervals, no open slot overlaps one", async () => {
    const { specialist, account } = await givenSyncedSpecialist({ bufferBeforeMinutes: 15, bufferAfterMinutes: 15 });
    const start = Date.UTC(2026, 5, 1, 12);
    const busyInterval = fc
      .tuple(fc.integer({ min: 0, max: 20 * 24 * 4 }), fc.integer({ min: 1, max: 24 * 4 }))
      // Quarter-hour grid and odd minutes both: busy times needn't line up with the slot grid.
      .chain(([quarter, quarters]) =>
        fc.integer({ min: 0, max: 14 }).map((odd) => ({
          startsAt: new Date(start + quarter * 15 * minute + odd * minute),
          endsAt: new Date(start + (quarter + quarters) * 15 * minute + odd * minute),
        })),
      );
    await fc.assert(
      fc.asyncProperty(fc.array(busyInterval, { maxLength: 25 }), async (busy) => {
        await replaceBusyTimes(context(), { connectedAccountId: account.id, specialistId: specialist.id, window: horizon(), busy });
        const open = await openSlots(database.db, {
          specialistId: specialist.id,
          from: at("2026-06-01T00:00:00Z"),
          to: at("2026-08-01T00:00:00Z"),
        });
        expect(open.length).toBeGreaterThan(0);
        for (const slot of open) {
          for (const one of busy) expect(slot.startsAt < one.endsAt && one.startsAt < slot.endsAt).toBe(false);
        }
      }),
      { numRuns: 15 },
    );
  });

  test("a sync that removes the busy time opens it again; the listing's next open time follows", async () => {
    const { specialist, account, types } = await givenSyncedSpecialist();
    // Tuesday 2 June: 09:00 London (08:00 UTC) would be the first open time.
    expect((await openStarts(specialist.id))[0]).toBe("2026-06-02T08:00:00.000Z");
    const listing = async () =>
      new Date(
        (await database.db.select().from(specialistListings).where(eq(specialistListings.specialistId, specialist.id)))[0]!.nextOpenAt,
      );
    expect(await listing()).toEqual(at("2026-06-02T08:00:00Z"));

    await replaceBusyTimes(context(), {
      connectedAccountId: account.id,
      specialistId: specialist.id,
      window: horizon(),
      busy: [interval("2026-06-02T07:30:00Z", "2026-06-02T09:15:00Z")],
    });
    const busyDay = await openStarts(specialist.id, "2026-06-02T00:00:00Z", "2026-06-03T00:00:00Z");
    // A 60-minute session may start only once the busy time is over: 09:30 UTC on the grid.
    expect(busyDay[0]).toBe("2026-06-02T09:30:00.000Z");
    expect(await listing()).toEqual(at("2026-06-02T09:30:00Z"));

    await replaceBusyTimes(context(), { connectedAccountId: account.id, specialistId: specialist.id, window: horizon(), busy: [] });
    expect((await openStarts(specialist.id, "2026-06-02T00:00:00Z", "2026-06-03T00:00:00Z"))[0]).toBe("2026-06-02T08:00:00.000Z");
    expect(await listing()).toEqual(at("2026-06-02T08:00:00Z"));
    const customer = await createUser(database.db);
    const booked = await createBooking(context(), {
      customerId: customer.id,
      sessionTypeId: types[0]!.id,
      startsAt: at("2026-06-02T08:00:00Z"),
      topic: "",
      customerTimezone: "UTC",
    });
    expect(booked.ok).toBe(true);
  });

  test("replaces only the account's rows inside the window, keeping what lies outside, and marks the account synced", async () => {
    const { specialist, account } = await givenSyncedSpecialist();
    await recordBusySyncError(context(), { connectedAccountId: account.id, message: "Google said no" });
    const everything = { from: at("2026-06-01T00:00:00Z"), to: at("2026-07-01T00:00:00Z") };
    await replaceBusyTimes(context(), {
      connectedAccountId: account.id,
      specialistId: specialist.id,
      window: everything,
      busy: [
        interval("2026-06-03T08:00:00Z", "2026-06-03T12:00:00Z"),
        interval("2026-06-05T08:00:00Z", "2026-06-05T12:00:00Z"),
        interval("2026-06-10T08:00:00Z", "2026-06-10T10:00:00Z"),
      ],
    });
    // Another account's rows are never touched.
    const other = await givenGoogleConnection(database.db, (await createUser(database.db)).id);
    await database.db
      .insert(externalBusyTimes)
      .values({ specialistId: specialist.id, connectedAccountId: other.id, ...interval("2026-06-05T09:00:00Z", "2026-06-05T10:00:00Z") });

    clock.set(at("2026-06-01T13:00:00Z"));
    await replaceBusyTimes(context(), {
      connectedAccountId: account.id,
      specialistId: specialist.id,
      window: { from: at("2026-06-03T10:00:00Z"), to: at("2026-06-05T10:00:00Z") },
      // Overlapping, touching and reaching outside the window: stored clipped and merged.
      busy: [
        interval("2026-06-04T08:00:00Z", "2026-06-04T09:00:00Z"),
        interval("2026-06-04T08:30:00Z", "2026-06-04T10:00:00Z"),
        interval("2026-06-04T10:00:00Z", "2026-06-04T11:00:00Z"),
        interval("2026-06-05T09:30:00Z", "2026-06-05T11:00:00Z"),
      ],
    });
    expect(await storedBusy(account.id)).toEqual([
      ["2026-06-03T08:00:00.000Z", "2026-06-03T10:00:00.000Z"],
      ["2026-06-04T08:00:00.000Z", "2026-06-04T11:00:00.000Z"],
      ["2026-06-05T09:30:00.000Z", "2026-06-05T10:00:00.000Z"],
      ["2026-06-05T10:00:00.000Z", "2026-06-05T12:00:00.000Z"],
      ["2026-06-10T08:00:00.000Z", "2026-06-10T10:00:00.000Z"],
    ]);
    expect(await storedBusy(other.id)).toEqual([["2026-06-05T09:00:00.000Z", "2026-06-05T10:00:00.000Z"]]);
    const [synced] = await database.db.select().from(connectedAccounts).where(eq(connectedAccounts.id, account.id));
    expect(synced).toMatchObject({ busySyncedAt: at("2026-06-01T13:00:00Z"), busySyncError: null });
  });

  test("a sync error is kept for the specialist, the busy times stay as last read", async () => {
    const { specialist, account } = await givenSyncedSpecialist();
    await replaceBusyTimes(context(), {
      connectedAccountId: account.id,
      specialistId: specialist.id,
      window: horizon(),
      busy: [interval("2026-06-03T08:00:00Z", "2026-06-03T12:00:00Z")],
    });
    await recordBusySyncError(context(), { connectedAccountId: account.id, message: `  ${"x".repeat(900)}  ` });
    const [row] = await database.db.select().from(connectedAccounts).where(eq(connectedAccounts.id, account.id));
    expect(row?.busySyncError).toBe("x".repeat(500));
    expect(row?.busySyncedAt).toEqual(clock.now());
    expect(await storedBusy(account.id)).toEqual([["2026-06-03T08:00:00.000Z", "2026-06-03T12:00:00.000Z"]]);
  });

  test("a window that doesn't move forward is refused before anything is written", async () => {
    const { specialist, account } = await givenSyncedSpecialist();
    await expect(
      replaceBusyTimes(context(), {
        connectedAccountId: account.id,
        specialistId: specialist.id,
        window: { from: clock.now(), to: clock.now() },
        busy: [],
      }),
    ).rejects.toThrow(RangeError);
  });
});

describe("normalizeBusy and spliceBusy", () => {
  test("clips to the window, drops empty and unreadable intervals, merges overlapping and touching ones", () => {
    expect(
      normalizeBusy({ startsAt: 100, endsAt: 1000 }, [
        { startsAt: 50, endsAt: 150 },
        { startsAt: 140, endsAt: 200 },
        { startsAt: 200, endsAt: 250 },
        { startsAt: 300, endsAt: 300 },
        { startsAt: Number.NaN, endsAt: 400 },
        { startsAt: 900, endsAt: 5000 },
        { startsAt: 2000, endsAt: 3000 },
      ]),
    ).toEqual([
      { startsAt: 100, endsAt: 250 },
      { startsAt: 900, endsAt: 1000 },
    ]);
  });

  test("an account's rows across the window's edges keep their outside parts", () => {
    const a = "a";
    expect(
      spliceBusy(
        [
          { connectedAccountId: a, startsAt: 0, endsAt: 2000 },
          { connectedAccountId: a, startsAt: 500, endsAt: 600 },
          { connectedAccountId: "b", startsAt: 500, endsAt: 600 },
        ],
        a,
        { startsAt: 100, endsAt: 1000 },
        [{ startsAt: 200, endsAt: 300 }],
      ),
    ).toEqual([
      { connectedAccountId: a, startsAt: 0, endsAt: 100 },
      { connectedAccountId: a, startsAt: 1000, endsAt: 2000 },
      { connectedAccountId: "b", startsAt: 500, endsAt: 600 },
      { connectedAccountId: a, startsAt: 200, endsAt: 300 },
    ]);
  });
});
