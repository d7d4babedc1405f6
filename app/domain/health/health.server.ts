import { sql } from "drizzle-orm";
import type { Database } from "../../../db/database";

export type HealthReport = { status: "ok"; db: "ok" } | { status: "error"; db: "unreachable"; reason: string };

/** A real round trip to the database, not just a live process. */
export async function checkHealth(db: Database): Promise<HealthReport> {
  try {
    await db.get(sql`select 1`);
    return { status: "ok", db: "ok" };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const reason = cause instanceof Error ? cause.message.split("\n")[0]! : String(cause);
    return { status: "error", db: "unreachable", reason };
  }
}
