import { encodeBase64 } from "@oslojs/encoding";
import { eq } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { apiSigningKeys } from "../../../db/schema";

const accessTokenPurpose = "api-access-token";
const encoder = new TextEncoder();

// Keys read from the database never change once written, so each isolate or process reads one at most once per database.
const cachedKeys = new Map<string, Promise<Uint8Array>>();

/**
 * The HMAC key access tokens are signed with: API_TOKEN_SECRET when configured, else a random key
 * the first instance to need one writes to the database (`insert … on conflict do nothing`, then
 * read back, so every instance ends up with the same key and none needs configuring).
 */
export function accessTokenKey(db: Database, options: { configuredSecret: string | undefined; databaseUrl: string }): Promise<Uint8Array> {
  if (options.configuredSecret) return Promise.resolve(encoder.encode(options.configuredSecret));
  let key = cachedKeys.get(options.databaseUrl);
  if (!key) {
    key = loadOrCreateKey(db);
    cachedKeys.set(options.databaseUrl, key);
    key.catch(() => cachedKeys.delete(options.databaseUrl));
  }
  return key;
}

/**
 * The key to check a presented token with, without creating one: before any token was issued there
 * is none, and no token can be valid (so a stranger's garbage token writes nothing).
 */
export async function existingAccessTokenKey(
  db: Database,
  options: { configuredSecret: string | undefined; databaseUrl: string },
): Promise<Uint8Array | null> {
  if (options.configuredSecret) return encoder.encode(options.configuredSecret);
  const cached = cachedKeys.get(options.databaseUrl);
  if (cached) return cached;
  const [row] = await db
    .select({ secret: apiSigningKeys.secret })
    .from(apiSigningKeys)
    .where(eq(apiSigningKeys.purpose, accessTokenPurpose));
  if (!row) return null;
  const key = encoder.encode(row.secret);
  cachedKeys.set(options.databaseUrl, Promise.resolve(key));
  return key;
}

async function loadOrCreateKey(db: Database): Promise<Uint8Array> {
  const fresh = encodeBase64(crypto.getRandomValues(new Uint8Array(32)));
  const [, [row]] = await db.batch([
    db.insert(apiSigningKeys).values({ purpose: accessTokenPurpose, secret: fresh, createdAt: new Date() }).onConflictDoNothing(),
    db.select({ secret: apiSigningKeys.secret }).from(apiSigningKeys).where(eq(apiSigningKeys.purpose, accessTokenPurpose)),
  ]);
  if (!row) throw new Error("The API signing key could not be stored.");
  return encoder.encode(row.secret);
}

type KeyContext = { db: Database; env: { API_TOKEN_SECRET?: string; DATABASE_URL: string } };
const keyOptions = (context: KeyContext) => ({ configuredSecret: context.env.API_TOKEN_SECRET, databaseUrl: context.env.DATABASE_URL });

/** The access-token key of the app's configuration and database, to sign with (created on first use). */
export function accessTokenKeyOf(context: KeyContext) {
  return accessTokenKey(context.db, keyOptions(context));
}

/** The access-token key to verify with, or null while none exists. */
export function existingAccessTokenKeyOf(context: KeyContext) {
  return existingAccessTokenKey(context.db, keyOptions(context));
}
