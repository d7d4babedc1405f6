import { and, asc, eq, getTableColumns, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { recordingQueue } from "../../../tests/queue";
import { createSessionType, createSpecialist, createUser } from "../../../db/factories";
import {
  availabilityOverrides,
  availabilityWindows,
  blockedTimes,
  bookingRules,
  bookings,
  sessionTypes,
  slots,
  specialists,
  type BookingStatus,
  type SessionType,
} from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { cronSchedules, cronTasks, runCronTask } from "../../../jobs/cron";
import { slotsBetween, type SlotRules } from "./slot-engine";
import {
  defaultSlotRules,
  ensureSlotsMaterialized,
  extendAllHorizons,
  openSlots,
  openSlotsQuery,
  openStartsQuery,
  openStartsFrom,
  rebuildSlotsForSpecialist,
} from "./slots.server";

const minute = 60_000;
const day = 24 * 60 * minute;

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
// Monday 1 June 2026, 12:00 UTC.
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock(new Date("2026-06-01T12:00:00Z"));
});
afterEach(() => database.cleanup());

const context = () => ({ db: database.db, clock, queue: recordingQueue().queue });

const weekdays9to17 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 17 * 60 }));

async function givenSpecialist(
  options: {
    timezone?: string;
    rules?: Partial<SlotRules>;
    windows?: { weekday: number; startMinute: number; endMinute: number }[];
    sessionMinutes?: number[];
  } = {},
) {
  const { specialist } = await createSpecialist(database.db, { timezone: options.timezone ?? "Europe/London" });
  if (options.rules) await database.db.insert(bookingRules).values({ specialistId: specialist.id, ...options.rules });
  const windows = options.windows ?? weekdays9to17;
  if (windows.length > 0) {
    await database.db.insert(availabilityWindows).values(windows.map((window) => ({ specialistId: specialist.id, ...window })));
  }
  const types: SessionType[] = [];
  for (const minutes of options.sessionMinutes ?? [60]) {
    types.push(await createSessionType(database.db, specialist.id, { minutes, title: `${minutes} minutes` }));
  }
  return { specialist, types };
}

async function book(specialistId: string, sessionType: SessionType, startsAt: string, status: BookingStatus = "confirmed") {
  const customer = await createUser(database.db);
  const start = new Date(startsAt);
  const [booking] = await database.db
    .insert(bookings)
    .values({
      specialistId,
      customerId: customer.id,
      sessionTypeId: sessionType.id,
      startsAt: start,
      endsAt: new Date(start.getTime() + sessionType.minutes * minute),
      status,
      priceMinor: sessionType.priceMinor,
      currency: sessionType.currency,
      customerTimezone: "UTC",
    })
    .returning();
  return booking!;
}

async function slotRows(where?: ReturnType<typeof eq>) {
  return database.db.select().from(slots).where(where).orderBy(asc(slots.sessionTypeId), asc(slots.startsAt));
}

const startsOf = (rows: { startsAt: Date }[]) => rows.map((row) => row.startsAt.toISOString());

