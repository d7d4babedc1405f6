import type { SessionCurrency } from "../specialists/price-input";

// Where someone is, guessed from their time zone or their language's region, says which of the
// currencies prices are set in they most likely think in. Only ever a default they can change.

const euroCities = [
  "Amsterdam",
  "Andorra",
  "Athens",
  "Berlin",
  "Bratislava",
  "Brussels",
  "Busingen",
  "Dublin",
  "Helsinki",
  "Ljubljana",
  "Lisbon",
  "Luxembourg",
  "Madrid",
  "Malta",
  "Monaco",
  "Paris",
  "Podgorica",
  "Riga",
  "Rome",
  "San_Marino",
  "Sofia",
  "Tallinn",
  "Vatican",
  "Vienna",
  "Vilnius",
  "Zagreb",
];
const canadianCities = [
  "Atikokan",
  "Blanc-Sablon",
  "Cambridge_Bay",
  "Creston",
  "Dawson",
  "Dawson_Creek",
  "Edmonton",
  "Fort_Nelson",
  "Glace_Bay",
  "Goose_Bay",
  "Halifax",
  "Inuvik",
  "Iqaluit",
  "Moncton",
  "Montreal",
  "Nipigon",
  "Rankin_Inlet",
  "Regina",
  "Resolute",
  "St_Johns",
  "Swift_Current",
  "Thunder_Bay",
  "Toronto",
  "Vancouver",
  "Whitehorse",
  "Winnipeg",
  "Yellowknife",
];
const brazilianCities = [
  "Araguaina",
  "Bahia",
  "Belem",
  "Boa_Vista",
  "Campo_Grande",
  "Cuiaba",
  "Eirunepe",
  "Fortaleza",
  "Maceio",
  "Manaus",
  "Noronha",
  "Porto_Velho",
  "Recife",
  "Rio_Branco",
  "Santarem",
  "Sao_Paulo",
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

/** The currency of `timezone`'s country among the session currencies, or null. */
export function currencyOfZone(timezone: string | null): SessionCurrency | null {
  if (!timezone) return null;
  if (timezone.startsWith("Australia/")) return "AUD";
  return zoneCurrency.get(timezone) ?? null;
}

const euroRegions = [
  "AD",
  "AT",
  "BE",
  "BG",
  "CY",
  "DE",
  "EE",
  "ES",
  "FI",
  "FR",
  "GR",
  "HR",
  "IE",
  "IT",
  "LT",
  "LU",
  "LV",
  "MC",
  "ME",
  "MT",
  "NL",
  "PT",
  "SI",
  "SK",
  "SM",
  "VA",
  "XK",
];
const regionCurrency = new Map<string, SessionCurrency>([
  ...euroRegions.map((region) => [region, "EUR"] as const),
  ["US", "USD"],
  ["GB", "GBP"],
  ["JP", "JPY"],
  ["IN", "INR"],
  ["AU", "AUD"],
  ["CA", "CAD"],
  ["BR", "BRL"],
  ["CH", "CHF"],
  ["LI", "CHF"],
  ["SG", "SGD"],
]);

/** The currency of the region of the first language in an Accept-Language header that names one ("en-GB" → GBP). */
export function currencyOfLanguages(acceptLanguage: string | null): SessionCurrency | null {
  for (const part of (acceptLanguage ?? "").split(",").slice(0, 10)) {
    const tag = part.split(";")[0]!.trim();
    let region: string | undefined;
    try {
      region = new Intl.Locale(tag).region;
    } catch {
      continue;
    }
    if (region) return regionCurrency.get(region.toUpperCase()) ?? null;
  }
  return null;
}
