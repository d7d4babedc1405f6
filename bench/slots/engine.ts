/**
 * Slot engine speed: 60 days of one specialist with realistic rules, per zone.
 * Run with `npx tsx bench/slots/engine.ts`. "cold" clears the per-zone memo of local midnights
 * before every run (a fresh process or a new zone); "warm" is the steady state of a server.
 */
import { clearLocalTimeCache, localInstant, parseLocalDay } from "../../app/domain/availability/local-time";
import { slotsBetween, type Interval, type SlotEngineInput, type WeeklyWindow } from "../../app/domain/availability/slot-engine";
import { infoRow, printRows } from "../lib/table";

const RUNS = 200;
const WARM_UP_RUNS = 30;
const DAYS = 60;
const MINUTE = 60_000;
const DAY = 86_400_000;
const FIRST_DATE = "2026-03-02"; // 60 days from here cross the March/April DST changes of NY, Europe and Lord Howe

const ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Kiritimati"];

const WEEKLY: WeeklyWindow[] = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, startMinute: 9 * 60, endMinute: 12 * 60 },
  { weekday, startMinute: 13 * 60, endMinute: 18 * 60 },
]);

/** Deterministic pseudo-random numbers so every run and zone sees the same calendar. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function calendar(timeZone: string): Pick<SlotEngineInput, "bookings" | "blocked"> {
  const random = seeded(42);
  const firstDay = parseLocalDay(FIRST_DATE);
  const localAt = (dayShift: number, minute: number) => localInstant(timeZone, firstDay + dayShift, minute);
  const bookings: Interval[] = Array.from({ length: 40 }, () => {
    const dayShift = Math.floor(random() * DAYS);
    const minute = 9 * 60 + Math.floor(random() * 16) * 30; // 09:00 … 16:30 local
    const startsAt = localAt(dayShift, minute);
    return { startsAt, endsAt: startsAt + 30 * MINUTE };
  });
  const blocked: Interval[] = [
    { startsAt: localAt(3, 14 * 60), endsAt: localAt(3, 16 * 60) },
    { startsAt: localAt(10, 0), endsAt: localAt(11, 0) },
    { startsAt: localAt(17, 9 * 60), endsAt: localAt(17, 10 * 60 + 30) },
    { startsAt: localAt(30, 0), endsAt: localAt(33, 0) },
    { startsAt: localAt(45, 12 * 60), endsAt: localAt(45, 15 * 60) },
  ];
  return { bookings, blocked };
}

function inputFor(timeZone: string, dailyCap: number | null): SlotEngineInput {
  const from = localInstant(timeZone, parseLocalDay(FIRST_DATE), 0);
  return {
    timeZone,
    sessionMinutes: 30,
    rules: {
      minNoticeMinutes: 120,
      horizonDays: 90,
      bufferBeforeMinutes: 10,
      bufferAfterMinutes: 10,
      slotIntervalMinutes: 15,
      dailyCap,
    },
    weeklyWindows: WEEKLY,
    overrides: [
      { date: "2026-03-20", startMinute: null, endMinute: null },
      { date: "2026-04-06", startMinute: 10 * 60, endMinute: 14 * 60 },
    ],
    ...calendar(timeZone),
    now: from - DAY,
    from,
    to: from + DAYS * DAY,
  };
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? NaN;
}

function measure(input: SlotEngineInput, cold: boolean): { median: number; p95: number; slots: number } {
  let slots = 0;
  for (let run = 0; run < WARM_UP_RUNS; run++) slots = slotsBetween(input).length;
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    if (cold) clearLocalTimeCache();
    const started = performance.now();
    slots = slotsBetween(input).length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 0.5), p95: percentile(times, 0.95), slots };
}

const ms = (value: number) => value.toFixed(3);
const cases = [...ZONES.map((zone) => ({ zone, dailyCap: null })), { zone: "Europe/Berlin", dailyCap: 1 }];
const rows = cases.map(({ zone, dailyCap }) => {
  const input = inputFor(zone, dailyCap);
  const cold = measure(input, true);
  const warm = measure(input, false);
  return infoRow(
    "slots/engine",
    `${DAYS} days, ${dailyCap === null ? zone : `${zone} (daily cap ${dailyCap})`}: ${warm.slots} slots`,
    `warm ${ms(warm.median)} / ${ms(warm.p95)} ms, cold ${ms(cold.median)} / ${ms(cold.p95)} ms (median / p95)`,
  );
});

console.log(`slotsBetween: ${DAYS} days from ${FIRST_DATE}, Mon–Fri 09–12 + 13–18, 30-min sessions every 15 min,`);
console.log(`40 bookings (10-min buffers), 5 blocked times; ${RUNS} runs after ${WARM_UP_RUNS} warm-ups.`);
console.log(`Node ${process.versions.node}, ICU ${process.versions.icu}, tzdata ${process.versions.tz}`);
printRows("Slot engine (slotsBetween)", rows);
