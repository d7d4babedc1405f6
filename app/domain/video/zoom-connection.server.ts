// A specialist's Zoom connection: connecting with OAuth (state + PKCE in short-lived cookies, as
// Google sign-in does), the tokens sealed at rest, a valid access token on demand (refreshed
// shortly before it expires, saving the rotated refresh token), and a connection Zoom no longer
// honours marked as lost and reported to the specialist — never an error page.
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import type { AppLoadContext } from "@remix-run/server-runtime";
import { generateCodeVerifier, generateState } from "arctic";
import { parse, serialize } from "cookie";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { connectedAccounts, type ConnectedAccount } from "../../../db/schema";
import { ProviderError } from "../../integrations/provider-error";
import { createTokenCipher, type TokenCipher } from "../../integrations/token-cipher";
import { ZoomAuthorizationError, zoomApi, zoomConfig, zoomOAuth, type ZoomConfig } from "../../integrations/zoom.server";
import { writeWithJobs } from "../../lib/write-with-jobs.server";
import { isSecureRequest } from "../auth/session-cookie.server";
import { notify } from "../notifications/notifications.server";

type Context = Pick<AppLoadContext, "db" | "clock" | "env" | "queue">;

const provider = "zoom";
/** Refresh this long before the access token expires, so a call never starts with a token about to lapse. */
export const refreshMarginMs = 5 * 60_000;
const flowCookieMaxAgeSeconds = 10 * 60;
const cookiePath = "/specialist/video";
const callbackPath = "/specialist/video/zoom/callback";
const purposes = { access: "zoom:access-token", refresh: "zoom:refresh-token" };

export type ZoomAvailability = { ok: true; config: ZoomConfig; cipher: TokenCipher } | { ok: false; missing: "zoom" | "encryption-key" };

export async function zoomAvailability(env: Context["env"]): Promise<ZoomAvailability> {
  const config = zoomConfig(env);
  if (!config) return { ok: false, missing: "zoom" };
  if (!env.ENCRYPTION_KEY) return { ok: false, missing: "encryption-key" };
  return { ok: true, config, cipher: await createTokenCipher(env.ENCRYPTION_KEY) };
}

async function requireAvailable(env: Context["env"]) {
  const availability = await zoomAvailability(env);
  if (!availability.ok) throw new Response(null, { status: 404, statusText: "Not Found" });
  return availability;
}

function redirectUri(request: Request, context: Context) {
  return `${context.env.APP_URL ?? new URL(request.url).origin}${callbackPath}`;
}

// ---------------------------------------------------------------------------------------------
// Flow cookies

const flowCookies = { state: "zoom_oauth_state", verifier: "zoom_oauth_verifier" };

function flowCookie(request: Request, name: keyof typeof flowCookies, value: string, maxAge: number) {
  return serialize(flowCookies[name], value, {
    httpOnly: true,
    secure: isSecureRequest(request),
    // Lax: the callback is a top-level GET navigation from Zoom, which Lax cookies accompany.
    sameSite: "lax",
    path: cookiePath,
    maxAge,
  });
}

export function clearedZoomFlowCookies(request: Request): string[] {
  return [flowCookie(request, "state", "", 0), flowCookie(request, "verifier", "", 0)];
}

// ---------------------------------------------------------------------------------------------
// Connecting

/** 302 to Zoom's consent page, with the state and PKCE verifier kept in this browser. */
export async function startZoomConnect(request: Request, context: Context) {
  const { config } = await requireAvailable(context.env);
  const state = generateState();
  const verifier = generateCodeVerifier();
  const url = zoomOAuth(config, redirectUri(request, context)).authorizationUrl(state, verifier);
  const headers = new Headers({ Location: url.toString(), "Cache-Control": "no-store" });
  headers.append("Set-Cookie", flowCookie(request, "state", state, flowCookieMaxAgeSeconds));
  headers.append("Set-Cookie", flowCookie(request, "verifier", verifier, flowCookieMaxAgeSeconds));
  return new Response(null, { status: 302, headers });
}

export type ZoomConnectResult = { ok: true; email: string | null } | { ok: false; status: 400 | 502; message: string };

const messages = {
  denied: "You declined in Zoom, so nothing changed. You can connect Zoom whenever you like.",
  zoomError: "Zoom couldn't complete the connection. Please try again.",
  expired: "This Zoom connection attempt expired or was started in another browser. Please start again.",
  stateMismatch: "We couldn't confirm that this connection was started by you, so we stopped it. Nothing was saved. Please start again.",
  codeRejected: "Zoom didn't accept this connection, perhaps because it was already used or took too long. Please start again.",
  unreachable: "We couldn't reach Zoom just now. Nothing was saved; please try again in a moment.",
} as const;

function constantTimeStringEqual(a: string, b: string) {
  const encoder = new TextEncoder();
  return constantTimeEqual(encoder.encode(a), encoder.encode(b));
}

