import { expect, test } from "vitest";
import { dayLabel, monthCalendar } from "./month-calendar";

test("months become calendars of days, Monday first, marking the open ones", () => {
  const open = new Set(["2026-06-29", "2026-07-02"]);
  const months = ["2026-06", "2026-07"].map((month) => monthCalendar(month, open));
  expect(months.map((month) => month.label)).toEqual(["June 2026", "July 2026"]);
  const june = months[0]!;
  // 1 June 2026 is a Monday; 30 days make five weeks.
  expect(june.weeks).toHaveLength(5);
  expect(june.weeks[0]![0]).toMatchObject({ key: "2026-06-01", day: 1, label: "Monday 1 June", open: false });
  expect(
    june.weeks
      .flat()
      .filter((cell) => cell?.open)
      .map((cell) => cell!.key),
  ).toEqual(["2026-06-29"]);
  // 1 July 2026 is a Wednesday: two empty cells first.
  expect(months[1]!.weeks[0]!.slice(0, 3).map((cell) => cell?.key ?? null)).toEqual([null, null, "2026-07-01"]);
  expect(dayLabel("2026-07-02")).toBe("Thursday 2 July");
});
