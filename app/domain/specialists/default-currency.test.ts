import { expect, test } from "vitest";
import { defaultSessionCurrency } from "./default-currency";

test("follows the currency most of the specialist's prices use", () => {
  expect(defaultSessionCurrency(["EUR", "USD", "USD"], "Europe/Paris")).toBe("USD");
  expect(defaultSessionCurrency(["GBP", "EUR"], "Asia/Tokyo")).toBe("GBP");
});

test("before any prices, the currency of the specialist's time zone", () => {
  expect(defaultSessionCurrency([], "Asia/Tokyo")).toBe("JPY");
  expect(defaultSessionCurrency([], "Europe/Berlin")).toBe("EUR");
  expect(defaultSessionCurrency([], "Europe/London")).toBe("GBP");
  expect(defaultSessionCurrency([], "Asia/Kolkata")).toBe("INR");
  expect(defaultSessionCurrency([], "Australia/Sydney")).toBe("AUD");
  expect(defaultSessionCurrency([], "America/Sao_Paulo")).toBe("BRL");
  expect(defaultSessionCurrency([], "America/Toronto")).toBe("CAD");
});

test("US dollars when nothing else tells", () => {
  expect(defaultSessionCurrency([], "America/New_York")).toBe("USD");
  expect(defaultSessionCurrency([], "Africa/Lagos")).toBe("USD");
  expect(defaultSessionCurrency([], null)).toBe("USD");
});
