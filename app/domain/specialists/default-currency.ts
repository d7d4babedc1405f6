import { sessionCurrencies, type SessionCurrency } from "./price-input";

// A new session type starts in the currency the specialist already charges in. Before they have
// any prices, their profile's time zone says where they practise (and so, most likely, which
// currency they are paid in) better than the browser's language does; it is only a default.

const euroCities = [
  "Amsterdam", "Andorra", "Athens", "Berlin", "Bratislava", "Brussels", "Busingen", "Dublin", "Helsinki", "Ljubljana",
  "Lisbon", "Luxembourg", "Madrid", "Malta", "Monaco", "Paris", "Podgorica", "Riga", "Rome", "San_Marino", "Sofia",
  "Tallinn", "Vatican", "Vienna", "Vilnius", "Zagreb",
];
const canadianCities = [
  "Atikokan", "Blanc-Sablon", "Cambridge_Bay", "Creston", "Dawson", "Dawson_Creek", "Edmonton", "Fort_Nelson", "Glace_Bay",
  "Goose_Bay", "Halifax", "Inuvik", "Iqaluit", "Moncton", "Montreal", "Nipigon", "Rankin_Inlet", "Regina", "Resolute",
  "St_Johns", "Swift_Current", "Thunder_Bay", "Toronto", "Vancouver", "Whitehorse", "Winnipeg", "Yellowknife",
];
const brazilianCities = [
  "Araguaina", "Bahia", "Belem", "Boa_Vista", "Campo_Grande", "Cuiaba", "Eirunepe", "Fortaleza", "Maceio", "Manaus",
  "Noronha", "Porto_Velho", "Recife", "Rio_Branco", "Santarem", "Sao_Paulo",
];

const zoneCurrency = new Map<string, SessionCurrency>([
  ...euroCities.map((city) => [`Europe/${city}`, "EUR"] as const),
  ["Asia/Nicosia", "EUR"],
  ["Asia/Famagusta", "EUR"],
  ["Atlantic/Madeira", "EUR"],
  ["Atlantic/Azores", "EUR"],
  ["Atlantic/Canary", "EUR"],
  ["Africa/Ceuta", "EUR"],
  ...canadianCities.map((city) => [`America/${city}`, "CAD"] as const),
  ...brazilianCities.map((city) => [`America/${city}`, "BRL"] as const),
  ["Europe/London", "GBP"],
  ["Europe/Belfast", "GBP"],
  ["Europe/Jersey", "GBP"],
  ["Europe/Guernsey", "GBP"],
  ["Europe/Isle_of_Man", "GBP"],
  ["Europe/Zurich", "CHF"],
  ["Europe/Vaduz", "CHF"],
  ["Asia/Tokyo", "JPY"],
  ["Asia/Kolkata", "INR"],
  ["Asia/Calcutta", "INR"],
  ["Asia/Singapore", "SGD"],
]);

function isSessionCurrency(currency: string): currency is SessionCurrency {
  return (sessionCurrencies as readonly string[]).includes(currency);
}

/** The currency most of `existing` use (the earliest on a tie), else the one of `timezone`'s country, else USD. */
export function defaultSessionCurrency(existing: readonly string[], timezone: string | null): SessionCurrency {
  const counts = new Map<SessionCurrency, number>();
  for (const currency of existing) if (isSessionCurrency(currency)) counts.set(currency, (counts.get(currency) ?? 0) + 1);
  let best: SessionCurrency | null = null;
  for (const [currency, count] of counts) if (best === null || count > counts.get(best)!) best = currency;
  if (best) return best;
  if (timezone?.startsWith("Australia/")) return "AUD";
  return (timezone && zoneCurrency.get(timezone)) || "USD";
}
