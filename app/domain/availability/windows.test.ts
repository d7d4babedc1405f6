import fc from "fast-check";
import { formatInTimeZone } from "date-fns-tz";
import { describe, expect, test } from "vitest";
import { zoneOffset } from "./local-time";
import {
  dayWindowIssues,
  localDateTimeToInstant,
  overrideDateProblem,
  parseLocalDateTime,
  parseTimeOfDay,
  parseWindowRows,
  resolveBlockedTime,
  weeklyWindowsProblem,
  windowsProblem,
} from "./windows";

const w = (start: string, end: string) => {
  const minute = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));
  return { startMinute: minute(start), endMinute: minute(end) };
};

describe("parseTimeOfDay", () => {
  test.each([
    ["00:00", "start", 0],
    ["09:30", "start", 570],
    ["23:55", "end", 1435],
    ["24:00", "end", 1440],
    ["17:05:00", "end", 1025],
  ] as const)("%s as %s → %i", (text, role, minutes) => {
    expect(parseTimeOfDay(text, role)).toEqual({ ok: true, value: minutes });
  });

  test.each([
    ["9:30", "Enter the time as HH:MM, e.g. 09:30."],
    ["", "Enter the time as HH:MM, e.g. 09:30."],
    ["noon", "Enter the time as HH:MM, e.g. 09:30."],
    ["25:00", "“25:00” isn't a time of day: use 00:00 to 24:00."],
    ["12:60", "“12:60” isn't a time of day: use 00:00 to 24:00."],
    ["24:05", "“24:05” isn't a time of day: use 00:00 to 24:00."],
    ["09:07", "Use 5-minute steps, e.g. 09:05 or 09:10."],
  ])("refuses %j", (text, message) => {
    expect(parseTimeOfDay(text, "end")).toEqual({ ok: false, message });
  });

  test("24:00 ends a day but never starts one", () => {
    expect(parseTimeOfDay("24:00", "start")).toEqual({ ok: false, message: "Hours can't start at 24:00; use 00:00 of the next day." });
  });
});

describe("dayWindowIssues", () => {
  test("accepts separate and touching windows, in any order", () => {
    expect(dayWindowIssues([w("13:00", "17:00"), w("09:00", "12:00"), w("17:00", "24:00")], "Monday")).toEqual([]);
  });

  test("names the day and times of an inverted or empty window, on its end", () => {
    expect(dayWindowIssues([w("13:00", "09:00"), w("10:00", "10:00")], "Monday")).toEqual([
      { index: 0, field: "end", message: "Ends before it starts (13:00–09:00 on Monday)." },
      { index: 1, field: "end", message: "Ends when it starts (10:00–10:00 on Monday)." },
    ]);
  });

  test("reports an overlap once, on the later row, with both windows in time order", () => {
    expect(dayWindowIssues([w("09:00", "12:00"), w("11:00", "13:00")], "Monday")).toEqual([
      { index: 1, field: null, message: "09:00–12:00 overlaps 11:00–13:00 on Monday." },
    ]);
    expect(dayWindowIssues([w("11:00", "13:00"), w("09:00", "12:00")], "Tuesday")).toEqual([
      { index: 1, field: null, message: "09:00–12:00 overlaps 11:00–13:00 on Tuesday." },
    ]);
  });

  test("flags each row that overlaps an earlier one, including a window inside another", () => {
    const issues = dayWindowIssues([w("08:00", "18:00"), w("09:00", "10:00"), w("12:00", "13:00")], "Friday");
    expect(issues.map((issue) => issue.message)).toEqual([
      "08:00–18:00 overlaps 09:00–10:00 on Friday.",
      "08:00–18:00 overlaps 12:00–13:00 on Friday.",
    ]);
  });

  test("does not compare against an inverted window", () => {
    expect(dayWindowIssues([w("18:00", "09:00"), w("10:00", "11:00")], "Monday")).toEqual([
      { index: 0, field: "end", message: "Ends before it starts (18:00–09:00 on Monday)." },
    ]);
  });

  test("property: no issue exactly when the windows are proper and pairwise disjoint", () => {
    const window = fc
      .tuple(fc.integer({ min: 0, max: 287 }), fc.integer({ min: 1, max: 288 }))
      .map(([a, b]) => ({ startMinute: a * 5, endMinute: b * 5 }));
    fc.assert(
      fc.property(fc.array(window, { maxLength: 6 }), (windows) => {
        const proper = windows.every((x) => x.startMinute < x.endMinute);
        const disjoint = windows.every((x, i) =>
          windows.every((y, j) => i === j || x.endMinute <= y.startMinute || y.endMinute <= x.startMinute),
        );
        expect(dayWindowIssues(windows, "Monday").length === 0).toBe(proper && disjoint);
      }),
    );
  });
});

