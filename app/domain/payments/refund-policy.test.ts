import { describe, expect, test } from "vitest";
import { refundAmountFor, type RefundPolicyInput } from "./refund-policy";

const startsAt = new Date("2026-06-10T12:00:00Z");
const hoursBefore = (hours: number) => new Date(startsAt.getTime() - hours * 3_600_000);
const base: RefundPolicyInput = {
  priceMinor: 10_001,
  startsAt,
  now: hoursBefore(48),
  actor: "customer",
  cancellationDeadlineHours: 24,
  lateCancellationRefundPercent: 50,
};

describe("refundAmountFor", () => {
  test.each<[string, Partial<RefundPolicyInput>, number, string]>([
    ["customer well before the deadline", {}, 10_001, "full-before-deadline"],
    ["customer exactly at the deadline", { now: hoursBefore(24) }, 10_001, "full-before-deadline"],
    [
      "customer a minute after the deadline: half, rounded down",
      { now: new Date(hoursBefore(24).getTime() + 60_000) },
      5_000,
      "partial-after-deadline",
    ],
    ["customer late with 0 %", { now: hoursBefore(1), lateCancellationRefundPercent: 0 }, 0, "none-after-deadline"],
    ["customer late with 100 %", { now: hoursBefore(1), lateCancellationRefundPercent: 100 }, 10_001, "partial-after-deadline"],
    [
      "customer late, 1 % of a tiny price rounds to nothing",
      { priceMinor: 99, now: hoursBefore(1), lateCancellationRefundPercent: 1 },
      0,
      "none-after-deadline",
    ],
    ["customer after the start", { now: new Date(startsAt.getTime() + 1) }, 5_000, "partial-after-deadline"],
    [
      "deadline 0 h: full until the start",
      { cancellationDeadlineHours: 0, now: new Date(startsAt.getTime() - 1) },
      10_001,
      "full-before-deadline",
    ],
    [
      "specialist, even late",
      { actor: "specialist", now: hoursBefore(1), lateCancellationRefundPercent: 0 },
      10_001,
      "full-specialist-cancelled",
    ],
    ["system, even late", { actor: "system", now: hoursBefore(1), lateCancellationRefundPercent: 0 }, 10_001, "full-system"],
    ["free session", { priceMinor: 0 }, 0, "full-before-deadline"],
  ])("%s", (_, overrides, amountMinor, rule) => {
    expect(refundAmountFor({ ...base, ...overrides })).toEqual({ amountMinor, rule });
  });
});
