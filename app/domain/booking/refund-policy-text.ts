import { formatMoney } from "../../lib/money";
import { refundAmountFor } from "../payments/refund-policy";

/**
 * The specialist's cancellation rules in plain words, for the confirm step. With the chosen time,
 * a time already inside the deadline is described by what cancelling gets back from the moment of
 * booking on (the same policy function the cancellation itself applies).
 */
export function refundPolicyText(
  rules: { cancellationDeadlineHours: number; lateCancellationRefundPercent: number },
  price: { priceMinor: number; currency: string },
  booking?: { startsAt: Date; now: Date },
): string {
  const hours = rules.cancellationDeadlineHours;
  const hoursText = `${hours} ${hours === 1 ? "hour" : "hours"}`;
  const deadline = hours === 0 ? "up to the start" : `up to ${hoursText} before the start`;
  const late = booking ? refundAmountFor({ priceMinor: price.priceMinor, actor: "customer", ...booking, ...rules }) : null;
  const insideDeadline = late !== null && late.rule !== "full-before-deadline";
  if (price.priceMinor === 0) {
    return insideDeadline
      ? `This session is free. It starts within ${hoursText}, so you can cancel it but not move it.`
      : `This session is free. You can cancel or move it ${deadline}.`;
  }
  const specialist = "If the specialist cancels, you always get everything back.";
  if (late && insideDeadline) {
    const within = `This time starts within the ${hours}-hour cancellation deadline`;
    const outcome =
      late.amountMinor === 0
        ? "so if you cancel there's no refund."
        : late.amountMinor === price.priceMinor
          ? "but if you cancel you still get everything back."
          : `so if you cancel you get ${rules.lateCancellationRefundPercent}% back (${formatMoney(late.amountMinor, price.currency)}).`;
    return `${within}, ${outcome} ${specialist}`;
  }
  const full = `Cancel ${deadline} and you get the full ${formatMoney(price.priceMinor, price.currency)} back.`;
  if (hours === 0) return full;
  const percent = rules.lateCancellationRefundPercent;
  const after =
    percent === 0
      ? "After that, cancelling gets no refund."
      : percent === 100
        ? "After that, you still get everything back."
        : `After that, you get ${percent}% back (${formatMoney(Math.floor((price.priceMinor * percent) / 100), price.currency)}).`;
  return `${full} ${after} ${specialist}`;
}
