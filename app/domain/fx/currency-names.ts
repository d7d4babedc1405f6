import { sessionCurrencies } from "../specialists/price-input";

/** "US dollars", "euros", "Japanese yen". */
export function currencyName(currency: string) {
  const parts = new Intl.NumberFormat("en", { style: "currency", currency, currencyDisplay: "name" }).formatToParts(2);
  return parts.find((part) => part.type === "currency")?.value ?? currency;
}

/** "29 May 2026" for the rates' YYYY-MM-DD date. */
export function formatRatesDate(asOf: string) {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${asOf}T00:00:00Z`));
}

/** "US Dollar (USD)" for each currency a session can be priced in. */
export const currencyLabels = Object.fromEntries(
  sessionCurrencies.map((code) => [code, `${new Intl.DisplayNames("en", { type: "currency" }).of(code) ?? code} (${code})`]),
);
