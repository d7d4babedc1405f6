import { afterEach, beforeEach } from "vitest";
import { consoleErrors } from "../console";

// An error logged during a test is a failure nobody asserted on (as in the Epic Stack). A test that
// means to log one says so with `expectConsoleError`. Replaced by hand rather than with vi.spyOn,
// so a test's vi.restoreAllMocks() can't switch the check off.
const originalConsoleError = console.error;

beforeEach(() => {
  consoleErrors.reset();
  console.error = (...args: unknown[]) => consoleErrors.record(args);
});

afterEach(() => {
  console.error = originalConsoleError;
  consoleErrors.check();
});
