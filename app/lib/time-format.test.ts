import { describe, expect, it } from "vitest";
import { formatSessionTime, formatShortSessionTime } from "./time-format";

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
