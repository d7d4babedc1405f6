import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config";

// The edge smoke test: the Worker build under `wrangler dev`, against db/dev-server.ts.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ["**/*.smoke.test.ts"],
      exclude: ["node_modules/**", "build/**", ".wrangler/**"],
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  }),
);
