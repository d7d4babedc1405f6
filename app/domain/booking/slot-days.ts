// Open times as the slot picker shows them: the viewer's local days that have open times (for the
// month calendar) and one chosen day's times, each in the viewer's zone and (when it differs) the
// specialist's. Only the chosen day's times are formatted and sent: a month of them is ~1,000.
// Times are formatted on the server so both renders agree; calendar labels are plain civil-date
// arithmetic with English names, the same on the server and in the browser.
import { dayKeyIn, formatTime, isValidTimeZone } from "../../lib/time-format";
import { currentZoneName } from "../../lib/time-zones";
import { resolveViewerZone, zoneName, type ViewerZoneSource } from "../specialists/viewer-zone";

export interface PickerSlot {
  /** The exact instant, posted back as is (never rebuilt from wall-clock time). */
  startsAt: string;
  viewer: string;
  specialist: string | null;
}

export interface PickerDay {
  key: string;
  label: string;
  slots: PickerSlot[];
}

/** What the month calendar needs: the months shown ("2026-06") and the days with open times ("2026-06-02"). */
export interface PickerCalendar {
  months: string[];
  open: string[];
}

/**
 * The calendar of the viewer's days with open times and the times of one day: `focus` when it has
 * open times, else the first day that has (null when none has).
 */
export function pickerView(
  starts: readonly Date[],
  zones: { viewer: string; specialist: string },
  focus: string | null,
): { calendar: PickerCalendar; day: PickerDay | null } {
  const keys = starts.map((start) => dayKeyIn(start, zones.viewer));
  const open = [...new Set(keys)];
  const key = chosenDayKey(open, focus);
  return {
    calendar: { months: [...new Set(open.map((day) => day.slice(0, 7)))], open },
    day: key === null ? null : pickerDay(key, starts.filter((_, index) => keys[index] === key), zones),
  };
}

/** The open times among `starts` on the viewer's day `key`, or null when there are none. */
export function dayOfTimes(starts: readonly Date[], key: string, zones: { viewer: string; specialist: string }): PickerDay | null {
  const times = starts.filter((start) => dayKeyIn(start, zones.viewer) === key);
  return times.length > 0 ? pickerDay(key, times, zones) : null;
}

function pickerDay(key: string, starts: readonly Date[], zones: { viewer: string; specialist: string }): PickerDay {
  const both = zones.viewer !== currentZoneName(zones.specialist);
  return {
    key,
    label: dayLabel(key),
    slots: starts.map((start) => ({
      startsAt: start.toISOString(),
      viewer: formatTime(start, zones.viewer),
      specialist: both ? formatTime(start, zones.specialist) : null,
    })),
  };
}

export type ZoneSource = "chosen" | ViewerZoneSource;

/**
 * The zone to show times in: a `tz` query parameter (the zone form) for this view only, else the
 * visitor's own (browser, then account), else the specialist's. A choice is never saved as the
 * visitor's zone: the form shows the specialist's zone by default, and submitting it unchanged
 * must not make the visitor a resident of it.
 */
export function chooseViewerZone(
  request: Request,
  accountZone: string | null | undefined,
  specialistZone: string,
): { zone: string; source: ZoneSource } {
  const param = new URL(request.url).searchParams.get("tz");
  if (param && isValidTimeZone(param)) return { zone: currentZoneName(param), source: "chosen" };
  return resolveViewerZone(request, accountZone, specialistZone);
}

export { zoneName };

/** A day cell of a month calendar: its date, and whether it has open times. */
export interface CalendarDay {
  key: string;
  day: number;
  /** "Tuesday 2 June": what the day's link is called. */
  label: string;
  open: boolean;
}

export interface CalendarMonth {
  key: string;
  /** "June 2026". */
  label: string;
  /** Monday-first weeks; null pads the days before the 1st and after the last. */
  weeks: (CalendarDay | null)[][];
}

const dayKeyPattern = /^\d{4}-\d{2}-\d{2}$/;
const weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2026-06-02" → "Tuesday 2 June". */
export function dayLabel(key: string): string {
  const [year, month, day] = key.split("-").map(Number) as [number, number, number];
  return `${weekdayNames[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]} ${day} ${monthNames[month - 1]}`;
}

/**
 * The month `key` ("2026-06") as a calendar of the viewer's days, marking those in `open` (keys are
 * already local dates, so this is plain civil-date arithmetic, done in UTC).
 */
export function monthCalendar(key: string, open: ReadonlySet<string>): CalendarMonth {
  const [year, month] = key.split("-").map(Number) as [number, number];
  const first = new Date(Date.UTC(year, month - 1, 1));
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7; // Monday first
  const cells: (CalendarDay | null)[] = Array.from({ length: lead }, () => null);
  for (let day = 1; day <= length; day++) {
    const dayKey = `${key}-${String(day).padStart(2, "0")}`;
    cells.push({ key: dayKey, day, label: dayLabel(dayKey), open: open.has(dayKey) });
  }
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, week) => cells.slice(week * 7, week * 7 + 7));
  return { key, label: `${monthNames[month - 1]} ${year}`, weeks };
}

/** `focus` (a `?day=`, or the day of a requested time, even one just taken) when it is open, else the first open day. */
function chosenDayKey(open: readonly string[], focus: string | null): string | null {
  return (focus && dayKeyPattern.test(focus) && open.includes(focus) ? focus : open[0]) ?? null;
}

/** The day to focus on from the query: `?day=`, else the local day of `?start=` (an ISO instant). */
export function focusDay(searchParams: URLSearchParams, timeZone: string): string | null {
  const day = searchParams.get("day");
  if (day) return day;
  const start = new Date(searchParams.get("start") ?? "");
  return Number.isNaN(start.getTime()) ? null : dayKeyIn(start, timeZone);
}
