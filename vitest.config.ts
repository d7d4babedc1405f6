import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    include: ["**/*.test.{ts,tsx}"],
    exclude: ["node_modules/**", "build/**", "build-*/**", "e2e/**", "**/*.smoke.test.ts", ".wrangler/**"],
    setupFiles: ["tests/setup/console.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