describe("rebuildSlotsForSpecialist", () => {
  test("writes exactly what the engine computes from windows, overrides, blocked time and bookings", async () => {
    const rules: SlotRules = {
      minNoticeMinutes: 120,
      horizonDays: 21,
      bufferBeforeMinutes: 15,
      bufferAfterMinutes: 30,
      slotIntervalMinutes: 15,
      dailyCap: 3,
    };
    const { specialist, types } = await givenSpecialist({ timezone: "Europe/Berlin", rules, sessionMinutes: [30, 90] });
    const overrides = [
      { date: "2026-06-03", startMinute: null, endMinute: null },
      { date: "2026-06-06", startMinute: 10 * 60, endMinute: 12 * 60 },
      { date: "2026-06-06", startMinute: 14 * 60, endMinute: 1440 },
    ];
    await database.db.insert(availabilityOverrides).values(overrides.map((row) => ({ specialistId: specialist.id, ...row })));
    const blocked = { startsAt: new Date("2026-06-04T09:00:00Z"), endsAt: new Date("2026-06-04T11:30:00Z") };
    await database.db.insert(blockedTimes).values({ specialistId: specialist.id, ...blocked, reason: "Dentist" });
    const booked = await book(specialist.id, types[0]!, "2026-06-05T10:00:00Z");
    await book(specialist.id, types[0]!, "2026-06-08T10:00:00Z", "cancelled");

    await rebuildSlotsForSpecialist(context(), specialist.id);

    const now = clock.now().getTime();
    for (const type of types) {
      const expected = slotsBetween({
        timeZone: "Europe/Berlin",
        sessionMinutes: type.minutes,
        rules,
        weeklyWindows: weekdays9to17,
        overrides,
        bookings: [{ startsAt: booked.startsAt.getTime(), endsAt: booked.endsAt.getTime() }],
        blocked: [{ startsAt: blocked.startsAt.getTime(), endsAt: blocked.endsAt.getTime() }],
        now,
        from: now,
        to: now + rules.horizonDays * day,
      });
      expect(expected.length).toBeGreaterThan(50);
      const stored = await slotRows(eq(slots.sessionTypeId, type.id));
      expect(stored.map((row) => ({ startsAt: row.startsAt.getTime(), endsAt: row.endsAt.getTime() }))).toEqual(expected);
      expect(stored.every((row) => row.specialistId === specialist.id)).toBe(true);
    }
    // The cancelled booking holds nothing: Monday 8 June 12:00 Berlin is open.
    expect(startsOf(await slotRows(eq(slots.sessionTypeId, types[0]!.id)))).toContain("2026-06-08T10:00:00.000Z");
  });

  test("a specialist without booking rules gets the schema's defaults", async () => {
    const columns = getTableColumns(bookingRules);
    expect(defaultSlotRules).toEqual({
      minNoticeMinutes: columns.minNoticeMinutes.default,
      horizonDays: columns.horizonDays.default,
      bufferBeforeMinutes: columns.bufferBeforeMinutes.default,
      bufferAfterMinutes: columns.bufferAfterMinutes.default,
      slotIntervalMinutes: columns.slotIntervalMinutes.default,
      dailyCap: null,
    });
    const { specialist } = await givenSpecialist();
    await rebuildSlotsForSpecialist(context(), specialist.id);
    const rows = await slotRows();
    // 240 minutes' notice from Monday 13:00 London ends Monday's hours: Tuesday 09:00 comes first.
    expect(rows[0]!.startsAt.toISOString()).toBe("2026-06-02T08:00:00.000Z");
    expect(rows.at(-1)!.startsAt.getTime()).toBeLessThan(clock.now().getTime() + 60 * day);
  });

  test("removing a window removes its slots and nothing else", async () => {
    const { specialist } = await givenSpecialist({ timezone: "Asia/Tokyo" });
    await rebuildSlotsForSpecialist(context(), specialist.id);
    const before = startsOf(await slotRows());

    await database.db
      .delete(availabilityWindows)
      .where(and(eq(availabilityWindows.specialistId, specialist.id), eq(availabilityWindows.weekday, 3)));
    await rebuildSlotsForSpecialist(context(), specialist.id);
    const after = startsOf(await slotRows());

    expect(after.length).toBeLessThan(before.length);
    expect(after.every((start) => before.includes(start))).toBe(true);
    const tokyoWeekday = (iso: string) =>
      new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Tokyo", weekday: "short" }).format(new Date(iso));
    expect(before.some((start) => tokyoWeekday(start) === "Wed")).toBe(true);
    expect(after.some((start) => tokyoWeekday(start) === "Wed")).toBe(false);
  });

  test("inactive session types get no slots; other specialists are untouched", async () => {
    const { specialist, types } = await givenSpecialist({ sessionMinutes: [30, 60] });
    const other = await givenSpecialist();
    await rebuildSlotsForSpecialist(context(), specialist.id);
    await rebuildSlotsForSpecialist(context(), other.specialist.id);
    const otherBefore = await slotRows(eq(slots.specialistId, other.specialist.id));
    expect(await slotRows(eq(slots.sessionTypeId, types[0]!.id))).not.toEqual([]);

    await database.db.update(sessionTypes).set({ active: false }).where(eq(sessionTypes.id, types[0]!.id));
    await rebuildSlotsForSpecialist(context(), specialist.id);

    expect(await slotRows(eq(slots.sessionTypeId, types[0]!.id))).toEqual([]);
    expect(await slotRows(eq(slots.sessionTypeId, types[1]!.id))).not.toEqual([]);
    expect(await slotRows(eq(slots.specialistId, other.specialist.id))).toEqual(otherBefore);
  });

  test("slots that overlap an active booking (with buffers) are not materialized", async () => {
    const { specialist, types } = await givenSpecialist({
      rules: { bufferBeforeMinutes: 30, bufferAfterMinutes: 30, slotIntervalMinutes: 30 },
    });
    await book(specialist.id, types[0]!, "2026-06-09T11:00:00Z");
    await rebuildSlotsForSpecialist(context(), specialist.id);
    const starts = startsOf(await slotRows());
    // Tuesday 9 June, London (UTC+1): 12:00–13:00 holds 11:30–13:30 with its buffers, and a new
    // hour-long session holds 30 minutes on each side of itself too: it must end by 11:00 or
    // start from 14:00, so 10:00–11:00 and 14:00 remain and everything between is gone.
    expect(starts).toContain("2026-06-09T09:00:00.000Z");
    for (const hidden of ["09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30"]) {
      expect(starts).not.toContain(`2026-06-09T${hidden}:00.000Z`);
    }
    expect(starts).toContain("2026-06-09T13:00:00.000Z");
  });

  test("leaves past slots for the daily job", async () => {
    const { specialist } = await givenSpecialist();
    await rebuildSlotsForSpecialist(context(), specialist.id);
    const first = (await slotRows())[0]!;
    clock.set(new Date(first.startsAt.getTime() + 60 * minute));
    await rebuildSlotsForSpecialist(context(), specialist.id);
    expect(startsOf(await slotRows())).toContain(first.startsAt.toISOString());
  });
});

