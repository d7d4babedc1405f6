import { and, eq, isNotNull } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { apiTokens, refreshTokens, users, type ApiTokenScope } from "../../../db/schema";
import { secretMatches } from "../auth/secret-token";
import type { SessionUser } from "../auth/sessions.server";
import { verifyAccessToken } from "./access-tokens.server";
import { parsePersonalToken } from "./personal-tokens.server";

/** Who an API request acts for, and what its credential allows. */
export interface ApiPrincipal {
  /** Shaped as a web session, so the domain functions the pages call take it as it is. */
  session: SessionUser;
  user: SessionUser["user"];
  scope: ApiTokenScope;
  credential: { kind: "access_token"; familyId: string } | { kind: "personal_token"; tokenId: string };
}

// Recording each use would turn every read into a write; a minute is precise enough for "last used".
const lastUsedPrecisionMs = 60 * 1000;

const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  timezone: users.timezone,
  status: users.status,
  emailVerifiedAt: users.emailVerifiedAt,
};

/** The principal of a bearer credential (an access token or a personal token), or null when it isn't a live one. */
export async function authenticateBearer(
  db: Database,
  key: () => Promise<Uint8Array | null>,
  bearer: string,
  now: Date,
): Promise<ApiPrincipal | null> {
  const personal = parsePersonalToken(bearer);
  if (personal) {
    const [row] = await db
      .select({ secretHash: apiTokens.secretHash, scope: apiTokens.scope, lastUsedAt: apiTokens.lastUsedAt, user: userColumns })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(eq(apiTokens.id, personal.id))
      .limit(1);
    if (!row || !secretMatches(personal.secret, row.secretHash) || row.user.status !== "active") return null;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= lastUsedPrecisionMs) {
      await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, personal.id));
    }
    return principal(row.user, row.scope, { kind: "personal_token", tokenId: personal.id });
  }
  const verificationKey = await key();
  const claims = verificationKey ? verifyAccessToken(verificationKey, bearer, now) : null;
  if (!claims) return null;
  const [[user], [revoked]] = await db.batch([
    db.select(userColumns).from(users).where(eq(users.id, claims.userId)).limit(1),
    db
      .select({ id: refreshTokens.id })
      .from(refreshTokens)
      .where(and(eq(refreshTokens.familyId, claims.familyId), isNotNull(refreshTokens.revokedAt)))
      .limit(1),
  ]);
  if (!user || user.status !== "active" || revoked) return null;
  return principal(user, "read_write", { kind: "access_token", familyId: claims.familyId });
}

function principal(user: SessionUser["user"], scope: ApiTokenScope, credential: ApiPrincipal["credential"]): ApiPrincipal {
  const credentialId = credential.kind === "access_token" ? credential.familyId : credential.tokenId;
  return { session: { sessionId: `api:${credentialId}`, user }, user, scope, credential };
}
