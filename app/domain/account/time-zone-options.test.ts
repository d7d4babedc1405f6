import { expect, test } from "vitest";
import { likelyTimeZones, timeZoneGroups } from "./time-zone-options";

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

test("the short list: common zones plus the ones asked for, under current names, west to east", () => {
  const options = likelyTimeZones(["Asia/Calcutta", "Asia/Kathmandu", "Europe/Berlin"], new Date("2026-06-01T12:00:00Z"));
  const values = options.map((option) => option.value);
  expect(values.length).toBeLessThanOrEqual(20);
  expect(new Set(values).size).toBe(values.length);
  expect(values).not.toContain("Asia/Calcutta");
  expect(values.slice(0, 2)).toEqual(["America/Los_Angeles", "America/Denver"]);
  expect(values.indexOf("Asia/Kolkata")).toBe(values.indexOf("Asia/Kathmandu") - 1);
  expect(options.find((option) => option.value === "Asia/Kathmandu")?.label).toBe("Kathmandu (GMT+5:45)");
  expect(values.at(-1)).toBe("Pacific/Auckland");
});
