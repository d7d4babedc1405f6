import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { decodeHex, encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

/**
 * `<id>.<secret>` tokens (sessions, email links): the id finds the row, and only SHA-256 of the
 * secret is stored, so a database leak yields no usable token.
 */
export function generateSecretToken() {
  const id = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(15)));
  const secret = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(25))); // 200 bits
  return { id, secret, token: `${id}.${secret}`, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string) {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

export function parseSecretToken(token: string): { id: string; secret: string } | null {
  const match = /^([a-z2-7]{24})\.([a-z2-7]{40})$/.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

export function secretMatches(secret: string, storedHash: string) {
  if (!/^[0-9a-f]{64}$/.test(storedHash)) return false;
  return constantTimeEqual(decodeHex(hashSecret(secret)), decodeHex(storedHash));
}
