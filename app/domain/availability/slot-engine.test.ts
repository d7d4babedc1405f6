import { formatInTimeZone } from "date-fns-tz";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { propertyTestLimitMs } from "../../../tests/limits";
import { instantOnDay, localDayBounds } from "./local-time";
import {
  slotsBetween,
  type DateOverride,
  type Interval,
  type LocalWindow,
  type SlotEngineInput,
  type SlotRules,
  type WeeklyWindow,
} from "./slot-engine";
import {
  ALL_ZONES,
  DAY,
  MINUTE,
  clockAt,
  clockDayAt,
  firstMinuteShowing,
  isoDate,
  offsetAt,
  transitionsNear2026,
  weekdayOf,
} from "./zone-oracle.test-support";

const at = (iso: string) => Date.parse(iso);
const isoStarts = (slots: Interval[]) => slots.map((slot) => new Date(slot.startsAt).toISOString());
const localStarts = (slots: Interval[], zone: string) => slots.map((slot) => formatInTimeZone(slot.startsAt, zone, "yyyy-MM-dd HH:mm xxx"));

const OPEN_RULES: SlotRules = {
  minNoticeMinutes: 0,
  horizonDays: 365,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  slotIntervalMinutes: 60,
  dailyCap: null,
};

/** Hourly one-hour slots, everything allowed, over a wide range, unless overridden. */
type InputChanges = Partial<Omit<SlotEngineInput, "rules">> & { rules?: Partial<SlotRules> };

function engineInput(overrides: InputChanges): SlotEngineInput {
  return {
    timeZone: "Europe/Berlin",
    sessionMinutes: 60,
    weeklyWindows: [],
    overrides: [],
    bookings: [],
    blocked: [],
    now: at("2026-01-01T00:00:00Z"),
    from: at("2026-01-01T00:00:00Z"),
    to: at("2027-01-01T00:00:00Z"),
    ...overrides,
    rules: { ...OPEN_RULES, ...overrides.rules },
  };
}

const hours = (from: number, to: number) => ({ startMinute: from * 60, endMinute: to * 60 });
const MONDAY = 1;
const TUESDAY = 2;
const SUNDAY = 7;

