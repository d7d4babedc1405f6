import { expect, test } from "vitest";
import { focusDay } from "./picker-query";

test("the day to show: ?day= as given, else a requested time's day in the viewer's zone", () => {
  expect(focusDay(new URLSearchParams({ day: "2026-07-02", start: "2026-06-29T07:00:00.000Z" }), "UTC")).toBe("2026-07-02");
  expect(focusDay(new URLSearchParams({ start: "2026-06-29T07:00:00.000Z" }), "America/Los_Angeles")).toBe("2026-06-29");
  expect(focusDay(new URLSearchParams({ start: "2026-06-29T06:00:00.000Z" }), "America/Los_Angeles")).toBe("2026-06-28");
  expect(focusDay(new URLSearchParams({ start: "garbage" }), "UTC")).toBeNull();
});
