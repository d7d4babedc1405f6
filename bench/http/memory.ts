/**
 * Memory under sustained load: `npx tsx bench/http/memory.ts [--minutes 10] [--connections 16]`.
 *
 * The production Node server on a fresh libSQL file with the demo data (bench/lib/server) takes
 * mixed load for --minutes: home, directory, every profile the directory lists, a booking page and
 * the bare 404, cycled over keep-alive connections (autocannon). The server's RSS is read from its
 * pid every 10 s. Goal: the RSS at the end within 20 % of the RSS after the first minute (for runs
 * shorter than 2 minutes, of the RSS halfway through, so a short run still says something).
 */
import { parseArgs } from "node:util";
import { load } from "../lib/load";
import { residentBytes, startBenchServer } from "../lib/server";
import { goalRow, infoRow, printRows } from "../lib/table";

const { values: args } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    connections: { type: "string", default: "16" },
  },
});
const minutes = Number(args.minutes);
const connections = Number(args.connections);
const sampleEveryMs = 10_000;
const bench = "http/memory";
if (!(minutes > 0)) throw new Error("--minutes must be a positive number");

const server = await startBenchServer();
try {
  const { pages } = server;
  const paths = [pages.home, pages.directory, ...server.profiles, pages.booking, pages.bare];
  const samples: { atMs: number; bytes: number }[] = [{ atMs: 0, bytes: await residentBytes(server.pid) }];
  const started = performance.now();
  const sampler = setInterval(() => {
    const atMs = performance.now() - started;
    residentBytes(server.pid).then(
      (bytes) => samples.push({ atMs, bytes }),
      (error: unknown) => console.error("Could not read the server's RSS:", error),
    );
  }, sampleEveryMs);
  const result = await load(server.url, paths, { connections, seconds: Math.round(minutes * 60), accept: ["2xx", "4xx"] }).finally(() =>
    clearInterval(sampler),
  );
  samples.push({ atMs: performance.now() - started, bytes: await residentBytes(server.pid) });

  const baselineMs = minutes >= 2 ? 60_000 : (minutes * 60_000) / 2;
  const baseline = samples.find((sample) => sample.atMs >= baselineMs - sampleEveryMs / 2) ?? samples[0]!;
  const end = samples.at(-1)!;
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
  const at = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;
  // The curve, one point a minute (or each sample for short runs), then its extremes.
  const step = Math.max(1, Math.round(60_000 / sampleEveryMs));
  const curve = samples.filter((_, index) => index % step === 0 || index === samples.length - 1);
  const peak = samples.reduce((high, sample) => (sample.bytes > high.bytes ? sample : high));
  printRows(`Server RSS under ${minutes} min of mixed load, ${connections} connections, ${paths.length} pages`, [
    infoRow(
      bench,
      "requests answered",
      `${result.requests.toLocaleString("en")} (${Math.round(result.requests / result.seconds)}/s), ${result.failures} failed${result.failures > 0 ? ` (${result.failureKinds})` : ""}`,
    ),
    infoRow(bench, "RSS curve", curve.map((sample) => `${at(sample.atMs)} ${mib(sample.bytes)}`).join(", ")),
    infoRow(bench, "RSS peak", `${mib(peak.bytes)} at ${at(peak.atMs)}`),
    goalRow(
      bench,
      `RSS at ${at(end.atMs)} / RSS at ${at(baseline.atMs)} (${mib(end.bytes)} / ${mib(baseline.bytes)})`,
      end.bytes / baseline.bytes,
      { atMost: 1.2 },
      (value) => `${value.toFixed(2)}×`,
    ),
  ]);
} finally {
  await server.stop();
}