/** The callback: check the state, exchange the code, read who connected, store the sealed tokens. */
export async function finishZoomConnect(request: Request, context: Context, userId: string): Promise<ZoomConnectResult> {
  const { config, cipher } = await requireAvailable(context.env);
  const params = new URL(request.url).searchParams;
  const error = params.get("error");
  if (error) return { ok: false, status: 400, message: error === "access_denied" ? messages.denied : messages.zoomError };

  const cookies = parse(request.headers.get("cookie") ?? "");
  const expectedState = cookies[flowCookies.state];
  const verifier = cookies[flowCookies.verifier];
  if (!expectedState || !verifier) return { ok: false, status: 400, message: messages.expired };
  const code = params.get("code");
  const state = params.get("state");
  if (!code || !state || !constantTimeStringEqual(state, expectedState)) return { ok: false, status: 400, message: messages.stateMismatch };

  let tokens;
  let profile;
  try {
    tokens = await zoomOAuth(config, redirectUri(request, context)).exchangeCode(code, verifier);
    profile = await zoomApi(config, tokens.accessToken).me();
  } catch (failure) {
    if (failure instanceof ZoomAuthorizationError) return { ok: false, status: 400, message: messages.codeRejected };
    console.warn("Zoom connection failed:", failure);
    return { ok: false, status: 502, message: messages.unreachable };
  }

  const now = context.clock.now();
  const sealed = {
    accessTokenEncrypted: await cipher.seal(tokens.accessToken, purposes.access),
    refreshTokenEncrypted: await cipher.seal(tokens.refreshToken, purposes.refresh),
    accessTokenExpiresAt: new Date(now.getTime() + tokens.expiresInSeconds * 1000),
    scopes: tokens.scopes,
  };
  const identity = { externalAccountId: profile.id, externalEmail: profile.email, externalName: profile.name };
  await context.db
    .insert(connectedAccounts)
    .values({ userId, provider, ...identity, ...sealed, status: "active", connectedAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [connectedAccounts.userId, connectedAccounts.provider],
      set: { ...identity, ...sealed, status: "active", lastError: null, connectedAt: now, updatedAt: now },
    });
  return { ok: true, email: profile.email };
}

// ---------------------------------------------------------------------------------------------
// The connection as the specialist sees it, and disconnecting

export async function findZoomConnection(context: Pick<Context, "db">, userId: string): Promise<ConnectedAccount | null> {
  const row = await context.db.query.connectedAccounts.findFirst({
    where: and(eq(connectedAccounts.userId, userId), eq(connectedAccounts.provider, provider)),
  });
  return row ?? null;
}

/**
 * Deletes the stored tokens. Zoom is asked to revoke the grant too, so the app disappears from
 * the user's Zoom account; if Zoom can't be reached the tokens are deleted all the same.
 */
export async function disconnectZoom(context: Context, userId: string): Promise<{ disconnected: boolean }> {
  const row = await findZoomConnection(context, userId);
  if (!row) return { disconnected: false };
  const availability = await zoomAvailability(context.env);
  if (availability.ok && row.status === "active") {
    try {
      const refreshToken = await availability.cipher.open(row.refreshTokenEncrypted, purposes.refresh);
      await zoomOAuth(availability.config, "").revoke(refreshToken);
    } catch (error) {
      console.warn("Revoking the Zoom grant failed; deleting the tokens anyway:", error);
    }
  }
  await context.db.delete(connectedAccounts).where(eq(connectedAccounts.id, row.id));
  return { disconnected: true };
}

// ---------------------------------------------------------------------------------------------
// Using the connection

export type ZoomApi = ReturnType<typeof zoomApi>;
export type ZoomUnavailable = { ok: false; reason: "unavailable" | "not-connected" | "lost" };

/**
 * Records that Zoom stopped honouring the connection and tells the specialist once per
 * connection (the notification's key includes when it was connected; a reconnect starts anew).
 */
export async function markZoomConnectionLost(context: Context, row: ConnectedAccount, status: "revoked" | "error", reason: string) {
  const now = context.clock.now();
  const notice = notify(
    context,
    {
      userId: row.userId,
      kind: "video-connection-lost",
      subject: { type: "connected_account", id: row.id },
      occurrence: String(row.connectedAt.getTime()),
      payload: { provider },
    },
    sql`exists (select 1 from ${connectedAccounts} where ${connectedAccounts.id} = ${row.id} and ${connectedAccounts.status} = ${status})`,
  );
  await writeWithJobs(
    context,
    [
      context.db
        .update(connectedAccounts)
        .set({ status, lastError: reason.slice(0, 500), updatedAt: now })
        .where(and(eq(connectedAccounts.id, row.id), eq(connectedAccounts.status, "active"))),
      ...notice.statements,
    ],
    notice.jobs,
  );
}

/** How long a refresh may take before another request may take it over (its process died). */
const refreshLeaseMs = 30_000;
const refreshWaitMs = 100;
const refreshWaitAttempts = 100;

