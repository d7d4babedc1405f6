// Times as people read them in messages (emails, SMS, in-app): always in a named IANA zone, with
// one cached Intl formatter per (pattern, zone), since building one costs far more than using it.
import { zoneCity } from "./time-zones";

const patterns = {
  long: { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  short: { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const formats = new Map<string, Intl.DateTimeFormat>();

function cachedFormat(pattern: keyof typeof patterns, timeZone: string) {
  const key = `${pattern} ${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { ...patterns[pattern], timeZone });
    formats.set(key, format);
  }
  return format;
}

// Assembled from parts: ICU versions (Node, workerd, browsers) punctuate the joined forms differently.
function partsOf(pattern: keyof typeof patterns, at: Date, timeZone: string) {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of cachedFormat(pattern, timeZone).formatToParts(at)) parts[part.type] = part.value;
  return parts;
}

/** "Monday 7 December 2026 at 14:00 (Berlin time)" */
export function formatSessionTime(at: Date, timeZone: string): string {
  const p = partsOf("long", at, timeZone);
  return `${p.weekday} ${p.day} ${p.month} ${p.year} at ${p.hour}:${p.minute} (${zoneCity(timeZone)} time)`;
}

/** "Mon 7 Dec, 14:00 Berlin" — for text messages and lists. */
export function formatShortSessionTime(at: Date, timeZone: string): string {
  const p = partsOf("short", at, timeZone);
  return `${p.weekday} ${p.day} ${p.month}, ${p.hour}:${p.minute} ${zoneCity(timeZone)}`;
}
