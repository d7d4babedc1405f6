import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, test } from "vitest";
import { blockedTimeSchema, copyDayRows, dateOverrideSchema, weeklyHoursSchema } from "./schemas";

const form = (entries: [string, string][]) => {
  const formData = new FormData();
  for (const [name, value] of entries) formData.append(name, value);
  return formData;
};

describe("weeklyHoursSchema", () => {
  test("turns the days' rows into weekly windows; a day without rows is off", () => {
    const submission = parseWithZod(
      form([
        ["monday[0].start", "09:00"],
        ["monday[0].end", "12:00"],
        ["monday[1].start", "13:00"],
        ["monday[1].end", "17:00"],
        ["sunday[0].start", "20:00"],
        ["sunday[0].end", ""],
        ["sunday[0].untilMidnight", "on"],
      ]),
      { schema: weeklyHoursSchema },
    );
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && submission.value).toEqual([
      { weekday: 1, startMinute: 540, endMinute: 720 },
      { weekday: 1, startMinute: 780, endMinute: 1020 },
      { weekday: 7, startMinute: 1200, endMinute: 1440 },
    ]);
  });

  test("puts each error on the row or input it concerns", () => {
    const submission = parseWithZod(
      form([
        ["monday[0].start", "09:00"],
        ["monday[0].end", "12:00"],
        ["monday[1].start", "11:00"],
        ["monday[1].end", "13:00"],
        ["wednesday[0].start", "13:00"],
        ["wednesday[0].end", "09:00"],
        ["friday[0].start", "9am"],
        ["friday[0].end", "17:00"],
      ]),
      { schema: weeklyHoursSchema },
    );
    expect(submission.status).toBe("error");
    expect(submission.status === "error" && submission.error).toEqual({
      "monday[1]": ["09:00–12:00 overlaps 11:00–13:00 on Monday."],
      "wednesday[0].end": ["Ends before it starts (13:00–09:00 on Wednesday)."],
      "friday[0].start": ["Enter the time as HH:MM, e.g. 09:30."],
    });
  });
});

describe("copyDayRows", () => {
  test("replaces the target days' rows with the source day's, as typed", () => {
    const copied = copyDayRows(
      form([
        ["section", "weekly"],
        ["monday[0].start", "09:00"],
        ["monday[0].end", "12:00"],
        ["monday[1].start", "18:00"],
        ["monday[1].untilMidnight", "on"],
        ["tuesday[0].start", "07:00"],
        ["tuesday[0].end", "08:00"],
        ["saturday[0].start", "10:00"],
        ["saturday[0].end", "14:00"],
      ]),
      "monday",
      ["tuesday", "wednesday"],
    );
    expect([...copied.entries()]).toEqual([
      ["section", "weekly"],
      ["monday[0].start", "09:00"],
      ["monday[0].end", "12:00"],
      ["monday[1].start", "18:00"],
      ["monday[1].untilMidnight", "on"],
      ["saturday[0].start", "10:00"],
      ["saturday[0].end", "14:00"],
      ["tuesday[0].start", "09:00"],
      ["wednesday[0].start", "09:00"],
      ["tuesday[0].end", "12:00"],
      ["wednesday[0].end", "12:00"],
      ["tuesday[1].start", "18:00"],
      ["wednesday[1].start", "18:00"],
      ["tuesday[1].untilMidnight", "on"],
      ["wednesday[1].untilMidnight", "on"],
    ]);
  });
});

describe("dateOverrideSchema", () => {
  const schema = dateOverrideSchema("2026-11-25");

  test("a day off ignores whatever the hours rows say", () => {
    const submission = parseWithZod(
      form([
        ["date", "2026-12-24"],
        ["mode", "unavailable"],
        ["windows[0].start", "12:00"],
        ["windows[0].end", "09:00"],
      ]),
      { schema },
    );
    expect(submission.status === "success" && submission.value).toEqual({ date: "2026-12-24", windows: "unavailable" });
  });

  test("specific hours need at least one valid window, named by date", () => {
    const none = parseWithZod(
      form([
        ["date", "2026-12-24"],
        ["mode", "hours"],
      ]),
      { schema },
    );
    expect(none.status === "error" && none.error).toEqual({
      windows: ["Add the hours you're available, or choose “Unavailable all day”."],
    });
    const overlapping = parseWithZod(
      form([
        ["date", "2026-12-24"],
        ["mode", "hours"],
        ["windows[0].start", "09:00"],
        ["windows[0].end", "12:00"],
        ["windows[1].start", "10:00"],
        ["windows[1].end", "11:00"],
      ]),
      { schema },
    );
    expect(overlapping.status === "error" && overlapping.error).toEqual({
      "windows[1]": ["09:00–12:00 overlaps 10:00–11:00 on Thursday 24 December 2026."],
    });
  });

  test("refuses a missing, impossible or past date", () => {
    const errorFor = (date: string | null) => {
      const entries: [string, string][] = [["mode", "unavailable"]];
      if (date !== null) entries.push(["date", date]);
      const submission = parseWithZod(form(entries), { schema });
      return submission.status === "error" ? submission.error?.date : undefined;
    };
    expect(errorFor(null)).toEqual(["Choose a date."]);
    expect(errorFor("2026-02-30")).toEqual(["2026-02-30 isn't a date on the calendar."]);
    expect(errorFor("2026-11-24")).toEqual(["Tuesday 24 November 2026 is in the past."]);
  });
});

describe("blockedTimeSchema", () => {
  test("reports the DST gap on the input that falls into it", () => {
    const submission = parseWithZod(
      form([
        ["startLocal", "2027-03-28T01:00"],
        ["endLocal", "2027-03-28T02:30"],
      ]),
      { schema: blockedTimeSchema("Europe/Berlin", new Date("2026-11-25T12:00:00Z")) },
    );
    expect(submission.status === "error" && submission.error).toEqual({
      endLocal: [
        "Sunday 28 March 2027, 02:30 doesn't exist in Europe/Berlin: the clocks skip ahead that night. Choose a time outside the gap.",
      ],
    });
  });
});
