// The one place instants become text, for pages and messages alike: always in a named IANA zone,
// through one cached Intl formatter per (pattern, zone). Building a formatter costs far more than
// using it (and its native memory outlives the request), so none is built per call.
import { BoundedCache } from "./bounded-cache";
import { zoneCity } from "./time-zones";

const hm = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;

/** Every date-time pattern the app uses, each with its locale: a pattern and a zone name a formatter. */
const patterns = {
  long: ["en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", ...hm }],
  short: ["en-GB", { weekday: "short", day: "numeric", month: "short", ...hm }],
  time: ["en-GB", hm],
  rangeStart: ["en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", ...hm }],
  dayLabel: ["en-GB", { weekday: "long", day: "numeric", month: "long" }],
  date: ["en-GB", { day: "numeric", month: "long", year: "numeric" }],
  monthLabel: ["en-GB", { month: "long", year: "numeric" }],
  monthShort: ["en-GB", { month: "short" }],
  dayKey: ["en-CA", { year: "numeric", month: "2-digit", day: "2-digit" }],
  offset: ["en-US", { timeZoneName: "shortOffset" }],
  wallClock: [
    "en-US",
    { year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric", hourCycle: "h23" },
  ],
} satisfies Record<string, [string, Intl.DateTimeFormatOptions]>;

type Pattern = keyof typeof patterns;

// Zone ids are case-insensitive and arrive from cookies and query strings, so the key folds case;
// the cap bounds memory whatever arrives (real use stays far below it).
const formats = new BoundedCache<string, Intl.DateTimeFormat>(2000);

/** The shared formatter for `pattern` in `timeZone`; throws RangeError for a zone the runtime doesn't know. */
export function dateTimeFormat(pattern: Pattern, timeZone: string): Intl.DateTimeFormat {
  return formats.get(`${pattern} ${timeZone.toLowerCase()}`, () => {
    const [locale, options] = patterns[pattern];
    return new Intl.DateTimeFormat(locale, { ...options, timeZone });
  });
}

/** Whether `timeZone` is an IANA zone this runtime knows (aliases such as Asia/Calcutta included). */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone || timeZone.length > 64) return false;
  try {
    dateTimeFormat("offset", timeZone);
    return true;
  } catch {
    return false;
  }
}

// Assembled from parts: ICU versions (Node, workerd, browsers) punctuate the joined forms differently.
function partsOf(pattern: Pattern, at: Date, timeZone: string) {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of dateTimeFormat(pattern, timeZone).formatToParts(at)) parts[part.type] = part.value;
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

/** "Tue 2 Jun, 10:00" in `timeZone` (formatted on the server so both renders agree). */
export function formatDayTime(at: Date, timeZone: string): string {
  return dateTimeFormat("short", timeZone).format(at);
}

// The slot picker shows the same open times on every view of a booking page and in every answer
// to a lost race: like day keys (below), they are kept, a map lookup instead of a call into ICU.
const clockTimes = new BoundedCache<string, string>(100_000);

/** "16:00" in `timeZone`. */
export function formatTime(at: Date, timeZone: string): string {
  return clockTimes.get(`${at.getTime()} ${timeZone}`, () => dateTimeFormat("time", timeZone).format(at));
}

/** "Tue 2 Jun 2026, 10:00–11:00" in `timeZone`. */
export function formatRange(startsAt: Date, endsAt: Date, timeZone: string): string {
  return `${dateTimeFormat("rangeStart", timeZone).format(startsAt)}–${formatTime(endsAt, timeZone)}`;
}

/** "Tuesday 2 June": the local day of `at` in `timeZone`. */
export function formatDayLabel(at: Date, timeZone: string): string {
  return dateTimeFormat("dayLabel", timeZone).format(at);
}

/** "29 May 2026": the local date of `at` in `timeZone`. */
export function formatDate(at: Date, timeZone: string): string {
  return dateTimeFormat("date", timeZone).format(at);
}

/** "June 2026": the local month of `at` in `timeZone`. */
export function formatMonth(at: Date, timeZone: string): string {
  return dateTimeFormat("monthLabel", timeZone).format(at);
}

/** "Jun": the local month of `at` in `timeZone`, abbreviated (chart axes). */
export function formatShortMonth(at: Date, timeZone: string): string {
  return dateTimeFormat("monthShort", timeZone).format(at);
}

// A booking page asks for the local day of every open time in a month (about a thousand), the
// same instants on every view. The answer never changes, so it is kept: a map lookup instead of a
// call into ICU. The cap bounds memory (about 10 MB when full).
const dayKeys = new BoundedCache<string, string>(100_000);

/** The local date of `at` in `timeZone`: "2026-06-02". */
export function dayKeyIn(at: Date, timeZone: string): string {
  return dayKeys.get(`${at.getTime()} ${timeZone}`, () => dateTimeFormat("dayKey", timeZone).format(at));
}

/** The zone's UTC offset at `at`, e.g. "GMT+5:45", "GMT-7", "GMT". */
export function zoneOffsetLabel(timeZone: string, at: Date): string {
  const part = dateTimeFormat("offset", timeZone)
    .formatToParts(at)
    .find((candidate) => candidate.type === "timeZoneName");
  // ICU versions differ on zero offsets ("GMT" vs "GMT+0"); keep one spelling.
  return part?.value.replace(/^GMT[+-]0$/, "GMT") ?? "GMT";
}
