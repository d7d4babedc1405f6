import { asc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist, createUser } from "../../../db/factories";
import { availabilityOverrides, availabilityWindows, blockedTimes, slots } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import {
  addBlockedTime,
  getAvailability,
  removeBlockedTime,
  removeDateOverride,
  replaceWeeklyWindows,
  setDateOverride,
} from "./availability.server";

let database: TestDatabase;
const clock = createTestClock();
const context = () => ({ db: database.db, clock });

beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z"));
});
afterEach(() => database.cleanup());

async function specialistIn(timezone: string) {
  const { user, specialist } = await createSpecialist(database.db, { timezone });
  return { userId: user.id, specialistId: specialist.id };
}

const rowsOf = {
  windows: (specialistId: string) =>
    database.db
      .select({
        weekday: availabilityWindows.weekday,
        startMinute: availabilityWindows.startMinute,
        endMinute: availabilityWindows.endMinute,
      })
      .from(availabilityWindows)
      .where(eq(availabilityWindows.specialistId, specialistId))
      .orderBy(asc(availabilityWindows.weekday), asc(availabilityWindows.startMinute)),
  overrides: (specialistId: string) =>
    database.db
      .select({
        date: availabilityOverrides.date,
        startMinute: availabilityOverrides.startMinute,
        endMinute: availabilityOverrides.endMinute,
      })
      .from(availabilityOverrides)
      .where(eq(availabilityOverrides.specialistId, specialistId))
      .orderBy(asc(availabilityOverrides.date), asc(availabilityOverrides.startMinute)),
  blocked: (specialistId: string) => database.db.select().from(blockedTimes).where(eq(blockedTimes.specialistId, specialistId)),
  slots: (specialistId: string) =>
    database.db.select().from(slots).where(eq(slots.specialistId, specialistId)).orderBy(asc(slots.startsAt)),
};

describe("authorization", () => {
  test("every function acts on the acting user's own specialist rows only", async () => {
    const ada = await specialistIn("Europe/Berlin");
    const bob = await specialistIn("Asia/Tokyo");
    await replaceWeeklyWindows(context(), bob.userId, [{ weekday: 1, startMinute: 540, endMinute: 600 }]);
    await setDateOverride(context(), bob.userId, "2026-06-10", "unavailable");
    await addBlockedTime(context(), bob.userId, { startLocal: "2026-06-05T10:00", endLocal: "2026-06-05T11:00" });

    await replaceWeeklyWindows(context(), ada.userId, [{ weekday: 2, startMinute: 600, endMinute: 660 }]);
    await setDateOverride(context(), ada.userId, "2026-06-10", [{ startMinute: 600, endMinute: 660 }]);

    expect(await rowsOf.windows(bob.specialistId)).toEqual([{ weekday: 1, startMinute: 540, endMinute: 600 }]);
    expect(await rowsOf.overrides(bob.specialistId)).toEqual([{ date: "2026-06-10", startMinute: null, endMinute: null }]);

    const [bobsOverride] = await database.db
      .select()
      .from(availabilityOverrides)
      .where(eq(availabilityOverrides.specialistId, bob.specialistId));
    const [bobsBlock] = await rowsOf.blocked(bob.specialistId);
    expect(await removeDateOverride(context(), ada.userId, bobsOverride!.id)).toMatchObject({ ok: false, status: 404 });
    expect(await removeBlockedTime(context(), ada.userId, bobsBlock!.id)).toMatchObject({ ok: false, status: 404 });
    expect(await rowsOf.overrides(bob.specialistId)).toHaveLength(1);
    expect(await rowsOf.blocked(bob.specialistId)).toHaveLength(1);

    const adaSees = await getAvailability(database.db, ada.userId, clock.now());
    expect(adaSees).toMatchObject({
      specialistId: ada.specialistId,
      timeZone: "Europe/Berlin",
      weekly: [{ weekday: 2, startMinute: 600, endMinute: 660 }],
      overrides: [{ date: "2026-06-10", windows: [{ startMinute: 600, endMinute: 660 }] }],
      blocked: [],
    });
  });

  test("a user without a specialist profile gets nothing and changes nothing", async () => {
    const customer = await createUser(database.db, { role: "customer" });
    expect(await getAvailability(database.db, customer.id, clock.now())).toBeNull();
    const results = [
      await replaceWeeklyWindows(context(), customer.id, [{ weekday: 1, startMinute: 540, endMinute: 600 }]),
      await setDateOverride(context(), customer.id, "2026-06-10", "unavailable"),
      await addBlockedTime(context(), customer.id, { startLocal: "2026-06-05T10:00", endLocal: "2026-06-05T11:00" }),
    ];
    for (const result of results) expect(result).toMatchObject({ ok: false, status: 404 });
    expect(await database.db.select().from(availabilityWindows)).toEqual([]);
    expect(await database.db.select().from(availabilityOverrides)).toEqual([]);
    expect(await database.db.select().from(blockedTimes)).toEqual([]);
  });
});

