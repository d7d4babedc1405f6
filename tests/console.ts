import { format } from "node:util";

interface Expectation {
  pattern: RegExp;
  seen: number;
}

let logged: string[] = [];
let expected: Expectation[] = [];

/** The console.error calls of the running test (tests/setup/console.ts installs the recorder). */
export const consoleErrors = {
  reset() {
    logged = [];
    expected = [];
  },
  record(args: unknown[]) {
    const message = format(...args);
    const expectation = expected.find(({ pattern }) => pattern.test(message));
    if (expectation) expectation.seen += 1;
    else logged.push(message);
  },
  check() {
    const unexpected = logged;
    const missing = expected.filter(({ seen }) => seen === 0).map(({ pattern }) => String(pattern));
    consoleErrors.reset();
    if (unexpected.length > 0) {
      throw new Error(
        `console.error was called during the test (use expectConsoleError if the test means it):\n${unexpected.join("\n---\n")}`,
      );
    }
    if (missing.length > 0) throw new Error(`Expected console.error matching ${missing.join(", ")}, but none was logged`);
  },
};

/** This test means to log an error matching `pattern` (at least once); it fails if none is logged. */
export function expectConsoleError(pattern: RegExp) {
  expected.push({ pattern, seen: 0 });
}
