import type { Client } from "@libsql/client";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import * as schema from "./schema";

export type Database = LibSQLDatabase<typeof schema> & { $client: Client };

/** Each runtime wraps its own libSQL client (node or web) with this config. */
export const drizzleConfig = { schema };
