import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { refreshTokens, users } from "../../../db/schema";
import { generateSecretToken, parseSecretToken, secretMatches } from "../auth/secret-token";

/** A refresh token lasts 30 days from its issue; each use replaces it with a new one. */
export const refreshTokenLifetimeMs = 30 * 24 * 60 * 60 * 1000;

export async function issueRefreshToken(db: Database, userId: string, now: Date, familyId: string = crypto.randomUUID()) {
  const { id, token, secretHash } = generateSecretToken();
  await db.insert(refreshTokens).values({
    id,
    userId,
    familyId,
    secretHash,
    createdAt: now,
    expiresAt: new Date(now.getTime() + refreshTokenLifetimeMs),
  });
  return { refreshToken: token, familyId };
}

export type RefreshResult =
  { ok: true; userId: string; familyId: string; refreshToken: string } | { ok: false; reason: "invalid" | "expired" | "reused" };

/**
 * Uses up `token` and issues the next of its family. A token presented after it was used means a
 * copy is in someone else's hands (or a client raced itself): the whole family is revoked, so
 * neither holder can go on, and its access tokens stop working too.
 */
export async function rotateRefreshToken(db: Database, token: string, now: Date): Promise<RefreshResult> {
  const parsed = parseSecretToken(token);
  if (!parsed) return { ok: false, reason: "invalid" };
  const [row] = await db
    .select({
      id: refreshTokens.id,
      userId: refreshTokens.userId,
      familyId: refreshTokens.familyId,
      secretHash: refreshTokens.secretHash,
      expiresAt: refreshTokens.expiresAt,
      usedAt: refreshTokens.usedAt,
      revokedAt: refreshTokens.revokedAt,
      userStatus: users.status,
    })
    .from(refreshTokens)
    .innerJoin(users, eq(users.id, refreshTokens.userId))
    .where(eq(refreshTokens.id, parsed.id))
    .limit(1);
  if (!row || !secretMatches(parsed.secret, row.secretHash)) return { ok: false, reason: "invalid" };
  if (row.revokedAt || row.userStatus !== "active") return { ok: false, reason: "invalid" };
  if (row.usedAt) {
    await revokeRefreshFamily(db, row.familyId, now);
    return { ok: false, reason: "reused" };
  }
  if (row.expiresAt <= now) return { ok: false, reason: "expired" };
  // Only one use can win: a second, concurrent use of the same token finds it used and counts as reuse.
  const used = await db
    .update(refreshTokens)
    .set({ usedAt: now })
    .where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  if (used.length === 0) {
    await revokeRefreshFamily(db, row.familyId, now);
    return { ok: false, reason: "reused" };
  }
  const next = await issueRefreshToken(db, row.userId, now, row.familyId);
  return { ok: true, userId: row.userId, familyId: row.familyId, refreshToken: next.refreshToken };
}

export async function revokeRefreshFamily(db: Database, familyId: string, now: Date) {
  await db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** The family of a refresh token its holder presents (to log out with it); null when it isn't one. */
export async function refreshTokenFamily(db: Database, token: string): Promise<{ familyId: string; userId: string } | null> {
  const parsed = parseSecretToken(token);
  if (!parsed) return null;
  const [row] = await db
    .select({ familyId: refreshTokens.familyId, userId: refreshTokens.userId, secretHash: refreshTokens.secretHash })
    .from(refreshTokens)
    .where(eq(refreshTokens.id, parsed.id))
    .limit(1);
  return row && secretMatches(parsed.secret, row.secretHash) ? { familyId: row.familyId, userId: row.userId } : null;
}
