// Pure validation of what a specialist types into the availability editor: times of day, a
// day's windows, override dates and blocked time. Runs in the browser (instant field errors)
// and on the server (the authority). Local times are read in the specialist's zone.
import { format } from "date-fns";
import { minuteLabel } from "./calendar-week";
import { instantsShowing, parseLocalDay } from "./local-time";

export const minutesPerDay = 24 * 60;
export const timeStepMinutes = 5;
export const maxWindowsPerDay = 12;
export const maxBlockedDays = 31;
export const maxReasonLength = 200;

/** Minutes after local midnight, half-open; endMinute 1440 is 24:00. */
export interface TimeWindow {
  startMinute: number;
  endMinute: number;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export interface WeeklyWindowInput extends TimeWindow {
  weekday: number;
}

export const weekdays = [
  { weekday: 1, key: "monday", label: "Monday" },
  { weekday: 2, key: "tuesday", label: "Tuesday" },
  { weekday: 3, key: "wednesday", label: "Wednesday" },
  { weekday: 4, key: "thursday", label: "Thursday" },
  { weekday: 5, key: "friday", label: "Friday" },
  { weekday: 6, key: "saturday", label: "Saturday" },
  { weekday: 7, key: "sunday", label: "Sunday" },
] as const;

export type WeekdayKey = (typeof weekdays)[number]["key"];

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const timePattern = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * "HH:MM" → minutes after midnight, in 5-minute steps. "24:00" is accepted only as an end:
 * a window may run until midnight, but no day's hours begin at its very end.
 */
export function parseTimeOfDay(text: string, role: "start" | "end"): Parsed<number> {
  const match = timePattern.exec(text.trim());
  if (!match) return { ok: false, message: "Enter the time as HH:MM, e.g. 09:30." };
  const [hours, minutes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  if (hours > 24 || minutes > 59 || seconds > 0 || (hours === 24 && minutes > 0)) {
    return { ok: false, message: `“${text.trim()}” isn't a time of day: use 00:00 to 24:00.` };
  }
  if (hours === 24 && role === "start") return { ok: false, message: "Hours can't start at 24:00; use 00:00 of the next day." };
  if (minutes % timeStepMinutes !== 0) return { ok: false, message: "Use 5-minute steps, e.g. 09:05 or 09:10." };
  return { ok: true, value: hours * 60 + minutes };
}

/** "09:00–12:00". */
export function windowLabel(window: TimeWindow): string {
  return `${minuteLabel(window.startMinute)}–${minuteLabel(window.endMinute)}`;
}

export interface WindowIssue {
  index: number;
  /** The input the message belongs to; null for the row as a whole. */
  field: "start" | "end" | null;
  message: string;
}

/**
 * Each window must end after it starts, and no two windows of one day may overlap (touching,
 * like 09:00–12:00 and 12:00–13:00, is fine). An overlap is reported once, on the later row,
 * naming both windows in chronological order.
 */
export function dayWindowIssues(windows: readonly TimeWindow[], dayLabel: string): WindowIssue[] {
  const issues: WindowIssue[] = [];
  windows.forEach((window, index) => {
    if (window.endMinute < window.startMinute) {
      issues.push({ index, field: "end", message: `Ends before it starts (${windowLabel(window)} on ${dayLabel}).` });
    } else if (window.endMinute === window.startMinute) {
      issues.push({ index, field: "end", message: `Ends when it starts (${windowLabel(window)} on ${dayLabel}).` });
    }
  });
  const inverted = new Set(issues.map((issue) => issue.index));
  windows.forEach((later, index) => {
    if (inverted.has(index)) return;
    const earlierIndex = windows.findIndex(
      (other, otherIndex) =>
        otherIndex < index && !inverted.has(otherIndex) && other.startMinute < later.endMinute && later.startMinute < other.endMinute,
    );
    if (earlierIndex === -1) return;
    const [first, second] = [windows[earlierIndex]!, later].sort((a, b) => a.startMinute - b.startMinute);
    issues.push({ index, field: null, message: `${windowLabel(first!)} overlaps ${windowLabel(second!)} on ${dayLabel}.` });
  });
  return issues.sort((a, b) => a.index - b.index);
}

/** One row of the hours editor as the form sends it (empty inputs arrive as undefined). */
export interface WindowRow {
  start?: string;
  end?: string;
  /** "Until midnight": the window ends at 24:00, which `<input type="time">` cannot express. */
  untilMidnight?: boolean;
}

/** Form rows → windows, or every problem found, each tied to its row and input. */
export function parseWindowRows(
  rows: readonly (WindowRow | undefined)[],
  dayLabel: string,
): { ok: true; windows: TimeWindow[] } | { ok: false; issues: WindowIssue[] } {
  const issues: WindowIssue[] = [];
  const parsed: { index: number; window: TimeWindow }[] = [];
  rows.forEach((row = {}, index) => {
    const start = row.start ? parseTimeOfDay(row.start, "start") : { ok: false as const, message: "Enter a start time." };
    const end = row.untilMidnight
      ? { ok: true as const, value: minutesPerDay }
      : row.end
        ? parseTimeOfDay(row.end, "end")
        : { ok: false as const, message: "Enter an end time, or tick “until midnight”." };
    if (!start.ok) issues.push({ index, field: "start", message: start.message });
    if (!end.ok) issues.push({ index, field: "end", message: end.message });
    if (start.ok && end.ok) parsed.push({ index, window: { startMinute: start.value, endMinute: end.value } });
  });
  // Rows that did parse are still checked against each other, so every problem shows at once.
  for (const issue of dayWindowIssues(
    parsed.map((entry) => entry.window),
    dayLabel,
  )) {
    issues.push({ ...issue, index: parsed[issue.index]!.index });
  }
  if (issues.length > 0) return { ok: false, issues: issues.sort((a, b) => a.index - b.index) };
  return { ok: true, windows: parsed.map((entry) => entry.window) };
}

/** Whether stored weekly windows are well-formed: whole 5-minute steps within a day, weekday 1–7, no overlaps. */
export function weeklyWindowsProblem(windows: readonly WeeklyWindowInput[]): string | null {
  for (const day of weekdays) {
    const own = windows.filter((window) => window.weekday === day.weekday);
    if (own.length > maxWindowsPerDay) return `At most ${maxWindowsPerDay} sets of hours on ${day.label}.`;
    const problem = windowsProblem(own, day.label);
    if (problem) return problem;
  }
  const stray = windows.find((window) => !weekdays.some((day) => day.weekday === window.weekday));
  return stray ? `${stray.weekday} isn't a weekday (1 = Monday … 7 = Sunday).` : null;
}

/** The first problem with one day's windows, or null. */
export function windowsProblem(windows: readonly TimeWindow[], dayLabel: string): string | null {
  const misplaced = windows.find(
    (window) =>
      ![window.startMinute, window.endMinute].every(
        (minute) => Number.isInteger(minute) && minute >= 0 && minute <= minutesPerDay && minute % timeStepMinutes === 0,
      ) || window.startMinute === minutesPerDay,
  );
  if (misplaced) return `Times on ${dayLabel} must be between 00:00 and 24:00, in 5-minute steps.`;
  return dayWindowIssues(windows, dayLabel)[0]?.message ?? null;
}

// ---------------------------------------------------------------------------------------------
// Dates

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A YYYY-MM-DD date that exists (no 2026-02-30, no month 13), between 2000 and 2199. */
export function isRealDate(date: string): boolean {
  const match = datePattern.exec(date);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 2000 || year > 2199 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "Thursday 24 December 2026" for a YYYY-MM-DD date (the date itself if it isn't one). */
export function dateLabel(date: string): string {
  if (!isRealDate(date)) return date;
  // date-fns rather than Intl: the same words on the server and in every browser.
  const [year, month, day] = date.split("-").map(Number);
  return format(new Date(year!, month! - 1, day), "EEEE d MMMM yyyy");
}

/** A date override's date must be a real date, today or later in the specialist's zone (`today`). */
export function overrideDateProblem(date: string, today: string): string | null {
  if (!datePattern.test(date)) return "Enter the date as YYYY-MM-DD.";
  if (!isRealDate(date)) return `${date} isn't a date on the calendar.`;
  if (date < today) return `${dateLabel(date)} is in the past.`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Local date-times (blocked time)

const dateTimePattern = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

/** "2026-12-01T14:30" (as `<input type="datetime-local">` sends it) → its normalised parts. */
export function parseLocalDateTime(text: string): Parsed<{ date: string; minute: number; text: string }> {
  const match = dateTimePattern.exec(text.trim());
  const invalid = { ok: false as const, message: "Enter a date and time, e.g. 2026-12-01 14:30." };
  if (!match) return invalid;
  const [date, hours, minutes, seconds] = [match[1]!, Number(match[2]), Number(match[3]), Number(match[4] ?? 0)];
  if (!isRealDate(date) || hours > 23 || minutes > 59 || seconds > 59) return invalid;
  return { ok: true, value: { date, minute: hours * 60 + minutes, text: `${date}T${match[2]}:${match[3]}` } };
}

/**
 * A local wall-clock time in `timeZone` → the instant. A time that doesn't exist (skipped
 * when the clocks go forward) is refused. A time that happens twice (clocks go back) means
 * its first occurrence with `occurrence: "first"` and its second with "last", so a blocked
 * range covers the whole ambiguous stretch. The same on every host (ADR 0006).
 */
export function localDateTimeToInstant(text: string, timeZone: string, occurrence: "first" | "last"): Parsed<Date> {
  const parsed = parseLocalDateTime(text);
  if (!parsed.ok) return parsed;
  const { date, minute } = parsed.value;
  const instants = instantsShowing(timeZone, parseLocalDay(date), minute);
  const instant = occurrence === "first" ? instants[0] : instants.at(-1);
  if (instant === undefined) {
    return {
      ok: false,
      message: `${localDateTimeLabel(date, minute)} doesn't exist in ${timeZone}: the clocks skip ahead that night. Choose a time outside the gap.`,
    };
  }
  return { ok: true, value: new Date(instant) };
}

function localDateTimeLabel(date: string, minute: number): string {
  return `${dateLabel(date)}, ${minuteLabel(minute)}`;
}

export type BlockedTimeField = "startLocal" | "endLocal" | "reason";

export interface BlockedTimeInput {
  startLocal: string;
  endLocal: string;
  reason?: string;
}

/**
 * Blocked time as typed (local date-times in `timeZone`) → UTC instants, or the first problem,
 * tied to its field. It must end after it starts, last at most 31 days and not be over already.
 */
export function resolveBlockedTime(
  input: BlockedTimeInput,
  timeZone: string,
  now: Date,
): { ok: true; startsAt: Date; endsAt: Date; reason: string } | { ok: false; field: BlockedTimeField; message: string } {
  const start = localDateTimeToInstant(input.startLocal, timeZone, "first");
  if (!start.ok) return { ok: false, field: "startLocal", message: start.message };
  const end = localDateTimeToInstant(input.endLocal, timeZone, "last");
  if (!end.ok) return { ok: false, field: "endLocal", message: end.message };
  const reason = (input.reason ?? "").trim();
  if (reason.length > maxReasonLength) return { ok: false, field: "reason", message: `Keep the note under ${maxReasonLength} characters.` };
  const [startsAt, endsAt] = [start.value, end.value];
  if (endsAt.getTime() < startsAt.getTime()) return { ok: false, field: "endLocal", message: "Ends before it starts." };
  if (endsAt.getTime() === startsAt.getTime()) return { ok: false, field: "endLocal", message: "Ends when it starts." };
  if (endsAt.getTime() - startsAt.getTime() > maxBlockedDays * 24 * 60 * 60_000) {
    return { ok: false, field: "endLocal", message: `Blocked time can last at most ${maxBlockedDays} days.` };
  }
  if (endsAt.getTime() <= now.getTime()) return { ok: false, field: "endLocal", message: "That time is already over." };
  return { ok: true, startsAt, endsAt, reason };
}
