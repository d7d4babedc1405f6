import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatTable, goalRow, infoRow, printRows, readRows, resultsFileVariable } from "./table";

const ms = (value: number) => `${value.toFixed(1)} ms`;

describe("benchmark tables", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("puts the goal beside each figure and says whether it was met", () => {
    const rows = [
      goalRow("http/throughput", "profile p95, 1 connection", 31.24, { atMost: 25 }, ms),
      goalRow("http/throughput", "home vs bare page", 0.42, { atLeast: 0.3 }, (value) => `${value.toFixed(2)}×`),
      infoRow("http/throughput", "bare page", "2,100 req/s"),
    ];
    const lines = formatTable(rows).split("\n");

    expect(lines[0]).toMatch(/^\| what +\| figure +\| goal +\| met +\|$/);
    expect(lines[2]).toMatch(/\| profile p95, 1 connection \| 31\.2 ms +\| ≤ 25\.0 ms \| NOT met \|/);
    expect(lines[3]).toMatch(/\| home vs bare page +\| 0\.42× +\| ≥ 0\.30× +\| met +\|/);
    expect(lines[4]).toMatch(/\| bare page +\| 2,100 req\/s \| — +\| — +\|/);
    // Every line of a table is as wide as its header.
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });

  it("never counts a missing figure as met", () => {
    expect(goalRow("b", "p95", Number.NaN, { atMost: 25 }, ms).met).toBe(false);
    expect(goalRow("b", "ratio", Number.POSITIVE_INFINITY, { atLeast: 0.5 }, String).met).toBe(false);
  });

  it("hands printed rows to the runner, which reads them back for its summary", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-table-"));
    try {
      const file = join(dir, "rows.jsonl");
      vi.stubEnv(resultsFileVariable, file);
      vi.spyOn(console, "log").mockImplementation(() => {});
      const first = [goalRow("edge/bundle-size", "Worker, gzipped", 900, { atMost: 1024 }, (kib) => `${kib} KiB`)];
      const second = [infoRow("slots/engine", "Europe/Berlin warm median", "0.1 ms")];
      printRows("Worker bundle", first);
      printRows("Slot engine", second);

      const rows = readRows(readFileSync(file, "utf8"));
      expect(rows).toEqual([...first, ...second]);
      expect(formatTable(rows, { withBench: true })).toContain("| edge/bundle-size | Worker, gzipped");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
