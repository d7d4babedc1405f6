import autocannon from "autocannon";

export interface LoadResult {
  requests: number;
  seconds: number;
  /** Answers of a status class not accepted, connection errors and timeouts. */
  failures: number;
  /** What the failures were, e.g. "3 5xx, 2 timeouts"; "" when none. */
  failureKinds: string;
  /** Mean response body and headers size. */
  bytesPerRequest: number;
}

const statusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"] as const;
type StatusClass = (typeof statusClasses)[number];

/**
 * `connections` keep-alive connections, each sending one request after another for `seconds`
 * (autocannon), cycling through `paths`. `accept` lists the status classes that count as answered
 * (the bare page is a 404).
 */
export async function load(
  url: string,
  paths: string[],
  options: { connections: number; seconds: number; accept?: StatusClass[] },
): Promise<LoadResult> {
  const accept = options.accept ?? ["2xx"];
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    requests: paths.map((path) => ({ method: "GET", path })),
  });
  const kinds = [
    ...statusClasses.filter((status) => !accept.includes(status)).map((status) => [status, result[status]] as const),
    ["timeouts", result.timeouts] as const,
    ["errors", result.errors] as const,
  ].filter(([, count]) => count > 0);
  return {
    requests: result.requests.total,
    seconds: result.duration,
    failures: kinds.reduce((sum, [, count]) => sum + count, 0),
    failureKinds: kinds.map(([kind, count]) => `${count} ${kind}`).join(", "),
    bytesPerRequest: result.requests.total > 0 ? result.throughput.total / result.requests.total : 0,
  };
}

/** Response times in ms of one request after another over one keep-alive connection (fetch's pool). */
export async function timeSequential(url: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    times.push(performance.now() - started);
  }
  return times;
}

export function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}
