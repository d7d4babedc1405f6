import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** Set by bench/run.ts once it has built the app and the Worker, so each benchmark skips its own build. */
export const builtVariable = "BENCH_BUILT";

/**
 * Builds what a benchmark measures unless the runner already did: "node" is the Remix build the
 * Node server serves (`npm run build`), "edge" adds the Worker (`npm run build:edge`).
 */
export function ensureBuild(target: "node" | "edge"): void {
  if (process.env[builtVariable] === "1") return;
  const script = target === "edge" ? "build:edge" : "build";
  console.log(`Building (npm run ${script})…`);
  const result = spawnSync("npm", ["run", "--silent", script], { cwd: projectRoot, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) throw new Error(`npm run ${script} failed (exit ${result.status})`);
}
