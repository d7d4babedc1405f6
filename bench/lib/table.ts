/**
 * The one table format every benchmark prints: what was measured, the figure, the goal beside it
 * and whether it was met. `bench/run.ts` collects the rows of every benchmark it runs (through the
 * file named by BENCH_RESULTS, one JSON row per line) and prints them again as its summary.
 */
import { appendFileSync } from "node:fs";

export interface BenchRow {
  /** The benchmark that printed the row, e.g. "http/throughput". */
  bench: string;
  what: string;
  figure: string;
  /** "—" when the figure is informative only. */
  goal: string;
  /** null when there is no goal to meet. */
  met: boolean | null;
}

export type Goal = { atMost: number } | { atLeast: number };

export const resultsFileVariable = "BENCH_RESULTS";

export function meets(value: number, goal: Goal): boolean {
  if (!Number.isFinite(value)) return false;
  return "atMost" in goal ? value <= goal.atMost : value >= goal.atLeast;
}

/** A row with a goal: `format` writes both the figure and the limit, so they read alike. */
export function goalRow(bench: string, what: string, value: number, goal: Goal, format: (value: number) => string): BenchRow {
  const goalText = "atMost" in goal ? `≤ ${format(goal.atMost)}` : `≥ ${format(goal.atLeast)}`;
  return { bench, what, figure: format(value), goal: goalText, met: meets(value, goal) };
}

export function infoRow(bench: string, what: string, figure: string): BenchRow {
  return { bench, what, figure, goal: "—", met: null };
}

export function metLabel(met: boolean | null): string {
  return met === null ? "—" : met ? "met" : "NOT met";
}

/** Rows as a plain-text table (columns padded, no colours), with the bench column when asked. */
export function formatTable(rows: BenchRow[], options: { withBench?: boolean } = {}): string {
  const header = [...(options.withBench ? ["bench"] : []), "what", "figure", "goal", "met"];
  const cells = rows.map((row) => [...(options.withBench ? [row.bench] : []), row.what, row.figure, row.goal, metLabel(row.met)]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]!.length)));
  const line = (values: string[]) => `| ${values.map((value, column) => value.padEnd(widths[column]!)).join(" | ")} |`;
  const rule = `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`;
  return [line(header), rule, ...cells.map(line)].join("\n");
}

/** Prints the rows under a title and hands them to the runner when one is listening. */
export function printRows(title: string, rows: BenchRow[]): void {
  console.log(`\n${title}\n${formatTable(rows)}`);
  const resultsFile = process.env[resultsFileVariable];
  if (resultsFile) appendFileSync(resultsFile, rows.map((row) => `${JSON.stringify(row)}\n`).join(""));
}

export function readRows(text: string): BenchRow[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as BenchRow);
}