describe("parseWindowRows", () => {
  test("turns rows into windows; “until midnight” ends at 24:00 whatever the end input says", () => {
    expect(
      parseWindowRows(
        [
          { start: "09:00", end: "12:00" },
          { start: "18:00", end: "", untilMidnight: true },
        ],
        "Monday",
      ),
    ).toEqual({ ok: true, windows: [w("09:00", "12:00"), { startMinute: 1080, endMinute: 1440 }] });
  });

  test("ties every problem to its row and input, and still checks the rows that parsed", () => {
    const result = parseWindowRows(
      [{ start: "09:00", end: "12:00" }, {}, { start: "11:00", end: "13:00" }, { start: "14:00", end: "14:03" }, undefined],
      "Monday",
    );
    expect(result).toEqual({
      ok: false,
      issues: [
        { index: 1, field: "start", message: "Enter a start time." },
        { index: 1, field: "end", message: "Enter an end time, or tick “until midnight”." },
        { index: 2, field: null, message: "09:00–12:00 overlaps 11:00–13:00 on Monday." },
        { index: 3, field: "end", message: "Use 5-minute steps, e.g. 09:05 or 09:10." },
        { index: 4, field: "start", message: "Enter a start time." },
        { index: 4, field: "end", message: "Enter an end time, or tick “until midnight”." },
      ],
    });
  });
});

describe("stored windows", () => {
  test("a sound week passes", () => {
    expect(
      weeklyWindowsProblem([
        { weekday: 1, ...w("09:00", "12:00") },
        { weekday: 1, ...w("13:00", "17:00") },
        { weekday: 7, startMinute: 1200, endMinute: 1440 },
      ]),
    ).toBeNull();
  });

  test.each([
    [[{ weekday: 8, ...w("09:00", "10:00") }], "8 isn't a weekday (1 = Monday … 7 = Sunday)."],
    [[{ weekday: 0, ...w("09:00", "10:00") }], "0 isn't a weekday (1 = Monday … 7 = Sunday)."],
    [[{ weekday: 2, startMinute: 540, endMinute: 1445 }], "Times on Tuesday must be between 00:00 and 24:00, in 5-minute steps."],
    [[{ weekday: 2, startMinute: 541, endMinute: 600 }], "Times on Tuesday must be between 00:00 and 24:00, in 5-minute steps."],
    [[{ weekday: 3, startMinute: 1440, endMinute: 1440 }], "Times on Wednesday must be between 00:00 and 24:00, in 5-minute steps."],
    [
      [
        { weekday: 4, ...w("09:00", "12:00") },
        { weekday: 4, ...w("11:00", "13:00") },
      ],
      "09:00–12:00 overlaps 11:00–13:00 on Thursday.",
    ],
  ])("refuses %j", (windows, message) => {
    expect(weeklyWindowsProblem(windows)).toBe(message);
  });

  test("windows on different days never overlap each other", () => {
    expect(
      weeklyWindowsProblem([
        { weekday: 1, ...w("09:00", "17:00") },
        { weekday: 2, ...w("09:00", "17:00") },
      ]),
    ).toBeNull();
  });

  test("windowsProblem names the date it checks", () => {
    expect(windowsProblem([w("10:00", "09:00")], "Thursday 24 December 2026")).toBe(
      "Ends before it starts (10:00–09:00 on Thursday 24 December 2026).",
    );
  });
});

