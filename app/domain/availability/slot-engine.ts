import {
  DAY_MS,
  MINUTE_MS,
  MINUTES_PER_DAY,
  assertTimeZone,
  instantOnDay,
  isoWeekday,
  localDayBounds,
  localDayOf,
  parseLocalDay,
  type LocalDay,
  type LocalDayBounds,
} from "./local-time";

export interface SlotRules {
  minNoticeMinutes: number;
  horizonDays: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  slotIntervalMinutes: number;
  dailyCap: number | null;
}
/** Minutes after local midnight, end ≤ 1440 (24:00). */
export interface LocalWindow {
  startMinute: number;
  endMinute: number;
}
/** ISO weekday 1 = Monday … 7 = Sunday. */
export interface WeeklyWindow extends LocalWindow {
  weekday: number;
}
/** YYYY-MM-DD local; null/null = day off; several rows per date = that date's windows. */
export interface DateOverride {
  date: string;
  startMinute: number | null;
  endMinute: number | null;
}
/** UTC epoch ms, half-open. */
export interface Interval {
  startsAt: number;
  endsAt: number;
}
export interface SlotEngineInput {
  /** The specialist's IANA zone. */
  timeZone: string;
  /** 15–240. */
  sessionMinutes: number;
  rules: SlotRules;
  weeklyWindows: WeeklyWindow[];
  overrides: DateOverride[];
  /** Active bookings (pending_payment/confirmed); buffers apply around them and around each candidate. */
  bookings: Interval[];
  /** One-off blocked time; no buffers. */
  blocked: Interval[];
  /** UTC ms. */
  now: number;
  /** UTC ms: slots whose start is in [from, to). */
  from: number;
  to: number;
}

/**
 * Open slots whose start lies in [from, to), sorted by start, unique by start.
 *
 * Each local date's windows (its overrides if it has any, else its weekday's weekly windows) run
 * from the instant of their local start to the instant of their local end (see local-time.ts for
 * DST gaps and overlaps); candidates step by the slot interval in real time from the window start
 * and must end by the window end. A candidate is dropped before now + notice, at/after
 * now + horizon, when it and a booking, each widened by the buffers (DESIGN.md §4.1), overlap,
 * when it overlaps blocked time, or when its date already holds `dailyCap` bookings (by each
 * booking's local start date).
 *
 * One pass over the local dates; busy time is merged once and swept with a cursor.
 */
export function slotsBetween(input: SlotEngineInput): Interval[] {
  const { rules, timeZone } = input;
  const step = positiveMinutes(rules.slotIntervalMinutes, "slotIntervalMinutes") * MINUTE_MS;
  const duration = positiveMinutes(input.sessionMinutes, "sessionMinutes") * MINUTE_MS;
  const earliest = Math.max(input.from, input.now + rules.minNoticeMinutes * MINUTE_MS);
  const latest = Math.min(input.to, input.now + rules.horizonDays * DAY_MS);
  if (!(earliest < latest)) return [];
  if (!Number.isFinite(latest)) throw new RangeError("to or now + horizonDays must be a finite instant");
  assertTimeZone(timeZone);

  const schedule = compileSchedule(input.weeklyWindows, input.overrides);
  const busy = new BusyCursor(mergeBusy(input.bookings, input.blocked, rules));
  const dailyCap = rules.dailyCap === null ? null : new DailyCap(timeZone, input.bookings, rules.dailyCap);
  const range: SlotRange = { earliest, latest, step, duration };
  const slots: Interval[] = [];
  const emit = (startsAt: number) => slots.push({ startsAt, endsAt: startsAt + duration });

  // Start one date early: after a fall-back across midnight an earlier date can end after `earliest`.
  for (let day = localDayOf(timeZone, earliest) - 1; ; day++) {
    const bounds = localDayBounds(timeZone, day);
    if (bounds.startsAt >= latest) break;
    if (bounds.endsAt <= earliest) continue;
    if (dailyCap?.reachedOn(bounds)) continue;
    const { windows, overlapping } = schedule(day);
    if (!overlapping) {
      for (const window of windows) emitWindow(timeZone, bounds, window, range, busy, emit);
      continue;
    }
    // Overlapping windows of one date (possible with override rows) interleave: sort and dedupe them.
    const starts: number[] = [];
    for (const window of windows) emitWindow(timeZone, bounds, window, range, busy, (at) => starts.push(at));
    starts.sort((a, b) => a - b);
    starts.forEach((at, index) => {
      if (index === 0 || at !== starts[index - 1]) emit(at);
    });
  }
  return slots;
}

