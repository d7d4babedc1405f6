// Local calendar dates (YYYY-MM-DD) as plain strings: date arithmetic happens on the date
// itself (in UTC, where every day has 24 hours), and only becomes an instant per zone.
import { formatInTimeZone } from "date-fns-tz";
import { localDayBounds, parseLocalDay } from "./local-time";

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date between 2000 and 2199 (outside that range, nobody has a calendar here). */
export function isCalendarDate(value: string): boolean {
  const match = datePattern.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  if (year < 2000 || year > 2199) return false;
  const instant = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(instant.getTime()) && instant.toISOString().slice(0, 10) === value;
}

export function addDays(date: string, days: number): string {
  const instant = new Date(`${date}T00:00:00Z`);
  instant.setUTCDate(instant.getUTCDate() + days);
  return instant.toISOString().slice(0, 10);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

export function localDate(instant: Date | number, timeZone: string): string {
  return formatInTimeZone(instant, timeZone, "yyyy-MM-dd");
}

/** The instant a local date begins in a zone (its first existing minute on a DST-gap midnight). */
export function startOfLocalDate(date: string, timeZone: string): Date {
  // The engine's rule (docs/decisions/0006), so the calendar and the slots agree on day bounds.
  return new Date(localDayBounds(timeZone, parseLocalDay(date)).startsAt);
}

export interface CalendarWeek {
  monday: string;
  dates: string[];
  startsAt: Date;
  endsAt: Date;
  previous: string;
  next: string;
}

export function calendarWeek(monday: string, timeZone: string): CalendarWeek {
  const dates = Array.from({ length: 7 }, (_, index) => addDays(monday, index));
  const next = addDays(monday, 7);
  return {
    monday,
    dates,
    startsAt: startOfLocalDate(monday, timeZone),
    endsAt: startOfLocalDate(next, timeZone),
    previous: addDays(monday, -7),
    next,
  };
}

/** "HH:mm" for minutes after local midnight; 1440 reads "24:00". */
export function minuteLabel(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}
