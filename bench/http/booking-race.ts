// 50 customers book at once, through the real Remix handler (the production build) against a
// temp libSQL file, posting `.data` requests as the browser does with JavaScript (and, for
// comparison, document POSTs as it does without). Two races: all 50 for the same time (one wins,
// 49 get a 409 with that day's fresh times) and each for a different time (all win).
// `npm run build`, then `npx tsx bench/http/booking-race.ts [rounds]` (default 20 measured rounds
// per race after ten warm-up races, a running server's steady state (with three, V8 was still
// optimizing the handler through the first measured rounds); the first race after start,
// while V8 is still compiling the handler's code, is printed too, for comparison). The p95 is over
// every POST of the measured rounds (1,000 by default): one race slowed by a garbage collection or
// a busy neighbour then weighs as much as it would among a server's requests, where with 5 rounds
// it was a fifth of the sample. Prints a table with the goal beside each figure; asserts nothing.
import { users } from "../../db/schema";
import { rebuildSlotsForSpecialist } from "../../app/domain/availability/slots.server";
import { createSession } from "../../app/domain/auth/sessions.server";
import { givenSpecialist } from "../../app/domain/booking/booking.test-support";
import { createDatabaseJobQueue } from "../../server/job-queue";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { createTestDatabase } from "../../tests/test-database";
import { goalRow, infoRow, printRows, type BenchRow } from "../lib/table";

// As the server runs in production: React's production build (set before the app build loads it).
process.env.NODE_ENV = "production";
const rounds = Number(process.argv[2] ?? 20);
const customers = 50;
const warmUpRaces = 10;
const goalP95Ms = 100;
const hour = 60 * 60 * 1000;
const day = 24 * hour;
const now = new Date("2026-06-01T12:00:00Z");

const database = await createTestDatabase();
const clock = createTestClock();
clock.set(now);
// Jobs go where the Node server puts them: rows written in the booking's own batch.
const app = await createTestApp({ db: database.db, clock, queue: createDatabaseJobQueue(database.db, clock) });

// Open 09:00–17:00 UTC every day, a 30-minute session every 30 minutes: 16 times a day.
const { specialist, types } = await givenSpecialist(database.db, {
  timezone: "UTC",
  // A year ahead: each round books days of its own (four for 50 different times).
  rules: { slotIntervalMinutes: 30, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, horizonDays: 365 },
  sessions: [{ minutes: 30 }],
});
await rebuildSlotsForSpecialist({ db: database.db, clock }, specialist.id);
const bookPath = `/s/${specialist.slug}/book/${types[0]!.id}`;
const people = await database.db
  .insert(users)
  .values(
    Array.from({ length: customers }, (_, index) => ({
      email: `racer-${index}@example.test`,
      name: `Racer ${index}`,
      role: "customer" as const,
    })),
  )
  .returning({ id: users.id });
const cookies = await Promise.all(people.map(async (person) => `session=${(await createSession(database.db, person.id, now)).token}`));

// Each round books on days of its own, so every race starts from open times.
let nextDay = 2;
const takeDays = (count: number) => Array.from({ length: count }, () => new Date(now.getTime() + nextDay++ * day));
const timesOn = (date: Date) =>
  Array.from(
    { length: 16 },
    (_, index) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), 9) + (index * hour) / 2),
  );

type Kind = "data" | "document";

/** A booking POST as the browser sends it from the confirm step at `?start=`. */
function post(kind: Kind, startsAt: Date, cookie: string) {
  const search = `?start=${encodeURIComponent(startsAt.toISOString())}`;
  const path = kind === "data" ? `${bookPath}.data${search}` : `${bookPath}${search}`;
  return app.request(path, {
    method: "POST",
    body: new URLSearchParams({ startsAt: startsAt.toISOString(), customerTimezone: "UTC", topic: "" }),
    headers: { cookie, "content-type": "application/x-www-form-urlencoded;charset=UTF-8", "sec-fetch-site": "same-origin" },
  });
}

interface Round {
  latencies: number[];
  settleMs: number;
  statuses: number[];
}

async function race(kind: Kind, startsAt: Date[]): Promise<Round> {
  const started = performance.now();
  const results = await Promise.all(
    cookies.map(async (cookie, index) => {
      const response = await post(kind, startsAt[index]!, cookie);
      await response.arrayBuffer();
      return { status: response.status, ms: performance.now() - started };
    }),
  );
  return {
    latencies: results.map((result) => result.ms),
    settleMs: performance.now() - started,
    statuses: results.map((result) => result.status),
  };
}

const sameSlot = () => {
  const time = timesOn(takeDays(1)[0]!)[4]!;
  return Array.from({ length: customers }, () => time);
};
const differentSlots = () =>
  takeDays(Math.ceil(customers / 16))
    .flatMap(timesOn)
    .slice(0, customers);

const scenarios: { name: string; kind: Kind; times: () => Date[]; goal: boolean }[] = [
  { name: "same time, `.data` POSTs (JavaScript)", kind: "data", times: sameSlot, goal: true },
  { name: "different times, `.data` POSTs (JavaScript)", kind: "data", times: differentSlots, goal: true },
  { name: "same time, document POSTs (no JavaScript)", kind: "document", times: sameSlot, goal: false },
];

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const ms = (value: number) => `${value.toFixed(0)} ms`;

const rows: BenchRow[] = [];
for (const scenario of scenarios) {
  // Warm-up: V8 compiles the hot code and the kept statements, formatters and route matches fill.
  const cold = await race(scenario.kind, scenario.times());
  for (let round = 1; round < warmUpRaces; round++) await race(scenario.kind, scenario.times());
  const measured: Round[] = [];
  for (let round = 0; round < rounds; round++) measured.push(await race(scenario.kind, scenario.times()));
  const latencies = measured.flatMap((round) => round.latencies).sort((a, b) => a - b);
  const counts = new Map<number, number>();
  for (const status of measured.flatMap((round) => round.statuses)) counts.set(status, (counts.get(status) ?? 0) + 1);
  const statusText = [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status}: ${count}`)
    .join(", ");
  const what = `${scenario.name}: p95 (p50 ${ms(quantile(latencies, 0.5))}, max ${ms(latencies.at(-1)!)}; ${statusText})`;
  const p95 = quantile(latencies, 0.95);
  if (scenario.goal) {
    const coldP95 = quantile(
      [...cold.latencies].sort((a, b) => a - b),
      0.95,
    );
    rows.push(infoRow("http/booking-race", `${scenario.name}: the first race after start (cold), p95`, ms(coldP95)));
  }
  rows.push(
    scenario.goal
      ? goalRow("http/booking-race", what, p95, { atMost: goalP95Ms }, ms)
      : infoRow("http/booking-race", `${what}, for comparison`, ms(p95)),
  );
}

printRows(
  `${customers} simultaneous booking POSTs through the Remix handler (build/server), libSQL file, ${rounds} rounds each after ${warmUpRaces} warm-up races (\`.data\` answers a booking with 202, a document POST with 302)`,
  rows,
);
database.cleanup();
