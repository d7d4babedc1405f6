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
    // app/ runs on Node and Workers alike: platform access comes through the load context.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["node:*", "cloudflare:*"], message: "app/ must not import a runtime; use the load context." }] },
      ],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "app/ gets configuration from context.env." },
      ],
    },
  },
);