describe("overrideDateProblem", () => {
  const today = "2026-11-25";
  test.each(["2026-11-25", "2026-11-26", "2028-02-29"])("accepts %s", (date) => {
    expect(overrideDateProblem(date, today)).toBeNull();
  });
  test.each([
    ["2026-02-30", "2026-02-30 isn't a date on the calendar."],
    ["2027-02-29", "2027-02-29 isn't a date on the calendar."],
    ["2026-13-01", "2026-13-01 isn't a date on the calendar."],
    ["2026-04-31", "2026-04-31 isn't a date on the calendar."],
    ["2026-12-00", "2026-12-00 isn't a date on the calendar."],
    ["2026-1-5", "Enter the date as YYYY-MM-DD."],
    ["tomorrow", "Enter the date as YYYY-MM-DD."],
    ["2026-11-24", "Tuesday 24 November 2026 is in the past."],
  ])("refuses %s", (date, message) => {
    expect(overrideDateProblem(date, today)).toBe(message);
  });
});

describe("local date-times", () => {
  test("parses what a datetime-local input sends", () => {
    expect(parseLocalDateTime("2026-12-01T14:30")).toEqual({
      ok: true,
      value: { date: "2026-12-01", minute: 870, text: "2026-12-01T14:30" },
    });
    expect(parseLocalDateTime("2026-12-01T14:30:00")).toMatchObject({ ok: true, value: { text: "2026-12-01T14:30" } });
    for (const text of ["2026-02-30T10:00", "2026-13-01T10:00", "2026-00-10T10:00", "2026-12-01 14:30", "2026-12-01T24:00", "2026-12-01"]) {
      expect(parseLocalDateTime(text), text).toEqual({ ok: false, message: "Enter a date and time, e.g. 2026-12-01 14:30." });
    }
  });

  test("reads the wall clock of the given zone, odd offsets included", () => {
    expect(localDateTimeToInstant("2026-12-01T14:30", "Europe/Berlin", "first")).toEqual({
      ok: true,
      value: new Date("2026-12-01T13:30:00Z"),
    });
    expect(localDateTimeToInstant("2026-07-01T09:00", "Asia/Kathmandu", "first")).toEqual({
      ok: true,
      value: new Date("2026-07-01T03:15:00Z"),
    });
  });

  test("refuses a time the clocks skip", () => {
    expect(localDateTimeToInstant("2026-03-29T02:30", "Europe/Berlin", "first")).toEqual({
      ok: false,
      message:
        "Sunday 29 March 2026, 02:30 doesn't exist in Europe/Berlin: the clocks skip ahead that night. Choose a time outside the gap.",
    });
    expect(localDateTimeToInstant("2026-03-08T02:00", "America/New_York", "last").ok).toBe(false);
  });

  test("a time that happens twice means its first or last occurrence, as asked", () => {
    // 25 October 2026: Berlin goes from 03:00 CEST back to 02:00 CET.
    expect(localDateTimeToInstant("2026-10-25T02:30", "Europe/Berlin", "first")).toEqual({
      ok: true,
      value: new Date("2026-10-25T00:30:00Z"),
    });
    expect(localDateTimeToInstant("2026-10-25T02:30", "Europe/Berlin", "last")).toEqual({
      ok: true,
      value: new Date("2026-10-25T01:30:00Z"),
    });
  });

  test("the same instants whatever the host's own zone, however long the overlap (ADR 0006)", () => {
    const cases: [local: string, zone: string, first: string | null, last: string | null][] = [
      // Troll goes back two hours (03:00 +02 → 01:00 +00): 01:30 happens 23:30Z and 01:30Z.
      ["2026-10-25T01:30", "Antarctica/Troll", "2026-10-24T23:30:00.000Z", "2026-10-25T01:30:00.000Z"],
      ["2026-03-29T01:30", "Antarctica/Troll", null, null],
      ["2026-11-01T01:30", "America/New_York", "2026-11-01T05:30:00.000Z", "2026-11-01T06:30:00.000Z"],
      // Lord Howe goes back half an hour.
      ["2026-04-05T01:45", "Australia/Lord_Howe", "2026-04-04T14:45:00.000Z", "2026-04-04T15:15:00.000Z"],
      ["2026-12-01T14:30", "Pacific/Kiritimati", "2026-12-01T00:30:00.000Z", "2026-12-01T00:30:00.000Z"],
    ];
    const iso = (result: ReturnType<typeof localDateTimeToInstant>) => (result.ok ? result.value.toISOString() : null);
    const hostZone = process.env.TZ;
    try {
      for (const host of ["UTC", "Antarctica/Troll", "Pacific/Kiritimati", "America/St_Johns"]) {
        process.env.TZ = host;
        // Guard against a runtime that ignores TZ changes, which would make this test vacuous.
        const july = Date.parse("2026-07-01T00:00:00Z");
        expect(zoneOffset(host, july) + new Date(july).getTimezoneOffset() * 60_000, host).toBe(0);
        for (const [local, zone, first, last] of cases) {
          expect(
            [iso(localDateTimeToInstant(local, zone, "first")), iso(localDateTimeToInstant(local, zone, "last"))],
            `${local} ${zone} on a ${host} host`,
          ).toEqual([first, last]);
        }
        const blocked = resolveBlockedTime(
          { startLocal: "2026-10-25T01:00", endLocal: "2026-10-25T02:00" },
          "Antarctica/Troll",
          new Date("2026-10-01T00:00:00Z"),
        );
        expect(blocked, host).toMatchObject({
          ok: true,
          startsAt: new Date("2026-10-24T23:00:00Z"),
          endsAt: new Date("2026-10-25T02:00:00Z"),
        });
      }
    } finally {
      if (hostZone === undefined) delete process.env.TZ;
      else process.env.TZ = hostZone;
    }
  });

  test("property: every instant's local time converts back to a time with that wall clock", () => {
    const zones = [
      "Europe/Berlin",
      "America/New_York",
      "Asia/Kathmandu",
      "Australia/Adelaide",
      "America/Sao_Paulo",
      "Antarctica/Troll",
      "Australia/Lord_Howe",
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 0, 1) }),
        fc.constantFrom(...zones),
        fc.constantFrom("first" as const, "last" as const),
        (ms, zone, occurrence) => {
          const local = formatInTimeZone(new Date(ms), zone, "yyyy-MM-dd'T'HH:mm");
          const result = localDateTimeToInstant(local, zone, occurrence);
          expect(result.ok).toBe(true);
          if (result.ok) expect(formatInTimeZone(result.value, zone, "yyyy-MM-dd'T'HH:mm")).toBe(local);
        },
      ),
    );
  });
});

