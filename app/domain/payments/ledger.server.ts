// Reading the money of paid bookings: receipts, a specialist's earnings and ledger, the platform's
// revenue. Every figure comes from the kept payment of a booking and its refunds (ledger.ts says
// which refunds count); the SQL below is the one place those sums are written for the database.
// Authorization lives here (DESIGN.md §4.7): a receipt is for the booking's parties and admins,
// earnings for the practice of the user asking, revenue for admins.
import { and, asc, desc, eq, gt, gte, lt, or, sql, type SQL } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Database } from "../../../db/database";
import {
  bookings,
  payments,
  payouts,
  refunds,
  sessionTypes,
  specialists,
  users,
  type BookingStatus,
  type UserRole,
} from "../../../db/schema";
import { bookingMoney, refundCounts, type MonthRange, type Money, type RefundStatus } from "./ledger";

/** Σ of a refunds column over the refunds that count against the kept payment (ledger.ts refundCounts). */
function countedRefunds(column: typeof refunds.amountMinor | typeof refunds.feeRefundedMinor) {
  return sql<number>`(select coalesce(sum(${column}), 0) from ${refunds}
    where ${refunds.paymentId} = ${payments.id} and ${refunds.status} <> 'failed' and ${refunds.currency} = ${payments.currency}
      and coalesce(${refunds.providerStatus}, '') not in ('failed', 'canceled'))`;
}

const refundsMinor = countedRefunds(refunds.amountMinor);
const feeKeptMinor = sql<number>`(${payments.feeMinor} - ${countedRefunds(refunds.feeRefundedMinor)})`;
const netMinor = sql<number>`(${payments.amountMinor} - ${feeKeptMinor} - ${refundsMinor})`;

/** One booking's figures, as columns. */
const rowMoney = {
  currency: payments.currency,
  grossMinor: payments.amountMinor,
  feeMinor: feeKeptMinor.mapWith(Number),
  refundsMinor: refundsMinor.mapWith(Number),
  netMinor: netMinor.mapWith(Number),
};

const total = (expression: SQL | AnySQLiteColumn) => sql<number>`coalesce(sum(${expression}), 0)`.mapWith(Number);

/** Sums of many bookings' figures, as aggregate columns (group by currency). */
const summedMoney = {
  currency: payments.currency,
  grossMinor: total(payments.amountMinor),
  feeMinor: total(feeKeptMinor),
  refundsMinor: total(refundsMinor),
  netMinor: total(netMinor),
};

/** A refund as the customer knows it: accepted by the provider is not yet back until the provider says so. */
export function shownRefundStatus(refund: { status: RefundStatus; providerStatus: string | null }): RefundStatus {
  if (refund.status !== "succeeded" || refund.providerStatus === null || refund.providerStatus === "succeeded") return refund.status;
  return refund.providerStatus === "failed" || refund.providerStatus === "canceled" ? "failed" : "pending";
}

/** Paid bookings: those with the one payment that pays for them (DESIGN.md §4.4). */
const keptPayment = and(eq(payments.kept, true), eq(payments.status, "paid"));

// ---------------------------------------------------------------------------------------------
// Receipts

export interface Viewer {
  userId: string;
  role: UserRole;
}

export type ReceiptViewerRole = "customer" | "specialist" | "admin";

export interface Receipt {
  viewerRole: ReceiptViewerRole;
  bookingId: string;
  receiptNumber: number;
  paidAt: Date;
  sessionTitle: string;
  specialistName: string;
  customerName: string;
  startsAt: Date;
  endsAt: Date;
  bookingStatus: BookingStatus;
  refunds: { amountMinor: number; currency: string; status: RefundStatus; at: Date; counted: boolean }[];
  money: Money;
}

export type ReceiptResult = { status: "not-found" } | { status: "no-payment" } | { status: "ok"; receipt: Receipt };

