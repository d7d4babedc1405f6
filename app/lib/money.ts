// The one place money becomes text, for pages and emails alike, through one cached Intl formatter
// per (locale, currency, display): building one costs far more than using it.
import { BoundedCache } from "./bounded-cache";

const displays = {
  /** The currency's own digits: "$125.50", "¥8,000". */
  exact: {},
  /** No fraction when there is none: "$150". */
  whole: { minimumFractionDigits: 0 },
  /** The currency's name: "US dollars". */
  name: { currencyDisplay: "name" },
} satisfies Record<string, Intl.NumberFormatOptions>;

// Currency codes are case-insensitive; the cap bounds memory whatever locales and codes arrive.
const formats = new BoundedCache<string, Intl.NumberFormat>(1000);
// resolvedOptions() builds a fresh object per call, and every amount shown asks twice.
const digitsByCurrency = new BoundedCache<string, number>(1000);

/** The shared currency formatter; throws RangeError for a currency or locale Intl rejects. */
export function currencyFormat(currency: string, display: keyof typeof displays = "exact", locale = "en"): Intl.NumberFormat {
  return formats.get(
    `${locale} ${currency.toUpperCase()} ${display}`,
    () => new Intl.NumberFormat(locale, { style: "currency", currency, ...displays[display] }),
  );
}

/** Digits after the decimal point for an ISO 4217 currency (JPY 0, USD 2, KWD 3). */
export function currencyDigits(currency: string): number {
  const code = currency.toUpperCase();
  return digitsByCurrency.get(code, () => currencyFormat(code).resolvedOptions().maximumFractionDigits ?? 2);
}

/** Integer minor units as an exact decimal string in major units: (12550, "USD") → "125.50", (8000, "JPY") → "8000". */
export function minorToDecimal(amountMinor: number, currency: string): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`Money must be an integer in minor units, got ${amountMinor}`);
  const digits = currencyDigits(currency);
  const sign = amountMinor < 0 ? "-" : "";
  const units = String(Math.abs(amountMinor));
  if (digits === 0) return `${sign}${units}`;
  const padded = units.padStart(digits + 1, "0");
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** Formats integer minor units exactly, e.g. (12550, "USD") → "$125.50", (8000, "JPY") → "¥8,000". */
export function formatMoney(amountMinor: number, currency: string, locale = "en"): string {
  const decimal = minorToDecimal(amountMinor, currency);
  const digits = currencyDigits(currency);
  // Intl formats a decimal string without going through a float, so every amount stays exact.
  const display = amountMinor % 10 ** digits === 0 ? "whole" : "exact";
  return currencyFormat(currency, display, locale).format(decimal as Intl.StringNumericLiteral);
}

/** A price as people read it: nothing to pay is "Free", in any currency. */
export function formatPrice(amountMinor: number, currency: string, locale = "en"): string {
  return amountMinor === 0 ? "Free" : formatMoney(amountMinor, currency, locale);
}
