// Open times as the slot picker shows them: grouped by the viewer's local day, each time in the
// viewer's zone and (when it differs) the specialist's. Formatted on the server so both renders agree.
import { dayKeyIn, formatDayLabel, formatMonth, formatTime, isValidTimeZone } from "../../lib/time-format";
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

export function groupSlotsByDay(starts: readonly Date[], viewerZone: string, specialistZone: string): PickerDay[] {
  const days: PickerDay[] = [];
  for (const start of starts) {
    const key = dayKeyIn(start, viewerZone);
    let day = days.at(-1);
    if (!day || day.key !== key) {
      day = { key, label: formatDayLabel(start, viewerZone), slots: [] };
      days.push(day);
    }
    day.slots.push({
      startsAt: start.toISOString(),
      viewer: formatTime(start, viewerZone),
      specialist: viewerZone === currentZoneName(specialistZone) ? null : formatTime(start, specialistZone),
    });
  }
  return days;
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

/**
 * The months that hold open times, as calendars of the viewer's days (keys are already local
 * dates, so this is plain civil-date arithmetic, done in UTC).
 */
export function calendarMonths(days: readonly PickerDay[]): CalendarMonth[] {
  const open = new Set(days.map((day) => day.key));
  const monthKeys = [...new Set(days.map((day) => day.key.slice(0, 7)))];
  return monthKeys.map((key) => {
    const [year, month] = key.split("-").map(Number) as [number, number];
    const first = new Date(Date.UTC(year, month - 1, 1));
    const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const lead = (first.getUTCDay() + 6) % 7; // Monday first
    const cells: (CalendarDay | null)[] = Array.from({ length: lead }, () => null);
    for (let day = 1; day <= length; day++) {
      const date = new Date(Date.UTC(year, month - 1, day));
      const dayKey = `${key}-${String(day).padStart(2, "0")}`;
      cells.push({ key: dayKey, day, label: formatDayLabel(date, "UTC"), open: open.has(dayKey) });
    }
    while (cells.length % 7 !== 0) cells.push(null);
    const weeks = Array.from({ length: cells.length / 7 }, (_, week) => cells.slice(week * 7, week * 7 + 7));
    return { key, label: formatMonth(first, "UTC"), weeks };
  });
}

/**
 * The day whose times are shown: `focus` (a `?day=`, or the day of a requested time, even one
 * just taken) when it has open times, else the first day that has.
 */
export function chosenDay(days: readonly PickerDay[], focus: string | null): PickerDay | null {
  return (focus && dayKeyPattern.test(focus) ? days.find((day) => day.key === focus) : undefined) ?? days[0] ?? null;
}

/** The day to focus on from the query: `?day=`, else the local day of `?start=` (an ISO instant). */
export function focusDay(searchParams: URLSearchParams, timeZone: string): string | null {
  const day = searchParams.get("day");
  if (day) return day;
  const start = new Date(searchParams.get("start") ?? "");
  return Number.isNaN(start.getTime()) ? null : dayKeyIn(start, timeZone);
}
