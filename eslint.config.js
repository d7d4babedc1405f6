import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "build-*/", "node_modules/", ".cache/", ".wrangler/", "test-results/", "playwright-report/", "migrations/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // esbuild (wrangler) keeps every zod locale in the Worker for `import { z }`, which
      // re-exports a namespace; `import * as z` lets it drop the unused ones (~370 KB).
      "no-restricted-syntax": [
        "error",
        {
          selector: "ImportDeclaration[source.value='zod'] > :matches(ImportSpecifier[imported.name='z'], ImportDefaultSpecifier)",
          message: "Use `import * as z from \"zod\"`: it keeps zod's locales out of the Worker bundle.",
        },
      ],
    },
  },
  {
    // Runtime folders are leaves (ADR 0014): only the entries (server.ts, workers/app.ts and the
    // runtime folders themselves) import server/, workers/ or platform/; code shared by both
    // runtimes gets its adapters through the load context. Tests may use the Node adapters.
    files: ["app/**/*.{ts,tsx}", "jobs/**/*.ts", "db/**/*.ts", "load-context.ts", "request-handler.ts"],
    ignores: ["**/*.test.{ts,tsx}", "**/*.test-support.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "(^|/)(server|workers|platform)/", message: "Only the runtime entries import server/, workers/ or platform/ (ADR 0014)." }] },
      ],
    },
  },
  {
    // db/ sits below app/ (ADR 0014, 0015): the schema, client and migrations know nothing of the
    // app's domain; what builds on both (the demo seed) lives in app/. This block repeats the
    // runtime rule above, as a later block's options replace an earlier one's.
    files: ["db/**/*.ts"],
    ignores: ["**/*.test.ts", "**/*.test-support.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "(^|/)(server|workers|platform)/", message: "Only the runtime entries import server/, workers/ or platform/ (ADR 0014)." },
            { regex: "(^|/)app/|^~/", message: "Nothing under db/ imports app/ (ADR 0014, 0015)." },
          ],
        },
      ],
    },
  },
  {
    // Tests under db/ may use the Node adapters, but not the app either.
    files: ["db/**/*.test.ts", "db/**/*.test-support.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: "(^|/)app/|^~/", message: "Nothing under db/ imports app/ (ADR 0014, 0015)." }] }],
    },
  },
  {
    // Jobs run in both runtimes, like app/.
    files: ["jobs/**/*.ts", "load-context.ts", "request-handler.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "(^|/)(server|workers|platform)/", message: "Only the runtime entries import server/, workers/ or platform/ (ADR 0014)." },
            { group: ["node:*", "cloudflare:*"], message: "Code both runtimes run must not import a runtime; use the load context." },
          ],
        },
      ],
    },
  },
  {
    // app/ runs on Node and Workers alike: platform access comes through the load context.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.test.{ts,tsx}", "app/**/*.test-support.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*", "cloudflare:*"], message: "app/ must not import a runtime; use the load context." },
            { regex: "(^|/)(server|workers|platform)/", message: "Only the runtime entries import server/, workers/ or platform/ (ADR 0014)." },
          ],
        },
      ],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "app/ gets configuration from context.env." },
      ],
    },
  },
);
