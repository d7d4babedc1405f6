// The admin dashboard: who is on the platform, what is booked, and what it earned, the last 30
// days against the 30 before. Days are UTC days (the platform's books close in UTC, as on the
// revenue page), the current period ending with today. Money follows the ledger (ADR 0013):
// kept payments and their refunds, by session date, per currency.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, count, gte, lt, sql } from "drizzle-orm";
import { approvalStatuses, bookingStatuses, bookings, specialistListings, specialists, userRoles, users } from "../../../db/schema";
import type { BookingStatus, UserRole } from "../../../db/schema";
import { dayKeyIn, formatDate } from "../../lib/time-format";
import { platformRevenue, type Viewer } from "../payments/ledger.server";

type ApprovalStatus = (typeof approvalStatuses)[number];

export const periodDays = 30;
const dayMs = 86_400_000;

export interface Day {
  key: string;
  label: string;
  startsAt: Date;
  endsAt: Date;
}

/** Two back-to-back runs of `periodDays` UTC days, the current one ending with the day `now` is in. */
export function dashboardPeriods(now: Date): { previous: Day[]; current: Day[] } {
  const todayStart = Date.parse(`${dayKeyIn(now, "UTC")}T00:00:00Z`);
  const firstStart = todayStart - (2 * periodDays - 1) * dayMs;
  const days = Array.from({ length: 2 * periodDays }, (_, index) => {
    const startsAt = new Date(firstStart + index * dayMs);
    return { key: dayKeyIn(startsAt, "UTC"), label: formatDate(startsAt, "UTC"), startsAt, endsAt: new Date(startsAt.getTime() + dayMs) };
  });
  return { previous: days.slice(0, periodDays), current: days.slice(periodDays) };
}

/** A figure over the two periods, with its value on each day of both. */
export interface Trend {
  current: number;
  previous: number;
  currentDays: number[];
  previousDays: number[];
}

export interface CurrencyTrends {
  currency: string;
  gross: Trend;
  fees: Trend;
}

export interface Dashboard {
  periods: { previous: Day[]; current: Day[] };
  users: { byRole: Record<UserRole, number>; suspended: number; signUps: Trend };
  specialists: { byApproval: Record<ApprovalStatus, number>; listed: number };
  bookings: { byStatus: Record<BookingStatus, number>; made: Trend };
  money: CurrencyTrends[];
}

function trendOf(perDay: ReadonlyMap<number, number>): Trend {
  const values = Array.from({ length: 2 * periodDays }, (_, index) => perDay.get(index) ?? 0);
  const previousDays = values.slice(0, periodDays);
  const currentDays = values.slice(periodDays);
  const sum = (list: number[]) => list.reduce((total, value) => total + value, 0);
  return { current: sum(currentDays), previous: sum(previousDays), currentDays, previousDays };
}

function tally<K extends string>(keys: readonly K[], rows: readonly { key: K; n: number }[]): Record<K, number> {
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  for (const row of rows) counts[row.key] = row.n;
  return counts;
}

/** The dashboard's figures for admins; null for anyone else. */
export async function adminDashboard(context: Pick<AppLoadContext, "db" | "clock">, viewer: Viewer): Promise<Dashboard | null> {
  if (viewer.role !== "admin") return null;
  const { db } = context;
  const periods = dashboardPeriods(context.clock.now());
  const days = [...periods.previous, ...periods.current];
  const from = days[0]!.startsAt;
  const to = days[days.length - 1]!.endsAt;
  const dayIndex = (column: typeof users.createdAt | typeof bookings.createdAt) =>
    sql<number>`cast((${column} - ${from.getTime()}) / ${dayMs} as integer)`.mapWith(Number);

  const [roles, suspended, signUps, approvals, listed, statuses, made, money] = await Promise.all([
    db
      .select({ key: users.role, n: count() })
      .from(users)
      .where(sql`${users.status} <> 'deleted'`)
      .groupBy(users.role),
    db.$count(users, sql`${users.status} = 'suspended'`),
    db
      .select({ day: dayIndex(users.createdAt), n: count() })
      .from(users)
      .where(and(gte(users.createdAt, from), lt(users.createdAt, to)))
      .groupBy(sql`1`),
    db.select({ key: specialists.approval, n: count() }).from(specialists).groupBy(specialists.approval),
    db.$count(specialistListings),
    db.select({ key: bookings.status, n: count() }).from(bookings).groupBy(bookings.status),
    db
      .select({ day: dayIndex(bookings.createdAt), n: count() })
      .from(bookings)
      .where(and(gte(bookings.createdAt, from), lt(bookings.createdAt, to)))
      .groupBy(sql`1`),
    platformRevenue(db, viewer, days),
  ]);

  const perDay = (rows: readonly { day: number; n: number }[]) => new Map(rows.map((row) => [row.day, row.n]));
  const dayOf = new Map(days.map((day, index) => [day.key, index]));
  const currencies = [...new Set((money ?? []).map((row) => row.currency))].sort();
  return {
    periods,
    users: { byRole: tally(userRoles, roles), suspended, signUps: trendOf(perDay(signUps)) },
    specialists: { byApproval: tally(approvalStatuses, approvals), listed },
    bookings: { byStatus: tally(bookingStatuses, statuses), made: trendOf(perDay(made)) },
    money: currencies.map((currency) => {
      const rows = (money ?? []).filter((row) => row.currency === currency);
      const series = (field: "grossMinor" | "feeMinor") => new Map(rows.map((row) => [dayOf.get(row.month)!, row[field]]));
      return { currency, gross: trendOf(series("grossMinor")), fees: trendOf(series("feeMinor")) };
    }),
  };
}

/** "+25%", "−40%", "no change", or "new" when there was nothing before. */
export function changeAgainstPrevious(current: number, previous: number): string {
  if (current === previous) return "no change";
  if (previous === 0) return "new";
  const percent = Math.round(((current - previous) / previous) * 100);
  return percent >= 0 ? `+${percent}%` : `−${Math.abs(percent)}%`;
}
