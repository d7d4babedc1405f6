import { BoundedCache } from "../../lib/bounded-cache";
import { zoneOffsetLabel } from "../../lib/time-format";
import { currentZoneName, placeSpelling } from "../../lib/time-zones";

export interface TimeZoneOption {
  value: string;
  label: string;
}

export interface TimeZoneGroup {
  region: string;
  zones: TimeZoneOption[];
}

/** "America/Argentina/Buenos_Aires" → "Argentina / Buenos Aires"; "America/Sao_Paulo" → "São Paulo"; "UTC" stays "UTC". */
function placeName(timeZone: string) {
  const parts = timeZone.split("/");
  return (parts.length > 1 ? parts.slice(1) : parts).map(placeSpelling).join(" / ");
}

function regionOf(timeZone: string) {
  return timeZone.includes("/") ? timeZone.split("/")[0]! : "Other";
}

const byLabel = (a: TimeZoneOption, b: TimeZoneOption) => a.label.localeCompare(b.label, "en");
// Zones without a region ("UTC") come first, then regions alphabetically.
const byRegion = (a: TimeZoneGroup, b: TimeZoneGroup) =>
  a.region === "Other" ? -1 : b.region === "Other" ? 1 : a.region.localeCompare(b.region, "en");

/**
 * The zones for a time-zone picker, grouped by region and sorted by place, each labelled with its
 * offset at `at`, under their current names (runtimes list Asia/Calcutta, not Asia/Kolkata).
 * `current` is always included: runtimes' lists omit some aliases and even "UTC", which a user may have.
 */
export function groupTimeZones(supported: readonly string[], current: string, at: Date): TimeZoneGroup[] {
  const groups = new Map<string, TimeZoneOption[]>();
  for (const value of new Set([...supported, current].filter(Boolean).map(currentZoneName))) {
    const region = regionOf(value);
    groups.set(region, [...(groups.get(region) ?? []), { value, label: `${placeName(value)} (${zoneOffsetLabel(value, at)})` }]);
  }
  return [...groups.entries()].map(([region, zones]) => ({ region, zones: zones.sort(byLabel) })).sort(byRegion);
}

const hourMs = 60 * 60 * 1000;
let cached: { hour: number; supported: string[]; groups: TimeZoneGroup[] } | undefined;

/**
 * This runtime's zones (plus UTC and `current`), grouped. Offsets only change at DST transitions,
 * so the ~400 labels are built once an hour rather than on every page view.
 */
export function timeZoneGroups(zone: string, at: Date): TimeZoneGroup[] {
  const current = currentZoneName(zone);
  const hour = Math.floor(at.getTime() / hourMs);
  if (cached?.hour !== hour) {
    const supported = Intl.supportedValuesOf("timeZone");
    cached = { hour, supported, groups: groupTimeZones(supported, "UTC", at) };
  }
  const listed = cached.groups.some((group) => group.zones.some((zone) => zone.value === current));
  return listed || !current ? cached.groups : groupTimeZones(cached.supported, current, at);
}

/** Where most visitors are, west to east: the short list a time-zone form offers before "other". */
const commonZones = [
  "America/Los_Angeles",
  "America/Denver",
  "America/Chicago",
  "America/New_York",
  "America/Sao_Paulo",
  "UTC",
  "Europe/London",
  "Europe/Berlin",
  "Africa/Lagos",
  "Africa/Nairobi",
  "Asia/Dubai",
  "Asia/Kolkata",
  "Asia/Singapore",
  "Asia/Tokyo",
  "Australia/Sydney",
  "Pacific/Auckland",
];

/** "GMT+5:45" → 345, "GMT-7" → -420, "GMT" → 0. */
function offsetMinutes(label: string) {
  const match = /^GMT([+-])(\d+)(?::(\d+))?$/.exec(label);
  return match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0)) : 0;
}

/**
 * A short list of zones (the common ones plus `include`, e.g. the one shown and the specialist's),
 * ordered by their offset at `at`: a page can offer it inline and link to the full list.
 */
export function likelyTimeZones(include: readonly string[], at: Date): TimeZoneOption[] {
  const zones = [...new Set([...include.filter(Boolean).map(currentZoneName), ...commonZones])];
  // Every booking page shows this list; like the full one, it is built once an hour per set of zones.
  return likelyLists.get(`${Math.floor(at.getTime() / hourMs)} ${zones.join(" ")}`, () => sortedByOffset(zones, at));
}

const likelyLists = new BoundedCache<string, TimeZoneOption[]>(1000);

function sortedByOffset(zones: readonly string[], at: Date): TimeZoneOption[] {
  return zones
    .map((value) => ({ value, offset: zoneOffsetLabel(value, at) }))
    .map(({ value, offset }) => ({ value, minutes: offsetMinutes(offset), label: `${placeName(value)} (${offset})` }))
    .sort((a, b) => a.minutes - b.minutes || a.label.localeCompare(b.label, "en"))
    .map(({ value, label }) => ({ value, label }));
}
