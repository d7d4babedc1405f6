import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The edge smoke test: the Worker build under `wrangler dev`, against tools/libsql-dev-server.
export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    include: ["**/*.smoke.test.ts"],
    exclude: ["node_modules/**", "build/**", ".wrangler/**"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
