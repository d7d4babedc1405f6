import { BoundedCache } from "../../lib/bounded-cache";
import { dateTimeFormat } from "../../lib/time-format";

/**
 * Local wall-clock ↔ UTC instants, exactly, for any IANA zone.
 *
 * The rule for the instant of a local time ("local D hh:mm") is: the first instant at which the
 * zone's clock reads D hh:mm or later.
 * - A time that exists once maps to that instant.
 * - A time shown twice (fall-back overlap) maps to its first occurrence.
 * - A time the clocks skip (spring-forward gap) maps to the moment the clocks jump: the skipped
 *   hour is simply lost, nothing shifts into the hour (or the date) before it.
 * Offsets come from the zone's wall clock at an instant (Intl, through the shared formatters),
 * whole minutes as date-fns-tz's "xxx" gives them. Two date-fns-tz shortcuts are avoided on
 * purpose: `getTimezoneOffset` reads its argument
 * as a wall time, so next to a transition it returns the wrong side's offset, and `fromZonedTime`
 * picks a side of a gap or overlap depending on the host's own TZ and moves a skipped local
 * midnight into the previous date.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const MINUTES_PER_DAY = 1440;

/** A local calendar date as whole days since 1970-01-01 (no zone attached). */
export type LocalDay = number;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-03-08" → its LocalDay. Throws RangeError on anything that is not a real calendar date. */
export function parseLocalDay(date: string): LocalDay {
  const match = ISO_DATE.exec(date);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const dayOfMonth = Number(match[3]);
    const ms = Date.UTC(year, month - 1, dayOfMonth);
    const check = new Date(ms);
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === dayOfMonth) {
      return ms / DAY_MS;
    }
  }
  throw new RangeError(`Invalid local date "${date}": expected YYYY-MM-DD`);
}

/** LocalDay → "YYYY-MM-DD". */
export function formatLocalDay(day: LocalDay): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: LocalDay): number {
  // 1970-01-01 was a Thursday (4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

const knownZones = new Set<string>();

/** Throws RangeError unless `timeZone` is a zone this runtime knows. */
export function assertTimeZone(timeZone: string): void {
  if (knownZones.has(timeZone)) return;
  try {
    if (!timeZone) throw new RangeError("empty");
    new Intl.DateTimeFormat("en-US", { timeZone });
    zoneOffset(timeZone, 0);
  } catch {
    throw new RangeError(`Unknown time zone "${timeZone}"`);
  }
  knownZones.add(timeZone);
}

/**
 * The zone's offset (local − UTC) in ms at instant `at`, in whole minutes (a historical offset with
 * seconds, such as a zone's local mean time, loses them). The slot engine asks this often, so it reads
 * the wall clock's numbers straight from a kept formatter.
 */
export function zoneOffset(timeZone: string, at: number): number {
  return offsets.get(`${at} ${timeZone}`, () => wallClockOffset(timeZone, at));
}

// The same instants come back request after request (a day's bounds, the times being booked), and
// an offset never changes: a map lookup instead of a call into ICU. The cap bounds memory (a few MB).
const offsets = new BoundedCache<string, number>(50_000);

function wallClockOffset(timeZone: string, at: number): number {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of dateTimeFormat("wallClock", timeZone).formatToParts(at)) {
    if (part.type === "year") year = Number(part.value);
    else if (part.type === "month") month = Number(part.value);
    else if (part.type === "day") day = Number(part.value);
    else if (part.type === "hour") hour = Number(part.value) % 24;
    else if (part.type === "minute") minute = Number(part.value);
    else if (part.type === "second") second = Number(part.value);
  }
  const wholeSecond = at - (((at % 1000) + 1000) % 1000);
  let wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC reads years 0–99 as 1900–1999.
  if (year < 100) wall = new Date(wall).setUTCFullYear(year);
  const offset = wall - wholeSecond;
  if (!Number.isFinite(offset)) throw new RangeError(`No offset for ${timeZone} at ${at}`);
  return Math.trunc(offset / MINUTE_MS) * MINUTE_MS;
}

/** The local calendar date shown by the zone's clock at instant `at`. */
export function localDayOf(timeZone: string, at: number): LocalDay {
  return Math.floor((at + zoneOffset(timeZone, at)) / DAY_MS);
}

/** The first instant at which the zone's clock reads local `day` + `minute` (0–1440) or later. */
export function localInstant(timeZone: string, day: LocalDay, minute: number): number {
  return firstInstantShowing(timeZone, day * DAY_MS + minute * MINUTE_MS);
}

// Every UTC offset lies within −12 h … +14 h, so an instant showing wall time W lies in
// [W − 14 h, W + 12 h]. No zone changes its clocks twice within 30 h (checked for every zone,
// 2000–2040, tzdata 2025c), so the offsets at the two ends of that span are the only candidates.
const LONGEST_POSITIVE_OFFSET = 14 * HOUR_MS;
const LONGEST_NEGATIVE_OFFSET = 12 * HOUR_MS;

/**
 * Every instant at which the zone's clock reads exactly local `day` + `minute`, ascending: none
 * in a spring-forward gap, two in a fall-back overlap (however long), one otherwise.
 */
