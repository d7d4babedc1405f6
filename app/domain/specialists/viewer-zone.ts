import { isValidTimeZone, zoneCity } from "../../lib/time-zones";

/** The visitor's zone from the `tz` cookie (set by the browser), or null when absent or not a known zone. */
export function viewerTimeZone(request: Request): string | null {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name !== "tz") continue;
    let value: string;
    try {
      value = decodeURIComponent(rest.join("="));
    } catch {
      return null;
    }
    return isValidTimeZone(value) ? value : null;
  }
  return null;
}

/** "Tue 2 Jun, 10:00" in `timeZone` (formatted on the server so both renders agree). */
export function formatDayTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
}

/** "16:00" in `timeZone`. */
export function formatTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

/** A zone as people read it: "Berlin", or "UTC". */
export function zoneName(timeZone: string): string {
  return zoneCity(timeZone);
}