/** The receipt of a booking's kept payment, for its customer, its specialist and admins; anyone else gets not-found. */
export async function getReceipt(db: Database, viewer: Viewer, bookingId: string): Promise<ReceiptResult> {
  const [[row], [payment], refundRows] = await db.batch([
    db
      .select({
        id: bookings.id,
        customerId: bookings.customerId,
        specialistUserId: specialists.userId,
        status: bookings.status,
        startsAt: bookings.startsAt,
        endsAt: bookings.endsAt,
        sessionTitle: sessionTypes.title,
        specialistName: specialists.displayName,
        customerName: users.name,
      })
      .from(bookings)
      .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
      .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
      .innerJoin(users, eq(users.id, bookings.customerId))
      .where(eq(bookings.id, bookingId))
      .limit(1),
    db
      .select({
        id: payments.id,
        amountMinor: payments.amountMinor,
        feeMinor: payments.feeMinor,
        currency: payments.currency,
        paidAt: payments.paidAt,
        updatedAt: payments.updatedAt,
        receiptNumber: payments.receiptNumber,
      })
      .from(payments)
      .where(and(eq(payments.bookingId, bookingId), keptPayment))
      .limit(1),
    db
      .select({
        paymentId: refunds.paymentId,
        amountMinor: refunds.amountMinor,
        feeRefundedMinor: refunds.feeRefundedMinor,
        currency: refunds.currency,
        status: refunds.status,
        providerStatus: refunds.providerStatus,
        at: refunds.createdAt,
      })
      .from(refunds)
      .innerJoin(payments, eq(payments.id, refunds.paymentId))
      .where(and(eq(refunds.bookingId, bookingId), keptPayment))
      .orderBy(asc(refunds.createdAt), asc(refunds.id)),
  ]);
  if (!row) return { status: "not-found" };
  const viewerRole: ReceiptViewerRole | null =
    row.customerId === viewer.userId
      ? "customer"
      : row.specialistUserId === viewer.userId
        ? "specialist"
        : viewer.role === "admin"
          ? "admin"
          : null;
  if (!viewerRole) return { status: "not-found" };
  // Every kept payment is numbered when kept (and by migration 0008 before that).
  if (!payment || payment.receiptNumber === null) return { status: "no-payment" };
  const money = bookingMoney(payment, refundRows);
  return {
    status: "ok",
    receipt: {
      viewerRole,
      bookingId: row.id,
      receiptNumber: payment.receiptNumber,
      paidAt: payment.paidAt ?? payment.updatedAt,
      sessionTitle: row.sessionTitle,
      specialistName: row.specialistName,
      customerName: row.customerName,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      bookingStatus: row.status,
      refunds: refundRows.map((refund) => ({
        amountMinor: refund.amountMinor,
        currency: refund.currency,
        status: shownRefundStatus(refund),
        at: refund.at,
        counted: refundCounts(payment, refund),
      })),
      money,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A specialist's earnings

export interface Practice {
  id: string;
  timezone: string;
}

/** The practice of a user; undefined until they have set one up. */
export async function practiceOf(db: Database, userId: string): Promise<Practice | undefined> {
  const [row] = await db
    .select({ id: specialists.id, timezone: specialists.timezone })
    .from(specialists)
    .where(eq(specialists.userId, userId))
    .limit(1);
  return row;
}

export interface MonthMoney extends Money {
  month: string;
}

/** Figures per currency and month, months by session start within `months` (contiguous, oldest first). */
function monthlyMoneyQuery(db: Database, months: readonly MonthRange[], specialistId?: string) {
  const first = months[0]!;
  const last = months[months.length - 1]!;
  const monthOf = sql.join(
    [
      sql`case`,
      ...months.map(
        (month) =>
          sql`when ${bookings.startsAt} >= ${month.startsAt.getTime()} and ${bookings.startsAt} < ${month.endsAt.getTime()} then ${month.key}`,
      ),
      sql`end`,
    ],
    sql` `,
  );
  return db
    .select({ ...summedMoney, month: sql<string>`${monthOf}`.as("month") })
    .from(payments)
    .innerJoin(bookings, eq(bookings.id, payments.bookingId))
    .where(
      and(
        keptPayment,
        specialistId ? eq(bookings.specialistId, specialistId) : undefined,
        gte(bookings.startsAt, first.startsAt),
        lt(bookings.startsAt, last.endsAt),
      ),
    )
    .groupBy(payments.currency, sql`month`)
    .orderBy(asc(payments.currency), asc(sql`month`));
}

export interface Earnings {
  totals: Money[];
  /** Net of paid sessions still to come (confirmed, starting after now), per currency. */
  pending: { currency: string; netMinor: number }[];
  /** Payouts that reached the bank, per currency. */
  paidOut: { currency: string; amountMinor: number }[];
  monthly: MonthMoney[];
}

export interface LedgerFilter {
  month?: MonthRange;
  status?: BookingStatus;
}

export interface LedgerRow extends Money {
  bookingId: string;
  startsAt: Date;
  status: BookingStatus;
  sessionTitle: string;
  customerName: string;
  receiptNumber: number | null;
}

function ledgerWhere(practice: Practice, filter: LedgerFilter) {
  return and(
    keptPayment,
    eq(bookings.specialistId, practice.id),
    filter.month ? and(gte(bookings.startsAt, filter.month.startsAt), lt(bookings.startsAt, filter.month.endsAt)) : undefined,
    filter.status ? eq(bookings.status, filter.status) : undefined,
  );
}

/** Where a ledger page continues: after the line of this booking (latest session first). */
export interface LedgerKey {
  startsAt: Date;
  bookingId: string;
}

function ledgerQuery(db: Database, practice: Practice, filter: LedgerFilter, after?: LedgerKey) {
  return db
    .select({
      bookingId: bookings.id,
      startsAt: bookings.startsAt,
      status: bookings.status,
      sessionTitle: sessionTypes.title,
      customerName: users.name,
      receiptNumber: payments.receiptNumber,
      ...rowMoney,
    })
    .from(payments)
    .innerJoin(bookings, eq(bookings.id, payments.bookingId))
    .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
    .innerJoin(users, eq(users.id, bookings.customerId))
    .where(
      and(
        ledgerWhere(practice, filter),
        after
          ? or(lt(bookings.startsAt, after.startsAt), and(eq(bookings.startsAt, after.startsAt), gt(bookings.id, after.bookingId)))
          : undefined,
      ),
    )
    .orderBy(desc(bookings.startsAt), asc(bookings.id))
    .$dynamic();
}

export interface LedgerPage {
  rows: LedgerRow[];
  /** How many paid bookings match the filter in all. */
  count: number;
}

/** The summary's queries: all-time totals, pending, paid out, and the figures of `months`. */
function earningsQueries(db: Database, practice: Practice, input: { now: Date; months: readonly MonthRange[] }) {
  const own = and(keptPayment, eq(bookings.specialistId, practice.id));
  return [
    db
      .select(summedMoney)
      .from(payments)
      .innerJoin(bookings, eq(bookings.id, payments.bookingId))
      .where(own)
      .groupBy(payments.currency)
      .orderBy(asc(payments.currency)),
    db
      .select({ currency: payments.currency, netMinor: summedMoney.netMinor })
      .from(payments)
      .innerJoin(bookings, eq(bookings.id, payments.bookingId))
      .where(and(own, eq(bookings.status, "confirmed"), gt(bookings.startsAt, input.now)))
      .groupBy(payments.currency)
      .orderBy(asc(payments.currency)),
    db
      .select({ currency: payouts.currency, amountMinor: total(payouts.amountMinor) })
      .from(payouts)
      .where(and(eq(payouts.specialistId, practice.id), eq(payouts.status, "paid")))
      .groupBy(payouts.currency)
      .orderBy(asc(payouts.currency)),
    monthlyMoneyQuery(db, input.months, practice.id),
  ] as const;
}

/** The practice's earnings summary in one round trip (the earnings page's, without its ledger). */
export async function earningsSummary(
  db: Database,
  practice: Practice,
  input: { now: Date; months: readonly MonthRange[] },
): Promise<Earnings> {
  const [totals, pending, paidOut, monthly] = await db.batch(earningsQueries(db, practice, input));
  return { totals, pending, paidOut, monthly };
}

/**
 * The earnings page in one round trip: all-time totals, pending, paid out and the figures of
 * `months` for the practice, and one page of its paid bookings (latest session first).
 */
export async function earningsPage(
  db: Database,
  practice: Practice,
  input: { now: Date; months: readonly MonthRange[]; filter: LedgerFilter; page: { number: number; size: number } },
): Promise<Earnings & { ledger: LedgerPage }> {
  const [totals, pending, paidOut, monthly, rows, [counted]] = await db.batch([
    ...earningsQueries(db, practice, input),
    ledgerQuery(db, practice, input.filter)
      .limit(input.page.size)
      .offset((input.page.number - 1) * input.page.size),
    db
      .select({ count: sql<number>`count(*)`.mapWith(Number) })
      .from(payments)
      .innerJoin(bookings, eq(bookings.id, payments.bookingId))
      .where(ledgerWhere(practice, input.filter)),
  ]);
  return { totals, pending, paidOut, monthly, ledger: { rows, count: counted?.count ?? 0 } };
}

/** Up to `limit` paid bookings after `after` (latest session first): the API's cursor pages of the ledger. */
export async function ledgerEntries(
  db: Database,
  practice: Practice,
  filter: LedgerFilter,
  page: { after?: LedgerKey; limit: number },
): Promise<LedgerRow[]> {
  return ledgerQuery(db, practice, filter, page.after).limit(page.limit);
}

/** Every matching paid booking, for the CSV export. */
export async function ledgerRows(db: Database, practice: Practice, filter: LedgerFilter): Promise<LedgerRow[]> {
  return ledgerQuery(db, practice, filter);
}

// ---------------------------------------------------------------------------------------------
// The platform's revenue

/** Fees kept, gross and refunds per currency and month for admins; null for anyone else. */
export async function platformRevenue(db: Database, viewer: Viewer, months: readonly MonthRange[]): Promise<MonthMoney[] | null> {
  if (viewer.role !== "admin") return null;
  return monthlyMoneyQuery(db, months);
}
