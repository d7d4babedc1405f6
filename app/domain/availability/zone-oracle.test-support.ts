/**
 * A deliberately slow, independent reading of a zone's clock for tests: Intl formats each instant,
 * nothing else (no date-fns-tz, no offset arithmetic). Local wall times are written as epoch ms
 * "as if UTC" (wall clock 2026-03-08 01:00 → Date.UTC(2026, 2, 8, 1, 0)).
 */

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export const ALL_ZONES: readonly string[] = Intl.supportedValuesOf("timeZone");

const CLOCK_TEXT = /(\d+)\/(\d+)\/(\d+),\s(\d+):(\d+)/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock (to the minute) the zone shows at instant `at`. */
export function clockAt(timeZone: string, at: number): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  const text = formatter.format(at);
  const match = CLOCK_TEXT.exec(text);
  if (!match) throw new Error(`Cannot read clock text "${text}"`);
  const [, month, day, year, hour, minute] = match.map(Number);
  return Date.UTC(year ?? NaN, (month ?? NaN) - 1, day, hour, minute);
}

/** Local date (days since 1970-01-01) shown at `at`. */
export function clockDayAt(timeZone: string, at: number): number {
  return Math.floor(clockAt(timeZone, at) / DAY);
}

/** Minute of the local day shown at `at`. */
export function clockMinuteAt(timeZone: string, at: number): number {
  return (clockAt(timeZone, at) % DAY) / MINUTE;
}

/** Offset (clock − UTC) at `at`, to the minute. */
export function offsetAt(timeZone: string, at: number): number {
  const minute = Math.floor(at / MINUTE) * MINUTE;
  return clockAt(timeZone, minute) - minute;
}

/**
 * Brute force: the first whole-minute instant at which the clock reads `wall` or later, found by
 * reading the clock minute by minute from 15 h before `wall` (no zone is more than 14 h ahead).
 * `memo` may be shared between calls for the same zone.
 */
export function firstMinuteShowing(timeZone: string, wall: number, memo: Map<number, number> = new Map()): number {
  const start = Math.floor((wall - 15 * HOUR) / MINUTE) * MINUTE;
  for (let at = start; at <= wall + 15 * HOUR; at += MINUTE) {
    let clock = memo.get(at);
    if (clock === undefined) {
      clock = clockAt(timeZone, at);
      memo.set(at, clock);
    }
    if (clock >= wall) return at;
  }
  throw new Error(`The clock of ${timeZone} never reaches ${new Date(wall).toISOString()}`);
}

const transitionsByZone = new Map<string, number[]>();

/**
 * Instants (to within a day) at which the zone's offset changes in 2025–2027, found by reading the
 * offset at every UTC noon. Used to aim generated dates at DST changes.
 */
export function transitionsNear2026(timeZone: string): number[] {
  const known = transitionsByZone.get(timeZone);
  if (known) return known;
  const found: number[] = [];
  let previous = offsetAt(timeZone, Date.UTC(2025, 0, 1, 12));
  for (let at = Date.UTC(2025, 0, 2, 12); at < Date.UTC(2028, 0, 1); at += DAY) {
    const offset = offsetAt(timeZone, at);
    if (offset !== previous) found.push(at);
    previous = offset;
  }
  transitionsByZone.set(timeZone, found);
  return found;
}

/** "YYYY-MM-DD" of a local day number. */
export function isoDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local day number. */
export function weekdayOf(day: number): number {
  return ((new Date(day * DAY).getUTCDay() + 6) % 7) + 1;
}
