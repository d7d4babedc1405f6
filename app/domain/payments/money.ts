/** An amount in minor units as the currency writes it, e.g. 12345 USD → "$123.45" (0-decimal currencies too). */
export function formatMoney(amountMinor: number, currency: string) {
  const formatter = new Intl.NumberFormat("en", { style: "currency", currency });
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(amountMinor / 10 ** digits);
}
