// What the slot picker's query string asks for: the day to show (`?day=`, or the day of a chosen
// `?start=`) and the zone to show it in (`?tz=`). The picker's links and forms write them
// (components/slot-picker.tsx); the booking and reschedule loaders read them back here.
import { dayKeyIn, isValidTimeZone } from "../../lib/time-format";
import { currentZoneName } from "../../lib/time-zones";
import { resolveViewerZone, type ViewerZoneSource } from "../specialists/viewer-zone";

/** The day to focus on from the query: `?day=`, else the local day of `?start=` (an ISO instant). */
export function focusDay(searchParams: URLSearchParams, timeZone: string): string | null {
  const day = searchParams.get("day");
  if (day) return day;
  const start = new Date(searchParams.get("start") ?? "");
  return Number.isNaN(start.getTime()) ? null : dayKeyIn(start, timeZone);
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
