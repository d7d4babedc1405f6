// The ledger as CSV (RFC 4180): a header row, CRLF line ends, fields quoted when they hold a quote,
// comma or line break. Money as exact decimal strings beside their currency.
import { minorToDecimal } from "../../lib/money";
import { dayKeyIn, formatTime } from "../../lib/time-format";
import { formatReceiptNumber } from "./ledger";
import type { LedgerRow } from "./ledger.server";

export const ledgerCsvHeader = [
  "receipt",
  "session_date",
  "session_time",
  "time_zone",
  "customer",
  "session",
  "status",
  "currency",
  "gross",
  "platform_fee",
  "refunds",
  "net",
];

/** A field as CSV: quoted when it holds a quote, comma or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Free text (names, titles): one a spreadsheet would run as a formula starts with an apostrophe. */
function csvText(value: string): string {
  return csvField(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

export function ledgerCsv(rows: readonly LedgerRow[], timeZone: string): string {
  const lines = [ledgerCsvHeader.join(",")];
  for (const row of rows) {
    const money = (minor: number) => minorToDecimal(minor, row.currency);
    lines.push(
      [
        row.receiptNumber === null ? "" : formatReceiptNumber(row.receiptNumber),
        dayKeyIn(row.startsAt, timeZone),
        formatTime(row.startsAt, timeZone),
        csvField(timeZone),
        csvText(row.customerName),
        csvText(row.sessionTitle),
        row.status,
        row.currency,
        money(row.grossMinor),
        money(row.feeMinor),
        money(row.refundsMinor),
        money(row.netMinor),
      ].join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
