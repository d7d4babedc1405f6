/** Digits after the decimal point for an ISO 4217 currency (JPY 0, USD 2, KWD 3). */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Formats integer minor units exactly, e.g. (12550, "USD") → "$125.50", (8000, "JPY") → "¥8,000". */
export function formatMoney(amountMinor: number, currency: string, locale = "en"): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`Money must be an integer in minor units, got ${amountMinor}`);
  const digits = currencyDigits(currency);
  const major = amountMinor / 10 ** digits;
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: Number.isInteger(major) ? 0 : digits,
    maximumFractionDigits: digits,
  }).format(major);
}
