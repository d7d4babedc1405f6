// The ECB's daily reference rates (eurofxref-daily.xml): a gesmes:Envelope whose Cube holds one
// <Cube time='YYYY-MM-DD'> of <Cube currency='USD' rate='1.0705'/> entries, units per euro.
// Read with patterns rather than an XML parser: workerd has no DOMParser, and the format is fixed.

export interface ReferenceRates {
  asOf: string;
  /** Units of each currency per euro; EUR itself is 1. */
  rates: Record<string, number>;
}

const attribute = (tag: string, name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`).exec(tag)?.[1];

/** The rates in an ECB daily feed, or null when the document isn't one (an error page, a truncated body). */
export function parseEcbDailyRates(xml: string): ReferenceRates | null {
  if (!/<(?:\w+:)?Envelope\b/.test(xml)) return null;
  const dayTag = /<Cube\b[^>]*\btime\s*=\s*["'][^"']*["'][^>]*>/.exec(xml)?.[0];
  const asOf = dayTag ? attribute(dayTag, "time") : undefined;
  if (!asOf || !/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))) return null;
  const rates: Record<string, number> = { EUR: 1 };
  for (const [tag] of xml.matchAll(/<Cube\b[^>]*\bcurrency\s*=[^>]*>/g)) {
    const currency = attribute(tag, "currency");
    const rate = Number(attribute(tag, "rate"));
    if (currency && /^[A-Z]{3}$/.test(currency) && Number.isFinite(rate) && rate > 0) rates[currency] = rate;
  }
  return Object.keys(rates).length > 1 ? { asOf, rates } : null;
}
