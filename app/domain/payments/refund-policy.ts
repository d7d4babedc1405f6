// Who gets how much back when a paid booking is cancelled (DESIGN.md §5). Pure: no I/O.

export type RefundActor = "customer" | "specialist" | "system";
export type RefundRule =
  "full-before-deadline" | "partial-after-deadline" | "none-after-deadline" | "full-specialist-cancelled" | "full-system";

export interface RefundPolicyInput {
  priceMinor: number;
  startsAt: Date;
  now: Date;
  actor: RefundActor;
  /** Cancelling later than this many hours before the start is "late". */
  cancellationDeadlineHours: number;
  /** What a late customer cancellation gets back, in percent (0–100). */
  lateCancellationRefundPercent: number;
}

const hourMs = 60 * 60 * 1000;

/**
 * The refund for a cancellation: the specialist or the system cancelling refunds in full; the
 * customer gets everything back up to the deadline (inclusive), and the late percentage after it,
 * in whole minor units rounded down.
 */
export function refundAmountFor(input: RefundPolicyInput): { amountMinor: number; rule: RefundRule } {
  const { priceMinor } = input;
  if (input.actor === "specialist") return { amountMinor: priceMinor, rule: "full-specialist-cancelled" };
  if (input.actor === "system") return { amountMinor: priceMinor, rule: "full-system" };
  const deadline = input.startsAt.getTime() - input.cancellationDeadlineHours * hourMs;
  if (input.now.getTime() <= deadline) return { amountMinor: priceMinor, rule: "full-before-deadline" };
  const percent = Math.min(100, Math.max(0, input.lateCancellationRefundPercent));
  // price × percent can't leave the safe-integer range for any real price; integers only.
  const amountMinor = Math.floor((priceMinor * percent) / 100);
  return amountMinor > 0 ? { amountMinor, rule: "partial-after-deadline" } : { amountMinor: 0, rule: "none-after-deadline" };
}
