import { and, asc, eq, gt, gte, inArray, lt, ne } from "drizzle-orm";
import type { Database } from "../../../db/database";
import {
  availabilityOverrides,
  blockedTimes,
  bookings,
  externalBusyTimes,
  sessionTypes,
  specialists,
  users,
  type BookingStatus,
} from "../../../db/schema";
import { localDate, startOfLocalDate, type CalendarWeek } from "./calendar-week";
import type { LocalWindow } from "./slot-engine";
import { openSlots } from "./slots.server";

export interface CalendarSpecialist {
  id: string;
  timezone: string;
  displayName: string;
}

export async function findSpecialistForUser(db: Database, userId: string): Promise<CalendarSpecialist | undefined> {
  const [row] = await db
    .select({ id: specialists.id, timezone: specialists.timezone, displayName: specialists.displayName })
    .from(specialists)
    .where(eq(specialists.userId, userId))
    .limit(1);
  return row;
}

export type DayOverride = { kind: "day-off" } | { kind: "custom-hours"; windows: LocalWindow[] };

export interface CalendarBooking {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: BookingStatus;
  sessionTypeTitle: string;
  customerName: string;
}

export interface CalendarDay {
  date: string;
  startsAt: Date;
  endsAt: Date;
  override: DayOverride | null;
  /** Blocked time, and busy time from the specialist's own calendar, overlapping this day, clipped to it. */
  blocked: { kind: "blocked" | "busy"; startsAt: Date; endsAt: Date; reason: string }[];
  bookings: CalendarBooking[];
  /** Open start times of the chosen session type. */
  openSlots: Date[];
}

export interface CalendarSessionType {
  id: string;
  title: string;
  minutes: number;
  active: boolean;
}

/** Session types for the selector: active ones first, so the default choice has open times. */
export async function listCalendarSessionTypes(db: Database, specialistId: string): Promise<CalendarSessionType[]> {
  const rows = await db
    .select({ id: sessionTypes.id, title: sessionTypes.title, minutes: sessionTypes.minutes, active: sessionTypes.active })
    .from(sessionTypes)
    .where(eq(sessionTypes.specialistId, specialistId))
    .orderBy(asc(sessionTypes.createdAt), asc(sessionTypes.id));
  return [...rows.filter((row) => row.active), ...rows.filter((row) => !row.active)];
}

/**
 * The session type whose open times the calendar shows: the one asked for, else the first
 * (an active one when there is one); null when the one asked for isn't the specialist's.
 */
export function chooseCalendarSessionType(
  types: readonly CalendarSessionType[],
  requestedId: string | undefined,
): CalendarSessionType | undefined | null {
  if (requestedId === undefined) return types[0];
  return types.find((type) => type.id === requestedId) ?? null;
}

/**
 * One week of a specialist's own calendar, day by day in their zone: date overrides, blocked
 * time, bookings (lapsed holds left out) and the open slots of one session type from now on.
 */
export async function loadCalendarWeek(
  db: Database,
  specialist: CalendarSpecialist,
  week: CalendarWeek,
  options: { sessionTypeId: string | null; now: Date },
): Promise<CalendarDay[]> {
  const { id: specialistId, timezone } = specialist;
  const from = new Date(Math.max(week.startsAt.getTime(), options.now.getTime()));
  const [overrideRows, blockedRows, busyRows, bookingRows] = await db.batch([
    db
      .select()
      .from(availabilityOverrides)
      .where(and(eq(availabilityOverrides.specialistId, specialistId), inArray(availabilityOverrides.date, week.dates))),
    db
      .select()
      .from(blockedTimes)
      .where(
        and(eq(blockedTimes.specialistId, specialistId), lt(blockedTimes.startsAt, week.endsAt), gt(blockedTimes.endsAt, week.startsAt)),
      )
      .orderBy(asc(blockedTimes.startsAt)),
    db
      .select({ startsAt: externalBusyTimes.startsAt, endsAt: externalBusyTimes.endsAt })
      .from(externalBusyTimes)
      .where(
        and(
          eq(externalBusyTimes.specialistId, specialistId),
          lt(externalBusyTimes.startsAt, week.endsAt),
          gt(externalBusyTimes.endsAt, week.startsAt),
        ),
      ),
    db
      .select({
        id: bookings.id,
        startsAt: bookings.startsAt,
        endsAt: bookings.endsAt,
        status: bookings.status,
        sessionTypeTitle: sessionTypes.title,
        customerName: users.name,
      })
      .from(bookings)
      .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
      .innerJoin(users, eq(users.id, bookings.customerId))
      .where(
        and(
          eq(bookings.specialistId, specialistId),
          gte(bookings.startsAt, week.startsAt),
          lt(bookings.startsAt, week.endsAt),
          ne(bookings.status, "expired"),
        ),
      )
      .orderBy(asc(bookings.startsAt)),
  ]);
  const open =
    options.sessionTypeId && from < week.endsAt
      ? await openSlots(db, { specialistId, sessionTypeId: options.sessionTypeId, from, to: week.endsAt, now: options.now })
      : [];

  return week.dates.map((date, index) => {
    const startsAt = index === 0 ? week.startsAt : startOfLocalDate(date, timezone);
    const endsAt = index === 6 ? week.endsAt : startOfLocalDate(week.dates[index + 1]!, timezone);
    return {
      date,
      startsAt,
      endsAt,
      override: overrideFor(overrideRows.filter((row) => row.date === date)),
      blocked: [
        ...blockedRows.map((row) => ({ kind: "blocked" as const, ...row })),
        ...busyRows.map((row) => ({ kind: "busy" as const, reason: "Google Calendar", ...row })),
      ]
        .filter((row) => row.startsAt < endsAt && row.endsAt > startsAt)
        .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
        .map((row) => ({
          kind: row.kind,
          startsAt: row.startsAt < startsAt ? startsAt : row.startsAt,
          endsAt: row.endsAt > endsAt ? endsAt : row.endsAt,
          reason: row.reason,
        })),
      bookings: bookingRows.filter((row) => localDate(row.startsAt, timezone) === date),
      openSlots: open.filter((slot) => localDate(slot.startsAt, timezone) === date).map((slot) => slot.startsAt),
    };
  });
}

function overrideFor(rows: { startMinute: number | null; endMinute: number | null }[]): DayOverride | null {
  if (rows.length === 0) return null;
  const windows = rows.flatMap(({ startMinute, endMinute }) =>
    startMinute === null || endMinute === null ? [] : [{ startMinute, endMinute }],
  );
  // As the engine reads them: a row without minutes adds no hours, so only such rows = day off.
  if (windows.length === 0) return { kind: "day-off" };
  return { kind: "custom-hours", windows: windows.sort((a, b) => a.startMinute - b.startMinute) };
}
