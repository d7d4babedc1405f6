// A specialist's own availability: weekly hours, date overrides and blocked time.
// Authorization lives here: every function acts for `userId` (the signed-in user), resolves
// THEIR specialist row and only ever reads or writes that specialist's rows, whatever ids the
// request carried. Every change rebuilds the specialist's slots (the booking read model).
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, asc, eq, gt, gte } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { availabilityOverrides, availabilityWindows, blockedTimes, specialists } from "../../../db/schema";
import { localDate } from "./calendar-week";
import { rebuildSlotsForSpecialist } from "./slots.server";
import {
  maxWindowsPerDay,
  overrideDateProblem,
  resolveBlockedTime,
  weeklyWindowsProblem,
  windowsProblem,
  dateLabel,
  type BlockedTimeField,
  type BlockedTimeInput,
  type TimeWindow,
  type WeeklyWindowInput,
} from "./windows";

type Context = Pick<AppLoadContext, "db" | "clock">;

export type AvailabilityResult<Field extends string = never> =
  | { ok: true }
  | { ok: false; status: 400; field: Field | null; message: string }
  | { ok: false; status: 404; field: null; message: string };

const invalid = <Field extends string>(field: Field | null, message: string) => ({ ok: false, status: 400, field, message }) as const;
const notFound = (message: string) => ({ ok: false, status: 404, field: null, message }) as const;
const noProfile = notFound("Set up your specialist profile first.");

export interface OwnSpecialist {
  id: string;
  timezone: string;
}

