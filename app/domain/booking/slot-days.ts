// Open times as the slot picker shows them: grouped by the viewer's local day, each time in the
// viewer's zone and (when it differs) the specialist's. Formatted on the server so both renders agree.
import { formatTime, resolveViewerZone, zoneName, type ViewerZoneSource } from "../specialists/viewer-zone";
import { currentZoneName, isValidTimeZone } from "../../lib/time-zones";

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
  const dayKey = new Intl.DateTimeFormat("en-CA", { timeZone: viewerZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const dayLabel = new Intl.DateTimeFormat("en-GB", { timeZone: viewerZone, weekday: "long", day: "numeric", month: "long" });
  const days: PickerDay[] = [];
  for (const start of starts) {
    const key = dayKey.format(start);
    let day = days.at(-1);
    if (!day || day.key !== key) {
      day = { key, label: dayLabel.format(start), slots: [] };
      days.push(day);
    }
    day.slots.push({
      startsAt: start.toISOString(),
      viewer: formatTime(start, viewerZone),
      specialist: viewerZone === specialistZone ? null : formatTime(start, specialistZone),
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