/** Claims the refresh lease on `row` as read; false when another request holds it or refreshed first. */
async function claimRefresh(context: Context, row: ConnectedAccount) {
  const now = context.clock.now();
  const claimed = await context.db
    .update(connectedAccounts)
    .set({ refreshLockedUntil: new Date(now.getTime() + refreshLeaseMs) })
    .where(
      and(
        eq(connectedAccounts.id, row.id),
        eq(connectedAccounts.status, "active"),
        eq(connectedAccounts.refreshTokenEncrypted, row.refreshTokenEncrypted),
        or(isNull(connectedAccounts.refreshLockedUntil), lt(connectedAccounts.refreshLockedUntil, now)),
      ),
    )
    .returning({ id: connectedAccounts.id });
  return claimed.length > 0;
}

async function refreshTokens(context: Context, availability: Extract<ZoomAvailability, { ok: true }>, row: ConnectedAccount) {
  const { cipher, config } = availability;
  let tokens;
  try {
    const refreshToken = await cipher.open(row.refreshTokenEncrypted, purposes.refresh);
    tokens = await zoomOAuth(config, "").refresh(refreshToken);
  } catch (error) {
    if (!(error instanceof ZoomAuthorizationError)) {
      await context.db.update(connectedAccounts).set({ refreshLockedUntil: null }).where(eq(connectedAccounts.id, row.id));
    }
    throw error;
  }
  const now = context.clock.now();
  // Zoom has already retired the old refresh token: the new one must be saved, whatever else happens.
  await context.db
    .update(connectedAccounts)
    .set({
      accessTokenEncrypted: await cipher.seal(tokens.accessToken, purposes.access),
      refreshTokenEncrypted: await cipher.seal(tokens.refreshToken, purposes.refresh),
      accessTokenExpiresAt: new Date(now.getTime() + tokens.expiresInSeconds * 1000),
      ...(tokens.scopes ? { scopes: tokens.scopes } : {}),
      lastError: null,
      refreshLockedUntil: null,
      updatedAt: now,
    })
    .where(eq(connectedAccounts.id, row.id));
  return tokens.accessToken;
}

/**
 * A valid access token for the specialist's Zoom, refreshed first when it expires within
 * `refreshMarginMs` (or when it is `refused`, the sealed token Zoom just turned down). One request
 * refreshes at a time, under a lease; others wait for its result, since Zoom refuses a refresh
 * token used twice. A refresh Zoom refuses marks the connection lost.
 */
export async function zoomAccessToken(
  context: Context,
  userId: string,
  options: { refused?: string } = {},
): Promise<{ ok: true; accessToken: string; api: ZoomApi; connection: ConnectedAccount } | ZoomUnavailable> {
  const availability = await zoomAvailability(context.env);
  if (!availability.ok) return { ok: false, reason: "unavailable" };
  for (let attempt = 0; attempt < refreshWaitAttempts; attempt += 1) {
    const row = await findZoomConnection(context, userId);
    if (!row) return { ok: false, reason: "not-connected" };
    if (row.status !== "active") return { ok: false, reason: "lost" };
    try {
      const stale = row.accessTokenExpiresAt.getTime() - context.clock.now().getTime() <= refreshMarginMs;
      if (!stale && row.accessTokenEncrypted !== options.refused) {
        const accessToken = await availability.cipher.open(row.accessTokenEncrypted, purposes.access);
        return { ok: true, accessToken, api: zoomApi(availability.config, accessToken), connection: row };
      }
      if (await claimRefresh(context, row)) {
        const accessToken = await refreshTokens(context, availability, row);
        return { ok: true, accessToken, api: zoomApi(availability.config, accessToken), connection: row };
      }
    } catch (error) {
      if (error instanceof ZoomAuthorizationError) {
        await markZoomConnectionLost(context, row, "revoked", error.message);
        return { ok: false, reason: "lost" };
      }
      if (error instanceof Error && error.name === "TokenCipherError") {
        // Sealed under another ENCRYPTION_KEY: only reconnecting can recover.
        await markZoomConnectionLost(context, row, "error", "The stored Zoom tokens could not be decrypted with ENCRYPTION_KEY");
        return { ok: false, reason: "lost" };
      }
      throw error;
    }
    // Another request is refreshing: its new tokens will be in the row shortly.
    await new Promise((resolve) => setTimeout(resolve, refreshWaitMs));
  }
  throw new ProviderError("Timed out waiting for another request to refresh the Zoom access token", { permanent: false });
}

/**
 * Runs `call` with the specialist's Zoom API. When Zoom refuses the access token (401, code 124)
 * it is refreshed and the call tried once more; refused again, the connection is marked lost.
 * Other provider failures are thrown for the caller's retries.
 */
export async function withZoom<T>(
  context: Context,
  userId: string,
  call: (api: ZoomApi) => Promise<T>,
): Promise<{ ok: true; value: T } | ZoomUnavailable> {
  let access = await zoomAccessToken(context, userId);
  for (let attempt = 0; ; attempt += 1) {
    if (!access.ok) return access;
    try {
      return { ok: true, value: await call(access.api) };
    } catch (error) {
      if (!(error instanceof ZoomAuthorizationError)) throw error;
      if (attempt > 0) {
        await markZoomConnectionLost(context, access.connection, "revoked", error.message);
        return { ok: false, reason: "lost" };
      }
      access = await zoomAccessToken(context, userId, { refused: access.connection.accessTokenEncrypted });
    }
  }
}
