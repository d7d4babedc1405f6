import { currencyFormat } from "../../lib/money";
import { formatDate } from "../../lib/time-format";
import { sessionCurrencies } from "../specialists/price-input";

/** "US dollars", "euros", "Japanese yen". */
export function currencyName(currency: string) {
  let name = names.get(currency);
  if (name === undefined) {
    const parts = currencyFormat(currency, "name").formatToParts(2);
    name = parts.find((part) => part.type === "currency")?.value ?? currency;
    if (names.size >= 1000) names.clear();
    names.set(currency, name);
  }
  return name;
}

// The directory's currency picker names every currency on every view.
const names = new Map<string, string>();

/** "29 May 2026" for the rates' YYYY-MM-DD date. */
export function formatRatesDate(asOf: string) {
  return formatDate(new Date(`${asOf}T00:00:00Z`), "UTC");
}

const currencyDisplayNames = new Intl.DisplayNames("en", { type: "currency" });

/** "US Dollar (USD)" for each currency a session can be priced in. */
export const currencyLabels = Object.fromEntries(
  sessionCurrencies.map((code) => [code, `${currencyDisplayNames.of(code) ?? code} (${code})`]),
);
