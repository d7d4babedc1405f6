// The directory at 100,000 listed specialists against the same pages at 30 (issue #8: within 2×).
// `npx tsx bench/directory/scale.ts [large] [small]` (default 100,000 and 30): builds two temp
// libSQL files with the same generator (the first 30 specialists are the same in both), fully
// migrated first so the listing triggers list the rows as they go in (data loaded before a migration
// breaks as soon as a later one adds a column), then times searchSpecialists, the directory's whole
// read (one db.batch), median of many runs. Prints a table; asserts nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { searchQuerySchema } from "../../app/domain/specialists/search-schema";
import { searchSpecialists } from "../../app/domain/specialists/search.server";
import { sessionCurrencies } from "../../app/domain/specialists/price-input";
import { languageNames, specialties } from "../../app/domain/specialists/specialties";
import { openDatabase } from "../../db/client";
import type { Database } from "../../db/database";
import type { NewSessionType, NewSpecialist, NewUser } from "../../db/factories";
import { migrate } from "drizzle-orm/libsql/migrator";
import { migrationsFolder } from "../../db/migrations";
import { availabilityWindows, sessionTypes, specialistListings, specialists, users } from "../../db/schema";
import { currentFxRates } from "../../app/domain/fx/fx-rates.server";
import { goalRow, printRows, type BenchRow } from "../lib/table";
import { insertAll } from "../lib/insert-all";

const largeCount = Number(process.argv[2] ?? 100_000);
const smallCount = Number(process.argv[3] ?? 30);
const now = new Date("2026-06-01T06:00:00Z");
const minute = 60_000;

const firstNames = [
  "Ana",
  "Bo",
  "Chiamaka",
  "Dara",
  "Emil",
  "Farah",
  "Goran",
  "Hana",
  "Ivo",
  "Jun",
  "Kenji",
  "Lena",
  "Mateo",
  "Nia",
  "Omar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sita",
  "Tomas",
  "Uma",
  "Vera",
  "Wen",
  "Yara",
  "Zane",
];
const syllables = [
  "ka",
  "lo",
  "mi",
  "ra",
  "to",
  "ve",
  "sun",
  "dor",
  "ash",
  "ben",
  "cor",
  "fin",
  "gal",
  "hol",
  "ith",
  "jor",
  "kel",
  "mar",
  "nor",
  "pel",
];
const headlines = [
  "Helping founders with {s}",
  "{s} for busy professionals",
  "Practical {s}, one session at a time",
  "Senior coach: {s}",
  "{s} without the jargon",
];
const zones = [
  "America/New_York",
  "America/Sao_Paulo",
  "Europe/London",
  "Europe/Berlin",
  "Africa/Lagos",
  "Asia/Kolkata",
  "Asia/Tokyo",
  "Australia/Sydney",
];
const languages = Object.keys(languageNames);
const typicalPrice: Record<string, number[]> = { JPY: [0, 5_000, 8_000, 15_000, 22_000] };
const defaultPrices = [0, 2_500, 5_000, 7_500, 12_000, 20_000];

// mulberry32: independent draws, so names, specialties and languages don't correlate (an LCG
// computed in floating point did, and made some filters look far rarer near the top of an order).
let seed = 42;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let mixed = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
  return ((mixed ^ (mixed >>> 14)) >>> 0) / 2 ** 32;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function buildData(count: number) {
  seed = 42;
  const rows = {
    users: [] as NewUser[],
    specialists: [] as NewSpecialist[],
    windows: [] as { specialistId: string; weekday: number; startMinute: number; endMinute: number }[],
    sessionTypes: [] as NewSessionType[],
    nextOpen: [] as [string, number][],
  };
  for (let index = 0; index < count; index += 1) {
    const userId = `user-${index}`;
    const id = `specialist-${index}`;
    const surname = pick(syllables) + pick(syllables) + pick(syllables);
    const name = `${pick(firstNames)} ${surname[0]!.toUpperCase()}${surname.slice(1)}`;
    const chosen = [...new Set([pick(specialties), pick(specialties)])].slice(0, 1 + Math.floor(random() * 2));
    const rated = random() < 0.3;
    rows.users.push({ id: userId, email: `bench-${index}@example.test`, name, role: "specialist" });
    rows.specialists.push({
      id,
      userId,
      slug: `bench-${index}`,
      displayName: name,
      headline: pick(headlines).replace("{s}", chosen[0]!.label.toLowerCase()),
      bio: `I have worked with clients on ${chosen.map((specialty) => specialty.label.toLowerCase()).join(" and ")} for ${2 + Math.floor(random() * 20)} years.`,
      specialties: chosen.map((specialty) => specialty.slug),
      languages: [...new Set(["en", pick(languages)])],
      timezone: pick(zones),
      published: true,
      approval: "approved",
      ratingAvg: rated ? Math.round((3 + random() * 2) * 10) / 10 : null,
      ratingCount: rated ? 1 + Math.floor(random() * 50) : 0,
    });
    rows.windows.push({ specialistId: id, weekday: 1 + Math.floor(random() * 5), startMinute: 540, endMinute: 1020 });
    const currency = pick(sessionCurrencies);
    const typeCount = 1 + Math.floor(random() * 3);
    for (let type = 0; type < typeCount; type += 1) {
      rows.sessionTypes.push({
        specialistId: id,
        title: `Session ${type + 1}`,
        minutes: 60,
        priceMinor: pick(typicalPrice[currency] ?? defaultPrices),
        currency,
      });
    }
    // What the slot writes store: the first open time within the next three weeks.
    rows.nextOpen.push([id, now.getTime() + Math.floor(random() * 21 * 24) * 60 * minute + 4 * 60 * minute]);
  }
  return rows;
}

