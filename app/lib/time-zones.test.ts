import { expect, test } from "vitest";
import { isValidTimeZone, zoneOffsetLabel } from "./time-format";
import { currentZoneName, zoneCity } from "./time-zones";

test("zoneCity names the city of an IANA zone", () => {
  expect(zoneCity("America/Los_Angeles")).toBe("Los Angeles");
  expect(zoneCity("America/Argentina/Buenos_Aires")).toBe("Buenos Aires");
  expect(zoneCity("UTC")).toBe("UTC");
});

test("zones read by their current names and as their cities spell them", () => {
  // Runtimes still report the old ids (Chromium and Node say Asia/Calcutta for India).
  expect(currentZoneName("Asia/Calcutta")).toBe("Asia/Kolkata");
  expect(currentZoneName("Europe/Kiev")).toBe("Europe/Kyiv");
  expect(currentZoneName("Asia/Saigon")).toBe("Asia/Ho_Chi_Minh");
  expect(currentZoneName("America/Buenos_Aires")).toBe("America/Argentina/Buenos_Aires");
  expect(currentZoneName("Europe/Berlin")).toBe("Europe/Berlin");
  expect(zoneCity("Asia/Calcutta")).toBe("Kolkata");
  expect(zoneCity("America/Sao_Paulo")).toBe("São Paulo");
  expect(zoneCity("America/Bogota")).toBe("Bogotá");
  expect(zoneCity("Atlantic/Reykjavik")).toBe("Reykjavík");
});

test("zoneOffsetLabel follows DST and fractional offsets", () => {
  const winter = new Date("2026-01-15T12:00:00Z");
  const summer = new Date("2026-07-15T12:00:00Z");
  expect(zoneOffsetLabel("America/New_York", winter)).toBe("GMT-5");
  expect(zoneOffsetLabel("America/New_York", summer)).toBe("GMT-4");
  expect(zoneOffsetLabel("Asia/Kathmandu", winter)).toBe("GMT+5:45");
  expect(zoneOffsetLabel("Australia/Lord_Howe", winter)).toBe("GMT+11");
  expect(zoneOffsetLabel("Australia/Lord_Howe", summer)).toBe("GMT+10:30");
  expect(zoneOffsetLabel("Etc/UTC", summer)).toBe("GMT");
});

test("isValidTimeZone accepts IANA zones and their aliases, rejects the rest", () => {
  for (const zone of ["UTC", "Asia/Kolkata", "Asia/Calcutta", "Asia/Kathmandu", "America/Argentina/Buenos_Aires"]) {
    expect(isValidTimeZone(zone), zone).toBe(true);
  }
  for (const zone of ["", "Mars/Olympus", "GMT+25", "x".repeat(65)]) expect(isValidTimeZone(zone), zone).toBe(false);
});
