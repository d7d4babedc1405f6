import { and, desc, eq, ne } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { keptStatement } from "../../../db/kept-statement";
import { sessions, users, type User } from "../../../db/schema";
import { generateSecretToken, secretMatches } from "./secret-token";

export const sessionInactivityTimeoutMs = 7 * 24 * 60 * 60 * 1000;
export const sessionAbsoluteLifetimeMs = 30 * 24 * 60 * 60 * 1000;
// Refreshing last_verified_at on every request would turn each read into a write.
const activityUpdateIntervalMs = 60 * 60 * 1000;

export interface SessionUser {
  sessionId: string;
  user: Pick<User, "id" | "email" | "name" | "role" | "timezone" | "status" | "emailVerifiedAt">;
}

export async function createSession(
  db: Database,
  userId: string,
  now: Date,
  client: { userAgent?: string | null; ipAddress?: string | null } = {},
) {
  const { id, token, secretHash } = generateSecretToken();
  await db.insert(sessions).values({
    id,
    userId,
    secretHash,
    createdAt: now,
    lastVerifiedAt: now,
    expiresAt: new Date(now.getTime() + sessionAbsoluteLifetimeMs),
    userAgent: client.userAgent?.slice(0, 300) ?? null,
    ipAddress: client.ipAddress ?? null,
  });
  return { id, token };
}

/**
 * The session with this id and its user, so a caller can batch other reads with it; read on every
 * signed-in request, so its text is built once.
 */
export const sessionRowQuery = keptStatement<{ sessionId: string }>()((db, values) =>
  db
    .select({
      sessionId: sessions.id,
      secretHash: sessions.secretHash,
      lastVerifiedAt: sessions.lastVerifiedAt,
      expiresAt: sessions.expiresAt,
      user: {
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        timezone: users.timezone,
        status: users.status,
        emailVerifiedAt: users.emailVerifiedAt,
      },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, values.sessionId))
    .limit(1),
);

type SessionRow = Awaited<ReturnType<typeof sessionRowQuery>>[number];

/**
 * The user of a session row read with `sessionRowQuery`, when `secret` is its secret and it is
 * still live; deletes it once expired, and refreshes its last use at most once an hour.
 */
export async function acceptSessionRow(db: Database, secret: string, row: SessionRow | undefined, now: Date): Promise<SessionUser | null> {
  if (!row || !secretMatches(secret, row.secretHash)) return null;

  const idleSince = now.getTime() - row.lastVerifiedAt.getTime();
  if (row.expiresAt <= now || idleSince >= sessionInactivityTimeoutMs || row.user.status !== "active") {
    await db.delete(sessions).where(eq(sessions.id, row.sessionId));
    return null;
  }
  if (idleSince >= activityUpdateIntervalMs) {
    await db.update(sessions).set({ lastVerifiedAt: now }).where(eq(sessions.id, row.sessionId));
  }
  return { sessionId: row.sessionId, user: row.user };
}

export async function invalidateSession(db: Database, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Signs a user out everywhere, optionally keeping the session making the request. */
export async function invalidateUserSessions(db: Database, userId: string, options: { except?: string } = {}) {
  await db
    .delete(sessions)
    .where(options.except ? and(eq(sessions.userId, userId), ne(sessions.id, options.except)) : eq(sessions.userId, userId));
}

export async function listUserSessions(db: Database, userId: string) {
  return db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastVerifiedAt: sessions.lastVerifiedAt,
      expiresAt: sessions.expiresAt,
      userAgent: sessions.userAgent,
      ipAddress: sessions.ipAddress,
    })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.lastVerifiedAt));
}
