import { availableParallelism } from "node:os";
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
    // At least two forks: vitest's default (CPUs - 1) is one on a 2-core machine, where much of
    // the suite waits on child processes and sockets; two took it from about 10 to 8.5 minutes.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
