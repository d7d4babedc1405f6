/**
 * Page throughput against a bare Remix page, through the production Node server:
 * `npx tsx bench/http/throughput.ts [--rounds 3] [--seconds 5] [--samples 200]`.
 *
 * The server is `server.ts` with NODE_ENV=production on a fresh libSQL file with the demo data
 * (bench/lib/server). Each round loads every page in turn at 32 keep-alive connections (autocannon)
 * for --seconds, the order rotating each round, so the noise of this shared machine falls on all
 * pages alike; a page's rate is its requests over its seconds across rounds, compared with the bare
 * page's. Then, at one connection, the pages take turns request by request for the p95.
 *
 * The bare page is the app's 404 for an unknown URL: the catch-all route renders through the
 * root layout with a loader that only throws, and, with nobody signed in, reads nothing from the
 * database. It is the least a page of this app costs, and it needs neither a route added to the
 * product nor a second build made only for the benchmark.
 */
import { parseArgs } from "node:util";
import { load, percentile } from "../lib/load";
import { startBenchServer, type BenchPages } from "../lib/server";
import { goalRow, infoRow, printRows, type BenchRow } from "../lib/table";

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    seconds: { type: "string", default: "5" },
    samples: { type: "string", default: "200" },
  },
});
const rounds = Number(args.rounds);
const seconds = Number(args.seconds);
const samples = Number(args.samples);
const connections = 32;
const bench = "http/throughput";

type Page = keyof BenchPages;
const pages: { page: Page; label: string; ratioGoal?: number; p95Goal?: number }[] = [
  { page: "bare", label: "bare page (404)" },
  { page: "home", label: "home", ratioGoal: 0.3 },
  { page: "directory", label: "directory", ratioGoal: 0.3 },
  { page: "profile", label: "profile", ratioGoal: 0.5, p95Goal: 25 },
  { page: "booking", label: "booking page", ratioGoal: 0.5, p95Goal: 25 },
];

const server = await startBenchServer();
try {
  const url = (page: Page) => `${server.url}${server.pages[page]}`;
  const accept = (page: Page) => (page === "bare" ? (["4xx"] as const) : (["2xx"] as const));
  console.log(`Pages: ${pages.map(({ page }) => server.pages[page]).join(", ")}`);

  // Warm-up: JIT, the database's page cache, the slot materialization of the first reads.
  for (const { page } of pages) await load(server.url, [server.pages[page]], { connections, seconds: 1, accept: [...accept(page)] });

  const totals = new Map<Page, { requests: number; seconds: number; failures: number; failureKinds: string[]; bytes: number }>();
  for (let round = 0; round < rounds; round += 1) {
    const order = pages.map((_, index) => pages[(index + round) % pages.length]!);
    for (const { page } of order) {
      const result = await load(server.url, [server.pages[page]], { connections, seconds, accept: [...accept(page)] });
      const total = totals.get(page) ?? { requests: 0, seconds: 0, failures: 0, failureKinds: [], bytes: 0 };
      totals.set(page, {
        requests: total.requests + result.requests,
        seconds: total.seconds + result.seconds,
        failures: total.failures + result.failures,
        failureKinds: result.failureKinds ? [...total.failureKinds, result.failureKinds] : total.failureKinds,
        bytes: result.bytesPerRequest,
      });
    }
  }
  const rate = (page: Page) => totals.get(page)!.requests / totals.get(page)!.seconds;

  const times = new Map<Page, number[]>(pages.map(({ page }) => [page, []]));
  for (let sample = 0; sample < samples; sample += 1) {
    for (const { page } of pages) {
      const started = performance.now();
      const response = await fetch(url(page));
      await response.arrayBuffer();
      times.get(page)!.push(performance.now() - started);
    }
  }

  const ratio = (value: number) => `${value.toFixed(2)}×`;
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const rows: BenchRow[] = [];
  for (const { page, label, ratioGoal, p95Goal } of pages) {
    const total = totals.get(page)!;
    const pageTimes = times.get(page)!;
    rows.push(
      infoRow(
        bench,
        `${label}: ${connections} connections, ${rounds} × ${seconds} s`,
        `${Math.round(rate(page)).toLocaleString("en")} req/s, ${(total.bytes / 1024).toFixed(1)} KiB each, ${total.failures} failed${total.failures > 0 ? ` (${total.failureKinds.join("; ")})` : ""}`,
      ),
    );
    if (ratioGoal !== undefined) {
      rows.push(
        goalRow(
          bench,
          `${label} throughput vs the bare page`,
          total.failures > 0 ? Number.NaN : rate(page) / rate("bare"),
          { atLeast: ratioGoal },
          ratio,
        ),
      );
    }
    const latency = `1 connection, ${samples} requests: p50 ${ms(percentile(pageTimes, 0.5))}`;
    rows.push(
      p95Goal === undefined
        ? infoRow(bench, `${label} p95, ${latency}`, ms(percentile(pageTimes, 0.95)))
        : goalRow(bench, `${label} p95, ${latency}`, percentile(pageTimes, 0.95), { atMost: p95Goal }, ms),
    );
  }
  printRows(`Page throughput against the bare page, production Node server (Node ${process.versions.node})`, rows);
} finally {
  await server.stop();
}
