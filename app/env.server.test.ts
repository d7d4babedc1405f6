import { describe, expect, test } from "vitest";
import { parseAppEnv } from "./env.server";

describe("SEED_DEMO_DATA", () => {
  // The demo accounts share a password printed in the README: production gets them only when asked.
  test.each([
    [{}, true],
    [{ NODE_ENV: "development" }, true],
    [{ NODE_ENV: "test" }, true],
    [{ NODE_ENV: "production" }, false],
    [{ NODE_ENV: "production", SEED_DEMO_DATA: "" }, false],
    [{ NODE_ENV: "production", SEED_DEMO_DATA: "true" }, true],
    [{ NODE_ENV: "development", SEED_DEMO_DATA: "false" }, false],
  ])("%j seeds the demo: %s", (source, seeds) => {
    expect(parseAppEnv(source).SEED_DEMO_DATA).toBe(seeds);
  });
});
