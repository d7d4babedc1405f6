import { BoundedCache } from "../../lib/bounded-cache";
import { currencyFormat } from "../../lib/money";
import { formatDate } from "../../lib/time-format";
import { sessionCurrencies } from "../specialists/price-input";

/** "US dollars", "euros", "Japanese yen". */
export function currencyName(currency: string) {
  return names.get(currency, () => {
    const parts = currencyFormat(currency, "name").formatToParts(2);
    return parts.find((part) => part.type === "currency")?.value ?? currency;
  });
}

// The directory's currency picker names every currency on every view.
const names = new BoundedCache<string, string>(1000);

/** "29 May 2026" for the rates' YYYY-MM-DD date. */
export function formatRatesDate(asOf: string) {
  return formatDate(new Date(`${asOf}T00:00:00Z`), "UTC");
}

const currencyDisplayNames = new Intl.DisplayNames("en", { type: "currency" });

/** "US Dollar (USD)" for each currency a session can be priced in. */
export const currencyLabels = Object.fromEntries(
  sessionCurrencies.map((code) => [code, `${currencyDisplayNames.of(code) ?? code} (${code})`]),
);
