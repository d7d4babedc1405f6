import { minorToDecimal } from "../../lib/money";

/** A price as an exact decimal string in major units: (12550, "USD") → "125.50", (8000, "JPY") → "8000". */
export function decimalPrice(amountMinor: number, currency: string): string {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0)
    throw new RangeError(`Price must be a non-negative integer, got ${amountMinor}`);
  return minorToDecimal(amountMinor, currency);
}

export interface PersonOffer {
  name: string;
  description: string;
  amountMinor: number;
  currency: string;
}

/** schema.org `Person` with one `Offer` per session type. */
export function personJsonLd(person: { name: string; description: string; url: string; image: string; offers: PersonOffer[] }) {
  return {
    "@context": "https://schema.org",
    "@type": "Person",
    name: person.name,
    description: person.description,
    url: person.url,
    image: person.image,
    makesOffer: person.offers.map((offer) => ({
      "@type": "Offer",
      name: offer.name,
      description: offer.description,
      price: decimalPrice(offer.amountMinor, offer.currency),
      priceCurrency: offer.currency,
      url: person.url,
    })),
  };
}

/**
 * JSON for an inline <script>: "<", ">" and "&" become \u escapes so no value can close the
 * element ("</script>") or open a comment, and U+2028/9 can't break older JS parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll("<", "\\u003c")
    .replaceAll(">", "\\u003e")
    .replaceAll("&", "\\u0026")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}