describe("replaceWeeklyWindows", () => {
  test("replaces the whole week at once; an empty week clears it", async () => {
    const ada = await specialistIn("Europe/Berlin");
    await replaceWeeklyWindows(context(), ada.userId, [
      { weekday: 1, startMinute: 540, endMinute: 720 },
      { weekday: 5, startMinute: 1200, endMinute: 1440 },
    ]);
    expect(await replaceWeeklyWindows(context(), ada.userId, [{ weekday: 3, startMinute: 600, endMinute: 660 }])).toEqual({ ok: true });
    expect(await rowsOf.windows(ada.specialistId)).toEqual([{ weekday: 3, startMinute: 600, endMinute: 660 }]);
    expect(await replaceWeeklyWindows(context(), ada.userId, [])).toEqual({ ok: true });
    expect(await rowsOf.windows(ada.specialistId)).toEqual([]);
  });

  test.each([
    [
      [
        { weekday: 1, startMinute: 540, endMinute: 720 },
        { weekday: 1, startMinute: 660, endMinute: 780 },
      ],
      "09:00–12:00 overlaps 11:00–13:00 on Monday.",
    ],
    [[{ weekday: 2, startMinute: 780, endMinute: 540 }], "Ends before it starts (13:00–09:00 on Tuesday)."],
    [[{ weekday: 9, startMinute: 540, endMinute: 600 }], "9 isn't a weekday (1 = Monday … 7 = Sunday)."],
    [[{ weekday: 3, startMinute: 541, endMinute: 600 }], "Times on Wednesday must be between 00:00 and 24:00, in 5-minute steps."],
  ])("refuses %j and keeps the old week", async (windows, message) => {
    const ada = await specialistIn("Europe/Berlin");
    await replaceWeeklyWindows(context(), ada.userId, [{ weekday: 1, startMinute: 540, endMinute: 600 }]);
    expect(await replaceWeeklyWindows(context(), ada.userId, windows)).toEqual({ ok: false, status: 400, field: null, message });
    expect(await rowsOf.windows(ada.specialistId)).toEqual([{ weekday: 1, startMinute: 540, endMinute: 600 }]);
  });

  test("rebuilds the specialist's slots in their zone", async () => {
    const ada = await specialistIn("Asia/Kathmandu");
    await createSessionType(database.db, ada.specialistId, { minutes: 60 });
    // Wednesday 09:00–10:00 in Kathmandu (+05:45) is 03:15–04:15 UTC.
    await replaceWeeklyWindows(context(), ada.userId, [{ weekday: 3, startMinute: 540, endMinute: 600 }]);
    const open = await rowsOf.slots(ada.specialistId);
    expect(open[0]?.startsAt).toEqual(new Date("2026-06-03T03:15:00Z"));
    expect(open.every((slot) => slot.startsAt.getUTCHours() === 3 && slot.startsAt.getUTCMinutes() === 15)).toBe(true);

    await replaceWeeklyWindows(context(), ada.userId, []);
    expect(await rowsOf.slots(ada.specialistId)).toEqual([]);
  });
});

