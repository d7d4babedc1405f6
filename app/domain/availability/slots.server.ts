// The slots table is a read model: open start times per session type over each specialist's
// rolling horizon, computed by the pure engine and written in batches. Correctness never
// depends on it (bookings are checked against bookings), so reads still exclude times booked
// since the last rebuild.
import type { AppLoadContext } from "@remix-run/server-runtime";
import type { BatchItem } from "drizzle-orm/batch";
import { and, asc, eq, gt, gte, inArray, lt, notExists, sql, type SQLWrapper } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { keptStatement } from "../../../db/kept-statement";
import {
  activeBookingStatuses,
  availabilityOverrides,
  availabilityWindows,
  blockedTimes,
  bookingRules,
  bookings,
  externalBusyTimes,
  noOpenTime,
  sessionTypes,
  slots,
  specialistListings,
  specialists,
} from "../../../db/schema";
import { slotsBetween, type DateOverride, type Interval, type SlotRules, type WeeklyWindow } from "./slot-engine";

type SlotContext = Pick<AppLoadContext, "db" | "clock">;

const minuteMs = 60_000;
const dayMs = 24 * 60 * minuteMs;

/** What a specialist without a booking_rules row gets: the column defaults of db/schema.ts. */
export const defaultSlotRules: SlotRules = {
  minNoticeMinutes: 240,
  horizonDays: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  slotIntervalMinutes: 30,
  dailyCap: null,
};

// booking_rules allows at most 365 days; two days of margin cover any zone's local dates.
const longestHorizonMs = 367 * dayMs;
// Bookings and blocked time this far before now still matter: a daily cap counts the whole
// local day, and the buffers (≤ 2 × 240 min) reach back from a booking's end.
const lookBehindMs = 2 * dayMs;
// Sessions last at most 240 minutes; a day bounds the bookings index range in openSlots.
const longestBookingMs = dayMs;

// Start times per insert statement: a statement binds 4 values whatever its size (see
// chunked), so this only bounds the statement's JSON text (~15 bytes a slot).
const startsPerInsert = 5_000;
// Keeps each write batch (one transaction, one request to Turso) a reasonable size.
const slotsPerBatch = 50_000;
// Specialists whose inputs are loaded and written together by the daily job.
const specialistsPerPage = 250;

interface SlotInputs {
  specialistId: string;
  timeZone: string;
  rules: SlotRules;
  sessionTypes: { id: string; minutes: number }[];
  weeklyWindows: WeeklyWindow[];
  overrides: DateOverride[];
  bookings: Interval[];
  blocked: Interval[];
  /** Busy times read from the specialist's own calendars: blocked time by another name. */
  busy: BusyInterval[];
}

export interface BusyInterval extends Interval {
  connectedAccountId: string;
}

/** One session type's slots: every slot lasts the session's length. */
interface SlotSeries {
  sessionTypeId: string;
  specialistId: string;
  durationMs: number;
  starts: number[];
}

export interface SlotRebuildSummary {
  specialists: number;
  sessionTypes: number;
  slots: number;
  /** Specialists whose data the engine refused (e.g. an unknown zone): they are left without slots. */
  failed: number;
}

/**
 * Recomputes a specialist's future slots from their current availability and bookings, and
 * replaces them in one batch. Call after any change to rules, windows, overrides, blocked
 * time or session types. Past slots stay until the daily job drops them.
 */
export async function rebuildSlotsForSpecialist(context: SlotContext, specialistId: string): Promise<void> {
  const [first, ...rest] = await slotRebuildStatements(context, specialistId);
  await context.db.batch([first, ...rest]);
}

/**
 * The statements of rebuildSlotsForSpecialist, for a caller that writes the change the slots
 * follow from in the same batch: `busy` gives the busy times as they will be after that change.
 */
export async function slotRebuildStatements(
  context: SlotContext,
  specialistId: string,
  options: { busy?: (current: BusyInterval[]) => BusyInterval[] } = {},
): Promise<[BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]> {
  const now = context.clock.now().getTime();
  const inputs = (await loadSlotInputs(context.db, [specialistId], now)).get(specialistId);
  if (inputs && options.busy) inputs.busy = options.busy(inputs.busy);
  const series = computeSlots(inputs, now);
  const futureOfSpecialist = and(eq(slots.specialistId, specialistId), gte(slots.startsAt, new Date(now)));
  return [
    context.db.delete(slots).where(futureOfSpecialist),
    ...insertStatements(context.db, series),
    refreshNextOpenTime(context.db, [specialistId], now),
  ];
}

