// The money of a paid booking, as everything that shows it (receipt, earnings, CSV, admin revenue)
// must agree: per booking and currency, gross − platform fee kept − refunds = net to the specialist.
// Pure: the SQL in ledger.server.ts computes the same figures in the database, and the property
// test holds the two to each other.
import type { refundStatuses } from "../../../db/schema";
import { dayKeyIn, formatMonth } from "../../lib/time-format";
import { localDayBounds, parseLocalDay } from "../availability/local-time";

export type RefundStatus = (typeof refundStatuses)[number];

export interface LedgerPayment {
  amountMinor: number;
  feeMinor: number;
  currency: string;
}

export interface LedgerRefund {
  amountMinor: number;
  feeRefundedMinor: number;
  currency: string;
  status: RefundStatus;
  /** The provider's final word on an accepted refund; failed or canceled means no money went back. */
  providerStatus?: string | null;
}

export interface Money {
  currency: string;
  grossMinor: number;
  /** The platform fee kept: the fee less what refunds gave back of it. */
  feeMinor: number;
  refundsMinor: number;
  netMinor: number;
}

/**
 * Whether a refund counts against the payment: in its currency (a refund in another currency
 * returns money that never paid for the booking), and not failed (a failed refund moved nothing;
 * it is retried and counts once the provider takes it; one the provider failed or canceled after
 * taking it returned nothing either).
 */
export function refundCounts(
  payment: Pick<LedgerPayment, "currency">,
  refund: Pick<LedgerRefund, "currency" | "status" | "providerStatus">,
): boolean {
  return (
    refund.currency === payment.currency &&
    refund.status !== "failed" &&
    refund.providerStatus !== "failed" &&
    refund.providerStatus !== "canceled"
  );
}

/** The money of one kept payment and its refunds. */
export function bookingMoney(payment: LedgerPayment, refunds: readonly LedgerRefund[]): Money {
  const counted = refunds.filter((refund) => refundCounts(payment, refund));
  const refundsMinor = counted.reduce((sum, refund) => sum + refund.amountMinor, 0);
  const feeMinor = payment.feeMinor - counted.reduce((sum, refund) => sum + refund.feeRefundedMinor, 0);
  return {
    currency: payment.currency,
    grossMinor: payment.amountMinor,
    feeMinor,
    refundsMinor,
    netMinor: payment.amountMinor - feeMinor - refundsMinor,
  };
}

/** Sums per currency, in currency order; amounts in different currencies are never added together. */
export function totalsByCurrency(rows: readonly Money[]): Money[] {
  const totals = new Map<string, Money>();
  for (const row of rows) {
    const total = totals.get(row.currency) ?? { currency: row.currency, grossMinor: 0, feeMinor: 0, refundsMinor: 0, netMinor: 0 };
    total.grossMinor += row.grossMinor;
    total.feeMinor += row.feeMinor;
    total.refundsMinor += row.refundsMinor;
    total.netMinor += row.netMinor;
    totals.set(row.currency, total);
  }
  return [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** Receipts read "R-000042": the sequence number, padded so they sort and line up. */
export function formatReceiptNumber(receiptNumber: number): string {
  return `R-${String(receiptNumber).padStart(6, "0")}`;
}

/** "2026-06": a month of this century (the app's data starts in it). */
export const monthKeyPattern = /^20\d{2}-(0[1-9]|1[0-2])$/;

export interface MonthRange {
  /** "2026-06" */
  key: string;
  /** "June 2026" */
  label: string;
  startsAt: Date;
  endsAt: Date;
}

/** The month `step` months after `key` (before, when negative). */
export function nextMonthKey(key: string, step: number): string {
  const [year, month] = key.split("-").map(Number) as [number, number];
  const index = year * 12 + (month - 1) + step;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** A calendar month in `timeZone`: from its first local midnight to the next month's (exact across DST). */
export function monthRange(key: string, timeZone: string): MonthRange {
  if (!monthKeyPattern.test(key)) throw new RangeError(`Invalid month "${key}": expected YYYY-MM`);
  const startsAt = new Date(localDayBounds(timeZone, parseLocalDay(`${key}-01`)).startsAt);
  const endsAt = new Date(localDayBounds(timeZone, parseLocalDay(`${nextMonthKey(key, 1)}-01`)).startsAt);
  return { key, label: formatMonth(startsAt, timeZone), startsAt, endsAt };
}

/** The months from `from` to `to` (YYYY-MM, both included; none when `to` is earlier) in `timeZone`, oldest first. */
export function monthsBetween(from: string, to: string, timeZone: string): MonthRange[] {
  const index = (key: string) => Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7));
  return Array.from({ length: Math.max(0, index(to) - index(from) + 1) }, (_, step) => monthRange(nextMonthKey(from, step), timeZone));
}

/** The twelve months up to and including the one `now` falls in (in `timeZone`), oldest first. */
export function lastTwelveMonths(now: Date, timeZone: string): MonthRange[] {
  const current = dayKeyIn(now, timeZone).slice(0, 7);
  return Array.from({ length: 12 }, (_, index) => monthRange(nextMonthKey(current, index - 11), timeZone));
}

/** Each currency's figures for every one of `months` (zeros where nothing happened), currencies in order. */
export function monthlyByCurrency(rows: readonly (Money & { month: string })[], months: readonly MonthRange[]) {
  const currencies = [...new Set(rows.map((row) => row.currency))].sort();
  return currencies.map((currency) => ({
    currency,
    months: months.map((month) => {
      const row = rows.find((candidate) => candidate.currency === currency && candidate.month === month.key);
      return { month, money: row ?? { currency, grossMinor: 0, feeMinor: 0, refundsMinor: 0, netMinor: 0 } };
    }),
  }));
}
