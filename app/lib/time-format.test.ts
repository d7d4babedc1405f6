import { afterEach, describe, expect, it, vi } from "vitest";
import {
  dayKeyIn,
  formatDayTime,
  formatRange,
  formatSessionTime,
  formatShortSessionTime,
  formatTime,
  isValidTimeZone,
  zoneOffsetLabel,
} from "./time-format";

describe("message time formats", () => {
  const at = new Date("2026-12-07T13:00:00Z");

  it("names the day, the local time and the zone's city", () => {
    expect(formatSessionTime(at, "Europe/Berlin")).toBe("Monday 7 December 2026 at 14:00 (Berlin time)");
    expect(formatSessionTime(at, "Asia/Kolkata")).toBe("Monday 7 December 2026 at 18:30 (Kolkata time)");
  });

  it("crosses the date line where the zone does", () => {
    expect(formatSessionTime(at, "Pacific/Kiritimati")).toBe("Tuesday 8 December 2026 at 03:00 (Kiritimati time)");
    expect(formatShortSessionTime(at, "America/Los_Angeles")).toBe("Mon 7 Dec, 05:00 Los Angeles");
  });

  it("follows daylight saving time per date", () => {
    expect(formatSessionTime(new Date("2026-07-07T13:00:00Z"), "Europe/Berlin")).toBe("Tuesday 7 July 2026 at 15:00 (Berlin time)");
  });
});

describe("page time formats", () => {
  const at = new Date("2026-06-02T08:00:00Z");

  it("a day key is the zone's local date, across DST and the date line, asked once or again, past any cache", () => {
    const zones = ["America/Santiago", "Pacific/Apia", "Australia/Lord_Howe", "Asia/Kathmandu"];
    const reference = new Map(
      zones.map((zone) => [zone, new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })]),
    );
    const from = Date.UTC(2026, 0, 1);
    // 15-minute steps over three years in four zones: more instants than dayKeyIn keeps.
    for (const stride of [1, 97]) {
      const instants = Array.from(
        { length: Math.floor((3 * 365 * 96) / stride) },
        (_, step) => new Date(from + step * stride * 15 * 60_000),
      );
      for (const zone of zones) {
        const format = reference.get(zone)!;
        expect(instants.map((instant) => dayKeyIn(instant, zone))).toEqual(instants.map((instant) => format.format(instant)));
      }
    }
    expect(dayKeyIn(new Date("2026-04-05T03:30:00Z"), "America/Santiago")).toBe("2026-04-04");
    expect(() => dayKeyIn(at, "Not/AZone")).toThrow(RangeError);
  });

  it("shows times, days and ranges in the given zone", () => {
    expect(formatTime(at, "Europe/Berlin")).toBe("10:00");
    expect(formatDayTime(at, "Europe/Berlin")).toBe("Tue 2 Jun, 10:00");
    expect(formatRange(at, new Date("2026-06-02T09:00:00Z"), "Asia/Kolkata")).toMatch(/^Tue,? 2 Jun 2026, 13:30–14:30$/);
  });
});

/** Counts `new Intl.DateTimeFormat(…)` while handing back real formatters. */
function countBuiltDateTimeFormat() {
  const Original = Intl.DateTimeFormat;
  return vi.spyOn(Intl, "DateTimeFormat").mockImplementation(function (...args: ConstructorParameters<typeof Original>) {
    return new Original(...args);
  });
}

describe("formatters", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("formatting 1,000 times in every form builds one formatter per form and zone", () => {
    const built = countBuiltDateTimeFormat();
    const from = Date.UTC(2027, 2, 1);
    for (let index = 0; index < 1000; index++) {
      const start = new Date(from + index * 30 * 60_000);
      const end = new Date(start.getTime() + 30 * 60_000);
      formatTime(start, "Australia/Eucla");
      formatDayTime(start, "Australia/Eucla");
      formatRange(start, end, "Australia/Eucla");
      formatSessionTime(start, "Australia/Eucla");
      formatShortSessionTime(start, "Australia/Eucla");
      zoneOffsetLabel("Australia/Eucla", start);
    }
    expect(built.mock.calls.length).toBeLessThanOrEqual(6);
  });

  it("a zone written in other letter cases shares the formatter", () => {
    const built = countBuiltDateTimeFormat();
    const spellings = ["Pacific/Chatham", "pacific/chatham", "PACIFIC/CHATHAM", "Pacific/CHATHAM"];
    for (const zone of spellings) expect(isValidTimeZone(zone)).toBe(true);
    expect(built.mock.calls.length).toBe(1);
  });
});
