/**
 * `npm run bench [name …]`: builds the app and the Worker once, runs each benchmark below in order
 * (each in its own process, so one's memory or event loop never skews the next), then prints every
 * row again as one summary with each goal met or not. Names filter the list: `npm run bench --
 * http/` runs the HTTP benchmarks only. A benchmark run alone (`npx tsx bench/<file>.ts`) builds
 * what it needs itself.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtVariable, ensureBuild, projectRoot } from "./lib/build";
import { formatTable, readRows, resultsFileVariable, type BenchRow } from "./lib/table";

/** Every benchmark, in the order they run: add a new one here. */
export const benchmarks = [
  "slots/engine",
  "slots/throughput",
  "notifications/reminders",
  "directory/scale",
  "http/booking-race",
  "http/round-trips",
  "http/throughput",
  "http/memory",
  "edge/bundle-size",
] as const;

const filters = process.argv.slice(2);
const selected = benchmarks.filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)));
if (selected.length === 0) {
  console.error(`No benchmark matches ${filters.join(", ")}; known: ${benchmarks.join(", ")}`);
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), "specialistly-bench-"));
const resultsFile = join(dir, "rows.jsonl");
const problems: BenchRow[] = [];
try {
  ensureBuild("edge");
  for (const name of selected) {
    const file = join(projectRoot, "bench", `${name}.ts`);
    if (!existsSync(file)) {
      console.log(`\n— ${name}: not in this checkout, skipped`);
      problems.push({ bench: name, what: "benchmark", figure: "not in this checkout", goal: "runs", met: false });
      continue;
    }
    console.log(`\n=== ${name} ===`);
    const run = spawnSync(process.execPath, ["--import", "tsx", file], {
      cwd: projectRoot,
      stdio: "inherit",
      env: { ...process.env, [resultsFileVariable]: resultsFile, [builtVariable]: "1" },
    });
    if (run.status !== 0) {
      problems.push({ bench: name, what: "benchmark", figure: `exited with ${run.status ?? run.signal}`, goal: "runs", met: false });
    }
  }
  const rows = [...(existsSync(resultsFile) ? readRows(readFileSync(resultsFile, "utf8")) : []), ...problems];
  const goals = rows.filter((row) => row.met !== null);
  const unmet = goals.filter((row) => !row.met);
  console.log(`\n=== Summary: ${goals.length - unmet.length} of ${goals.length} goals met ===`);
  console.log(formatTable(rows, { withBench: true }));
  if (unmet.length > 0) console.log(`\nNot met: ${unmet.map((row) => `${row.bench}: ${row.what}`).join("; ")}`);
  // Unmet goals are findings, not failures (figures on a shared machine are noisy); a benchmark
  // that could not run is.
  process.exitCode = problems.some((row) => row.figure.startsWith("exited")) ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
