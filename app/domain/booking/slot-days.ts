// Open times grouped as the slot picker shows them: the viewer's local days that have open times
// (for the month calendar, lib/month-calendar.ts) and one chosen day's times, each in the viewer's
// zone and (when it differs) the specialist's. Only the chosen day's times are formatted and sent:
// a month of them is ~1,000. Times are formatted on the server so both renders agree.
import { dayLabel } from "../../lib/month-calendar";
import { dayKeyIn, formatTime } from "../../lib/time-format";
import { currentZoneName } from "../../lib/time-zones";

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
    day:
      key === null
        ? null
        : pickerDay(
            key,
            starts.filter((_, index) => keys[index] === key),
            zones,
          ),
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

const dayKeyPattern = /^\d{4}-\d{2}-\d{2}$/;

/** `focus` (a `?day=`, or the day of a requested time, even one just taken) when it is open, else the first open day. */
function chosenDayKey(open: readonly string[], focus: string | null): string | null {
  return (focus && dayKeyPattern.test(focus) && open.includes(focus) ? focus : open[0]) ?? null;
}