describe("resolveBlockedTime", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  const zone = "Europe/Berlin";
  const resolve = (startLocal: string, endLocal: string, reason?: string) =>
    resolveBlockedTime({ startLocal, endLocal, reason }, zone, now);

  test("stores the local range as UTC instants with a trimmed note", () => {
    expect(resolve("2026-12-01T14:00", "2026-12-01T16:30", "  Dentist ")).toEqual({
      ok: true,
      startsAt: new Date("2026-12-01T13:00:00Z"),
      endsAt: new Date("2026-12-01T15:30:00Z"),
      reason: "Dentist",
    });
  });

  test("may have started already, as long as it isn't over", () => {
    expect(resolve("2026-11-25T10:00", "2026-11-25T18:00").ok).toBe(true);
  });

  test("lasts at most 31 days", () => {
    expect(resolve("2026-12-01T00:00", "2027-01-01T00:00").ok).toBe(true);
    expect(resolve("2026-12-01T00:00", "2027-01-01T00:05")).toEqual({
      ok: false,
      field: "endLocal",
      message: "Blocked time can last at most 31 days.",
    });
  });

  test.each([
    ["2026-12-01T16:00", "2026-12-01T14:00", "endLocal", "Ends before it starts."],
    ["2026-12-01T16:00", "2026-12-01T16:00", "endLocal", "Ends when it starts."],
    ["2026-11-20T10:00", "2026-11-25T12:00", "endLocal", "That time is already over."],
    ["2027-03-28T02:15", "2027-03-28T05:00", "startLocal", expect.stringContaining("doesn't exist in Europe/Berlin")],
    ["2027-03-28T01:00", "2027-03-28T02:15", "endLocal", expect.stringContaining("doesn't exist in Europe/Berlin")],
    ["", "2026-12-01T14:00", "startLocal", "Enter a date and time, e.g. 2026-12-01 14:30."],
  ])("refuses %s – %s", (startLocal, endLocal, field, message) => {
    expect(resolve(startLocal, endLocal)).toEqual({ ok: false, field, message });
  });

  test("refuses a note longer than 200 characters", () => {
    expect(resolve("2026-12-01T14:00", "2026-12-01T15:00", "x".repeat(201))).toEqual({
      ok: false,
      field: "reason",
      message: "Keep the note under 200 characters.",
    });
  });
});