describe("daylight-saving changes", () => {
  test("New York spring forward: a 01:00–04:00 window holds only 2 real hours", () => {
    const slots = slotsBetween(
      engineInput({
        timeZone: "America/New_York",
        sessionMinutes: 30,
        rules: { slotIntervalMinutes: 30 },
        weeklyWindows: [{ weekday: SUNDAY, ...hours(1, 4) }],
        from: at("2026-03-08T00:00:00Z"),
        to: at("2026-03-09T00:00:00Z"),
      }),
    );
    expect(isoStarts(slots)).toEqual([
      "2026-03-08T06:00:00.000Z",
      "2026-03-08T06:30:00.000Z",
      "2026-03-08T07:00:00.000Z",
      "2026-03-08T07:30:00.000Z",
    ]);
    expect(localStarts(slots, "America/New_York")).toEqual([
      "2026-03-08 01:00 -05:00",
      "2026-03-08 01:30 -05:00",
      "2026-03-08 03:00 -04:00",
      "2026-03-08 03:30 -04:00",
    ]);
  });

  test("New York fall back: a 00:00–03:00 window holds 4 real hours and 01:00 twice", () => {
    const slots = slotsBetween(
      engineInput({
        timeZone: "America/New_York",
        weeklyWindows: [{ weekday: SUNDAY, ...hours(0, 3) }],
        from: at("2026-11-01T00:00:00Z"),
        to: at("2026-11-02T00:00:00Z"),
      }),
    );
    expect(isoStarts(slots)).toEqual([
      "2026-11-01T04:00:00.000Z",
      "2026-11-01T05:00:00.000Z",
      "2026-11-01T06:00:00.000Z",
      "2026-11-01T07:00:00.000Z",
    ]);
    expect(localStarts(slots, "America/New_York")).toEqual([
      "2026-11-01 00:00 -04:00",
      "2026-11-01 01:00 -04:00",
      "2026-11-01 01:00 -05:00",
      "2026-11-01 02:00 -05:00",
    ]);
    expect(new Set(slots.map((slot) => slot.startsAt)).size).toBe(slots.length);
  });

  test("London 2026-03-29: the skipped hour is lost, and a window starting in it opens at the jump", () => {
    const base = {
      timeZone: "Europe/London",
      from: at("2026-03-28T12:00:00Z"),
      to: at("2026-03-30T00:00:00Z"),
    };
    const slots = slotsBetween(engineInput({ ...base, weeklyWindows: [{ weekday: SUNDAY, ...hours(0, 4) }] }));
    expect(isoStarts(slots)).toEqual(["2026-03-29T00:00:00.000Z", "2026-03-29T01:00:00.000Z", "2026-03-29T02:00:00.000Z"]);

    // 01:30 does not exist that night; the window opens when the clocks jump to 02:00 BST (01:00Z).
    const fromGap = slotsBetween(
      engineInput({
        ...base,
        sessionMinutes: 30,
        rules: { slotIntervalMinutes: 30 },
        weeklyWindows: [{ weekday: SUNDAY, startMinute: 90, endMinute: 180 }],
      }),
    );
    expect(localStarts(fromGap, "Europe/London")).toEqual(["2026-03-29 02:00 +01:00", "2026-03-29 02:30 +01:00"]);
    expect(isoStarts(fromGap)).toEqual(["2026-03-29T01:00:00.000Z", "2026-03-29T01:30:00.000Z"]);
  });

  test("London 2026-10-25: a 00:00–03:00 window holds 4 real hours, starting the UTC day before", () => {
    const slots = slotsBetween(
      engineInput({
        timeZone: "Europe/London",
        weeklyWindows: [{ weekday: SUNDAY, ...hours(0, 3) }],
        from: at("2026-10-24T12:00:00Z"),
        to: at("2026-10-26T00:00:00Z"),
      }),
    );
    expect(isoStarts(slots)).toEqual([
      "2026-10-24T23:00:00.000Z",
      "2026-10-25T00:00:00.000Z",
      "2026-10-25T01:00:00.000Z",
      "2026-10-25T02:00:00.000Z",
    ]);
    expect(localStarts(slots, "Europe/London")).toEqual([
      "2026-10-25 00:00 +01:00",
      "2026-10-25 01:00 +01:00",
      "2026-10-25 01:00 +00:00",
      "2026-10-25 02:00 +00:00",
    ]);
  });

  test("Lord Howe's half-hour shifts (2026-04-05 back, 2026-10-04 forward)", () => {
    const zone = "Australia/Lord_Howe";
    // The transition dates, read from Intl rather than assumed.
    expect(formatInTimeZone(at("2026-04-04T14:59:00Z"), zone, "xxx")).toBe("+11:00");
    expect(formatInTimeZone(at("2026-04-04T15:00:00Z"), zone, "xxx")).toBe("+10:30");
    expect(formatInTimeZone(at("2026-10-03T15:29:00Z"), zone, "xxx")).toBe("+10:30");
    expect(formatInTimeZone(at("2026-10-03T15:30:00Z"), zone, "xxx")).toBe("+11:00");
    const halfHourly = { timeZone: zone, sessionMinutes: 30, rules: { slotIntervalMinutes: 30 } };

    // 01:00–03:00 on the fall-back night is 2.5 real hours; 01:30 happens twice.
    const autumn = slotsBetween(
      engineInput({
        ...halfHourly,
        weeklyWindows: [{ weekday: SUNDAY, ...hours(1, 3) }],
        from: at("2026-04-04T00:00:00Z"),
        to: at("2026-04-05T12:00:00Z"),
      }),
    );
    expect(isoStarts(autumn)).toEqual([
      "2026-04-04T14:00:00.000Z",
      "2026-04-04T14:30:00.000Z",
      "2026-04-04T15:00:00.000Z",
      "2026-04-04T15:30:00.000Z",
      "2026-04-04T16:00:00.000Z",
    ]);
    expect(localStarts(autumn, zone).slice(1, 3)).toEqual(["2026-04-05 01:30 +11:00", "2026-04-05 01:30 +10:30"]);

    // 01:00–04:00 on the spring-forward night is 2.5 real hours; 02:00–02:29 never happens.
    const spring = slotsBetween(
      engineInput({
        ...halfHourly,
        weeklyWindows: [{ weekday: SUNDAY, ...hours(1, 4) }],
        from: at("2026-10-03T00:00:00Z"),
        to: at("2026-10-04T12:00:00Z"),
      }),
    );
    expect(isoStarts(spring)).toEqual([
      "2026-10-03T14:30:00.000Z",
      "2026-10-03T15:00:00.000Z",
      "2026-10-03T15:30:00.000Z",
      "2026-10-03T16:00:00.000Z",
      "2026-10-03T16:30:00.000Z",
    ]);
    expect(localStarts(spring, zone)).toEqual([
      "2026-10-04 01:00 +10:30",
      "2026-10-04 01:30 +10:30",
      "2026-10-04 02:30 +11:00",
      "2026-10-04 03:00 +11:00",
      "2026-10-04 03:30 +11:00",
    ]);
  });

  test("Beirut skips its midnight: Saturday keeps 22:00–24:00, Sunday 00:00–03:00 loses an hour", () => {
    const slots = slotsBetween(
      engineInput({
        timeZone: "Asia/Beirut",
        weeklyWindows: [
          { weekday: 6, ...hours(22, 24) },
          { weekday: SUNDAY, ...hours(0, 3) },
        ],
        from: at("2026-03-28T00:00:00Z"),
        to: at("2026-03-29T12:00:00Z"),
      }),
    );
    expect(localStarts(slots, "Asia/Beirut")).toEqual([
      "2026-03-28 22:00 +02:00",
      "2026-03-28 23:00 +02:00",
      "2026-03-29 01:00 +03:00",
      "2026-03-29 02:00 +03:00",
    ]);
  });
});

