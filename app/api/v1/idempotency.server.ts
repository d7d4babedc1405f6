import type { AppLoadContext } from "@remix-run/server-runtime";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { and, eq, lt } from "drizzle-orm";
import { apiIdempotencyKeys } from "../../../db/schema";
import { ApiError } from "./errors";

/** A key is remembered for a day: long enough for any client's retries. */
export const idempotencyKeyLifetimeMs = 24 * 60 * 60 * 1000;

/** What a replay repeats: the body, and the headers that describe the result (where the created resource is). */
interface StoredResponse {
  body: unknown;
  headers: Record<string, string>;
}

interface Result {
  status: number;
  body: unknown;
  headers?: HeadersInit;
}

/**
 * Runs `run` once per (user, key): the first request claims the key, and its successful response
 * is kept; a repeat with the same body gets that response again (marked `Idempotent-Replayed`),
 * with another body a 422. A failed first attempt frees the key, so a corrected retry can run.
 */
export async function withIdempotency(
  context: Pick<AppLoadContext, "db" | "clock">,
  request: { userId: string; key: string; operationId: string; bodyText: string },
  run: () => Promise<Result>,
): Promise<Result> {
  if (!/^[\x21-\x7e]{1,255}$/.test(request.key)) {
    throw new ApiError("validation_failed", "The Idempotency-Key header must be 1–255 visible ASCII characters (a UUID is ideal).", {
      problems: [{ path: "header.Idempotency-Key", message: "Use 1–255 visible ASCII characters." }],
    });
  }
  const { db } = context;
  const now = context.clock.now();
  const requestHash = encodeHexLowerCase(sha256(new TextEncoder().encode(`${request.operationId}\n${request.bodyText}`)));
  const where = and(eq(apiIdempotencyKeys.userId, request.userId), eq(apiIdempotencyKeys.key, request.key));
  const [, claimed] = await db.batch([
    db.delete(apiIdempotencyKeys).where(and(where, lt(apiIdempotencyKeys.expiresAt, now))),
    db
      .insert(apiIdempotencyKeys)
      .values({
        userId: request.userId,
        key: request.key,
        operation: request.operationId,
        requestHash,
        createdAt: now,
        expiresAt: new Date(now.getTime() + idempotencyKeyLifetimeMs),
      })
      .onConflictDoNothing()
      .returning({ key: apiIdempotencyKeys.key }),
  ]);
  if (claimed.length === 0) {
    const [earlier] = await db.select().from(apiIdempotencyKeys).where(where).limit(1);
    if (!earlier || earlier.requestHash !== requestHash) {
      throw new ApiError(
        "idempotency_key_reused",
        "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
      );
    }
    if (earlier.responseStatus === null) {
      throw new ApiError("conflict", "A request with this Idempotency-Key is still being processed. Retry in a moment.", undefined, {
        "Retry-After": "1",
      });
    }
    const stored = earlier.responseBody as StoredResponse;
    return { status: earlier.responseStatus, body: stored.body, headers: { ...stored.headers, "Idempotent-Replayed": "true" } };
  }
  let result: Result;
  try {
    result = await run();
  } catch (error) {
    await db.delete(apiIdempotencyKeys).where(where);
    throw error;
  }
  const location = new Headers(result.headers).get("location");
  const stored: StoredResponse = { body: result.body ?? null, headers: location ? { Location: location } : {} };
  await db.update(apiIdempotencyKeys).set({ responseStatus: result.status, responseBody: stored }).where(where);
  return result;
}
