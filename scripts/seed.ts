// `npm run db:seed` (= `tsx scripts/seed.ts --reset`) wipes and reseeds the demo data
// (app/demo/seed.server.ts); without `--reset` it only seeds an empty database.
//
//   tsx scripts/seed.ts [--reset] [--force]
import { count } from "drizzle-orm";
import { demoAccounts, demoPassword, resetDatabase, seedDemoData, seedIfEmpty } from "../app/demo/seed.server";
import { extendAllHorizons } from "../app/domain/availability/slots.server";
import { ConfigError, parseAppEnv } from "../app/env.server";
import { openDatabase } from "../db/client";
import type { Database } from "../db/database";
import { applyMigrations } from "../db/migrations";
import { sessionTypes, specialists, users } from "../db/schema";
import { createScryptPasswordHasher } from "../platform/scrypt-password-hasher";

interface SeedSummary {
  usersByRole: Record<string, number>;
  specialists: number;
  sessionTypes: number;
  specialties: number;
  timezones: number;
  currencies: string[];
}

async function summarize(db: Database): Promise<SeedSummary> {
  const roles = await db.select({ role: users.role, n: count() }).from(users).groupBy(users.role);
  const specialistRows = await db.select({ specialties: specialists.specialties, timezone: specialists.timezone }).from(specialists);
  const typeRows = await db.select({ currency: sessionTypes.currency }).from(sessionTypes);
  return {
    usersByRole: Object.fromEntries(roles.map((r) => [r.role, r.n])),
    specialists: specialistRows.length,
    sessionTypes: typeRows.length,
    specialties: new Set(specialistRows.flatMap((s) => s.specialties)).size,
    timezones: new Set(specialistRows.map((s) => s.timezone)).size,
    currencies: [...new Set(typeRows.map((t) => t.currency))].sort(),
  };
}

function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map(
      (row) =>
        "  " +
        row
          .map((cell, column) => cell.padEnd(widths[column]!))
          .join("   ")
          .trimEnd(),
    )
    .join("\n");
}

function printSummary(summary: SeedSummary) {
  const total = Object.values(summary.usersByRole).reduce((sum, n) => sum + n, 0);
  const roles = Object.entries(summary.usersByRole)
    .map(([role, n]) => `${n} ${role}`)
    .join(", ");
  console.log(`  users: ${total}${total > 0 ? ` (${roles})` : ""}`);
  console.log(
    `  specialists: ${summary.specialists} (${summary.specialties} specialties, ${summary.timezones} time zones)` +
      ` · session types: ${summary.sessionTypes} (${summary.currencies.join(", ")})`,
  );
  console.log(`\nDemo accounts (password: ${demoPassword}):`);
  console.log(formatTable([["role", "email", "name"], ...demoAccounts.map((a) => [a.role, a.email, a.name])]));
}

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((arg) => arg !== "--reset" && arg !== "--force");
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown.join(" ")}. Usage: tsx scripts/seed.ts [--reset] [--force]`);
    return 1;
  }
  const reset = args.includes("--reset");

  let env;
  try {
    env = parseAppEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  if (reset && env.NODE_ENV === "production" && !args.includes("--force")) {
    console.error("Refusing to wipe a production database (NODE_ENV=production). Add --force if you really mean it.");
    return 1;
  }

  const handle = openDatabase({
    url: env.DATABASE_URL,
    authToken: env.DATABASE_AUTH_TOKEN,
    syncUrl: env.DATABASE_SYNC_URL,
  });
  try {
    await applyMigrations(handle.db);
    const where = env.DATABASE_URL.split("?")[0];
    const passwords = createScryptPasswordHasher();
    if (reset) {
      await resetDatabase(handle.db);
      await seedDemoData(handle.db, { passwords });
      console.log(`Reset and seeded demo data in ${where}`);
    } else if (await seedIfEmpty(handle.db, { passwords })) {
      console.log(`Seeded demo data in ${where}`);
    } else {
      console.log(`${where} already has data; left it unchanged (pass --reset to start over).`);
    }
    // Open times are a read model: materialize them now rather than waiting for the daily job.
    const slots = await extendAllHorizons({ db: handle.db, clock: { now: () => new Date() } });
    console.log(`Materialized ${slots.slots} open slots for ${slots.specialists} specialists.`);
    printSummary(await summarize(handle.db));
    return 0;
  } finally {
    handle.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
