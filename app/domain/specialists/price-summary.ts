import { formatApproximate } from "../fx/convert";
import { formatMoney } from "../../lib/money";
import type { ListedPrice, SpecialistPrices } from "./search.server";

function sameAmount(a: ListedPrice, b: ListedPrice) {
  return a.amountMinor === b.amountMinor && a.currency === b.currency;
}

/**
 * A specialist's prices for a directory card: "¥1,500–¥4,000 (≈ $12–$31) · free intro call",
 * "€10 (≈ $13)", "$75", "Free". The estimate appears only beside prices in another currency.
 */
export function describePrices(prices: SpecialistPrices, viewerCurrency: string): string | null {
  const { paid, free } = prices;
  if (!paid) return free ? "Free" : null;
  const { min, max } = paid;
  const own = sameAmount(min, max)
    ? formatMoney(min.amountMinor, min.currency)
    : `${formatMoney(min.amountMinor, min.currency)}–${formatMoney(max.amountMinor, max.currency)}`;
  const foreign = min.currency !== viewerCurrency || max.currency !== viewerCurrency;
  const estimate =
    foreign && min.viewerMinor !== null && max.viewerMinor !== null
      ? ` (${formatApproximate(min.viewerMinor, viewerCurrency, max.viewerMinor)})`
      : "";
  return `${own}${estimate}${free ? " · free intro call" : ""}`;
}
