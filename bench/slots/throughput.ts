// How fast the daily job materializes slots, and how fast the read model answers.
// `npx tsx bench/slots/throughput.ts [specialists]` (default 2,000): builds a temp libSQL file
// with realistic availability, times extendAllHorizons over a 60-day horizon, then openSlots
// for one specialist over 30 days (median of 100). Prints tables (bench/lib/table); asserts nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { extendAllHorizons, openSlots } from "../../app/domain/availability/slots.server";
import { openDatabase } from "../../db/client";
import type { NewSessionType, NewSpecialist, NewUser } from "../../db/factories";
import { applyMigrations } from "../../db/migrations";
import {
  availabilityOverrides,
  availabilityWindows,
  blockedTimes,
  bookingRules,
  bookings,
  sessionTypes,
  specialists,
  users,
} from "../../db/schema";
import { infoRow, printRows } from "../lib/table";
import { insertAll } from "../lib/insert-all";

const specialistCount = Number(process.argv[2] ?? 2_000);
const horizonDays = 60;
const minute = 60_000;
const day = 24 * 60 * minute;
const now = new Date("2026-06-01T06:00:00Z");
const clock = { now: () => now };

const timeZones = [
  "America/Los_Angeles",
  "America/New_York",
  "America/Sao_Paulo",
  "Europe/London",
  "Europe/Berlin",
  "Africa/Nairobi",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Asia/Singapore",
  "Asia/Tokyo",
  "Australia/Adelaide",
  "Pacific/Auckland",
];