/**
 * The directory's next open time (specialist_listings.next_open_at) for these specialists, as of
 * `now`: written in the same batch as their slots, so the directory never disagrees with them.
 */
function refreshNextOpenTime(db: Database, specialistIds: string[], now: number) {
  return (
    db
      .update(specialistListings)
      .set({ nextOpenAt: nextOpenSince(now) })
      // Only rows that change: the daily job's rerun stays write-free (Turso bills rows written).
      .where(
        and(inArray(specialistListings.specialistId, specialistIds), sql`${specialistListings.nextOpenAt} is not ${nextOpenSince(now)}`),
      )
  );
}

// Qualified by hand: drizzle leaves the column bare in an UPDATE, where it would name slots' own column.
const listingSpecialistId = sql`${specialistListings}.${sql.identifier(specialistListings.specialistId.name)}`;
const nextOpenSince = (now: number) =>
  sql<number>`coalesce((select min(${slots.startsAt}) from ${slots} where ${slots.specialistId} = ${listingSpecialistId} and ${slots.startsAt} >= ${now}), ${noOpenTime})`;

/**
 * The minute cron: listings whose next open time has started move on to their next slot. Until
 * then the directory looks the passed ones up itself, so none ever shows a time in the past.
 */
export async function advancePassedOpenTimes(context: SlotContext): Promise<{ listings: number }> {
  const now = context.clock.now().getTime();
  const result = await context.db
    .update(specialistListings)
    .set({ nextOpenAt: nextOpenSince(now) })
    .where(lt(specialistListings.nextOpenAt, now));
  return { listings: result.rowsAffected };
}

/**
 * The daily job: moves every horizon forward a day and drops slots that have started.
 * It writes only the difference (Turso bills rows written): slots that left the horizon or
 * became unavailable are deleted, new ones inserted, unchanged ones left alone. So it is
 * idempotent: with the same clock and data, a second run writes nothing.
 */
export async function extendAllHorizons(context: SlotContext): Promise<SlotRebuildSummary> {
  const { db } = context;
  const now = context.clock.now().getTime();
  const summary: SlotRebuildSummary = { specialists: 0, sessionTypes: 0, slots: 0, failed: 0 };

  // Specialists without an active session type are not paged below; their slots (if a
  // rebuild was missed) all belong to inactive types. The PK makes this an index lookup.
  const inactiveTypes = db.select({ id: sessionTypes.id }).from(sessionTypes).where(eq(sessionTypes.active, false));
  await db.delete(slots).where(inArray(slots.sessionTypeId, inactiveTypes));

  let after = "";
  for (;;) {
    const page = await specialistsWithActiveSessionTypes(db, after, specialistsPerPage);
    if (page.length === 0) break;
    after = page.at(-1)!;

    const inputs = await loadSlotInputs(db, page, now);
    let batch: BatchItem<"sqlite">[] = [];
    let batchSlots = 0;
    for (const specialistId of page) {
      const specialistInputs = inputs.get(specialistId);
      let statements: BatchItem<"sqlite">[];
      let count = 0;
      try {
        const series = computeSlots(specialistInputs, now);
        count = slotCount(series);
        statements = syncStatements(db, series);
      } catch (error) {
        // One specialist's bad data must not stop everyone else's horizon from moving.
        summary.failed += 1;
        console.error(`Could not compute slots for specialist ${specialistId}:`, error instanceof Error ? error.message : error);
        statements = [db.delete(slots).where(eq(slots.specialistId, specialistId))];
      }
      statements.push(refreshNextOpenTime(db, [specialistId], now));
      summary.specialists += 1;
      summary.sessionTypes += specialistInputs?.sessionTypes.length ?? 0;
      summary.slots += count;
      // A specialist's statements always share a batch, so readers never see them half-done.
      if (batch.length > 0 && batchSlots + count > slotsPerBatch) {
        await runBatch(db, batch);
        batch = [];
        batchSlots = 0;
      }
      batch.push(...statements);
      batchSlots += count;
    }
    await runBatch(db, batch);
  }
  return summary;
}

/** Fills the read model on start-up of a fresh database (e.g. the embedded demo). */
export async function ensureSlotsMaterialized(context: SlotContext): Promise<SlotRebuildSummary | null> {
  const [any] = await context.db
    .select({ one: sql`1` })
    .from(slots)
    .limit(1);
  return any ? null : extendAllHorizons(context);
}