export function instantsShowing(timeZone: string, day: LocalDay, minute: number): number[] {
  const wall = day * DAY_MS + minute * MINUTE_MS;
  const offsets = new Set([zoneOffset(timeZone, wall - LONGEST_POSITIVE_OFFSET), zoneOffset(timeZone, wall + LONGEST_NEGATIVE_OFFSET)]);
  return [...offsets]
    .map((offset) => wall - offset)
    .filter((at) => zoneOffset(timeZone, at) === wall - at)
    .sort((a, b) => a - b);
}

/** `wall` is a local wall-clock time written as if it were a UTC epoch ms. */
function firstInstantShowing(timeZone: string, wall: number): number {
  const offsetBefore = zoneOffset(timeZone, wall - LONGEST_POSITIVE_OFFSET);
  const offsetAfter = zoneOffset(timeZone, wall + LONGEST_NEGATIVE_OFFSET);
  // A larger offset gives an earlier instant: try it first so an overlap resolves to its first occurrence.
  const candidates = offsetBefore >= offsetAfter ? [offsetBefore, offsetAfter] : [offsetAfter, offsetBefore];
  for (const offset of candidates) {
    const at = wall - offset;
    if (zoneOffset(timeZone, at) === offset) return at;
  }
  if (offsetBefore >= offsetAfter) {
    throw new Error(`No instant shows ${new Date(wall).toISOString()} in ${timeZone} outside a gap`);
  }
  return transitionInGap(timeZone, wall - offsetAfter, wall - offsetBefore, wall);
}

/**
 * `wall` falls in a spring-forward gap: before the jump the clock reads less than `wall`, after it
 * more. Binary search (in ms) for the jump between `before` (clock < wall) and `after` (clock > wall).
 */
function transitionInGap(timeZone: string, before: number, after: number, wall: number): number {
  let low = before;
  let high = after;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (middle + zoneOffset(timeZone, middle) >= wall) high = middle;
    else low = middle;
  }
  return high;
}

/** A local date's real extent: [startsAt, endsAt) is every instant whose clock shows that date. */
export interface LocalDayBounds {
  day: LocalDay;
  startsAt: number;
  endsAt: number;
  /** The offset in force for the whole date, or null when the clocks change on it. */
  fixedOffset: number | null;
}

interface DayStart {
  at: number;
  offset: number;
}

// Per-zone memo of local midnights: the pure answer never changes while the process runs, and the
// same specialist's dates are asked for again and again.
const dayStartCache = new Map<string, Map<LocalDay, DayStart>>();
const DAY_START_CACHE_LIMIT = 200_000;
let dayStartCacheSize = 0;

/** Drops the memo of local midnights (for benchmarks of the cold path). */
export function clearLocalTimeCache(): void {
  dayStartCache.clear();
  dayStartCacheSize = 0;
}

function dayStart(timeZone: string, day: LocalDay): DayStart {
  const cached = dayStartCache.get(timeZone)?.get(day);
  if (cached) return cached;
  const start = computeDayStart(timeZone, day, dayStartCache.get(timeZone)?.get(day - 1));
  rememberDayStart(timeZone, day, start);
  return start;
}

function rememberDayStart(timeZone: string, day: LocalDay, start: DayStart): void {
  if (dayStartCacheSize >= DAY_START_CACHE_LIMIT) clearLocalTimeCache();
  let zoneDays = dayStartCache.get(timeZone);
  if (!zoneDays) {
    zoneDays = new Map();
    dayStartCache.set(timeZone, zoneDays);
  }
  zoneDays.set(day, start);
  dayStartCacheSize++;
}

function computeDayStart(timeZone: string, day: LocalDay, previous: DayStart | undefined): DayStart {
  const wall = day * DAY_MS;
  if (previous) {
    // Usually the offset did not change since the previous midnight: one lookup confirms it.
    const guess = wall - previous.offset;
    if (zoneOffset(timeZone, guess) === previous.offset) return { at: guess, offset: previous.offset };
  }
  const at = firstInstantShowing(timeZone, wall);
  return { at, offset: zoneOffset(timeZone, at) };
}

/** The real extent of local `day` in `timeZone` (memoized per zone and date). */
export function localDayBounds(timeZone: string, day: LocalDay): LocalDayBounds {
  const start = dayStart(timeZone, day);
  const end = dayStart(timeZone, day + 1);
  // A date that starts on its own midnight and lasts exactly 24 h has no clock change inside it.
  const steady = end.at - start.at === DAY_MS && start.at + start.offset === day * DAY_MS;
  return { day, startsAt: start.at, endsAt: end.at, fixedOffset: steady ? start.offset : null };
}

/** `localInstant` for a minute (0–1440) of a date whose bounds are known; O(1) on days without a clock change. */
export function instantOnDay(timeZone: string, bounds: LocalDayBounds, minute: number): number {
  if (minute <= 0) return bounds.startsAt;
  if (minute >= MINUTES_PER_DAY) return bounds.endsAt;
  if (bounds.fixedOffset !== null) return bounds.startsAt + minute * MINUTE_MS;
  return localInstant(timeZone, bounds.day, minute);
}
