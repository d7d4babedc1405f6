import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";

// The Worker as `npm run build:edge` writes it (the edge suite builds it first). Cloudflare caps a
// Worker at 1 MiB gzipped on its free plan; `npm run bench -- edge/` shows what weighs most.
const outdir = fileURLToPath(new URL("../build/worker/", import.meta.url));
const modules = readdirSync(outdir).filter((file) => /\.(m?js|wasm)$/.test(file));
const code = modules.map((file) => readFileSync(`${outdir}${file}`));

describe("the Worker bundle", () => {
  test("is at most 1 MiB gzipped", () => {
    const gzipped = code.reduce((sum, bytes) => sum + gzipSync(bytes).length, 0);
    expect(gzipped).toBeLessThanOrEqual(1024 * 1024);
  });

  test("carries zod's English messages only, not its ~40 other locales", () => {
    const text = code.map((bytes) => bytes.toString("utf8")).join("\n");
    expect(text).toContain("Invalid input");
    // Two of the locales whose messages minification leaves as they are (it escapes non-ASCII text).
    expect(text).not.toContain("Ongeldige invoer"); // Dutch
    expect(text).not.toContain("Input tidak valid"); // Indonesian
  });
});
