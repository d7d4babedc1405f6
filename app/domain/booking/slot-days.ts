// Open times as the slot picker shows them: grouped by the viewer's local day, each time in the
// viewer's zone and (when it differs) the specialist's. Formatted on the server so both renders agree.
import { formatTime, viewerTimeZone, zoneName } from "../specialists/viewer-zone";
import { isValidTimeZone } from "../../lib/time-zones";

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

export type ZoneSource = "chosen" | "browser" | "specialist";

export interface ViewerZoneChoice {
  zone: string;
  source: ZoneSource;
  /** Set when the visitor picked a zone in the form: remembered like the browser's. */
  setCookie: string | null;
}

/** The `tz` cookie the browser script and the zone form both write. */
export function zoneCookie(zone: string): string {
  return `tz=${encodeURIComponent(zone)}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

/** The zone to show times in: a `tz` query parameter (the no-JS form), the `tz` cookie, else the specialist's. */
export function chooseViewerZone(request: Request, specialistZone: string): ViewerZoneChoice {
  const param = new URL(request.url).searchParams.get("tz");
  if (param && isValidTimeZone(param)) return { zone: param, source: "chosen", setCookie: zoneCookie(param) };
  const cookie = viewerTimeZone(request);
  if (cookie) return { zone: cookie, source: "browser", setCookie: null };
  return { zone: specialistZone, source: "specialist", setCookie: null };
}

export { zoneName };
