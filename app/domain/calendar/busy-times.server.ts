// Busy times read from a specialist's own calendars (Google free/busy). Each sync replaces one
// connected account's busy times over the window it read, and the slots follow in the same
// batch; the booking check reads the rows themselves (conflict-sql.ts), so a time busy outside
// can't be booked even while the read model lags (ADR 0025).
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, gte, lt, lte, sql } from "drizzle-orm";
import { connectedAccounts, externalBusyTimes } from "../../../db/schema";
import { slotRebuildStatements, type BusyInterval } from "../availability/slots.server";
import type { Interval } from "../availability/slot-engine";

type Context = Pick<AppLoadContext, "db" | "clock">;

const dayMs = 24 * 60 * 60_000;
// Rows that ended this long before a sync's window are dropped: the slots look back two days,
// nothing further; this keeps the booking check's index range to the upcoming busy times.
const keepBehindMs = 2 * dayMs;
// How much of a provider's error is kept to show the specialist.
const maxErrorLength = 500;

export interface BusyTimesUpdate {
  connectedAccountId: string;
  specialistId: string;
  /** The time the provider was asked about: rows of the account inside it are replaced. */
  window: { from: Date; to: Date };
  /** What the provider answered; may overlap, touch or reach outside the window. */
  busy: { startsAt: Date; endsAt: Date }[];
}

/**
 * The provider's busy intervals as stored: clipped to the window, empty or unreadable ones
 * dropped, overlapping and touching ones merged, in order.
 */
export function normalizeBusy(window: Interval, busy: Interval[]): Interval[] {
  const clipped = busy
    .map(({ startsAt, endsAt }) => ({ startsAt: Math.max(startsAt, window.startsAt), endsAt: Math.min(endsAt, window.endsAt) }))
    .filter(({ startsAt, endsAt }) => Number.isFinite(startsAt) && Number.isFinite(endsAt) && startsAt < endsAt)
    .sort((a, b) => a.startsAt - b.startsAt);
  const merged: Interval[] = [];
  for (const interval of clipped) {
    const last = merged.at(-1);
    if (last && interval.startsAt <= last.endsAt) last.endsAt = Math.max(last.endsAt, interval.endsAt);
    else merged.push({ ...interval });
  }
  return merged;
}

/**
 * An account's busy times after a sync over `window`: its parts outside the window stay (cut
 * at the window's edges), the fresh ones replace the rest. Other accounts' rows are untouched.
 */
export function spliceBusy(current: BusyInterval[], connectedAccountId: string, window: Interval, fresh: Interval[]): BusyInterval[] {
  const kept = current.flatMap((row): BusyInterval[] => {
    if (row.connectedAccountId !== connectedAccountId || row.endsAt <= window.startsAt || row.startsAt >= window.endsAt) return [row];
    const parts: BusyInterval[] = [];
    if (row.startsAt < window.startsAt) parts.push({ connectedAccountId, startsAt: row.startsAt, endsAt: window.startsAt });
    if (row.endsAt > window.endsAt) parts.push({ connectedAccountId, startsAt: window.endsAt, endsAt: row.endsAt });
    return parts;
  });
  return [...kept, ...fresh.map((interval) => ({ connectedAccountId, ...interval }))];
}

/**
 * Replaces the account's busy times within the window by `busy`, marks the account synced
 * (clearing its last error) and rebuilds the specialist's slots and next open time: one batch,
 * so the directory, the slot picker and the booking check never see half a sync.
 */
export async function replaceBusyTimes(context: Context, update: BusyTimesUpdate): Promise<{ intervals: number }> {
  const { db } = context;
  const { connectedAccountId, specialistId } = update;
  const from = update.window.from.getTime();
  const to = update.window.to.getTime();
  if (!(from < to)) throw new RangeError("A busy-time window must end after it starts.");
  const window = { startsAt: from, endsAt: to };
  const fresh = normalizeBusy(
    window,
    update.busy.map(({ startsAt, endsAt }) => ({ startsAt: startsAt.getTime(), endsAt: endsAt.getTime() })),
  );
  const now = context.clock.now();
  const ofAccount = eq(externalBusyTimes.connectedAccountId, connectedAccountId);
  const [cols, t] = [
    sql.join(
      [
        externalBusyTimes.id,
        externalBusyTimes.specialistId,
        externalBusyTimes.connectedAccountId,
        externalBusyTimes.startsAt,
        externalBusyTimes.endsAt,
      ].map((column) => sql.identifier(column.name)),
      sql`, `,
    ),
    (column: { name: string }) => sql.identifier(column.name),
  ];
  const newId = sql`lower(hex(randomblob(16)))`;
  const slotStatements = await slotRebuildStatements(context, specialistId, {
    busy: (current) => spliceBusy(current, connectedAccountId, window, fresh),
  });
  await db.batch([
    // A row reaching past the window keeps its part after it …
    db.run(sql`insert into ${externalBusyTimes} (${cols})
      select ${newId}, ${t(externalBusyTimes.specialistId)}, ${t(externalBusyTimes.connectedAccountId)}, ${to}, ${t(externalBusyTimes.endsAt)}
      from ${externalBusyTimes}
      where ${t(externalBusyTimes.connectedAccountId)} = ${connectedAccountId}
        and ${t(externalBusyTimes.startsAt)} < ${to} and ${t(externalBusyTimes.endsAt)} > ${to}`),
    // … and one starting before it, its part before it.
    db
      .update(externalBusyTimes)
      .set({ endsAt: new Date(from) })
      .where(and(ofAccount, lt(externalBusyTimes.startsAt, new Date(from)), sql`${externalBusyTimes.endsAt} > ${from}`)),
    // Now every row overlapping the window starts inside it.
    db
      .delete(externalBusyTimes)
      .where(and(ofAccount, gte(externalBusyTimes.startsAt, new Date(from)), lt(externalBusyTimes.startsAt, new Date(to)))),
    db.delete(externalBusyTimes).where(and(ofAccount, lte(externalBusyTimes.endsAt, new Date(from - keepBehindMs)))),
    db.run(sql`insert into ${externalBusyTimes} (${cols})
      select ${newId}, ${specialistId}, ${connectedAccountId}, json_extract(value, '$[0]'), json_extract(value, '$[1]')
      from json_each(${JSON.stringify(fresh.map(({ startsAt, endsAt }) => [startsAt, endsAt]))})`),
    db
      .update(connectedAccounts)
      .set({ busySyncedAt: now, busySyncError: null, updatedAt: now })
      .where(eq(connectedAccounts.id, connectedAccountId)),
    ...slotStatements,
  ]);
  return { intervals: fresh.length };
}

/** A sync that failed: the reason is kept for the specialist; the busy times stay as last read. */
export async function recordBusySyncError(context: Context, input: { connectedAccountId: string; message: string }): Promise<void> {
  const now = context.clock.now();
  const message = input.message.trim().slice(0, maxErrorLength) || "The calendar could not be read.";
  await context.db
    .update(connectedAccounts)
    .set({ busySyncError: message, updatedAt: now })
    .where(eq(connectedAccounts.id, input.connectedAccountId));
}
