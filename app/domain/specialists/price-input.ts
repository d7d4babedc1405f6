import { currencyDigits, minorToDecimal } from "../../lib/money";

// Prices are typed as decimal text ("49.50") and stored as integer minor units (4950).
// The conversion works on the digits themselves, never through floating-point
// multiplication, so "0.29" is 29 cents and not 28.999….

/** The currencies a session can be priced in. */
export const sessionCurrencies = ["USD", "EUR", "GBP", "JPY", "INR", "AUD", "CAD", "BRL", "CHF", "SGD"] as const;
export type SessionCurrency = (typeof sessionCurrencies)[number];

/** Whole units: up to 7 digits (9,999,999) keeps every currency's minor units far inside safe integers. */
const maxWholeDigits = 7;

export type PriceParse = { ok: true; amountMinor: number } | { ok: false; message: string };

export function parsePriceInput(text: string, currency: string): PriceParse {
  const digits = currencyDigits(currency);
  const match = /^(\d*)(?:\.(\d*))?$/.exec(text.trim());
  const whole = match?.[1] ?? "";
  const fraction = match?.[2] ?? "";
  if (!match || (whole === "" && fraction === "")) {
    return {
      ok: false,
      message: digits === 0 ? "Enter the price as a whole number, like 5000." : "Enter the price as a number, like 49.50.",
    };
  }
  if (fraction.length > digits) {
    return {
      ok: false,
      message:
        digits === 0
          ? `${currency} prices are whole numbers, without decimals.`
          : `${currency} prices have at most ${digits} decimal places.`,
    };
  }
  const significantWhole = whole.replace(/^0+/, "");
  if (significantWhole.length > maxWholeDigits) return { ok: false, message: "Enter a price below 10,000,000." };
  return { ok: true, amountMinor: Number(`${significantWhole}${fraction.padEnd(digits, "0")}`) || 0 };
}

/** Minor units back to the text a person would type: (4950, "USD") → "49.50", (8000, "JPY") → "8000". */
export function formatPriceInput(amountMinor: number, currency: string): string {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) throw new RangeError(`Not a price in minor units: ${amountMinor}`);
  return minorToDecimal(amountMinor, currency);
}
