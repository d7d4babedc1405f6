import { data, type AppLoadContext, type HeadersFunction } from "@remix-run/server-runtime";
import { eq, lt, sql } from "drizzle-orm";
import type { Database } from "../../db/database";
import { rateLimitHits } from "../../db/schema";
import { normalizeEmail } from "../domain/auth/auth.server";

// Sliding-window limits stored in the database, so every instance (Node processes, Worker
// isolates) counts against the same rows. One row per counted attempt.

export interface RateLimit {
  key: string;
  limit: number;
  windowMs: number;
}

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Records a hit at `at` unless the window already holds `limit`: check and insert in one statement. */
function hitUnlessFull({ key, limit, windowMs }: RateLimit, at: number) {
  return sql`
    insert into ${rateLimitHits} (${sql.identifier(rateLimitHits.key.name)}, ${sql.identifier(rateLimitHits.at.name)})
    select ${key}, ${at}
    where (
      select count(*) from ${rateLimitHits}
      where ${rateLimitHits.key} = ${key} and ${rateLimitHits.at} > ${at - windowMs} and ${rateLimitHits.at} <= ${at}
    ) < ${limit}`;
}

/**
 * Counts the hits for `key` in (now − window, now] and, when there are fewer than `limit`,
 * records one. Check and insert are one statement, so concurrent requests cannot both take
 * the last free place.
 */
export async function consumeRateLimit(db: Database, now: Date, rateLimit: RateLimit): Promise<RateLimitResult> {
  const at = now.getTime();
  const inserted = await db.run(hitUnlessFull(rateLimit, at));
  if (inserted.rowsAffected > 0) return { allowed: true };
  return { allowed: false, retryAfterSeconds: await secondsUntilFree(db, at, rateLimit) };
}

/**
 * As `consumeRateLimit`, also telling how many hits remain in the window and when it frees up, for
 * the API's RateLimit headers. The count is read in the same batch, after the insert.
 */
export async function consumeRateLimitCounted(
  db: Database,
  now: Date,
  rateLimit: RateLimit,
): Promise<{ allowed: boolean; remaining: number; resetSeconds: number }> {
  const { key, limit, windowMs } = rateLimit;
  const at = now.getTime();
  const since = at - windowMs;
  const [inserted, counted] = await db.batch([
    db.run(hitUnlessFull(rateLimit, at)),
    db.all<{ hits: number; oldest: number | null }>(sql`
      select count(*) as hits, min(${rateLimitHits.at}) as oldest from ${rateLimitHits}
      where ${rateLimitHits.key} = ${key} and ${rateLimitHits.at} > ${since} and ${rateLimitHits.at} <= ${at}`),
  ]);
  const hits = Number(counted[0]?.hits ?? 0);
  const allowed = inserted.rowsAffected > 0;
  const resetSeconds = allowed
    ? Math.max(1, Math.ceil((Number(counted[0]?.oldest ?? at) + windowMs - at) / 1000))
    : await secondsUntilFree(db, at, rateLimit);
  return { allowed, remaining: Math.max(0, limit - hits), resetSeconds };
}

/**
 * A place frees up when the `limit`-th newest hit leaves the window (with exactly `limit`
 * hits, that is the oldest one).
 */
async function secondsUntilFree(db: Database, at: number, { key, limit, windowMs }: RateLimit) {
  const rows = await db.all<{ at: number }>(sql`
    select ${rateLimitHits.at} as at from ${rateLimitHits}
    where ${rateLimitHits.key} = ${key} and ${rateLimitHits.at} > ${at - windowMs} and ${rateLimitHits.at} <= ${at}
    order by ${rateLimitHits.at} desc
    limit 1 offset ${Math.max(limit - 1, 0)}`);
  const freedAt = rows[0] ? Number(rows[0].at) + windowMs : at;
  return Math.max(1, Math.ceil((freedAt - at) / 1000));
}

export async function clearRateLimit(db: Database, key: string) {
  await db.delete(rateLimitHits).where(eq(rateLimitHits.key, key));
}

/** Hits older than the longest window can never count again. */
export async function pruneRateLimitHits(db: Database, now: Date, maxWindowMs = longestRateLimitWindowMs) {
  const result = await db.delete(rateLimitHits).where(lt(rateLimitHits.at, new Date(now.getTime() - maxWindowMs)));
  return { deleted: result.rowsAffected };
}

// ---------------------------------------------------------------------------------------------
// Policies: every limit of the app, in one place.

const minute = 60 * 1000;
const hour = 60 * minute;

interface RateLimitPolicy<Subject> {
  limit: number;
  windowMs: number;
  keyFor(subject: Subject): string;
}

const byClient = (prefix: string) => (clientAddress: string | null) => `${prefix}:ip:${clientKey(clientAddress)}`;
const byAccount = (prefix: string) => (email: string) => `${prefix}:account:${normalizeEmail(email)}`;

