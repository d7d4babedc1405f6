import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { propertyTestLimitMs } from "../../../tests/limits";
import {
  clearLocalTimeCache,
  formatLocalDay,
  instantsShowing,
  isoWeekday,
  localDayBounds,
  localDayOf,
  localInstant,
  parseLocalDay,
  zoneOffset,
} from "./local-time";
import { ALL_ZONES, DAY, HOUR, MINUTE, clockAt, clockDayAt, firstMinuteShowing, transitionsNear2026 } from "./zone-oracle.test-support";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const day = parseLocalDay;

describe("local dates", () => {
  test("parse and format YYYY-MM-DD, rejecting dates that do not exist", () => {
    expect(formatLocalDay(day("2026-03-08"))).toBe("2026-03-08");
    expect(day("1970-01-02")).toBe(1);
    for (const bad of ["2026-02-30", "2026-13-01", "2026-3-8", "08/03/2026", ""]) {
      expect(() => day(bad)).toThrow(RangeError);
    }
  });

  test("ISO weekdays run Monday = 1 … Sunday = 7", () => {
    expect(isoWeekday(day("2026-03-09"))).toBe(1);
    expect(isoWeekday(day("2026-03-08"))).toBe(7);
    expect(isoWeekday(day("1969-12-31"))).toBe(3);
  });
});

describe("instants of local times", () => {
  test("the offset belongs to the instant, not to a wall time", () => {
    // date-fns-tz's getTimezoneOffset answers -4 h here: it reads its argument as a wall time.
    expect(zoneOffset("America/New_York", at("2026-03-08T06:59:59Z"))).toBe(-5 * HOUR);
    expect(zoneOffset("America/New_York", at("2026-03-08T07:00:00Z"))).toBe(-4 * HOUR);
    expect(zoneOffset("Asia/Kathmandu", at("2026-06-01T00:00:00Z"))).toBe(5 * HOUR + 45 * MINUTE);
  });

  test("an ordinary local time maps to its one instant", () => {
    expect(iso(localInstant("Asia/Kathmandu", day("2026-06-01"), 9 * 60))).toBe("2026-06-01T03:15:00.000Z");
    expect(iso(localInstant("Pacific/Kiritimati", day("2026-06-01"), 9 * 60))).toBe("2026-05-31T19:00:00.000Z");
  });

  test("a skipped local time maps to the moment the clocks jump", () => {
    // New York 2026-03-08: 02:00 EST → 03:00 EDT at 07:00Z.
    expect(iso(localInstant("America/New_York", day("2026-03-08"), 2 * 60 + 30))).toBe("2026-03-08T07:00:00.000Z");
    // Beirut skips its midnight on 2026-03-29: the date starts at 01:00 local, not on the 28th.
    expect(iso(localInstant("Asia/Beirut", day("2026-03-29"), 0))).toBe("2026-03-28T22:00:00.000Z");
  });

  test("a local time shown twice maps to its first occurrence, whatever the zone's sign", () => {
    expect(iso(localInstant("America/New_York", day("2026-11-01"), 90))).toBe("2026-11-01T05:30:00.000Z");
    expect(iso(localInstant("Europe/London", day("2026-10-25"), 90))).toBe("2026-10-25T00:30:00.000Z");
  });

  test("days with a clock change are as long as they really are", () => {
    const hours = (zone: string, date: string) => {
      const bounds = localDayBounds(zone, day(date));
      return { hours: (bounds.endsAt - bounds.startsAt) / HOUR, steady: bounds.fixedOffset !== null };
    };
    expect(hours("America/New_York", "2026-03-08")).toEqual({ hours: 23, steady: false });
    expect(hours("America/New_York", "2026-11-01")).toEqual({ hours: 25, steady: false });
    expect(hours("America/New_York", "2026-11-02")).toEqual({ hours: 24, steady: true });
    expect(hours("Australia/Lord_Howe", "2026-10-04")).toEqual({ hours: 23.5, steady: false });
    expect(hours("Australia/Lord_Howe", "2026-04-05")).toEqual({ hours: 24.5, steady: false });
    expect(hours("Asia/Beirut", "2026-03-29")).toEqual({ hours: 23, steady: false });
  });

  test("results do not depend on the host's own time zone", () => {
    const samples = () => [
      localInstant("America/New_York", day("2026-11-01"), 90),
      localInstant("Europe/London", day("2026-10-25"), 90),
      localInstant("America/New_York", day("2026-03-08"), 150),
      localInstant("Asia/Beirut", day("2026-03-29"), 0),
      localDayOf("Asia/Tokyo", at("2026-03-08T15:30:00Z")),
    ];
    const hostZone = process.env.TZ;
    const expected = samples();
    try {
      for (const host of ["Asia/Tokyo", "America/Los_Angeles", "Europe/London"]) {
        process.env.TZ = host;
        // Guard against a runtime that ignores TZ changes, which would make this test vacuous.
        expect(new Date(at("2026-07-01T00:00:00Z")).getTimezoneOffset()).not.toBe(0);
        clearLocalTimeCache();
        expect(samples()).toEqual(expected);
      }
    } finally {
      if (hostZone === undefined) delete process.env.TZ;
      else process.env.TZ = hostZone;
    }
  });

  test("the memo of local midnights gives the same answers in any order", () => {
    const zone = "Australia/Lord_Howe";
    const days = Array.from({ length: 40 }, (_, index) => day("2026-03-20") + index);
    clearLocalTimeCache();
    const forward = days.map((date) => localDayBounds(zone, date));
    clearLocalTimeCache();
    const backward = [...days]
      .reverse()
      .map((date) => localDayBounds(zone, date))
      .reverse();
    const cold = days.map((date) => {
      clearLocalTimeCache();
      return localDayBounds(zone, date);
    });
    expect(backward).toEqual(forward);
    expect(cold).toEqual(forward);
  });
});