describe("zones far from UTC", () => {
  test("Kathmandu (+05:45): 09:00 local is 03:15Z", () => {
    const slots = slotsBetween(
      engineInput({
        timeZone: "Asia/Kathmandu",
        weeklyWindows: [{ weekday: MONDAY, ...hours(9, 11) }],
        from: at("2026-06-01T00:00:00Z"),
        to: at("2026-06-02T00:00:00Z"),
      }),
    );
    expect(isoStarts(slots)).toEqual(["2026-06-01T03:15:00.000Z", "2026-06-01T04:15:00.000Z"]);
  });

  test("Kiritimati (+14): a Monday window falls on Sunday in UTC", () => {
    const slots = slotsBetween(
      engineInput({
        timeZone: "Pacific/Kiritimati",
        weeklyWindows: [{ weekday: MONDAY, ...hours(9, 10) }],
        from: at("2026-05-31T00:00:00Z"),
        to: at("2026-06-02T00:00:00Z"),
      }),
    );
    expect(isoStarts(slots)).toEqual(["2026-05-31T19:00:00.000Z"]);
    expect(new Date(slots[0]?.startsAt ?? 0).getUTCDay()).toBe(0);
  });

  test("a window ending at 24:00 runs to the next local midnight", () => {
    const slots = slotsBetween(
      engineInput({
        weeklyWindows: [{ weekday: TUESDAY, ...hours(22, 24) }],
        from: at("2026-06-02T00:00:00Z"),
        to: at("2026-06-03T00:00:00Z"),
      }),
    );
    expect(slots).toEqual([
      { startsAt: at("2026-06-02T20:00:00Z"), endsAt: at("2026-06-02T21:00:00Z") },
      { startsAt: at("2026-06-02T21:00:00Z"), endsAt: at("2026-06-02T22:00:00Z") },
    ]);
  });
});

