import { formatMoney } from "../../lib/money";

/** The specialist's cancellation rules in plain words, for the confirm step. */
export function refundPolicyText(
  rules: { cancellationDeadlineHours: number; lateCancellationRefundPercent: number },
  price: { priceMinor: number; currency: string },
): string {
  const hours = rules.cancellationDeadlineHours;
  const deadline = hours === 0 ? "up to the start" : `up to ${hours} ${hours === 1 ? "hour" : "hours"} before the start`;
  if (price.priceMinor === 0) return `This session is free. You can cancel or move it ${deadline}.`;
  const full = `Cancel ${deadline} and you get the full ${formatMoney(price.priceMinor, price.currency)} back.`;
  if (hours === 0) return full;
  const percent = rules.lateCancellationRefundPercent;
  const late =
    percent === 0
      ? "After that, cancelling gets no refund."
      : percent === 100
        ? "After that, you still get everything back."
        : `After that, you get ${percent}% back (${formatMoney(Math.floor((price.priceMinor * percent) / 100), price.currency)}).`;
  return `${full} ${late} If the specialist cancels, you always get everything back.`;
}
