import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { apiTokens, type ApiTokenScope } from "../../../db/schema";
import { generateSecretToken, parseSecretToken } from "../auth/secret-token";

/** Personal tokens start with a fixed prefix, so secret scanners and people can tell them apart. */
export const personalTokenPrefix = "spl_";
export const maxPersonalTokensPerUser = 20;

export function parsePersonalToken(value: string) {
  return value.startsWith(personalTokenPrefix) ? parseSecretToken(value.slice(personalTokenPrefix.length)) : null;
}

export type CreatePersonalTokenResult = { ok: true; token: string; id: string } | { ok: false; message: string };

/** The token itself is returned once, here; only a hash of its secret is kept. */
export async function createPersonalToken(
  db: Database,
  userId: string,
  input: { name: string; scope: ApiTokenScope },
  now: Date,
): Promise<CreatePersonalTokenResult> {
  const existing = await db.$count(apiTokens, eq(apiTokens.userId, userId));
  if (existing >= maxPersonalTokensPerUser) {
    return { ok: false, message: `You can have at most ${maxPersonalTokensPerUser} tokens. Revoke one you no longer use first.` };
  }
  const { id, token, secretHash } = generateSecretToken();
  await db.insert(apiTokens).values({ id, userId, name: input.name, scope: input.scope, secretHash, createdAt: now });
  return { ok: true, token: `${personalTokenPrefix}${token}`, id };
}

export function listPersonalTokens(db: Database, userId: string) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scope: apiTokens.scope,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

/** Whether a token of this user was revoked (false when it doesn't exist or belongs to someone else). */
export async function revokePersonalToken(db: Database, userId: string, tokenId: string): Promise<boolean> {
  const deleted = await db
    .delete(apiTokens)
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId)))
    .returning({ id: apiTokens.id });
  return deleted.length > 0;
}
