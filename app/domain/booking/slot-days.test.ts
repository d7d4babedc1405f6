import { afterEach, expect, test, vi } from "vitest";
import { dayOfTimes, pickerView } from "./slot-days";

const starts = ["2026-06-29T07:00:00Z", "2026-06-29T08:00:00Z", "2026-07-02T07:00:00Z"].map((iso) => new Date(iso));

test("open times become the months and days the calendar shows", () => {
  expect(pickerView(starts, { viewer: "Europe/Berlin", specialist: "Europe/Berlin" }, null).calendar).toEqual({
    months: ["2026-06", "2026-07"],
    open: ["2026-06-29", "2026-07-02"],
  });
});

test("the day shown: the one asked for when it has times, else the first; only its times are formatted", () => {
  const zones = { viewer: "America/Los_Angeles", specialist: "Europe/Berlin" };
  const shown = (focus: string | null) => pickerView(starts, zones, focus).day;
  expect(shown("2026-07-02")).toEqual({
    key: "2026-07-02",
    label: "Thursday 2 July",
    slots: [{ startsAt: "2026-07-02T07:00:00.000Z", viewer: "00:00", specialist: "09:00" }],
  });
  expect(shown("2026-07-01")?.key).toBe("2026-06-29");
  expect(shown("2026-06-29")?.slots).toHaveLength(2);
  expect(shown("not-a-day")?.key).toBe("2026-06-29");
  expect(pickerView([], zones, "2026-07-02").day).toBeNull();
  expect(dayOfTimes(starts, "2026-06-29", zones)?.slots.map((slot) => slot.viewer)).toEqual(["00:00", "01:00"]);
  expect(dayOfTimes(starts, "2026-06-30", zones)).toBeNull();
});

/** Counts `new Intl.DateTimeFormat(…)` while handing back real formatters. */
function countBuiltDateTimeFormat() {
  const Original = Intl.DateTimeFormat;
  return vi.spyOn(Intl, "DateTimeFormat").mockImplementation(function (...args: ConstructorParameters<typeof Original>) {
    return new Original(...args);
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

test("showing 1,000 open times on page after page builds each date formatter once", () => {
  const built = countBuiltDateTimeFormat();
  const from = Date.UTC(2027, 0, 4, 9);
  const many = Array.from({ length: 1000 }, (_, index) => new Date(from + index * 45 * 60_000));
  // Zones no other test here uses, so the first page builds this test's formatters.
  const page = () => pickerView(many, { viewer: "Asia/Kathmandu", specialist: "America/St_Johns" }, "2027-01-20");
  page();
  const firstPage = built.mock.calls.length;
  for (let request = 0; request < 20; request++) page();
  expect(firstPage).toBeLessThanOrEqual(6);
  expect(built.mock.calls.length).toBe(firstPage);
});