async function build(db: Database, count: number) {
  const started = performance.now();
  await migrate(db, { migrationsFolder });
  await currentFxRates(db, now);
  const data = buildData(count);
  await insertAll(db, (chunk) => db.insert(users).values(chunk), data.users);
  await insertAll(db, (chunk) => db.insert(specialists).values(chunk), data.specialists);
  await insertAll(db, (chunk) => db.insert(availabilityWindows).values(chunk), data.windows);
  await insertAll(db, (chunk) => db.insert(sessionTypes).values(chunk), data.sessionTypes);
  for (let index = 0; index < data.nextOpen.length; index += 5_000) {
    const chunk = JSON.stringify(data.nextOpen.slice(index, index + 5_000));
    await db.run(sql`update ${specialistListings} set next_open_at = open.value ->> 1 from json_each(${chunk}) as open
      where ${specialistListings}.specialist_id = open.value ->> 0`);
  }
  await db.run(sql`analyze`);
  const listed = await db.$count(specialistListings);
  console.log(
    `Built ${listed.toLocaleString("en")} listed specialists in ${((performance.now() - started) / 1000).toFixed(1)} s (the triggers listing them as they went in)`,
  );
  return data;
}

interface Case {
  name: string;
  query: Record<string, unknown>;
  /** Pages to follow before the timed one (1 = the second page). */
  skip?: number;
}

async function cursorAfter(db: Database, query: Record<string, unknown>, pages: number) {
  let cursor: string | undefined;
  for (let page = 0; page < pages; page += 1) {
    cursor = (await searchSpecialists(db, searchQuerySchema.parse({ ...query, cursor }), now)).nextCursor ?? undefined;
  }
  return cursor;
}

async function time(db: Database, test: Case, runs: number) {
  const cursor = test.skip ? await cursorAfter(db, test.query, test.skip) : undefined;
  const query = searchQuerySchema.parse({ ...test.query, cursor });
  let results = 0;
  for (let run = 0; run < 5; run += 1) await searchSpecialists(db, query, now);
  const timings: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    results = (await searchSpecialists(db, query, now)).results.length;
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  return { median: timings[Math.floor(runs / 2)]!, results };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "specialistly-directory-"));
  const small = openDatabase({ url: pathToFileURL(join(dir, "small.db")).href });
  const large = openDatabase({ url: pathToFileURL(join(dir, "large.db")).href });
  try {
    const data = await build(small.db, smallCount);
    await build(large.db, largeCount);
    // Terms both directories hold (the first specialists are the same in both).
    const fullName = data.specialists[0]!.displayName;
    const specialty = (data.specialists[0]!.specialties as string[])[0]!;
    const language = (data.specialists[1]!.languages as string[]).at(-1)!;
    const cases: Case[] = [
      { name: "first page (best match)", query: {} },
      { name: "second page (best match)", query: {}, skip: 1 },
      { name: "text: a full name", query: { q: fullName } },
      { name: `text: a specialty word, by price`, query: { q: specialty.split("-")[0], sort: "price" } },
      { name: `text: a specialty word, best match`, query: { q: specialty.split("-")[0] } },
      { name: "filter: specialty", query: { specialty } },
      { name: "filter: language", query: { language } },
      { name: "filter: available within 7 days", query: { availableWithin: 7 } },
      { name: "filter: price up to 60", query: { maxPrice: 60, currency: "EUR" } },
      { name: "sort: lowest price", query: { sort: "price", currency: "EUR" } },
      { name: "sort: lowest price, second page", query: { sort: "price", currency: "EUR" }, skip: 1 },
      { name: "sort: highest rated", query: { sort: "rating" } },
      { name: "sort: soonest available", query: { sort: "soonest" } },
      { name: "sort: soonest, second page", query: { sort: "soonest" }, skip: 1 },
    ];
    const rows: BenchRow[] = [];
    for (const test of cases) {
      const [few, many] = [await time(small.db, test, 200), await time(large.db, test, 50)];
      const ratio = many.median / few.median;
      rows.push(
        goalRow(
          "directory/scale",
          `${test.name}: ${few.median.toFixed(2)} ms at ${smallCount}, ${many.median.toFixed(2)} ms at ${largeCount.toLocaleString("en")} (${few.results} / ${many.results} results)`,
          ratio,
          { atMost: 2 },
          (value) => `${value.toFixed(2)}×`,
        ),
      );
    }
    printRows(
      `Directory pages (searchSpecialists, one db.batch; median of 200 / 50 runs; query "${fullName}", specialty ${specialty}, language ${language})`,
      rows,
    );
  } finally {
    small.close();
    large.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