describe("booking rules (Europe/Berlin, summer: UTC+2)", () => {
  const weekdays9to17: WeeklyWindow[] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, ...hours(9, 17) }));

  test("minimum notice drops slots starting too soon", () => {
    const slots = slotsBetween(
      engineInput({
        weeklyWindows: weekdays9to17,
        rules: { minNoticeMinutes: 120 },
        now: at("2026-06-01T07:10:00Z"), // Monday 09:10 local
        from: at("2026-06-01T00:00:00Z"),
        to: at("2026-06-02T00:00:00Z"),
      }),
    );
    expect(isoStarts(slots)).toEqual([
      "2026-06-01T10:00:00.000Z",
      "2026-06-01T11:00:00.000Z",
      "2026-06-01T12:00:00.000Z",
      "2026-06-01T13:00:00.000Z",
      "2026-06-01T14:00:00.000Z",
    ]);
  });

  test("the horizon drops slots starting at or after now + horizonDays", () => {
    const slots = slotsBetween(
      engineInput({
        weeklyWindows: weekdays9to17,
        rules: { horizonDays: 1 },
        now: at("2026-06-01T12:00:00Z"), // Monday 14:00 local
        from: at("2026-06-01T00:00:00Z"),
        to: at("2026-06-04T00:00:00Z"),
      }),
    );
    expect(isoStarts(slots)).toEqual([
      "2026-06-01T12:00:00.000Z",
      "2026-06-01T13:00:00.000Z",
      "2026-06-01T14:00:00.000Z",
      "2026-06-02T07:00:00.000Z",
      "2026-06-02T08:00:00.000Z",
      "2026-06-02T09:00:00.000Z",
      "2026-06-02T10:00:00.000Z",
      "2026-06-02T11:00:00.000Z",
    ]);
  });

  test("only starts in [from, to) are returned", () => {
    const slots = slotsBetween(
      engineInput({
        weeklyWindows: weekdays9to17,
        from: at("2026-06-01T08:00:00Z"),
        to: at("2026-06-01T10:00:00Z"),
      }),
    );
    expect(isoStarts(slots)).toEqual(["2026-06-01T08:00:00.000Z", "2026-06-01T09:00:00.000Z"]);
  });

  test("buffers protect both bookings: at least after + before minutes between any two", () => {
    const slots = slotsBetween(
      engineInput({
        sessionMinutes: 30,
        rules: { slotIntervalMinutes: 15, bufferBeforeMinutes: 15, bufferAfterMinutes: 30 },
        weeklyWindows: [{ weekday: MONDAY, ...hours(8, 13) }],
        // 10:00–11:00 local. A new session must end by 09:15 (its 30 after + the booking's 15
        // before) and start from 11:45 (the booking's 30 after + its own 15 before).
        bookings: [{ startsAt: at("2026-06-01T08:00:00Z"), endsAt: at("2026-06-01T09:00:00Z") }],
        from: at("2026-06-01T00:00:00Z"),
        to: at("2026-06-02T00:00:00Z"),
      }),
    );
    expect(localStarts(slots, "Europe/Berlin").map((text) => text.slice(11, 16))).toEqual([
      "08:00",
      "08:15",
      "08:30",
      "08:45",
      "11:45",
      "12:00",
      "12:15",
      "12:30",
    ]);
  });

  test("with 15 minutes after, an hour-long session is not offered right before a 10:30 booking (issue #16)", () => {
    const slots = slotsBetween(
      engineInput({
        sessionMinutes: 60,
        rules: { slotIntervalMinutes: 15, bufferAfterMinutes: 15 },
        weeklyWindows: [{ weekday: MONDAY, ...hours(8, 14) }],
        // 10:30–11:30 local.
        bookings: [{ startsAt: at("2026-06-01T08:30:00Z"), endsAt: at("2026-06-01T09:30:00Z") }],
        from: at("2026-06-01T00:00:00Z"),
        to: at("2026-06-02T00:00:00Z"),
      }),
    );
    const times = localStarts(slots, "Europe/Berlin").map((text) => text.slice(11, 16));
    expect(times).not.toContain("09:30");
    expect(times).toEqual(["08:00", "08:15", "08:30", "08:45", "09:00", "09:15", "11:45", "12:00", "12:15", "12:30", "12:45", "13:00"]);
  });

  test("blocked time removes overlapping slots, without buffers", () => {
    const slots = slotsBetween(
      engineInput({
        sessionMinutes: 30,
        rules: { slotIntervalMinutes: 15, bufferBeforeMinutes: 30, bufferAfterMinutes: 30 },
        weeklyWindows: [{ weekday: MONDAY, ...hours(11, 14) }],
        // 12:00–12:45 local.
        blocked: [{ startsAt: at("2026-06-01T10:00:00Z"), endsAt: at("2026-06-01T10:45:00Z") }],
        from: at("2026-06-01T00:00:00Z"),
        to: at("2026-06-02T00:00:00Z"),
      }),
    );
    expect(localStarts(slots, "Europe/Berlin").map((text) => text.slice(11, 16))).toEqual([
      "11:00",
      "11:15",
      "11:30",
      "12:45",
      "13:00",
      "13:15",
      "13:30",
    ]);
  });

  test("the daily cap closes a local date that already has that many bookings", () => {
    const slots = slotsBetween(
      engineInput({
        timeZone: "America/New_York",
        rules: { dailyCap: 2 },
        weeklyWindows: [MONDAY, TUESDAY].map((weekday) => ({ weekday, ...hours(9, 12) })),
        bookings: [
          { startsAt: at("2026-06-01T20:00:00Z"), endsAt: at("2026-06-01T21:00:00Z") }, // Mon 16:00 local
          // Tuesday in UTC but Monday 22:00 in New York: counts for Monday.
          { startsAt: at("2026-06-02T02:00:00Z"), endsAt: at("2026-06-02T03:00:00Z") },
          { startsAt: at("2026-06-02T15:00:00Z"), endsAt: at("2026-06-02T16:00:00Z") }, // Tue 11:00 local
        ],
        from: at("2026-06-01T00:00:00Z"),
        to: at("2026-06-03T12:00:00Z"),
      }),
    );
    expect(localStarts(slots, "America/New_York")).toEqual(["2026-06-02 09:00 -04:00", "2026-06-02 10:00 -04:00"]);
  });

  test("overrides replace the weekly hours of their date only", () => {
    const slots = slotsBetween(
      engineInput({
        weeklyWindows: [{ weekday: MONDAY, ...hours(9, 11) }],
        overrides: [
          { date: "2026-06-01", ...hours(13, 14) },
          { date: "2026-06-01", ...hours(15, 16) },
        ],
        from: at("2026-06-01T00:00:00Z"),
        to: at("2026-06-09T00:00:00Z"),
      }),
    );
    expect(localStarts(slots, "Europe/Berlin")).toEqual([
      "2026-06-01 13:00 +02:00",
      "2026-06-01 15:00 +02:00",
      "2026-06-08 09:00 +02:00",
      "2026-06-08 10:00 +02:00",
    ]);
  });

  test("a day-off override leaves the date without slots", () => {
    const slots = slotsBetween(
      engineInput({
        weeklyWindows: weekdays9to17,
        rules: { slotIntervalMinutes: 240 },
        overrides: [{ date: "2026-06-02", startMinute: null, endMinute: null }],
        from: at("2026-06-01T00:00:00Z"),
        to: at("2026-06-04T00:00:00Z"),
      }),
    );
    expect(localStarts(slots, "Europe/Berlin")).toEqual([
      "2026-06-01 09:00 +02:00",
      "2026-06-01 13:00 +02:00",
      "2026-06-03 09:00 +02:00",
      "2026-06-03 13:00 +02:00",
    ]);
  });

  test("overlapping override rows give each start once, in order", () => {
    const slots = slotsBetween(
      engineInput({
        sessionMinutes: 30,
        rules: { slotIntervalMinutes: 30 },
        overrides: [
          { date: "2026-06-01", startMinute: 9 * 60, endMinute: 10 * 60 },
          { date: "2026-06-01", startMinute: 9 * 60 + 15, endMinute: 10 * 60 + 15 },
          { date: "2026-06-01", startMinute: 9 * 60, endMinute: 10 * 60 },
        ],
        from: at("2026-06-01T00:00:00Z"),
        to: at("2026-06-02T00:00:00Z"),
      }),
    );
    expect(localStarts(slots, "Europe/Berlin").map((text) => text.slice(11, 16))).toEqual(["09:00", "09:15", "09:30", "09:45"]);
  });

  test("bad input is refused instead of looping or guessing", () => {
    const base = engineInput({ weeklyWindows: weekdays9to17, to: at("2026-01-10T00:00:00Z") });
    expect(() => slotsBetween({ ...base, rules: { ...base.rules, slotIntervalMinutes: 0 } })).toThrow(RangeError);
    expect(() => slotsBetween({ ...base, sessionMinutes: -30 })).toThrow(RangeError);
    expect(() => slotsBetween({ ...base, timeZone: "Mars/Olympus_Mons" })).toThrow(RangeError);
    expect(() => slotsBetween({ ...base, timeZone: "" })).toThrow(RangeError);
    expect(() => slotsBetween({ ...base, overrides: [{ date: "2026-02-30", ...hours(9, 10) }] })).toThrow(RangeError);
    const halfOverride = { date: "2026-01-05", startMinute: 60, endMinute: null };
    expect(() => slotsBetween({ ...base, overrides: [halfOverride] })).toThrow(RangeError);
    expect(() => slotsBetween({ ...base, weeklyWindows: [{ weekday: 0, ...hours(9, 10) }] })).toThrow(RangeError);
    const pastMidnight = { weekday: 1, startMinute: 0, endMinute: 1441 };
    expect(() => slotsBetween({ ...base, weeklyWindows: [pastMidnight] })).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

/** The windows a local date gets under the contract, read straight from the input. */
function windowsOf(input: SlotEngineInput, day: number): LocalWindow[] {
  const rows = input.overrides.filter((row) => row.date === isoDate(day));
  if (rows.length > 0) {
    return rows.flatMap(({ startMinute, endMinute }) => (startMinute === null || endMinute === null ? [] : [{ startMinute, endMinute }]));
  }
  return input.weeklyWindows.filter((window) => window.weekday === weekdayOf(day));
}

const overlaps = (startsAt: number, endsAt: number, other: Interval) =>
  other.startsAt < other.endsAt && other.startsAt < endsAt && startsAt < other.endsAt;

/**
 * The contract, candidate by candidate, with the zone read minute by minute from Intl: every local
 * date around the range, every window, every grid point, every rule checked against every booking.
 */
function referenceSlots(input: SlotEngineInput): Interval[] {
  const { timeZone, rules } = input;
  const duration = input.sessionMinutes * MINUTE;
  const step = rules.slotIntervalMinutes * MINUTE;
  const clockMemo = new Map<number, number>();
  const instantOf = (day: number, minute: number) => firstMinuteShowing(timeZone, day * DAY + minute * MINUTE, clockMemo);
  const candidates: Interval[] = [];
  for (let day = clockDayAt(timeZone, input.from) - 1; day <= clockDayAt(timeZone, input.to) + 1; day++) {
    const bookingsThatDay = input.bookings.filter((booking) => clockDayAt(timeZone, booking.startsAt) === day).length;
    for (const window of windowsOf(input, day)) {
      const windowEnd = instantOf(day, window.endMinute);
      for (let startsAt = instantOf(day, window.startMinute); startsAt + duration <= windowEnd; startsAt += step) {
        const endsAt = startsAt + duration;
        const open =
          startsAt >= input.from &&
          startsAt < input.to &&
          startsAt >= input.now + rules.minNoticeMinutes * MINUTE &&
          startsAt < input.now + rules.horizonDays * DAY &&
          !input.bookings.some((booking) =>
            overlaps(startsAt - rules.bufferBeforeMinutes * MINUTE, endsAt + rules.bufferAfterMinutes * MINUTE, {
              startsAt: booking.startsAt - rules.bufferBeforeMinutes * MINUTE,
              endsAt: booking.endsAt + rules.bufferAfterMinutes * MINUTE,
            }),
          ) &&
          !input.blocked.some((blocked) => overlaps(startsAt, endsAt, blocked)) &&
          (rules.dailyCap === null || bookingsThatDay < rules.dailyCap);
        if (open) candidates.push({ startsAt, endsAt });
      }
    }
  }
  candidates.sort((a, b) => a.startsAt - b.startsAt);
  return candidates.filter((slot, index) => index === 0 || slot.startsAt !== candidates[index - 1]?.startsAt);
}

/** What is wrong with `slots` for `input`, as readable lines (plain checks: thousands per run). */
function ruleViolations(input: SlotEngineInput, slots: Interval[]): string[] {
  const { timeZone, rules } = input;
  const duration = input.sessionMinutes * MINUTE;
  const step = rules.slotIntervalMinutes * MINUTE;
  const widenedBookings = input.bookings.map((booking) => ({
    startsAt: booking.startsAt - rules.bufferBeforeMinutes * MINUTE,
    endsAt: booking.endsAt + rules.bufferAfterMinutes * MINUTE,
  }));
  const bookingDays = input.bookings.map((booking) => clockDayAt(timeZone, booking.startsAt));
  const violations: string[] = [];
  let previous = -Infinity;
  for (const { startsAt, endsAt } of slots) {
    const problem = (text: string) => violations.push(`${new Date(startsAt).toISOString()} in ${timeZone}: ${text}`);
    if (startsAt <= previous) problem("not after the previous slot (unsorted or duplicate)");
    previous = startsAt;
    if (endsAt - startsAt !== duration) problem("does not last the session length");
    if (startsAt < input.from || startsAt >= input.to) problem("starts outside [from, to)");
    if (startsAt < input.now + rules.minNoticeMinutes * MINUTE) problem("breaks the minimum notice");
    if (startsAt >= input.now + rules.horizonDays * DAY) problem("lies beyond the horizon");
    const widened = { from: startsAt - rules.bufferBeforeMinutes * MINUTE, to: endsAt + rules.bufferAfterMinutes * MINUTE };
    if (widenedBookings.some((booking) => overlaps(widened.from, widened.to, booking))) {
      problem("with its buffers, overlaps a buffered booking");
    }
    if (input.blocked.some((blocked) => overlaps(startsAt, endsAt, blocked))) problem("overlaps blocked time");

    const clock = clockAt(timeZone, startsAt);
    const day = Math.floor(clock / DAY);
    if (rules.dailyCap !== null && bookingDays.filter((bookingDay) => bookingDay === day).length >= rules.dailyCap) {
      problem("its date is already at the daily cap");
    }
    const bounds = localDayBounds(timeZone, day);
    const minute = (clock % DAY) / MINUTE;
    const home = windowsOf(input, day).find((window) => {
      const windowStart = instantOnDay(timeZone, bounds, window.startMinute);
      const windowEnd = instantOnDay(timeZone, bounds, window.endMinute);
      if (startsAt < windowStart || endsAt > windowEnd || (startsAt - windowStart) % step !== 0) return false;
      if (window.startMinute <= minute && minute < window.endMinute) return true;
      // Off the wall-clock window only when the clocks went back between its start and this slot.
      return offsetAt(timeZone, startsAt) < offsetAt(timeZone, windowStart);
    });
    if (!home) problem("lies in none of its local date's windows (or off their grid)");
  }
  return violations;
}

const anyMinute = fc.oneof(
  fc.noBias(fc.integer({ min: 0, max: 1440 })),
  fc.integer({ min: 0, max: 96 }).map((quarter) => quarter * 15),
  fc.constantFrom(0, 30, 60, 90, 120, 150, 180, 1380, 1440),
);

/** Up to three non-overlapping windows (sorted distinct cut points, taken in pairs); now and then none. */
const dayWindows = fc
  .oneof(
    { arbitrary: fc.uniqueArray(anyMinute, { minLength: 2, maxLength: 6 }), weight: 4 },
    { arbitrary: fc.constant<number[]>([]), weight: 1 },
  )
  .map((cuts) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const windows: LocalWindow[] = [];
    for (let index = 0; index + 1 < sorted.length; index += 2) {
      windows.push({ startMinute: sorted[index] ?? 0, endMinute: sorted[index + 1] ?? 0 });
    }
    return windows;
  });

/** Override windows may overlap each other, as several hand-entered rows could. */
const overrideWindow = fc
  .tuple(anyMinute, anyMinute)
  .filter(([a, b]) => a !== b)
  .map(([a, b]) => ({ startMinute: Math.min(a, b), endMinute: Math.max(a, b) }));

const rules: fc.Arbitrary<SlotRules> = fc.record({
  minNoticeMinutes: fc.integer({ min: 0, max: 2 * 1440 }),
  horizonDays: fc.integer({ min: 1, max: 90 }),
  bufferBeforeMinutes: fc.integer({ min: 0, max: 60 }),
  bufferAfterMinutes: fc.integer({ min: 0, max: 60 }),
  slotIntervalMinutes: fc.integer({ min: 5, max: 120 }),
  dailyCap: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
});

/** An instant in 2025–2027, half the time within days of one of the zone's clock changes. */
function anchorIn(timeZone: string): fc.Arbitrary<number> {
  const anywhere = fc.noBias(fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 1) }));
  const transitions = transitionsNear2026(timeZone);
  if (transitions.length === 0) return anywhere;
  const nearChange = fc
    .tuple(fc.constantFrom(...transitions), fc.integer({ min: -3 * DAY, max: DAY }))
    .map(([transition, shift]) => transition + shift);
  return fc.oneof(anywhere, nearChange);
}