describe("extendAllHorizons", () => {
  async function totalChanges() {
    const result = await database.client.execute("select total_changes() as changes");
    return Number(result.rows[0]!.changes);
  }

  async function table() {
    return database.db.select().from(slots).orderBy(asc(slots.sessionTypeId), asc(slots.startsAt));
  }

  test("rebuilds every specialist with an active session type, the same as a rebuild would", async () => {
    const first = await givenSpecialist({ timezone: "America/New_York", sessionMinutes: [30, 45] });
    const second = await givenSpecialist({ timezone: "Asia/Kolkata", rules: { horizonDays: 10 } });
    const { specialist: idle } = await givenSpecialist({ sessionMinutes: [] });

    const summary = await extendAllHorizons(context());
    const all = await table();
    expect(summary).toEqual({ specialists: 2, sessionTypes: 3, slots: all.length, failed: 0 });
    expect(all.some((row) => row.specialistId === idle.id)).toBe(false);

    await database.db.delete(slots);
    await rebuildSlotsForSpecialist(context(), first.specialist.id);
    await rebuildSlotsForSpecialist(context(), second.specialist.id);
    expect(await table()).toEqual(all);
  });

  test("is idempotent: a second run leaves the table exactly as it was", async () => {
    const { specialist, types } = await givenSpecialist({ sessionMinutes: [30, 60], rules: { dailyCap: 2 } });
    await givenSpecialist({ timezone: "Australia/Adelaide" });
    await book(specialist.id, types[1]!, "2026-06-10T09:00:00Z");

    await extendAllHorizons(context());
    const once = await table();
    expect(once.length).toBeGreaterThan(0);
    const changesBefore = await totalChanges();
    await extendAllHorizons(context());
    expect(await table()).toEqual(once);
    expect(await totalChanges(), "rows written by the second run").toBe(changesBefore);
  });

  test("a session type's new length reaches its slots' ends", async () => {
    const { types } = await givenSpecialist({ sessionMinutes: [30] });
    await extendAllHorizons(context());
    await database.db.update(sessionTypes).set({ minutes: 45 }).where(eq(sessionTypes.id, types[0]!.id));
    await extendAllHorizons(context());
    const rows = await table();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.endsAt.getTime() - row.startsAt.getTime() === 45 * minute)).toBe(true);
  });

  test("a day later: past slots are dropped and the horizon moves forward", async () => {
    const { specialist } = await givenSpecialist({ rules: { minNoticeMinutes: 0, horizonDays: 14 } });
    await rebuildSlotsForSpecialist(context(), specialist.id);
    const before = await table();

    clock.advance(3 * day);
    await extendAllHorizons(context());
    const after = await table();
    const now = clock.now().getTime();

    expect(before.some((row) => row.startsAt.getTime() < now)).toBe(true);
    expect(after.every((row) => row.startsAt.getTime() >= now)).toBe(true);
    expect(after.at(-1)!.startsAt.getTime()).toBeGreaterThan(before.at(-1)!.startsAt.getTime());
  });

  test("a specialist the engine cannot compute for is left without slots; the others still get theirs", async () => {
    const broken = await givenSpecialist();
    const healthy = await givenSpecialist();
    await extendAllHorizons(context());
    await database.db.update(specialists).set({ timezone: "Mars/Olympus_Mons" }).where(eq(specialists.id, broken.specialist.id));

    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const summary = await extendAllHorizons(context());
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
    expect(summary).toMatchObject({ specialists: 2, failed: 1 });
    expect(await slotRows(eq(slots.specialistId, broken.specialist.id))).toEqual([]);
    expect(await slotRows(eq(slots.specialistId, healthy.specialist.id))).not.toEqual([]);
  });

  test("drops the slots of a session type deactivated without a rebuild", async () => {
    const { types } = await givenSpecialist({ sessionMinutes: [30] });
    await extendAllHorizons(context());
    await database.db.update(sessionTypes).set({ active: false }).where(eq(sessionTypes.id, types[0]!.id));
    await extendAllHorizons(context());
    expect(await table()).toEqual([]);
  });

  test("runs as the daily cron task extend-slot-horizons", async () => {
    const task = cronTasks.find((candidate) => candidate.name === "extend-slot-horizons");
    expect(task?.schedule).toBe(cronSchedules.daily);
    await givenSpecialist();
    const result = await runCronTask(context(), "extend-slot-horizons", clock.now().getTime());
    expect(result.ran).toBe(true);
    expect((await table()).length).toBeGreaterThan(0);
  });

  test("writes in several batches when there are many slots", async () => {
    // 5-minute steps over whole days for a year: far more rows than one insert or batch takes.
    const rules: SlotRules = { ...defaultSlotRules, slotIntervalMinutes: 5, horizonDays: 365, minNoticeMinutes: 0 };
    const weeklyWindows = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 0, endMinute: 1440 }));
    const { specialist } = await givenSpecialist({ rules, windows: weeklyWindows, sessionMinutes: [15] });
    await givenSpecialist();
    const summary = await extendAllHorizons(context());

    const now = clock.now().getTime();
    const expected = slotsBetween({
      timeZone: "Europe/London",
      sessionMinutes: 15,
      rules,
      weeklyWindows,
      overrides: [],
      bookings: [],
      blocked: [],
      now,
      from: now,
      to: now + 365 * day,
    });
    expect(expected.length).toBeGreaterThan(100_000);
    const [counted] = await database.db
      .select({ count: sql<number>`count(*)` })
      .from(slots)
      .where(eq(slots.specialistId, specialist.id));
    expect(counted!.count).toBe(expected.length);
    expect(summary.slots).toBe((await table()).length);
  });
});