export interface OpenSlotsQuery {
  /** An id, or a column of an outer query (the next open times of each of its session types). */
  specialistId: string | SQLWrapper;
  sessionTypeId?: string | SQLWrapper;
  /** Slots starting in [from, to). A placeholder stands for epoch ms. */
  from: Date | SQLWrapper;
  to: Date | SQLWrapper;
  /** When given, slots starting before now + the specialist's minimum notice are left out too. */
  now?: Date | SQLWrapper;
}

export interface OpenSlot {
  sessionTypeId: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * Open slots in [from, to): materialized slots minus any that an active booking made since the
 * last rebuild rules out (the buffers around both, DESIGN.md §4.1). One query, on the
 * (specialist_id, starts_at) indexes of slots and bookings. Daily caps apply at rebuild time.
 */
export function openSlots(db: Database, query: OpenSlotsQuery): Promise<OpenSlot[]> {
  return openSlotsQuery(db, query);
}

/**
 * The open start instants of `query` (one session type's) as one row of text: the booking page
 * reads a month of them, and a thousand rows cost far more to read than the query takes. Read
 * it with `openStartsFrom`.
 */
export function openStartsQuery(db: Database, query: OpenSlotsQuery & { sessionTypeId: string | SQLWrapper }) {
  const open = openSlotsQuery(db, query).as("open");
  return db.select({ starts: sql<string | null>`group_concat(${open.startsAt})` }).from(open);
}

/**
 * `openStartsQuery` for one session type by id alone (its specialist read by subquery), with
 * instants in epoch ms. The booking page and every lost booking race read it: its text is built once.
 */
export const openStartsOfTypeQuery = keptStatement<{ sessionTypeId: string; from: number; to: number; now: number }>()((db, values) =>
  openStartsQuery(db, {
    specialistId: sql`(select ${sessionTypes.specialistId} from ${sessionTypes} where ${sessionTypes.id} = ${values.sessionTypeId})`,
    sessionTypeId: values.sessionTypeId,
    from: values.from,
    to: values.to,
    now: values.now,
  }),
);

/** The instants of an `openStartsQuery` result, in order. */
export function openStartsFrom([row]: { starts: string | null }[]): Date[] {
  if (!row?.starts) return [];
  return row.starts
    .split(",")
    .map(Number)
    .sort((a, b) => a - b)
    .map((at) => new Date(at));
}

/** The query behind openSlots, exposed so tests can check its plan. */
export function openSlotsQuery(db: Database, { specialistId, sessionTypeId, from, to, now }: OpenSlotsQuery) {
  // Each booking occupies [start − before, end + after), the slot's session as much as the booked one.
  const gap = sql`(coalesce(${bookingRules.bufferBeforeMinutes}, ${defaultSlotRules.bufferBeforeMinutes})
    + coalesce(${bookingRules.bufferAfterMinutes}, ${defaultSlotRules.bufferAfterMinutes})) * ${minuteMs}`;
  const minNotice = sql`coalesce(${bookingRules.minNoticeMinutes}, ${defaultSlotRules.minNoticeMinutes}) * ${minuteMs}`;
  const overlappingBooking = db
    .select({ one: sql`1` })
    .from(bookings)
    .where(
      and(
        eq(bookings.specialistId, slots.specialistId),
        inArray(bookings.status, activeBookingStatuses),
        // [b.start − gap, b.end + gap) overlaps [s.start, s.end) (conflict-sql.ts's rule); the
        // lower bound on b.start (sessions are far shorter than a day) keeps the index range small.
        lt(bookings.startsAt, sql`${slots.endsAt} + ${gap}`),
        gt(bookings.startsAt, sql`${slots.startsAt} - ${gap} - ${longestBookingMs}`),
        gt(bookings.endsAt, sql`${slots.startsAt} - ${gap}`),
      ),
    );
  return db
    .select({ sessionTypeId: slots.sessionTypeId, startsAt: slots.startsAt, endsAt: slots.endsAt })
    .from(slots)
    .leftJoin(bookingRules, eq(bookingRules.specialistId, slots.specialistId))
    .where(
      and(
        eq(slots.specialistId, specialistId),
        sessionTypeId === undefined ? undefined : eq(slots.sessionTypeId, sessionTypeId),
        gte(slots.startsAt, from),
        lt(slots.startsAt, to),
        now === undefined ? undefined : gte(slots.startsAt, sql`${now instanceof Date ? now.getTime() : now} + ${minNotice}`),
        notExists(overlappingBooking),
      ),
    )
    .orderBy(asc(slots.startsAt), asc(slots.sessionTypeId));
}

// ---------------------------------------------------------------------------------------------

async function specialistsWithActiveSessionTypes(db: Database, after: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: sessionTypes.specialistId })
    .from(sessionTypes)
    .where(and(eq(sessionTypes.active, true), gt(sessionTypes.specialistId, after)))
    .orderBy(asc(sessionTypes.specialistId))
    .limit(limit);
  return rows.map((row) => row.id);
}

