// Set-up written straight into the e2e server's database (fixtures for journeys that need history
// the UI can't make quickly, such as a session that already took place).
import { eq } from "drizzle-orm";
import { openDatabase } from "../db/client";
import type { Database } from "../db/database";
import { credentials, users } from "../db/schema";

const databaseUrl = "file:./.cache/e2e/specialistly.db";

export interface E2eSetup {
  db: Database;
  /** Unique per call, for emails and ids that must not collide across runs and workers. */
  suffix: string;
  /** Lets these users sign in with the demo password (their credentials copy the demo customer's hash). */
  signInWithDemoPassword: (userIds: string[]) => Promise<void>;
}

/** Opens the e2e database, runs `build` against it, and closes it again. */
export async function onE2eDatabase<T>(build: (setup: E2eSetup) => Promise<T>): Promise<T> {
  const handle = openDatabase({ url: databaseUrl });
  try {
    const { db } = handle;
    const [demo] = await db
      .select({ passwordHash: credentials.passwordHash })
      .from(credentials)
      .innerJoin(users, eq(users.id, credentials.userId))
      .where(eq(users.email, "customer@demo.specialistly.test"));
    if (!demo) throw new Error("The e2e database has no demo customer");
    return await build({
      db,
      suffix: `${Date.now()}-${process.pid}`,
      signInWithDemoPassword: async (userIds) => {
        await db.insert(credentials).values(userIds.map((userId) => ({ userId, passwordHash: demo.passwordHash, updatedAt: new Date() })));
      },
    });
  } finally {
    handle.close();
  }
}
