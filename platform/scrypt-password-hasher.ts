import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import type { PasswordHasher } from "../app/domain/auth/password-hasher";

// OWASP's scrypt recommendation (N=2^14, r=8, p=5); stored with each hash so it can be raised.
export const defaultScryptParams = { N: 2 ** 14, r: 8, p: 5 } as const;
const keyLength = 32;
const saltLength = 16;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }) {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 + 1024 * 1024 };
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** Works on Node and on Workers (nodejs_compat provides node:crypto's scrypt). */
export function createScryptPasswordHasher(params: { N: number; r: number; p: number } = defaultScryptParams): PasswordHasher {
  return {
    async hash(password) {
      const salt = randomBytes(saltLength);
      const key = await derive(password, salt, params);
      return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString("base64")}$${key.toString("base64")}`;
    },
    async verify(password, storedHash) {
      const parts = storedHash.split("$");
      if (parts.length !== 6 || parts[0] !== "scrypt") return false;
      const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
      if (![N, r, p].every((value) => Number.isSafeInteger(value) && value > 0)) return false;
      const salt = Buffer.from(parts[4]!, "base64");
      const expected = Buffer.from(parts[5]!, "base64");
      if (expected.length !== keyLength) return false;
      const actual = await derive(password, salt, { N, r, p });
      return timingSafeEqual(actual, expected);
    },
  };
}
