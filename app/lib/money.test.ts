import { afterEach, describe, expect, test, vi } from "vitest";
import { currencyDigits, formatMoney, formatPrice } from "./money";

describe("formatMoney", () => {
  test("formats minor units with the currency's own number of digits", () => {
    expect(formatMoney(12550, "USD")).toBe("$125.50");
    expect(formatMoney(8000, "JPY")).toBe("¥8,000");
    expect(formatMoney(1234, "KWD")).toBe("KWD\u00a01.234");
    expect(formatMoney(9900, "EUR", "de-DE")).toBe("99\u00a0€");
  });

  test("drops .00 for whole amounts but keeps cents otherwise", () => {
    expect(formatMoney(15000, "GBP")).toBe("£150");
    expect(formatMoney(15001, "GBP")).toBe("£150.01");
    expect(formatMoney(0, "USD")).toBe("$0");
  });

  test("is exact for any whole number of minor units", () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, "USD")).toBe("$90,071,992,547,409.91");
    expect(formatMoney(-1999, "EUR")).toBe("-€19.99");
    expect(formatMoney(5, "BHD")).toBe("BHD\u00a00.005");
  });

  test("rejects amounts that are not whole minor units", () => {
    expect(() => formatMoney(10.5, "USD")).toThrow(RangeError);
  });

  test("knows zero- and three-digit currencies", () => {
    expect(currencyDigits("JPY")).toBe(0);
    expect(currencyDigits("USD")).toBe(2);
    expect(currencyDigits("BHD")).toBe(3);
  });
});

describe("formatPrice", () => {
  test("a price of nothing is Free in every currency", () => {
    expect(formatPrice(0, "JPY")).toBe("Free");
    expect(formatPrice(0, "USD")).toBe("Free");
  });

  test("any other price is the money", () => {
    expect(formatPrice(12500, "USD")).toBe("$125");
    expect(formatPrice(1500, "JPY")).toBe("¥1,500");
  });
});

/** Counts `new Intl.NumberFormat(…)` while handing back real formatters. */
function countBuiltNumberFormat() {
  const Original = Intl.NumberFormat;
  return vi.spyOn(Intl, "NumberFormat").mockImplementation(function (...args: ConstructorParameters<typeof Original>) {
    return new Original(...args);
  });
}

describe("formatters", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test("formatting 1,000 prices builds each currency's formatter once", () => {
    const built = countBuiltNumberFormat();
    for (let index = 0; index < 1000; index++) {
      formatMoney(index * 125, "SEK");
      formatPrice(index * 7, "CHF");
    }
    // Whole and fractional amounts of two currencies.
    expect(built.mock.calls.length).toBeLessThanOrEqual(4);
  });
});
