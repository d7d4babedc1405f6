import { expect, test } from "vitest";
import { timeZoneGroups } from "./time-zone-options";

test("the zone picker offers current names as cities, never raw ids or renamed zones", () => {
  const groups = timeZoneGroups("Asia/Calcutta", new Date("2026-06-01T12:00:00Z"));
  const options = groups.flatMap((group) => group.zones);
  const values = options.map((option) => option.value);
  expect(values).toContain("Asia/Kolkata");
  expect(values).toContain("Europe/Kyiv");
  expect(values).not.toContain("Asia/Calcutta");
  expect(values).not.toContain("Europe/Kiev");
  expect(new Set(values).size).toBe(values.length);
  expect(options.find((option) => option.value === "Asia/Kolkata")?.label).toBe("Kolkata (GMT+5:30)");
  expect(options.find((option) => option.value === "America/Sao_Paulo")?.label).toBe("São Paulo (GMT-3)");
  expect(options.filter((option) => /_|[A-Za-z]\/[A-Za-z]/.test(option.label))).toEqual([]);
});
