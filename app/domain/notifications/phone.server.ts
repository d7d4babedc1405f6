// Phone numbers for text messages. The "mobile" metadata of libphonenumber-js knows each
// country's mobile ranges, so a landline (which can't receive texts) is refused too.
import {
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
} from "libphonenumber-js/mobile";

export interface CountryOption {
  code: string;
  label: string;
}

let countryOptions: CountryOption[] | undefined;

/** Every country with its calling code, by name: "Germany (+49)". */
export function phoneCountries(): CountryOption[] {
  if (!countryOptions) {
    const names = regionNames();
    countryOptions = getCountries()
      .map((code) => ({ code, label: `${names?.of(code) ?? code} (+${getCountryCallingCode(code)})` }))
      .sort((a, b) => a.label.localeCompare(b.label, "en"));
  }
  return countryOptions;
}

function regionNames() {
  try {
    return new Intl.DisplayNames(["en"], { type: "region" });
  } catch {
    return null;
  }
}

export type PhoneParse = { ok: true; e164: string; country: string | null } | { ok: false; message: string };

/**
 * A number as typed, read in `country` unless it starts with + (or 00). Answers E.164 or why not.
 */
export function parseMobileNumber(input: string, country: string | null): PhoneParse {
  const typed = input.trim().replace(/^00/, "+");
  const region = country && isSupportedCountry(country) ? country : undefined;
  if (!typed.startsWith("+") && !region) {
    return { ok: false, message: "Choose the number's country, or type it with its country code (like +44 7911 123456)." };
  }
  const parsed = parsePhoneNumberFromString(typed, region);
  if (!parsed?.isValid()) {
    const where = region && !typed.startsWith("+") ? ` in ${countryName(region)}` : "";
    return { ok: false, message: `That isn't a mobile number${where} we can text. Check the digits and the country.` };
  }
  return { ok: true, e164: parsed.number, country: parsed.country ?? null };
}

/** The country a stored E.164 number belongs to, to preselect it. */
export function countryOfNumber(e164: string | null): string | null {
  return (e164 && parsePhoneNumberFromString(e164)?.country) || null;
}

/** "+49 1512 3456789" for showing a stored number. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

function countryName(code: CountryCode) {
  return regionNames()?.of(code) ?? code;
}
