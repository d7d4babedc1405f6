import { currencyOfZone } from "../fx/local-currency";
import { sessionCurrencies, type SessionCurrency } from "./price-input";

// A new session type starts in the currency the specialist already charges in. Before they have
// any prices, their profile's time zone says where they practise (and so, most likely, which
// currency they are paid in) better than the browser's language does; it is only a default.

function isSessionCurrency(currency: string): currency is SessionCurrency {
  return (sessionCurrencies as readonly string[]).includes(currency);
}

/** The currency most of `existing` use (the earliest on a tie), else the one of `timezone`'s country, else USD. */
export function defaultSessionCurrency(existing: readonly string[], timezone: string | null): SessionCurrency {
  const counts = new Map<SessionCurrency, number>();
  for (const currency of existing) if (isSessionCurrency(currency)) counts.set(currency, (counts.get(currency) ?? 0) + 1);
  let best: SessionCurrency | null = null;
  for (const [currency, count] of counts) if (best === null || count > counts.get(best)!) best = currency;
  return best ?? currencyOfZone(timezone) ?? "USD";
}
