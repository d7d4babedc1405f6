/**
 * The Worker's size as Cloudflare counts it: `npx tsx bench/edge/bundle-size.ts`. Bundles the
 * Worker as `npm run build:edge` does (wrangler's dry run, same wrangler.toml) into a temp folder
 * with esbuild's metafile, then prints the gzipped size of its modules (source maps are not
 * counted: Cloudflare stores them apart) beside the 1 MiB goal, and the packages that weigh most.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ensureBuild, projectRoot } from "../lib/build";
import { goalRow, infoRow, printRows } from "../lib/table";

const bench = "edge/bundle-size";
const goalKiB = 1024;
const heaviest = 8;

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

/** node_modules/<package> or the project folder an input comes from. */
function owner(input: string): string {
  const dependency = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  return dependency ? dependency[1]! : input.split("/").slice(0, 2).join("/");
}

ensureBuild("node");
const dir = mkdtempSync(join(tmpdir(), "specialistly-worker-"));
try {
  const metafile = join(dir, "meta.json");
  const outdir = join(dir, "worker");
  const wrangler = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir, "--metafile", metafile], {
    cwd: projectRoot,
    encoding: "utf8",
  });
  if (wrangler.status !== 0) throw new Error(`wrangler's dry run failed:\n${wrangler.stdout}\n${wrangler.stderr}`);

  const modules = readdirSync(outdir).filter((file) => /\.(m?js|wasm)$/.test(file));
  let raw = 0;
  let gzipped = 0;
  for (const file of modules) {
    const bytes = readFileSync(join(outdir, file));
    raw += bytes.length;
    gzipped += gzipSync(bytes).length;
  }

  const byOwner = new Map<string, number>();
  const meta = JSON.parse(readFileSync(metafile, "utf8")) as Metafile;
  for (const output of Object.values(meta.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      byOwner.set(owner(input), (byOwner.get(owner(input)) ?? 0) + bytesInOutput);
    }
  }
  const kib = (bytes: number) => `${(bytes / 1024).toLocaleString("en", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} KiB`;
  printRows("Worker bundle (wrangler deploy --dry-run, minified as deployed)", [
    goalRow(bench, `Worker modules gzipped (${modules.join(", ")}; ${kib(raw)} raw)`, gzipped / 1024, { atMost: goalKiB }, (value) =>
      kib(value * 1024),
    ),
    ...[...byOwner]
      .sort((a, b) => b[1] - a[1])
      .slice(0, heaviest)
      .map(([name, bytes]) => infoRow(bench, `  of which ${name} (raw)`, kib(bytes))),
  ]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