/** Instants relative to `base`, whole minutes most of the time. */
const shiftedFrom = (base: number, minMinutes: number, maxMinutes: number) =>
  fc
    .tuple(fc.integer({ min: minMinutes, max: maxMinutes }), fc.oneof(fc.constant(0), fc.integer({ min: 0, max: MINUTE - 1 })))
    .map(([minutes, ms]) => base + minutes * MINUTE + ms);

interface InputScale {
  minRangeMinutes: number;
  maxRangeMinutes: number;
  maxBookings: number;
  maxBlockedMinutes: number;
}

function engineInputs(scale: InputScale): fc.Arbitrary<SlotEngineInput> {
  const { minRangeMinutes, maxRangeMinutes, maxBookings, maxBlockedMinutes } = scale;
  return fc
    .constantFrom(...ALL_ZONES)
    .chain((timeZone) => fc.record({ timeZone: fc.constant(timeZone), anchor: anchorIn(timeZone) }))
    .chain(({ timeZone, anchor }) => {
      const anchorDay = clockDayAt(timeZone, anchor);
      const rangeDays = Math.ceil(maxRangeMinutes / 1440);
      return fc
        .record({
          from: shiftedFrom(anchor, -2 * 1440, 1440),
          rangeMinutes: fc.noBias(fc.integer({ min: minRangeMinutes, max: maxRangeMinutes })),
          // How long before `from` the notice period ends: negative = it cuts into the range.
          noticeEndsBeforeFromMinutes: fc.noBias(fc.integer({ min: -12 * 60, max: 2 * 1440 })),
          sessionMinutes: fc.integer({ min: 15, max: 240 }),
          rules,
          weekly: fc.array(dayWindows, { minLength: 7, maxLength: 7 }),
          overrides: fc.array(
            fc.record({
              dayShift: fc.integer({ min: -3, max: rangeDays + 2 }),
              windows: fc.oneof(
                { arbitrary: fc.constant<LocalWindow[]>([]), weight: 1 },
                { arbitrary: fc.array(overrideWindow, { minLength: 1, maxLength: 3 }), weight: 3 },
              ),
            }),
            { maxLength: 4 },
          ),
          bookings: fc.array(
            fc.record({
              start: shiftedFrom(anchor, -3 * 1440, maxRangeMinutes + 1440),
              minutes: fc.integer({ min: 15, max: 240 }),
            }),
            { maxLength: maxBookings },
          ),
          blocked: fc.array(
            fc.record({
              start: shiftedFrom(anchor, -3 * 1440, maxRangeMinutes + 1440),
              minutes: fc.integer({ min: 5, max: maxBlockedMinutes }),
            }),
            { maxLength: 5 },
          ),
        })
        .map((drawn): SlotEngineInput => ({
          timeZone,
          sessionMinutes: drawn.sessionMinutes,
          rules: drawn.rules,
          weeklyWindows: drawn.weekly.flatMap((windows, index) => windows.map((window) => ({ weekday: index + 1, ...window }))),
          overrides: drawn.overrides.flatMap(({ dayShift, windows }): DateOverride[] => {
            const date = isoDate(anchorDay + dayShift);
            return windows.length === 0 ? [{ date, startMinute: null, endMinute: null }] : windows.map((window) => ({ date, ...window }));
          }),
          bookings: drawn.bookings.map(({ start, minutes }) => ({ startsAt: start, endsAt: start + minutes * MINUTE })),
          blocked: drawn.blocked.map(({ start, minutes }) => ({ startsAt: start, endsAt: start + minutes * MINUTE })),
          now: drawn.from - (drawn.rules.minNoticeMinutes + drawn.noticeEndsBeforeFromMinutes) * MINUTE,
          from: drawn.from,
          to: drawn.from + drawn.rangeMinutes * MINUTE,
        }));
    });
}

/** Up to 21 days, 40 bookings: checked rule by rule. */
const wideInputs = engineInputs({
  minRangeMinutes: 0,
  maxRangeMinutes: 21 * 1440,
  maxBookings: 40,
  maxBlockedMinutes: 3 * 1440,
});
/** 6–30 hours, a handful of bookings: small enough for the minute-by-minute reference. */
const smallInputs = engineInputs({
  minRangeMinutes: 6 * 60,
  maxRangeMinutes: 30 * 60,
  maxBookings: 5,
  maxBlockedMinutes: 6 * 60,
});

// Hundreds of CPU-bound runs each: on a loaded machine they take far longer than the default limit.
describe("properties across every zone", { timeout: propertyTestLimitMs }, () => {
  test("every slot obeys every rule (ranges up to 21 days)", () => {
    fc.assert(
      fc.property(wideInputs, (input) => {
        expect(ruleViolations(input, slotsBetween(input))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  test("the engine equals a candidate-by-candidate reference (ranges up to 30 hours)", () => {
    fc.assert(
      fc.property(smallInputs, (input) => {
        expect(slotsBetween(input)).toEqual(referenceSlots(input));
      }),
      { numRuns: 500 },
    );
  });
});
