import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { feeRefundFor } from "./refunds.server";

describe("the platform fee given back with refunds", () => {
  const payment = fc
    .integer({ min: 1, max: 10_000_000_000 })
    .chain((amountMinor) => fc.record({ amountMinor: fc.constant(amountMinor), feeMinor: fc.integer({ min: 0, max: amountMinor }) }));

  it("never gives back more than the fee, and refunding everything in any parts gives back all of it", () => {
    fc.assert(
      fc.property(payment, fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }), (paid, weights) => {
        const total = weights.reduce((sum, weight) => sum + weight, 0);
        // Split the whole amount into parts proportional to the weights; the last part takes the rest.
        let refunded = 0;
        let feeBack = 0;
        weights.forEach((weight, index) => {
          const part = index === weights.length - 1 ? paid.amountMinor - refunded : Math.floor((paid.amountMinor * weight) / total);
          const back = feeRefundFor(paid, refunded, part);
          expect(back).toBeGreaterThanOrEqual(0);
          feeBack += back;
          refunded += part;
          expect(feeBack).toBeLessThanOrEqual(paid.feeMinor);
        });
        expect(feeBack).toBe(paid.feeMinor);
      }),
    );
  });

  it("gives back the fee in proportion, rounded down", () => {
    expect(feeRefundFor({ amountMinor: 10_000, feeMinor: 2_000 }, 0, 5_000)).toBe(1_000);
    expect(feeRefundFor({ amountMinor: 999, feeMinor: 200 }, 0, 333)).toBe(66);
    expect(feeRefundFor({ amountMinor: 999, feeMinor: 200 }, 333, 666)).toBe(134);
  });
});
