import { currencyDigits, formatMoney } from "../../lib/money";

/** Exchange rates against one reference currency, with the date they are for. */
export interface FxRates {
  asOf: string;
  /** Units of each currency per unit of the reference currency. */
  rates: ReadonlyMap<string, number>;
}

/**
 * What one minor unit of `from` is worth in minor units of `to`, or null without a rate for
 * either. Only for comparing and estimating: charges always stay in the specialist's currency.
 */
export function minorUnitFactor(rates: FxRates, from: string, to: string): number | null {
  if (from === to) return 1;
  const fromRate = rates.rates.get(from);
  const toRate = rates.rates.get(to);
  if (fromRate === undefined || toRate === undefined) return null;
  return (toRate / fromRate) * 10 ** (currencyDigits(to) - currencyDigits(from));
}

/** `amountMinor` of `from` in whole minor units of `to`, or null without rates. */
export function convertMinor(rates: FxRates, amountMinor: number, from: string, to: string): number | null {
  const factor = minorUnitFactor(rates, from, to);
  return factor === null ? null : Math.round(amountMinor * factor);
}

/** An estimate in the viewer's currency, rounded to whole units: "≈ $10", or a range "≈ $10–$25". */
export function formatApproximate(minMinor: number, currency: string, maxMinor = minMinor): string {
  const unit = 10 ** currencyDigits(currency);
  const [low, high] = [minMinor, maxMinor].map((amount) => formatMoney(Math.round(amount / unit) * unit, currency));
  return low === high ? `≈ ${low}` : `≈ ${low}–${high}`;
}