function positiveMinutes(value: number, name: string): number {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be a positive number of minutes`);
  return value;
}

interface SlotRange {
  earliest: number;
  latest: number;
  step: number;
  duration: number;
}

/** Emits the free candidate starts of one window, ascending, within [earliest, latest). */
function emitWindow(
  timeZone: string,
  bounds: LocalDayBounds,
  window: LocalWindow,
  { earliest, latest, step, duration }: SlotRange,
  busy: BusyCursor,
  emit: (startsAt: number) => void,
): void {
  const windowStart = instantOnDay(timeZone, bounds, window.startMinute);
  const lastStart = instantOnDay(timeZone, bounds, window.endMinute) - duration;
  let startsAt = firstGridPointAtOrAfter(windowStart, step, earliest);
  while (startsAt <= lastStart && startsAt < latest) {
    const blockedUntil = busy.blockedUntil(startsAt, startsAt + duration);
    if (blockedUntil === null) {
      emit(startsAt);
      startsAt += step;
    } else {
      // Every candidate starting before the busy stretch ends overlaps it too: skip them all.
      startsAt = firstGridPointAtOrAfter(windowStart, step, Math.max(blockedUntil, startsAt + step));
    }
  }
}

function firstGridPointAtOrAfter(gridStart: number, step: number, at: number): number {
  return at <= gridStart ? gridStart : gridStart + Math.ceil((at - gridStart) / step) * step;
}

// ---------------------------------------------------------------------------------------------
// Weekly hours and overrides

interface DaySchedule {
  windows: readonly LocalWindow[];
  /** Whether some windows overlap, so their candidates interleave. */
  overlapping: boolean;
}

function compileSchedule(weekly: WeeklyWindow[], overrides: DateOverride[]): (day: LocalDay) => DaySchedule {
  const byWeekday: LocalWindow[][] = Array.from({ length: 8 }, () => []);
  for (const window of weekly) {
    if (!Number.isInteger(window.weekday) || window.weekday < 1 || window.weekday > 7) {
      throw new RangeError(`weekday must be 1 (Monday) … 7 (Sunday), got ${window.weekday}`);
    }
    addWindow(byWeekday[window.weekday] ?? [], window);
  }
  const byDate = new Map<LocalDay, LocalWindow[]>();
  for (const override of overrides) {
    const day = parseLocalDay(override.date);
    const windows = byDate.get(day) ?? [];
    byDate.set(day, windows);
    const { startMinute, endMinute } = override;
    if (startMinute === null && endMinute === null) continue; // day off: the date has overrides, no hours
    if (startMinute === null || endMinute === null) {
      throw new RangeError(`Override for ${override.date} needs both minutes, or neither for a day off`);
    }
    addWindow(windows, { startMinute, endMinute });
  }
  const weekdaySchedules = byWeekday.map(toDaySchedule);
  const dateSchedules = new Map([...byDate].map(([day, windows]) => [day, toDaySchedule(windows)]));
  return (day) => dateSchedules.get(day) ?? weekdaySchedules[isoWeekday(day)] ?? NO_HOURS;
}

const NO_HOURS: DaySchedule = { windows: [], overlapping: false };

function addWindow(windows: LocalWindow[], { startMinute, endMinute }: LocalWindow): void {
  for (const minute of [startMinute, endMinute]) {
    if (!Number.isInteger(minute) || minute < 0 || minute > MINUTES_PER_DAY) {
      throw new RangeError(`Window minutes must be whole minutes in 0–1440, got ${minute}`);
    }
  }
  if (startMinute < endMinute) windows.push({ startMinute, endMinute });
}

function toDaySchedule(windows: LocalWindow[]): DaySchedule {
  const sorted = [...windows].sort((a, b) => a.startMinute - b.startMinute || a.endMinute - b.endMinute);
  let reach = -1;
  let overlapping = false;
  for (const window of sorted) {
    if (window.startMinute < reach) overlapping = true;
    reach = Math.max(reach, window.endMinute);
  }
  return { windows: sorted, overlapping };
}

// ---------------------------------------------------------------------------------------------
// Busy time

interface BusyTimes {
  starts: number[];
  ends: number[];
}

/**
 * The time a bare candidate must avoid, sorted and merged into disjoint intervals. The candidate
 * [s − before, e + after) may not overlap a booking's [b.start − before, b.end + after), which is
 * [s, e) against the booking widened by before + after on both sides. Blocked time has no buffers.
 */
function mergeBusy(bookings: Interval[], blocked: Interval[], rules: SlotRules): BusyTimes {
  const gap = (rules.bufferBeforeMinutes + rules.bufferAfterMinutes) * MINUTE_MS;
  const intervals: Interval[] = [];
  for (const booking of bookings) {
    intervals.push({ startsAt: booking.startsAt - gap, endsAt: booking.endsAt + gap });
  }
  intervals.push(...blocked);
  intervals.sort((a, b) => a.startsAt - b.startsAt);
  const starts: number[] = [];
  const ends: number[] = [];
  for (const { startsAt, endsAt } of intervals) {
    if (!(startsAt < endsAt)) continue;
    const last = ends.length - 1;
    if (last >= 0 && startsAt <= (ends[last] ?? -Infinity)) {
      ends[last] = Math.max(ends[last] ?? endsAt, endsAt);
    } else {
      starts.push(startsAt);
      ends.push(endsAt);
    }
  }
  return { starts, ends };
}

/** Answers "is [s, e) free?" for ascending `s` in amortized O(1); rewinds by binary search otherwise. */
class BusyCursor {
  private index = 0;
  private lastAt = -Infinity;

  constructor(private readonly busy: BusyTimes) {}

  /** null when [startsAt, endsAt) is free, else the end of the busy stretch it overlaps. */
  blockedUntil(startsAt: number, endsAt: number): number | null {
    const { starts, ends } = this.busy;
    if (startsAt < this.lastAt) this.index = firstIndexAbove(ends, startsAt);
    this.lastAt = startsAt;
    while (this.index < ends.length && (ends[this.index] ?? Infinity) <= startsAt) this.index++;
    const busyStart = starts[this.index];
    return busyStart !== undefined && busyStart < endsAt ? (ends[this.index] ?? null) : null;
  }
}

/** First index whose value is > `at` in an ascending array. */
function firstIndexAbove(values: number[], at: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] ?? Infinity) <= at) low = middle + 1;
    else high = middle;
  }
  return low;
}

// ---------------------------------------------------------------------------------------------
// Daily cap

/** Whether a local date already holds `cap` bookings, counted by each booking's local start date. */
class DailyCap {
  private readonly starts: number[];

  constructor(
    private readonly timeZone: string,
    bookings: Interval[],
    private readonly cap: number,
  ) {
    this.starts = bookings.map((booking) => booking.startsAt).sort((a, b) => a - b);
  }

  reachedOn(bounds: LocalDayBounds): boolean {
    return this.bookingsOn(bounds) >= this.cap;
  }

  private bookingsOn(bounds: LocalDayBounds): number {
    if (bounds.fixedOffset !== null) {
      // On a date without a clock change, exactly the instants in its bounds show that date.
      return firstIndexAtOrAbove(this.starts, bounds.endsAt) - firstIndexAtOrAbove(this.starts, bounds.startsAt);
    }
    let count = 0;
    const last = firstIndexAtOrAbove(this.starts, bounds.endsAt + DAY_MS);
    for (let index = firstIndexAtOrAbove(this.starts, bounds.startsAt - DAY_MS); index < last; index++) {
      if (localDayOf(this.timeZone, this.starts[index] ?? 0) === bounds.day) count++;
    }
    return count;
  }
}

function firstIndexAtOrAbove(values: number[], at: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] ?? Infinity) < at) low = middle + 1;
    else high = middle;
  }
  return low;
}
