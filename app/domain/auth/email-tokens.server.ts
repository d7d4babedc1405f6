import { and, desc, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { verificationTokens, type VerificationPurpose } from "../../../db/schema";
import { generateSecretToken, parseSecretToken, secretMatches } from "./secret-token";

const hour = 60 * 60 * 1000;

/** How long each kind of emailed link stays valid. */
export const emailTokenLifetimesMs = {
  verify_email: 48 * hour,
  change_email: 24 * hour,
  reset_password: 1 * hour,
} as const satisfies Record<VerificationPurpose, number>;

export function describeLifetime(purpose: VerificationPurpose) {
  const hours = emailTokenLifetimesMs[purpose] / hour;
  return hours === 1 ? "1 hour" : `${hours} hours`;
}

export type EmailTokenProblem = "invalid" | "expired" | "used";

export type EmailTokenCheck =
  | { ok: true; id: string; userId: string; purpose: VerificationPurpose; email: string; expiresAt: Date }
  | { ok: false; problem: EmailTokenProblem };

/**
 * A new link of a purpose replaces the user's unused older ones, so only the latest email works.
 * `email` is the address the link was sent to (for change_email: the new address).
 */
export async function issueEmailToken(db: Database, input: { userId: string; purpose: VerificationPurpose; email: string; now: Date }) {
  const { id, token, secretHash } = generateSecretToken();
  const expiresAt = new Date(input.now.getTime() + emailTokenLifetimesMs[input.purpose]);
  await db.batch([
    db.delete(verificationTokens).where(unusedTokensOf(input.userId, [input.purpose])),
    db.insert(verificationTokens).values({
      id,
      userId: input.userId,
      purpose: input.purpose,
      secretHash,
      email: input.email,
      createdAt: input.now,
      expiresAt,
    }),
  ]);
  return { token, expiresAt };
}

/** Looks a token up without using it (to show the right page before the user confirms). */
export async function checkEmailToken(
  db: Database,
  token: string,
  purposes: readonly VerificationPurpose[],
  now: Date,
): Promise<EmailTokenCheck> {
  const parsed = parseSecretToken(token);
  if (!parsed) return { ok: false, problem: "invalid" };
  const [row] = await db.select().from(verificationTokens).where(eq(verificationTokens.id, parsed.id)).limit(1);
  if (!row || !secretMatches(parsed.secret, row.secretHash) || !purposes.includes(row.purpose)) {
    return { ok: false, problem: "invalid" };
  }
  if (row.usedAt) return { ok: false, problem: "used" };
  if (row.expiresAt <= now) return { ok: false, problem: "expired" };
  return { ok: true, id: row.id, userId: row.userId, purpose: row.purpose, email: row.email, expiresAt: row.expiresAt };
}

/**
 * Uses a token up. The single conditional UPDATE is what makes it single-use: of two concurrent
 * attempts only one can change the row, the other sees zero rows and is refused.
 */
export async function consumeEmailToken(
  db: Database,
  token: string,
  purposes: readonly VerificationPurpose[],
  now: Date,
): Promise<EmailTokenCheck> {
  const check = await checkEmailToken(db, token, purposes, now);
  if (!check.ok) return check;
  const claimed = await db
    .update(verificationTokens)
    .set({ usedAt: now })
    .where(and(eq(verificationTokens.id, check.id), isNull(verificationTokens.usedAt), gt(verificationTokens.expiresAt, now)))
    .returning({ id: verificationTokens.id });
  return claimed.length === 1 ? check : { ok: false, problem: "used" };
}

/** Unused links of these purposes stop working (e.g. after the address they were sent to changes). */
export async function revokeEmailTokens(db: Database, userId: string, purposes: readonly VerificationPurpose[]) {
  await db.delete(verificationTokens).where(unusedTokensOf(userId, purposes));
}

export function unusedTokensOf(userId: string, purposes: readonly VerificationPurpose[]) {
  return and(eq(verificationTokens.userId, userId), inArray(verificationTokens.purpose, [...purposes]), isNull(verificationTokens.usedAt));
}

/** When the user's latest link of this purpose was issued, to avoid flooding an inbox. */
export async function lastEmailTokenIssuedAt(db: Database, userId: string, purpose: VerificationPurpose) {
  const [row] = await db
    .select({ createdAt: verificationTokens.createdAt })
    .from(verificationTokens)
    .where(and(eq(verificationTokens.userId, userId), eq(verificationTokens.purpose, purpose)))
    .orderBy(desc(verificationTokens.createdAt))
    .limit(1);
  return row?.createdAt ?? null;
}
