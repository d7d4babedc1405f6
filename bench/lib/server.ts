import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { freePort, startNodeServerProcess } from "../../scripts/processes";
import { ensureBuild } from "./build";

export interface BenchServer {
  url: string;
  /** The server's own process (RSS is read from it). */
  pid: number;
  pages: BenchPages;
  /** Every profile the directory's first page links to, for mixed load. */
  profiles: string[];
  stop(): Promise<void>;
}

/** The pages the HTTP benchmarks load, found by following the demo data's own links. */
export interface BenchPages {
  /**
   * The bare Remix page: an unknown URL, which the catch-all route ($.tsx) answers with a loader
   * that only throws a 404, rendered inside the root layout, with no database read (nobody is
   * signed in, so the root loader reads no session).
   */
  bare: string;
  home: string;
  directory: string;
  profile: string;
  booking: string;
}

/** The first group of each match of `pattern` in the page at `url`, without repeats. */
async function linksIn(url: string, pattern: RegExp): Promise<string[]> {
  const response = await fetch(url);
  const html = await response.text();
  const found = [...new Set([...html.matchAll(pattern)].map((match) => match[1]!))];
  if (!response.ok || found.length === 0) throw new Error(`${url} answered ${response.status} without a link matching ${pattern}`);
  return found;
}

/**
 * The production Node server (`server.ts` as `npm run serve` runs it, NODE_ENV=production) on a
 * fresh libSQL file in a temp folder, seeded with the demo data.
 */
export async function startBenchServer(): Promise<BenchServer> {
  ensureBuild("node");
  const dir = mkdtempSync(join(tmpdir(), "specialistly-bench-http-"));
  const port = await freePort();
  const server = startNodeServerProcess({
    PORT: String(port),
    DATABASE_URL: pathToFileURL(join(dir, "bench.db")).href,
    SEED_DEMO_DATA: "true",
  });
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [, url] = await server.waitForOutput(/running at (http:\/\/\S+)/, 180_000);
    const slugs = await linksIn(`${url}/specialists`, /href="\/s\/([a-z0-9-]+)"/g);
    const slug = slugs[0]!;
    const [sessionTypeId] = await linksIn(`${url}/s/${slug}`, new RegExp(`href="/s/${slug}/book/([^"?/]+)`, "g"));
    return {
      url: url!,
      pid: server.child.pid!,
      pages: {
        bare: "/bench/bare-page",
        home: "/",
        directory: "/specialists",
        profile: `/s/${slug}`,
        booking: `/s/${slug}/book/${sessionTypeId}`,
      },
      profiles: slugs.map((each) => `/s/${each}`),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resident set size of a process in bytes (`ps`, so it works wherever the server runs). */
export async function residentBytes(pid: number): Promise<number> {
  const { stdout } = await promisify(execFile)("ps", ["-o", "rss=", "-p", String(pid)]);
  return Number(stdout.trim()) * 1024;
}
