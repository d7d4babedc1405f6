import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../../db/database";

/** Bulk data for benchmarks: multi-row inserts of 100 rows, 50 statements per batch (one transaction each). */
export async function insertAll<Values>(db: Database, insert: (chunk: Values[]) => BatchItem<"sqlite">, values: Values[]) {
  const statements = [];
  for (let index = 0; index < values.length; index += 100) statements.push(insert(values.slice(index, index + 100)));
  for (let index = 0; index < statements.length; index += 50) {
    const [first, ...rest] = statements.slice(index, index + 50);
    await db.batch([first!, ...rest]);
  }
}