/** Everything the engine needs for these specialists, in one round trip of eight queries. */
async function loadSlotInputs(db: Database, specialistIds: string[], now: number): Promise<Map<string, SlotInputs>> {
  const earliest = new Date(now - lookBehindMs);
  const latest = new Date(now + longestHorizonMs);
  const [specialistRows, ruleRows, typeRows, windowRows, overrideRows, blockedRows, busyRows, bookingRows] = await db.batch([
    db.select({ id: specialists.id, timezone: specialists.timezone }).from(specialists).where(inArray(specialists.id, specialistIds)),
    db.select().from(bookingRules).where(inArray(bookingRules.specialistId, specialistIds)),
    db
      .select({ id: sessionTypes.id, specialistId: sessionTypes.specialistId, minutes: sessionTypes.minutes })
      .from(sessionTypes)
      .where(and(inArray(sessionTypes.specialistId, specialistIds), eq(sessionTypes.active, true)))
      .orderBy(asc(sessionTypes.id)),
    db.select().from(availabilityWindows).where(inArray(availabilityWindows.specialistId, specialistIds)),
    db
      .select()
      .from(availabilityOverrides)
      .where(
        and(
          inArray(availabilityOverrides.specialistId, specialistIds),
          // Local dates lag UTC by at most a day; YYYY-MM-DD compares as text.
          gte(availabilityOverrides.date, earliest.toISOString().slice(0, 10)),
        ),
      ),
    db
      .select()
      .from(blockedTimes)
      .where(and(inArray(blockedTimes.specialistId, specialistIds), gt(blockedTimes.endsAt, earliest), lt(blockedTimes.startsAt, latest))),
    db
      .select({
        specialistId: externalBusyTimes.specialistId,
        connectedAccountId: externalBusyTimes.connectedAccountId,
        startsAt: externalBusyTimes.startsAt,
        endsAt: externalBusyTimes.endsAt,
      })
      .from(externalBusyTimes)
      .where(
        and(
          inArray(externalBusyTimes.specialistId, specialistIds),
          gt(externalBusyTimes.endsAt, earliest),
          lt(externalBusyTimes.startsAt, latest),
        ),
      ),
    db
      .select({ specialistId: bookings.specialistId, startsAt: bookings.startsAt, endsAt: bookings.endsAt })
      .from(bookings)
      .where(
        and(
          inArray(bookings.specialistId, specialistIds),
          inArray(bookings.status, activeBookingStatuses),
          gte(bookings.startsAt, earliest),
          lt(bookings.startsAt, latest),
        ),
      ),
  ]);

  const inputs = new Map<string, SlotInputs>();
  for (const specialist of specialistRows) {
    inputs.set(specialist.id, {
      specialistId: specialist.id,
      timeZone: specialist.timezone,
      rules: defaultSlotRules,
      sessionTypes: [],
      weeklyWindows: [],
      overrides: [],
      bookings: [],
      blocked: [],
      busy: [],
    });
  }
  for (const rule of ruleRows) {
    const target = inputs.get(rule.specialistId);
    if (!target) continue;
    target.rules = {
      minNoticeMinutes: rule.minNoticeMinutes,
      horizonDays: rule.horizonDays,
      bufferBeforeMinutes: rule.bufferBeforeMinutes,
      bufferAfterMinutes: rule.bufferAfterMinutes,
      slotIntervalMinutes: rule.slotIntervalMinutes,
      dailyCap: rule.dailyCap,
    };
  }
  for (const { specialistId, id, minutes } of typeRows) inputs.get(specialistId)?.sessionTypes.push({ id, minutes });
  for (const { specialistId, weekday, startMinute, endMinute } of windowRows) {
    inputs.get(specialistId)?.weeklyWindows.push({ weekday, startMinute, endMinute });
  }
  for (const { specialistId, date, startMinute, endMinute } of overrideRows) {
    inputs.get(specialistId)?.overrides.push({ date, startMinute, endMinute });
  }
  for (const { specialistId, startsAt, endsAt } of blockedRows) {
    inputs.get(specialistId)?.blocked.push({ startsAt: startsAt.getTime(), endsAt: endsAt.getTime() });
  }
  for (const { specialistId, connectedAccountId, startsAt, endsAt } of busyRows) {
    inputs.get(specialistId)?.busy.push({ connectedAccountId, startsAt: startsAt.getTime(), endsAt: endsAt.getTime() });
  }
  for (const { specialistId, startsAt, endsAt } of bookingRows) {
    inputs.get(specialistId)?.bookings.push({ startsAt: startsAt.getTime(), endsAt: endsAt.getTime() });
  }
  return inputs;
}