// A small deterministic generator, so every run benchmarks the same data.
let seed = 42;
function random() {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

type Row<Table extends { $inferInsert: unknown }> = Table["$inferInsert"];

function buildData() {
  const rows = {
    users: [] as NewUser[],
    specialists: [] as NewSpecialist[],
    rules: [] as Row<typeof bookingRules>[],
    windows: [] as Row<typeof availabilityWindows>[],
    overrides: [] as Row<typeof availabilityOverrides>[],
    blocked: [] as Row<typeof blockedTimes>[],
    sessionTypes: [] as NewSessionType[],
    bookings: [] as Row<typeof bookings>[],
  };
  const customerId = crypto.randomUUID();
  rows.users.push({ id: customerId, email: "bench-customer@example.test", name: "Bench Customer", role: "customer" });

  for (let index = 0; index < specialistCount; index += 1) {
    const userId = crypto.randomUUID();
    const specialistId = crypto.randomUUID();
    const timezone = pick(timeZones);
    rows.users.push({ id: userId, email: `bench-${index}@example.test`, name: `Specialist ${index}`, role: "specialist", timezone });
    rows.specialists.push({ id: specialistId, userId, slug: `bench-${index}`, displayName: `Specialist ${index}`, timezone });
    rows.rules.push({
      specialistId,
      horizonDays,
      minNoticeMinutes: pick([0, 120, 240, 1440]),
      bufferBeforeMinutes: pick([0, 0, 10, 15]),
      bufferAfterMinutes: pick([0, 10, 15, 30]),
      slotIntervalMinutes: pick([15, 30, 30, 60]),
      dailyCap: pick([null, null, 4, 6]),
    });

    // Office hours with a lunch break on weekdays; some work Saturday mornings or evenings.
    const start = pick([7, 8, 9, 10]) * 60;
    const end = pick([16, 17, 18]) * 60;
    for (let weekday = 1; weekday <= 5; weekday += 1) {
      rows.windows.push({ specialistId, weekday, startMinute: start, endMinute: 12 * 60 });
      rows.windows.push({ specialistId, weekday, startMinute: 13 * 60, endMinute: end });
      if (random() < 0.2) rows.windows.push({ specialistId, weekday, startMinute: 19 * 60, endMinute: 21 * 60 });
    }
    if (random() < 0.3) rows.windows.push({ specialistId, weekday: 6, startMinute: 9 * 60, endMinute: 13 * 60 });

    const dayOff = new Date(now.getTime() + Math.floor(random() * horizonDays) * day).toISOString().slice(0, 10);
    rows.overrides.push({ specialistId, date: dayOff, startMinute: null, endMinute: null });
    const blockStart = now.getTime() + Math.floor(random() * horizonDays) * day + 10 * 60 * minute;
    rows.blocked.push({ specialistId, startsAt: new Date(blockStart), endsAt: new Date(blockStart + 2 * 60 * minute) });

    const typeCount = 1 + Math.floor(random() * 3);
    for (let type = 0; type < typeCount; type += 1) {
      const id = crypto.randomUUID();
      const minutes = pick([30, 45, 60, 90]);
      rows.sessionTypes.push({ id, specialistId, title: `Session ${type + 1}`, minutes, priceMinor: 5_000, currency: "USD" });
      if (type === 0) {
        for (let booking = 0; booking < 5; booking += 1) {
          const startsAt = now.getTime() + Math.floor(random() * horizonDays) * day + Math.floor(random() * 24) * 60 * minute;
          rows.bookings.push({
            specialistId,
            customerId,
            sessionTypeId: id,
            startsAt: new Date(startsAt),
            endsAt: new Date(startsAt + minutes * minute),
            status: pick(["confirmed", "confirmed", "pending_payment", "cancelled"] as const),
            priceMinor: 5_000,
            currency: "USD",
            customerTimezone: "UTC",
          });
        }
      }
    }
  }
  return rows;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "specialistly-bench-"));
  const handle = openDatabase({ url: pathToFileURL(join(dir, "bench.db")).href });
  try {
    const { db } = handle;
    await applyMigrations(db);

    const setupStarted = performance.now();
    const data = buildData();
    await insertAll(db, (chunk) => db.insert(users).values(chunk), data.users);
    await insertAll(db, (chunk) => db.insert(specialists).values(chunk), data.specialists);
    await insertAll(db, (chunk) => db.insert(bookingRules).values(chunk), data.rules);
    await insertAll(db, (chunk) => db.insert(availabilityWindows).values(chunk), data.windows);
    await insertAll(db, (chunk) => db.insert(availabilityOverrides).values(chunk), data.overrides);
    await insertAll(db, (chunk) => db.insert(blockedTimes).values(chunk), data.blocked);
    await insertAll(db, (chunk) => db.insert(sessionTypes).values(chunk), data.sessionTypes);
    await insertAll(db, (chunk) => db.insert(bookings).values(chunk), data.bookings);
    console.log(`Set up ${specialistCount} specialists in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

    const started = performance.now();
    const summary = await extendAllHorizons({ db, clock });
    const seconds = (performance.now() - started) / 1000;
    const rerunStarted = performance.now();
    await extendAllHorizons({ db, clock });
    const rerunSeconds = (performance.now() - rerunStarted) / 1000;
    const nextDayStarted = performance.now();
    const nextDay = new Date(now.getTime() + day);
    await extendAllHorizons({ db, clock: { now: () => nextDay } });
    const nextDaySeconds = (performance.now() - nextDayStarted) / 1000;

    const bench = "slots/throughput";
    printRows("Slot materialization (extendAllHorizons)", [
      infoRow(
        bench,
        `${summary.specialists.toLocaleString("en")} specialists, ${summary.sessionTypes.toLocaleString("en")} session types, ${horizonDays} days`,
        `${summary.slots.toLocaleString("en")} slots in ${seconds.toFixed(2)} s (${Math.round(summary.slots / seconds).toLocaleString("en")}/s)`,
      ),
      infoRow(bench, "same-day rerun", `${rerunSeconds.toFixed(2)} s`),
      infoRow(bench, "next-day run", `${nextDaySeconds.toFixed(2)} s`),
    ]);

    const specialistId = data.specialists[0]!.id!;
    const query = { specialistId, from: now, to: new Date(now.getTime() + 30 * day), now };
    const timings: number[] = [];
    let found = 0;
    for (let run = 0; run < 100; run += 1) {
      const queryStarted = performance.now();
      found = (await openSlots(db, query)).length;
      timings.push(performance.now() - queryStarted);
    }
    timings.sort((a, b) => a - b);
    printRows("Open slots (openSlots)", [
      infoRow(
        bench,
        `openSlots, one specialist, 30 days (${found} slots)`,
        `median ${timings[49]!.toFixed(2)} ms, p95 ${timings[94]!.toFixed(2)} ms`,
      ),
    ]);
  } finally {
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