export const rateLimits = {
  /** Generous: many people can share one address (offices, mobile carriers). */
  loginByIp: { limit: 50, windowMs: 15 * minute, keyFor: byClient("login") },
  /** Password guessing against one account, from anywhere. */
  loginByAccount: { limit: 10, windowMs: 15 * minute, keyFor: byAccount("login") },
  resetByIp: { limit: 20, windowMs: hour, keyFor: byClient("reset") },
  /** Each request sends an email: keeps an inbox from being flooded. */
  resetByAccount: { limit: 5, windowMs: hour, keyFor: byAccount("reset") },
  signUpByIp: { limit: 20, windowMs: hour, keyFor: byClient("signup") },
} as const satisfies Record<string, RateLimitPolicy<never>>;

export const longestRateLimitWindowMs = Math.max(...Object.values(rateLimits).map((policy) => policy.windowMs));

/** The limit `policy` sets for one subject (a client address or an email). */
export function rateLimitFor<Subject>(policy: RateLimitPolicy<Subject>, subject: Subject): RateLimit {
  return { key: policy.keyFor(subject), limit: policy.limit, windowMs: policy.windowMs };
}

/**
 * The address a client is counted under. An IPv6 client usually controls a whole /64, so
 * counting single addresses would let it rotate through millions of them.
 */
export function clientKey(clientAddress: string | null): string {
  const address = clientAddress?.trim().toLowerCase();
  if (!address) return "unknown";
  const mappedIPv4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mappedIPv4) return mappedIPv4[1]!;
  if (!address.includes(":")) return address;
  const groups = expandIPv6(address.split("%")[0]!);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : address;
}

/** Eight hextets without leading zeros, or null when `address` isn't plain IPv6. */
function expandIPv6(address: string): string[] | null {
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(missing).fill("0"), ...tail];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  return groups.map((group) => parseInt(group, 16).toString(16));
}

// ---------------------------------------------------------------------------------------------
// Applying limits in loaders and actions

type RateLimitContext = Pick<AppLoadContext, "db" | "clock" | "clientAddress">;

/** Consumes each limit in order and stops at the first that is exhausted (returned). */
export async function checkRateLimits(context: Pick<RateLimitContext, "db" | "clock">, limits: RateLimit[]): Promise<RateLimitResult> {
  const now = context.clock.now();
  for (const limit of limits) {
    const result = await consumeRateLimit(context.db, now, limit);
    if (!result.allowed) return result;
  }
  return { allowed: true };
}

/**
 * Counts a login attempt against the client's address and against the account. The address
 * comes first: a client that is already blocked doesn't use up the account's attempts too.
 */
export function checkLoginRateLimits(context: RateLimitContext, email: string) {
  return checkRateLimits(context, [
    rateLimitFor(rateLimits.loginByIp, context.clientAddress),
    rateLimitFor(rateLimits.loginByAccount, email),
  ]);
}

/** After a successful login, its owner starts afresh (the address keeps its count). */
export function clearLoginRateLimit(context: Pick<RateLimitContext, "db">, email: string) {
  return clearRateLimit(context.db, rateLimits.loginByAccount.keyFor(email));
}

export function rateLimitMessage(retryAfterSeconds: number) {
  return `Too many attempts. Please wait ${describeWait(retryAfterSeconds)} and try again.`;
}

function describeWait(seconds: number) {
  const minutes = Math.ceil(seconds / 60);
  if (minutes <= 1) return "a minute";
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.ceil(minutes / 60);
  return hours === 1 ? "an hour" : `${hours} hours`;
}

export function retryAfterHeaders(retryAfterSeconds: number) {
  return { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) };
}

/** For `throw` from a loader or action: the error boundary shows the message under "Too many attempts". */
export function rateLimitedResponse(retryAfterSeconds: number, message = rateLimitMessage(retryAfterSeconds)) {
  return new Response(message, {
    status: 429,
    headers: { ...retryAfterHeaders(retryAfterSeconds), "Content-Type": "text/plain; charset=utf-8" },
  });
}

interface ReplyingSubmission<Reply> {
  reply(options: { formErrors: string[]; hideFields?: string[] }): Reply;
}

/**
 * For a form action: the message as a form error (shown above the form, with or without
 * JavaScript), status 429. `hideFields` keeps passwords out of the echoed values.
 */
export function rateLimitedReply<Reply>(
  submission: ReplyingSubmission<Reply>,
  retryAfterSeconds: number,
  options: { hideFields?: string[]; message?: string } = {},
) {
  const message = options.message ?? rateLimitMessage(retryAfterSeconds);
  return data(submission.reply({ formErrors: [message], hideFields: options.hideFields }), {
    status: 429,
    headers: retryAfterHeaders(retryAfterSeconds),
  });
}

/**
 * Remix only sends a route's own headers on a page when the route exports `headers`, so a
 * route that limits exports this one (`export const headers = rateLimitHeaders;`) to pass
 * Retry-After on, whether the 429 was returned from the action or thrown.
 */
export const rateLimitHeaders: HeadersFunction = ({ actionHeaders, loaderHeaders, errorHeaders }) => {
  const retryAfter = [errorHeaders, actionHeaders, loaderHeaders].map((headers) => headers?.get("Retry-After")).find(Boolean);
  return new Headers(retryAfter ? { "Retry-After": retryAfter } : undefined);
};