function computeSlots(inputs: SlotInputs | undefined, now: number): SlotSeries[] {
  if (!inputs) return [];
  const { specialistId, timeZone, rules, weeklyWindows, overrides, bookings: booked } = inputs;
  const blocked = [...inputs.blocked, ...inputs.busy.map(({ startsAt, endsAt }) => ({ startsAt, endsAt }))];
  const to = now + rules.horizonDays * dayMs;
  return inputs.sessionTypes.map((type) => ({
    sessionTypeId: type.id,
    specialistId,
    durationMs: type.minutes * minuteMs,
    starts: slotsBetween({
      timeZone,
      sessionMinutes: type.minutes,
      rules,
      weeklyWindows,
      overrides,
      bookings: booked,
      blocked,
      now,
      from: now,
      to,
    }).map((slot) => slot.startsAt),
  }));
}

function slotCount(series: SlotSeries[]) {
  return series.reduce((total, { starts }) => total + starts.length, 0);
}

const slotColumns = sql.join(
  [slots.sessionTypeId, slots.specialistId, slots.startsAt, slots.endsAt].map((column) => sql.identifier(column.name)),
  sql`, `,
);

/**
 * Bulk writes bind 4 values per statement, however many rows: the start times travel as one
 * JSON array expanded by json_each. This stays far below SQLite's variable limit (999 on old
 * builds) and skips building one bound parameter per value, which dominated the daily job.
 */
function chunked(starts: number[]): string[] {
  const chunks: string[] = [];
  for (let index = 0; index < starts.length; index += startsPerInsert) {
    chunks.push(JSON.stringify(starts.slice(index, index + startsPerInsert)));
  }
  return chunks;
}

function insertStatements(db: Database, series: SlotSeries[]): BatchItem<"sqlite">[] {
  return series.flatMap(({ sessionTypeId, specialistId, durationMs, starts }) =>
    chunked(starts).map((chunk) =>
      db.run(sql`insert into ${slots} (${slotColumns})
        select ${sessionTypeId}, ${specialistId}, value, value + ${durationMs} from json_each(${chunk})`),
    ),
  );
}

/**
 * The daily job's write for some session types: delete the slots (past ones included) that are
 * no longer in the computed set, insert the new ones; unchanged rows are not written.
 */
function syncStatements(db: Database, series: SlotSeries[]): BatchItem<"sqlite">[] {
  const [typeId, startsAt, specialistId, endsAt] = [slots.sessionTypeId, slots.startsAt, slots.specialistId, slots.endsAt].map((column) =>
    sql.identifier(column.name),
  );
  return series.flatMap((one) => [
    db.run(sql`delete from ${slots} where ${typeId} = ${one.sessionTypeId}
      and ${startsAt} not in (select value from json_each(${JSON.stringify(one.starts)}))`),
    // Rows kept from before only change when the session's length did.
    db.run(sql`update ${slots} set ${endsAt} = ${startsAt} + ${one.durationMs}, ${specialistId} = ${one.specialistId}
      where ${typeId} = ${one.sessionTypeId}
        and (${endsAt} is not ${startsAt} + ${one.durationMs} or ${specialistId} is not ${one.specialistId})`),
    ...chunked(one.starts).map((chunk) =>
      db.run(sql`insert into ${slots} (${slotColumns})
        select ${one.sessionTypeId}, ${one.specialistId}, value, value + ${one.durationMs} from json_each(${chunk}) where true
        on conflict do nothing`),
    ),
  ]);
}

async function runBatch(db: Database, statements: BatchItem<"sqlite">[]) {
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}