describe("date overrides", () => {
  test("a date's override replaces the earlier one of that date, and removal removes all its rows", async () => {
    const ada = await specialistIn("Europe/Berlin");
    await setDateOverride(context(), ada.userId, "2026-06-10", "unavailable");
    await setDateOverride(context(), ada.userId, "2026-06-11", "unavailable");
    await setDateOverride(context(), ada.userId, "2026-06-10", [
      { startMinute: 480, endMinute: 600 },
      { startMinute: 900, endMinute: 1440 },
    ]);
    expect(await rowsOf.overrides(ada.specialistId)).toEqual([
      { date: "2026-06-10", startMinute: 480, endMinute: 600 },
      { date: "2026-06-10", startMinute: 900, endMinute: 1440 },
      { date: "2026-06-11", startMinute: null, endMinute: null },
    ]);

    const summary = await getAvailability(database.db, ada.userId, clock.now());
    expect(await removeDateOverride(context(), ada.userId, summary!.overrides[0]!.id)).toEqual({ ok: true });
    expect(await rowsOf.overrides(ada.specialistId)).toEqual([{ date: "2026-06-11", startMinute: null, endMinute: null }]);
  });

  test.each([
    ["2026-02-30", "unavailable", "date", "2026-02-30 isn't a date on the calendar."],
    ["2026-05-31", "unavailable", "date", "Sunday 31 May 2026 is in the past."],
    ["2026-06-10", [], "windows", "Add the hours you're available, or choose “Unavailable all day”."],
    [
      "2026-06-10",
      [
        { startMinute: 540, endMinute: 720 },
        { startMinute: 600, endMinute: 660 },
      ],
      "windows",
      "09:00–12:00 overlaps 10:00–11:00 on Wednesday 10 June 2026.",
    ],
  ] as const)("refuses %s %j and writes nothing", async (date, windows, field, message) => {
    const ada = await specialistIn("Europe/Berlin");
    expect(await setDateOverride(context(), ada.userId, date, windows)).toEqual({ ok: false, status: 400, field, message });
    expect(await rowsOf.overrides(ada.specialistId)).toEqual([]);
  });

  test("a day off takes the date's slots away; removing it brings them back", async () => {
    const ada = await specialistIn("Europe/Berlin");
    await createSessionType(database.db, ada.specialistId, { minutes: 60 });
    await replaceWeeklyWindows(context(), ada.userId, [{ weekday: 3, startMinute: 540, endMinute: 720 }]);
    const onJune10 = async () =>
      (await rowsOf.slots(ada.specialistId)).filter((slot) => slot.startsAt.toISOString().startsWith("2026-06-10")).length;
    expect(await onJune10()).toBeGreaterThan(0);

    await setDateOverride(context(), ada.userId, "2026-06-10", "unavailable");
    expect(await onJune10()).toBe(0);

    const [row] = await database.db.select().from(availabilityOverrides);
    await removeDateOverride(context(), ada.userId, row!.id);
    expect(await onJune10()).toBeGreaterThan(0);
  });
});

describe("blocked time", () => {
  test("converts local times with the specialist's zone and lists only what isn't over", async () => {
    const ada = await specialistIn("America/New_York");
    const added = await addBlockedTime(context(), ada.userId, {
      startLocal: "2026-06-03T09:00",
      endLocal: "2026-06-03T10:30",
      reason: "Dentist",
    });
    expect(added).toEqual({ ok: true, id: expect.any(String) });
    await database.db.insert(blockedTimes).values({
      specialistId: ada.specialistId,
      startsAt: new Date("2026-05-01T10:00:00Z"),
      endsAt: new Date("2026-05-01T11:00:00Z"),
    });
    const summary = await getAvailability(database.db, ada.userId, clock.now());
    expect(summary!.blocked).toEqual([
      expect.objectContaining({
        id: added.ok && added.id,
        startsAt: new Date("2026-06-03T13:00:00Z"),
        endsAt: new Date("2026-06-03T14:30:00Z"),
        reason: "Dentist",
      }),
    ]);
  });

  test("refuses a time in the DST gap with a clear message, and writes nothing", async () => {
    const ada = await specialistIn("America/New_York");
    expect(await addBlockedTime(context(), ada.userId, { startLocal: "2027-03-14T02:30", endLocal: "2027-03-14T04:00" })).toEqual({
      ok: false,
      status: 400,
      field: "startLocal",
      message:
        "Sunday 14 March 2027, 02:30 doesn't exist in America/New_York: the clocks skip ahead that night. Choose a time outside the gap.",
    });
    expect(await rowsOf.blocked(ada.specialistId)).toEqual([]);
  });

  test("an ambiguous fall-back hour is blocked in full", async () => {
    const ada = await specialistIn("America/New_York");
    await addBlockedTime(context(), ada.userId, { startLocal: "2026-11-01T01:00", endLocal: "2026-11-01T01:30" });
    const [row] = await rowsOf.blocked(ada.specialistId);
    // 01:00 EDT (first occurrence) until 01:30 EST (second occurrence).
    expect([row!.startsAt, row!.endsAt]).toEqual([new Date("2026-11-01T05:00:00Z"), new Date("2026-11-01T06:30:00Z")]);
  });

  test("blocking removes the overlapping slots; unblocking restores them", async () => {
    const ada = await specialistIn("Europe/Berlin");
    await createSessionType(database.db, ada.specialistId, { minutes: 60 });
    await replaceWeeklyWindows(context(), ada.userId, [{ weekday: 3, startMinute: 540, endMinute: 720 }]);
    const at = new Date("2026-06-03T08:00:00Z"); // Wednesday 10:00 Berlin
    const has = async () => (await rowsOf.slots(ada.specialistId)).some((slot) => slot.startsAt.getTime() === at.getTime());
    expect(await has()).toBe(true);

    await addBlockedTime(context(), ada.userId, { startLocal: "2026-06-03T10:00", endLocal: "2026-06-03T11:00" });
    expect(await has()).toBe(false);

    const [row] = await rowsOf.blocked(ada.specialistId);
    expect(await removeBlockedTime(context(), ada.userId, row!.id)).toEqual({ ok: true });
    expect(await has()).toBe(true);
  });
});
