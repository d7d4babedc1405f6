import { describe, expect, test } from "vitest";
import { consoleErrors, expectConsoleError } from "./console";

describe("errors logged during a test", () => {
  test("an unexpected one fails the test, quoting it", () => {
    console.error("Refund %s failed", "r1");
    expect(() => consoleErrors.check()).toThrow(/console\.error was called during the test[\s\S]*Refund r1 failed/);
  });

  test("an expected one passes, and an expected one that never comes fails", () => {
    expectConsoleError(/could not start/);
    console.error("Checkout for booking b1 could not start");
    expect(() => consoleErrors.check()).not.toThrow();

    expectConsoleError(/could not start/);
    expect(() => consoleErrors.check()).toThrow(/Expected console\.error matching \/could not start\/, but none was logged/);
  });
});