describe("ensureSlotsMaterialized", () => {
  test("fills an empty table, and leaves a filled one alone", async () => {
    const { specialist } = await givenSpecialist();
    expect(await ensureSlotsMaterialized(context())).toMatchObject({ specialists: 1 });
    const filled = await slotRows();
    expect(filled.length).toBeGreaterThan(0);

    await database.db.delete(availabilityWindows).where(eq(availabilityWindows.specialistId, specialist.id));
    expect(await ensureSlotsMaterialized(context())).toBeNull();
    expect(await slotRows()).toEqual(filled);
  });
});

describe("openSlots", () => {
  // Monday 8 June 2026, 09:00–12:00 in London (UTC+1); 30-minute sessions every 15 minutes.
  async function givenMorning() {
    const { specialist, types } = await givenSpecialist({
      rules: { slotIntervalMinutes: 15, bufferBeforeMinutes: 15, bufferAfterMinutes: 30 },
      windows: [],
      sessionMinutes: [30],
    });
    await database.db
      .insert(availabilityOverrides)
      .values({ specialistId: specialist.id, date: "2026-06-08", startMinute: 9 * 60, endMinute: 12 * 60 });
    await rebuildSlotsForSpecialist(context(), specialist.id);
    return { specialist, type: types[0]! };
  }

  const monday = { from: new Date("2026-06-08T00:00:00Z"), to: new Date("2026-06-09T00:00:00Z") };
  const localTimes = (rows: { startsAt: Date }[]) =>
    rows.map((row) => new Date(row.startsAt.getTime() + 60 * minute).toISOString().slice(11, 16));
  const allMorning = ["09:00", "09:15", "09:30", "09:45", "10:00", "10:15", "10:30", "10:45", "11:00", "11:15", "11:30"];

  test("excludes times booked since the rebuild, with the buffers, until the booking is cancelled", async () => {
    const { specialist, type } = await givenMorning();
    const query = { specialistId: specialist.id, ...monday };
    expect(localTimes(await openSlots(database.db, query))).toEqual(allMorning);

    // 10:00–10:30 local holds 09:45–11:00 with its buffers; a new session holds 15 minutes before
    // and 30 after itself, so it must end by 09:15 or start from 11:15.
    const booking = await book(specialist.id, type, "2026-06-08T09:00:00Z", "pending_payment");
    const open = await openSlots(database.db, query);
    expect(localTimes(open)).toEqual(["11:15", "11:30"]);
    expect(open[0]).toEqual({
      sessionTypeId: type.id,
      startsAt: new Date("2026-06-08T10:15:00Z"),
      endsAt: new Date("2026-06-08T10:45:00Z"),
    });

    await database.db.update(bookings).set({ status: "cancelled" }).where(eq(bookings.id, booking.id));
    expect(localTimes(await openSlots(database.db, query))).toEqual(allMorning);
  });

  test("the open starts read as one row are the open slots' starts, in order, and none when none is open", async () => {
    const { specialist, type } = await givenMorning();
    const query = { specialistId: specialist.id, sessionTypeId: type.id, ...monday };
    await book(specialist.id, type, "2026-06-08T09:00:00Z", "confirmed");
    const starts = openStartsFrom(await openStartsQuery(database.db, query));
    expect(starts).toEqual((await openSlots(database.db, query)).map((slot) => slot.startsAt));
    expect(starts.map((start) => start.toISOString())).toEqual(["2026-06-08T10:15:00.000Z", "2026-06-08T10:30:00.000Z"]);
    expect(openStartsFrom(await openStartsQuery(database.db, { ...query, from: monday.to, to: new Date("2026-06-10T00:00:00Z") }))).toEqual(
      [],
    );
  });

  test("filters by session type and [from, to), and applies minimum notice from now", async () => {
    const { specialist, type } = await givenMorning();
    const other = await givenSpecialist();
    await rebuildSlotsForSpecialist(context(), other.specialist.id);

    const window = { specialistId: specialist.id, from: new Date("2026-06-08T09:00:00Z"), to: new Date("2026-06-08T10:00:00Z") };
    expect(localTimes(await openSlots(database.db, { ...window, sessionTypeId: type.id }))).toEqual(["10:00", "10:15", "10:30", "10:45"]);
    expect(await openSlots(database.db, { ...window, sessionTypeId: other.types[0]!.id })).toEqual([]);
    // Default notice is 240 minutes: at 06:00 UTC, the first bookable start is 10:00 UTC (11:00 local).
    const now = new Date("2026-06-08T06:00:00Z");
    expect(localTimes(await openSlots(database.db, { specialistId: specialist.id, ...monday, now }))).toEqual(["11:00", "11:15", "11:30"]);
  });

  test("another specialist's booking blocks nothing, and neither do completed ones", async () => {
    const { specialist, type } = await givenMorning();
    const other = await givenSpecialist({ sessionMinutes: [30] });
    await book(other.specialist.id, other.types[0]!, "2026-06-08T09:00:00Z");
    await book(specialist.id, type, "2026-06-08T09:00:00Z", "completed");
    await book(specialist.id, type, "2026-06-08T09:00:00Z", "expired");
    expect(localTimes(await openSlots(database.db, { specialistId: specialist.id, ...monday }))).toEqual(allMorning);
  });

  test.each([
    ["all session types", undefined],
    ["one session type", "some-type"],
  ])("the query plan for %s searches indexes, never scans", async (_label, sessionTypeId) => {
    const query = openSlotsQuery(database.db, {
      specialistId: "someone",
      sessionTypeId,
      from: monday.from,
      to: monday.to,
      now: monday.from,
    }).toSQL();
    const plan = await database.client.execute({ sql: `explain query plan ${query.sql}`, args: query.params as never });
    const details = plan.rows.map((row) => row.detail as string);
    expect(
      details.some((detail) =>
        /^SEARCH slots USING (INDEX slots_specialist_starts_idx|INDEX sqlite_autoindex_slots_1|PRIMARY KEY)/.test(detail),
      ),
    ).toBe(true);
    expect(
      details.some((detail) =>
        /^SEARCH bookings USING INDEX bookings_specialist_starts_idx \(specialist_id=\? AND starts_at>\? AND starts_at<\?\)/.test(detail),
      ),
    ).toBe(true);
    expect(details.filter((detail) => /^SCAN /.test(detail))).toEqual([]);
  });
});
