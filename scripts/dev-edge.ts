// `npm run dev:edge`: the Worker in workerd (wrangler dev) against the local libSQL server,
// on the same demo database file as `npm start`.
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { openDatabase } from "../db/client";
import { applyMigrations } from "../db/migrations";
import { seedIfEmpty } from "../app/demo/seed.server";
import { projectRoot } from "./processes";
import { startEdgeStack } from "./edge-stack";
import { createScryptPasswordHasher } from "../platform/scrypt-password-hasher";

const file = resolve(process.env.DATABASE_FILE ?? "./data/specialistly.db");
const port = Number(process.env.PORT ?? 8787);
const databasePort = Number(process.env.DB_SERVER_PORT ?? 8080);
for (const [name, value] of [
  ["PORT", port],
  ["DB_SERVER_PORT", databasePort],
] as const) {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    console.error(`Invalid configuration: ${name} expected an integer port between 1 and 65535`);
    process.exit(1);
  }
}

console.log("Building the app…");
execFileSync(process.execPath, [join(projectRoot, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
  cwd: projectRoot,
  stdio: "inherit",
});

const local = openDatabase({ url: pathToFileURL(file).href });
await applyMigrations(local.db);
if (await seedIfEmpty(local.db, { passwords: createScryptPasswordHasher() })) console.log("Seeded demo data.");
local.close();

const stack = await startEdgeStack({ file, port, databasePort, stateDir: join(projectRoot, ".wrangler/dev-edge") });
stack.worker.child.stdout?.pipe(process.stdout);
stack.worker.child.stderr?.pipe(process.stderr);
console.log(`Worker (workerd): ${stack.url}  ·  libSQL server: ${stack.database.url} → ${file}`);
console.log(`Run the cron handler: ${stack.url}/__scheduled?cron=*+*+*+*+*`);

const shutdown = () => void stack.stop().then(() => process.exit(0));
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
