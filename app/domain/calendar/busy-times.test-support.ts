// A Google connection as the busy-time tests need it: only the row, no tokens that work.
import type { Database } from "../../../db/database";
import { connectedAccounts } from "../../../db/schema";

export async function givenGoogleConnection(db: Database, userId: string, at = new Date("2026-06-01T00:00:00Z")) {
  const [account] = await db
    .insert(connectedAccounts)
    .values({
      userId,
      provider: "google",
      externalAccountId: `google-${userId}`,
      externalEmail: "specialist@example.test",
      accessTokenEncrypted: "unused",
      refreshTokenEncrypted: "unused",
      accessTokenExpiresAt: at,
      connectedAt: at,
    })
    .returning();
  return account!;
}