/** Any zone; dates anywhere in 2025–2027 or within a few days of one of the zone's clock changes. */
const zoneAndInstant = fc.constantFrom(...ALL_ZONES).chain((timeZone) => {
  const transitions = transitionsNear2026(timeZone);
  const anywhere = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) });
  const nearChange =
    transitions.length > 0
      ? fc.tuple(fc.constantFrom(...transitions), fc.integer({ min: -2 * DAY, max: 2 * DAY })).map(([t, d]) => t + d)
      : anywhere;
  return fc.record({ timeZone: fc.constant(timeZone), instant: fc.oneof(anywhere, nearChange) });
});

const localMinute = fc.oneof(
  fc.integer({ min: 0, max: 1440 }),
  fc.integer({ min: 0, max: 96 }).map((quarter) => quarter * 15),
  fc.constantFrom(0, 30, 60, 90, 120, 150, 180, 1440),
);

// Hundreds of CPU-bound runs each (tests/limits.ts).
describe("properties across every zone", { timeout: propertyTestLimitMs }, () => {
  test("localInstant is the first minute at which the clock reads that local time or later", () => {
    fc.assert(
      fc.property(zoneAndInstant, localMinute, ({ timeZone, instant }, minute) => {
        const date = clockDayAt(timeZone, instant);
        const expected = firstMinuteShowing(timeZone, date * DAY + minute * MINUTE);
        expect(localInstant(timeZone, date, minute)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  test("a local date's bounds are its first instant and the next date's, and 'steady' means one offset", () => {
    fc.assert(
      fc.property(zoneAndInstant, ({ timeZone, instant }) => {
        const date = clockDayAt(timeZone, instant);
        const bounds = localDayBounds(timeZone, date);
        const memo = new Map<number, number>();
        expect(bounds.startsAt).toBe(firstMinuteShowing(timeZone, date * DAY, memo));
        expect(bounds.endsAt).toBe(firstMinuteShowing(timeZone, (date + 1) * DAY, memo));
        if (bounds.fixedOffset !== null) {
          expect(bounds.endsAt - bounds.startsAt).toBe(DAY);
          for (let hour = 0; hour <= 24; hour += 3) {
            const t = Math.min(bounds.startsAt + hour * HOUR, bounds.endsAt - MINUTE);
            expect(clockAt(timeZone, t) - t).toBe(bounds.fixedOffset);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  test("instantsShowing finds every instant whose clock reads that local time, and nothing else", () => {
    fc.assert(
      fc.property(zoneAndInstant, ({ timeZone, instant }) => {
        const t = Math.floor(instant / MINUTE) * MINUTE;
        const wall = clockAt(timeZone, t);
        // Fall-back overlaps last at most two hours (Antarctica/Troll): look minute by minute around t.
        const expected: number[] = [];
        for (let u = t - 3 * HOUR; u <= t + 3 * HOUR; u += MINUTE) if (clockAt(timeZone, u) === wall) expected.push(u);
        expect(instantsShowing(timeZone, Math.floor(wall / DAY), (wall % DAY) / MINUTE)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  test("localDayOf is the date the clock shows", () => {
    fc.assert(
      fc.property(zoneAndInstant, ({ timeZone, instant }) => {
        expect(localDayOf(timeZone, instant)).toBe(clockDayAt(timeZone, instant));
      }),
      { numRuns: 500 },
    );
  });
});