/** The signed-in user's specialist profile, or undefined when they haven't created one. */
export async function findOwnSpecialist(db: Database, userId: string): Promise<OwnSpecialist | undefined> {
  const [row] = await db
    .select({ id: specialists.id, timezone: specialists.timezone })
    .from(specialists)
    .where(eq(specialists.userId, userId))
    .limit(1);
  return row;
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface DateOverrideSummary {
  date: string;
  /** Any row of the date; removing it removes the whole date's override. */
  id: string;
  /** Empty when the whole day is off. */
  windows: TimeWindow[];
}

export interface Availability {
  specialistId: string;
  timeZone: string;
  /** Today in the specialist's zone (YYYY-MM-DD). */
  today: string;
  weekly: WeeklyWindowInput[];
  /** From today on, by date. */
  overrides: DateOverrideSummary[];
  /** Not yet over, by start. */
  blocked: { id: string; startsAt: Date; endsAt: Date; reason: string }[];
}

/** Everything the editor shows; null when the user has no specialist profile. */
export async function getAvailability(db: Database, userId: string, now: Date): Promise<Availability | null> {
  const specialist = await findOwnSpecialist(db, userId);
  if (!specialist) return null;
  const today = localDate(now, specialist.timezone);
  const [weekly, overrideRows, blocked] = await db.batch([
    db
      .select({
        weekday: availabilityWindows.weekday,
        startMinute: availabilityWindows.startMinute,
        endMinute: availabilityWindows.endMinute,
      })
      .from(availabilityWindows)
      .where(eq(availabilityWindows.specialistId, specialist.id))
      .orderBy(asc(availabilityWindows.weekday), asc(availabilityWindows.startMinute)),
    db
      .select()
      .from(availabilityOverrides)
      .where(and(eq(availabilityOverrides.specialistId, specialist.id), gte(availabilityOverrides.date, today)))
      .orderBy(asc(availabilityOverrides.date), asc(availabilityOverrides.startMinute), asc(availabilityOverrides.id)),
    db
      .select({ id: blockedTimes.id, startsAt: blockedTimes.startsAt, endsAt: blockedTimes.endsAt, reason: blockedTimes.reason })
      .from(blockedTimes)
      .where(and(eq(blockedTimes.specialistId, specialist.id), gt(blockedTimes.endsAt, now)))
      .orderBy(asc(blockedTimes.startsAt), asc(blockedTimes.id)),
  ]);
  return {
    specialistId: specialist.id,
    timeZone: specialist.timezone,
    today,
    weekly,
    overrides: groupOverrides(overrideRows),
    blocked,
  };
}

function groupOverrides(rows: (typeof availabilityOverrides.$inferSelect)[]): DateOverrideSummary[] {
  const byDate = new Map<string, DateOverrideSummary>();
  for (const row of rows) {
    const summary = byDate.get(row.date) ?? { date: row.date, id: row.id, windows: [] };
    if (row.startMinute !== null && row.endMinute !== null) {
      summary.windows.push({ startMinute: row.startMinute, endMinute: row.endMinute });
    }
    byDate.set(row.date, summary);
  }
  return [...byDate.values()];
}

// ---------------------------------------------------------------------------------------------
// Weekly hours

/** Replaces all of the specialist's weekly windows at once (an empty list clears them). */
export async function replaceWeeklyWindows(
  context: Context,
  userId: string,
  windows: readonly WeeklyWindowInput[],
): Promise<AvailabilityResult> {
  const specialist = await findOwnSpecialist(context.db, userId);
  if (!specialist) return noProfile;
  const problem = weeklyWindowsProblem(windows);
  if (problem) return invalid<never>(null, problem);
  const { db } = context;
  const rows = windows.map(({ weekday, startMinute, endMinute }) => ({ specialistId: specialist.id, weekday, startMinute, endMinute }));
  const removeAll = db.delete(availabilityWindows).where(eq(availabilityWindows.specialistId, specialist.id));
  await (rows.length > 0 ? db.batch([removeAll, db.insert(availabilityWindows).values(rows)]) : removeAll);
  await rebuildSlotsForSpecialist(context, specialist.id);
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Date overrides

export type DateOverrideField = "date" | "windows";

/** Sets one date's hours (replacing any earlier override of that date), or marks it unavailable. */
export async function setDateOverride(
  context: Context,
  userId: string,
  date: string,
  windows: readonly TimeWindow[] | "unavailable",
): Promise<AvailabilityResult<DateOverrideField>> {
  const specialist = await findOwnSpecialist(context.db, userId);
  if (!specialist) return noProfile;
  const dateProblem = overrideDateProblem(date, localDate(context.clock.now(), specialist.timezone));
  if (dateProblem) return invalid("date", dateProblem);
  if (windows !== "unavailable") {
    if (windows.length === 0) return invalid("windows", "Add the hours you're available, or choose “Unavailable all day”.");
    if (windows.length > maxWindowsPerDay) return invalid("windows", `At most ${maxWindowsPerDay} sets of hours per day.`);
    const problem = windowsProblem(windows, dateLabel(date));
    if (problem) return invalid("windows", problem);
  }
  const { db } = context;
  const rows =
    windows === "unavailable"
      ? [{ specialistId: specialist.id, date, startMinute: null, endMinute: null }]
      : windows.map(({ startMinute, endMinute }) => ({ specialistId: specialist.id, date, startMinute, endMinute }));
  await db.batch([
    db
      .delete(availabilityOverrides)
      .where(and(eq(availabilityOverrides.specialistId, specialist.id), eq(availabilityOverrides.date, date))),
    db.insert(availabilityOverrides).values(rows),
  ]);
  await rebuildSlotsForSpecialist(context, specialist.id);
  return { ok: true };
}

/** Removes the override of the date that row `overrideId` belongs to; the date's weekly hours apply again. */
export async function removeDateOverride(context: Context, userId: string, overrideId: string): Promise<AvailabilityResult> {
  const specialist = await findOwnSpecialist(context.db, userId);
  if (!specialist) return noProfile;
  const { db } = context;
  const [row] = await db
    .select({ date: availabilityOverrides.date })
    .from(availabilityOverrides)
    .where(and(eq(availabilityOverrides.id, overrideId), eq(availabilityOverrides.specialistId, specialist.id)))
    .limit(1);
  // Someone else's id looks exactly like an unknown one.
  if (!row) return notFound("That date override doesn't exist or was already removed.");
  await db
    .delete(availabilityOverrides)
    .where(and(eq(availabilityOverrides.specialistId, specialist.id), eq(availabilityOverrides.date, row.date)));
  await rebuildSlotsForSpecialist(context, specialist.id);
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Blocked time

/** Blocks a one-off stretch given in local date-times of the specialist's zone (stored as UTC). */
export async function addBlockedTime(
  context: Context,
  userId: string,
  input: BlockedTimeInput,
): Promise<Exclude<AvailabilityResult<BlockedTimeField>, { ok: true }> | { ok: true; id: string }> {
  const specialist = await findOwnSpecialist(context.db, userId);
  if (!specialist) return noProfile;
  const resolved = resolveBlockedTime(input, specialist.timezone, context.clock.now());
  if (!resolved.ok) return invalid(resolved.field, resolved.message);
  const [row] = await context.db
    .insert(blockedTimes)
    .values({
      specialistId: specialist.id,
      startsAt: resolved.startsAt,
      endsAt: resolved.endsAt,
      reason: resolved.reason,
    })
    .returning({ id: blockedTimes.id });
  await rebuildSlotsForSpecialist(context, specialist.id);
  return { ok: true, id: row!.id };
}

export async function removeBlockedTime(context: Context, userId: string, blockedTimeId: string): Promise<AvailabilityResult> {
  const specialist = await findOwnSpecialist(context.db, userId);
  if (!specialist) return noProfile;
  const removed = await context.db
    .delete(blockedTimes)
    .where(and(eq(blockedTimes.id, blockedTimeId), eq(blockedTimes.specialistId, specialist.id)))
    .returning({ id: blockedTimes.id });
  if (removed.length === 0) return notFound("That blocked time doesn't exist or was already removed.");
  await rebuildSlotsForSpecialist(context, specialist.id);
  return { ok: true };
}
