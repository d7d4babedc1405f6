// The money views' figures as the pages show them: formatted on the server (money with
// lib/money, months and times with lib/time-format), so pages read the same without JavaScript.
import { statusLabels } from "~/domain/booking/booking-labels";
import { formatReceiptNumber, monthlyByCurrency, type MonthRange, type Money } from "~/domain/payments/ledger";
import type { MonthMoney, LedgerRow } from "~/domain/payments/ledger.server";
import { formatMoney } from "~/lib/money";
import { formatDate, formatShortMonth, formatTime } from "~/lib/time-format";
import type { ChartMonth } from "./month-chart";

export interface MonthlyChart {
  currency: string;
  chartTitle: string;
  caption: string;
  months: ChartMonth[];
  rows: { label: string; cells: string[] }[];
}

const span = (months: readonly MonthRange[]) => `${months[0]!.label} to ${months[months.length - 1]!.label}`;

/**
 * One chart per currency over `months`: bars of `bar` (net for a specialist, fees kept for the
 * platform), and a table of `columns` with the same figures.
 */
export function monthlyCharts(
  rows: readonly MonthMoney[],
  months: readonly MonthRange[],
  timeZone: string,
  options: { barLabel: string; bar: keyof Omit<Money, "currency">; columns: readonly (readonly [string, keyof Omit<Money, "currency">])[] },
): MonthlyChart[] {
  return monthlyByCurrency(rows, months).map(({ currency, months: filled }) => ({
    currency,
    chartTitle: `${options.barLabel} per month, ${currency}, ${span(months)}`,
    caption: `Figures per month, ${currency}`,
    months: filled.map(({ month, money }) => ({
      label: month.label,
      short: formatShortMonth(month.startsAt, timeZone),
      valueMinor: money[options.bar],
      valueText: formatMoney(money[options.bar], currency),
    })),
    rows: filled.map(({ month, money }) => ({
      label: month.label,
      cells: options.columns.map(([, field]) => formatMoney(money[field], currency)),
    })),
  }));
}

export interface LedgerLine {
  bookingId: string;
  startsAt: string;
  date: string;
  customer: string;
  session: string;
  status: string;
  gross: string;
  fee: string;
  refunds: string;
  net: string;
  receipt: string | null;
}

export function ledgerLines(rows: readonly LedgerRow[], viewerZone: string): LedgerLine[] {
  return rows.map((row) => {
    const money = (minor: number) => formatMoney(minor, row.currency);
    return {
      bookingId: row.bookingId,
      startsAt: row.startsAt.toISOString(),
      date: `${formatDate(row.startsAt, viewerZone)}, ${formatTime(row.startsAt, viewerZone)}`,
      customer: row.customerName,
      session: row.sessionTitle,
      status: statusLabels[row.status],
      gross: money(row.grossMinor),
      fee: money(row.feeMinor),
      refunds: money(row.refundsMinor),
      net: money(row.netMinor),
      receipt: row.receiptNumber === null ? null : formatReceiptNumber(row.receiptNumber),
    };
  });
}
