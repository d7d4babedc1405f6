import { sql, type SQLWrapper } from "drizzle-orm";
import { activeBookingStatuses, bookings, externalBusyTimes } from "../../../db/schema";

const minuteMs = 60_000;
/** Sessions last at most 240 minutes; a day bounds the index range the conflict check scans. */
const longestBookingMs = 24 * 60 * minuteMs;

// A bare alias: drizzle would qualify columns with the table name, which an outer
// INSERT/UPDATE on `bookings` shadows.
const b = (column: { name: string }) => sql`b.${sql.identifier(column.name)}`;
const activeStatuses = sql.join(
  activeBookingStatuses.map((status) => sql`${status}`),
  sql`, `,
);

export interface ConflictCheck {
  specialistId: string;
  startsAt: number;
  endsAt: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  /** The booking being moved or confirmed, which must not conflict with itself. */
  exceptBookingId?: string;
}

/**
 * DESIGN.md §4.1, the one definition: true when [startsAt − before, endsAt + after) overlaps an
 * active booking's [start − before, end + after), i.e. when the two would have less than
 * after + before minutes between them. Used inside the single statement that writes, so
 * checking and writing cannot interleave with another request.
 */
export function activeBookingConflicts(check: ConflictCheck) {
  return activeBookingWithin({ specialistId: check.specialistId, exceptBookingId: check.exceptBookingId, ...conflictBounds(check) });
}

/**
 * The rule's bounds for a time: an active booking conflicts when it starts before `startsBefore`
 * and ends after `endsAfter`; `startsAfter` only narrows the index range (no session is that long).
 */
export function conflictBounds(check: Omit<ConflictCheck, "specialistId" | "exceptBookingId">) {
  const gap = (check.bufferBeforeMinutes + check.bufferAfterMinutes) * minuteMs;
  return { startsBefore: check.endsAt + gap, endsAfter: check.startsAt - gap, startsAfter: check.startsAt - gap - longestBookingMs };
}

type Bound = number | SQLWrapper;

/** `activeBookingConflicts` with its bounds given, e.g. as a kept statement's placeholders. */
export function activeBookingWithin(check: {
  specialistId: string | SQLWrapper;
  exceptBookingId?: string | SQLWrapper;
  startsBefore: Bound;
  endsAfter: Bound;
  startsAfter: Bound;
}) {
  return sql`exists (select 1 from ${bookings} b
    where ${b(bookings.specialistId)} = ${check.specialistId}
      ${check.exceptBookingId === undefined ? sql`` : sql`and ${b(bookings.id)} <> ${check.exceptBookingId}`}
      and ${b(bookings.status)} in (${activeStatuses})
      and ${b(bookings.startsAt)} < ${check.startsBefore}
      and ${check.endsAfter} < ${b(bookings.endsAt)}
      and ${b(bookings.startsAt)} > ${check.startsAfter})`;
}

/** True when the specialist already has `cap` active bookings starting within [dayStart, dayEnd). */
export function dailyCapReached(check: {
  specialistId: string | SQLWrapper;
  cap: number | SQLWrapper | null;
  dayStartsAt: Bound;
  dayEndsAt: Bound;
  exceptBookingId?: string;
}) {
  if (check.cap === null) return sql`0`;
  return sql`(select count(*) from ${bookings} b
    where ${b(bookings.specialistId)} = ${check.specialistId}
      ${check.exceptBookingId === undefined ? sql`` : sql`and ${b(bookings.id)} <> ${check.exceptBookingId}`}
      and ${b(bookings.status)} in (${activeStatuses})
      and ${b(bookings.startsAt)} >= ${check.dayStartsAt}
      and ${b(bookings.startsAt)} < ${check.dayEndsAt}) >= ${check.cap}`;
}

// Aliased for the same reason as `b`.
const e = (column: { name: string }) => sql`e.${sql.identifier(column.name)}`;

/**
 * True when [startsAt, endsAt) overlaps a time the specialist is busy in their own calendar.
 * Like blocked time, busy time has no buffers. Each sync drops its past rows, so the index
 * range up to endsAt stays the specialist's upcoming busy times.
 */
export function busyTimeConflicts(check: { specialistId: string | SQLWrapper; startsAt: Bound; endsAt: Bound }) {
  return sql`exists (select 1 from ${externalBusyTimes} e
    where ${e(externalBusyTimes.specialistId)} = ${check.specialistId}
      and ${e(externalBusyTimes.startsAt)} < ${check.endsAt}
      and ${e(externalBusyTimes.endsAt)} > ${check.startsAt})`;
}
