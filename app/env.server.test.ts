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

describe("FX_RATES_URL", () => {
  test("defaults to the ECB's daily reference rates and takes any http(s) feed", () => {
    expect(parseAppEnv({}).FX_RATES_URL).toBe("https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml");
    expect(parseAppEnv({ FX_RATES_URL: "http://127.0.0.1:9000/rates.xml" }).FX_RATES_URL).toBe("http://127.0.0.1:9000/rates.xml");
  });

  test("anything else stops start-up with a message naming it", () => {
    expect(() => parseAppEnv({ FX_RATES_URL: "ftp://example.com/rates.xml" })).toThrow(/FX_RATES_URL expected an http\(s\) URL/);
    expect(() => parseAppEnv({ FX_RATES_URL: "rates" })).toThrow(/FX_RATES_URL/);
  });
});
