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

export interface PersonRating {
  average: number;
  count: number;
  /** The reviews shown on the page. */
  reviews: { author: string; rating: number; body: string; published: Date }[];
}

const rating = (value: number | string) => ({ ratingValue: value, bestRating: 5, worstRating: 1 });

/** schema.org `Person` with one `Offer` per session type, and with reviews their `AggregateRating` and `Review`s. */
export function personJsonLd(person: {
  name: string;
  description: string;
  url: string;
  image: string;
  offers: PersonOffer[];
  rating?: PersonRating | null;
}) {
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
    ...(person.rating && person.rating.count > 0
      ? {
          aggregateRating: { "@type": "AggregateRating", ...rating(person.rating.average.toFixed(2)), ratingCount: person.rating.count },
          review: person.rating.reviews.map((review) => ({
            "@type": "Review",
            author: { "@type": "Person", name: review.author },
            datePublished: review.published.toISOString().slice(0, 10),
            reviewBody: review.body,
            reviewRating: { "@type": "Rating", ...rating(review.rating) },
          })),
        }
      : {}),
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
