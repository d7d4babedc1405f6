import { hmac } from "@oslojs/crypto/hmac";
import { SHA256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { createJWTSignatureMessage, encodeJWT, joseAlgorithmHS256, parseJWT } from "@oslojs/jwt";

/** Access tokens live 15 minutes: short enough that a leaked one soon expires, refreshed with the refresh token. */
export const accessTokenLifetimeSeconds = 15 * 60;

export interface AccessTokenClaims {
  userId: string;
  /** The refresh-token family it was issued with: revoking the family (logout, reuse) ends its access tokens too. */
  familyId: string;
  expiresAt: Date;
}

const issuer = "specialistly";

export function signAccessToken(key: Uint8Array, claims: { userId: string; familyId: string }, now: Date) {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const header = JSON.stringify({ alg: joseAlgorithmHS256, typ: "JWT" });
  const payload = JSON.stringify({
    iss: issuer,
    sub: claims.userId,
    fam: claims.familyId,
    iat: issuedAt,
    exp: issuedAt + accessTokenLifetimeSeconds,
  });
  const signature = hmac(SHA256, key, createJWTSignatureMessage(header, payload));
  return { token: encodeJWT(header, payload, signature), expiresIn: accessTokenLifetimeSeconds };
}

/** The claims of a well-formed, correctly signed, unexpired access token; null for anything else. */
export function verifyAccessToken(key: Uint8Array, token: string, now: Date): AccessTokenClaims | null {
  if (token.length > 2048 || token.split(".").length !== 3) return null;
  let parsed: ReturnType<typeof parseJWT>;
  try {
    parsed = parseJWT(token);
  } catch {
    return null;
  }
  const [header, payload, signature, message] = parsed as [Record<string, unknown>, Record<string, unknown>, Uint8Array, Uint8Array];
  if (header.alg !== joseAlgorithmHS256) return null;
  if (!constantTimeEqual(hmac(SHA256, key, message), signature)) return null;
  const { iss, sub, fam, exp } = payload;
  if (iss !== issuer || typeof sub !== "string" || typeof fam !== "string" || typeof exp !== "number") return null;
  if (exp * 1000 <= now.getTime()) return null;
  return { userId: sub, familyId: fam, expiresAt: new Date(exp * 1000) };
}
