// A specialist's connection to a provider's account (Zoom, Google), shared by every provider:
// connecting with OAuth (state + PKCE in short-lived cookies, as Google sign-in does), the tokens
// sealed at rest, a valid access token on demand (refreshed shortly before it expires, one request
// at a time under a lease), and a connection the provider no longer honours marked as lost and
// reported to the specialist — never an error page. Each provider supplies its OAuth client, its
// API and how to tell a dead grant (ADR 0022, 0024).
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { data, redirect, type AppLoadContext } from "@remix-run/server-runtime";
import { generateCodeVerifier, generateState } from "arctic";
import { parse, serialize } from "cookie";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { connectedAccounts, type ConnectedAccount, type ConnectedAccountProvider } from "../../../db/schema";
import { ProviderError } from "../../integrations/provider-error";
import { createTokenCipher, type TokenCipher } from "../../integrations/token-cipher";
import { writeWithJobs } from "../../lib/write-with-jobs.server";
import { isSecureRequest } from "../auth/session-cookie.server";
import { notify } from "../notifications/notifications.server";

export type ConnectionContext = Pick<AppLoadContext, "db" | "clock" | "env" | "queue">;

/** Refresh this long before the access token expires, so a call never starts with a token about to lapse. */
export const refreshMarginMs = 5 * 60_000;
const flowCookieMaxAgeSeconds = 10 * 60;
const cookiePath = "/specialist/video";

export interface ConnectionTokens {
  accessToken: string;
  /** Null when the provider keeps the current refresh token (Google on refresh). */
  refreshToken: string | null;
  expiresInSeconds: number;
  scopes: string;
}

export interface ConnectionOAuth<Tokens extends ConnectionTokens> {
  authorizationUrl(state: string, codeVerifier: string): URL;
  exchangeCode(code: string, codeVerifier: string): Promise<Tokens>;
  refresh(refreshToken: string): Promise<ConnectionTokens>;
  revoke(token: string): Promise<void>;
}

export interface ConnectionProvider<Config, Api, Tokens extends ConnectionTokens> {
  provider: ConnectedAccountProvider;
  /** As the specialist knows it: "Zoom", "Google". */
  label: string;
  /** Prefix of the flow cookies; distinct from any other flow's (Google sign-in uses `google_oauth_*`). */
  cookiePrefix: string;
  config(env: ConnectionContext["env"]): Config | null;
  oauth(config: Config, redirectUri: string): ConnectionOAuth<Tokens>;
  api(config: Config, accessToken: string): Api;
  /** Who connected, from the fresh tokens. */
  identify(config: Config, tokens: Tokens): Promise<{ id: string; email: string | null; name: string | null }>;
  /** Scopes the connection is useless without (consent screens may let the user untick some). */
  requiredScopes: string[];
  /** The provider no longer accepts the grant or the access token: only reconnecting helps. */
  isAuthorizationError(error: unknown): boolean;
}

export type ConnectionAvailability<Config> =
  { ok: true; config: Config; cipher: TokenCipher } | { ok: false; missing: ConnectedAccountProvider | "encryption-key" };
export type ConnectResult = { ok: true; email: string | null } | { ok: false; status: 400 | 502; message: string };
export type ConnectionUnavailable = { ok: false; reason: "unavailable" | "not-connected" | "lost" };

function constantTimeStringEqual(a: string, b: string) {
  const encoder = new TextEncoder();
  return constantTimeEqual(encoder.encode(a), encoder.encode(b));
}

/** How long a refresh may take before another request may take it over (its process died). */
const refreshLeaseMs = 30_000;
const refreshWaitMs = 100;
const refreshWaitAttempts = 100;

export function createConnection<Config, Api, Tokens extends ConnectionTokens>(spec: ConnectionProvider<Config, Api, Tokens>) {
  const { provider, label } = spec;
  const callbackPath = `/specialist/video/${provider}/callback`;
  const purposes = { access: `${provider}:access-token`, refresh: `${provider}:refresh-token` };
  const flowCookies = { state: `${spec.cookiePrefix}_state`, verifier: `${spec.cookiePrefix}_verifier` };
  const messages = {
    denied: `You declined in ${label}, so nothing changed. You can connect ${label} whenever you like.`,
    providerError: `${label} couldn't complete the connection. Please try again.`,
    expired: `This ${label} connection attempt expired or was started in another browser. Please start again.`,
    stateMismatch: "We couldn't confirm that this connection was started by you, so we stopped it. Nothing was saved. Please start again.",
    codeRejected: `${label} didn't accept this connection, perhaps because it was already used or took too long. Please start again.`,
    scopes: `You didn't allow everything we need in ${label}, so nothing was saved. Please start again and leave every permission ticked.`,
    unreachable: `We couldn't reach ${label} just now. Nothing was saved; please try again in a moment.`,
  } as const;

  async function availability(env: ConnectionContext["env"]): Promise<ConnectionAvailability<Config>> {
    const config = spec.config(env);
    if (!config) return { ok: false, missing: provider };
    if (!env.ENCRYPTION_KEY) return { ok: false, missing: "encryption-key" };
    return { ok: true, config, cipher: await createTokenCipher(env.ENCRYPTION_KEY) };
  }

  async function requireAvailable(env: ConnectionContext["env"]) {
    const available = await availability(env);
    if (!available.ok) throw new Response(null, { status: 404, statusText: "Not Found" });
    return available;
  }

  function redirectUri(request: Request, context: ConnectionContext) {
    return `${context.env.APP_URL ?? new URL(request.url).origin}${callbackPath}`;
  }

  function flowCookie(request: Request, name: keyof typeof flowCookies, value: string, maxAge: number) {
    return serialize(flowCookies[name], value, {
      httpOnly: true,
      secure: isSecureRequest(request),
      // Lax: the callback is a top-level GET navigation from the provider, which Lax cookies accompany.
      sameSite: "lax",
      path: cookiePath,
      maxAge,
    });
  }

  function clearedFlowCookies(request: Request): string[] {
    return [flowCookie(request, "state", "", 0), flowCookie(request, "verifier", "", 0)];
  }

  /** 302 to the provider's consent page, with the state and PKCE verifier kept in this browser. */
  async function start(request: Request, context: ConnectionContext) {
    const { config } = await requireAvailable(context.env);
    const state = generateState();
    const verifier = generateCodeVerifier();
    const url = spec.oauth(config, redirectUri(request, context)).authorizationUrl(state, verifier);
    const headers = new Headers({ Location: url.toString(), "Cache-Control": "no-store" });
    headers.append("Set-Cookie", flowCookie(request, "state", state, flowCookieMaxAgeSeconds));
    headers.append("Set-Cookie", flowCookie(request, "verifier", verifier, flowCookieMaxAgeSeconds));
    return new Response(null, { status: 302, headers });
  }

  /** The callback: check the state, exchange the code, read who connected, store the sealed tokens. */
  async function finish(request: Request, context: ConnectionContext, userId: string): Promise<ConnectResult> {
    const { config, cipher } = await requireAvailable(context.env);
    const params = new URL(request.url).searchParams;
    const error = params.get("error");
    if (error) return { ok: false, status: 400, message: error === "access_denied" ? messages.denied : messages.providerError };

    const cookies = parse(request.headers.get("cookie") ?? "");
    const expectedState = cookies[flowCookies.state];
    const verifier = cookies[flowCookies.verifier];
    if (!expectedState || !verifier) return { ok: false, status: 400, message: messages.expired };
    const code = params.get("code");
    const state = params.get("state");
    if (!code || !state || !constantTimeStringEqual(state, expectedState))
      return { ok: false, status: 400, message: messages.stateMismatch };

    let tokens;
    let profile;
    try {
      tokens = await spec.oauth(config, redirectUri(request, context)).exchangeCode(code, verifier);
      profile = await spec.identify(config, tokens);
    } catch (failure) {
      if (spec.isAuthorizationError(failure)) return { ok: false, status: 400, message: messages.codeRejected };
      console.warn(`${label} connection failed:`, failure);
      return { ok: false, status: 502, message: messages.unreachable };
    }
    const granted = tokens.scopes.split(" ");
    if (spec.requiredScopes.some((scope) => !granted.includes(scope))) return { ok: false, status: 400, message: messages.scopes };
    if (!tokens.refreshToken) {
      console.warn(`${label} sent no refresh token with the authorization code`);
      return { ok: false, status: 502, message: messages.providerError };
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

  /**
   * The callback route's answer: on to `connectedPath` (after `onConnected`, e.g. a first sync), or
   * the reason it failed (400/502). The flow cookies are single-use either way.
   */
  async function callback(
    request: Request,
    context: ConnectionContext,
    userId: string,
    connectedPath: string,
    onConnected?: () => Promise<unknown>,
  ) {
    const result = await finish(request, context, userId);
    const headers = new Headers({ "Cache-Control": "no-store" });
    for (const cookie of clearedFlowCookies(request)) headers.append("Set-Cookie", cookie);
    if (result.ok) {
      await onConnected?.();
      throw redirect(connectedPath, { headers });
    }
    return data({ message: result.message }, { status: result.status, headers });
  }

  async function find(context: Pick<ConnectionContext, "db">, userId: string): Promise<ConnectedAccount | null> {
    const row = await context.db.query.connectedAccounts.findFirst({
      where: and(eq(connectedAccounts.userId, userId), eq(connectedAccounts.provider, provider)),
    });
    return row ?? null;
  }

  /**
   * Deletes the stored tokens. The provider is asked to revoke the grant too, so the app disappears
   * from the user's account there; if it can't be reached the tokens are deleted all the same.
   */
  async function disconnect(context: ConnectionContext, userId: string): Promise<{ disconnected: boolean }> {
    const row = await find(context, userId);
    if (!row) return { disconnected: false };
    const available = await availability(context.env);
    if (available.ok && row.status === "active") {
      try {
        const refreshToken = await available.cipher.open(row.refreshTokenEncrypted, purposes.refresh);
        await spec.oauth(available.config, "").revoke(refreshToken);
      } catch (error) {
        console.warn(`Revoking the ${label} grant failed; deleting the tokens anyway:`, error);
      }
    }
    await context.db.delete(connectedAccounts).where(eq(connectedAccounts.id, row.id));
    return { disconnected: true };
  }

  /**
   * Records that the provider stopped honouring the connection and tells the specialist once per
   * connection (the notification's key includes when it was connected; a reconnect starts anew).
   */
  async function markLost(context: ConnectionContext, row: ConnectedAccount, status: "revoked" | "error", reason: string) {
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

  /** Claims the refresh lease on `row` as read; false when another request holds it or refreshed first. */
  async function claimRefresh(context: ConnectionContext, row: ConnectedAccount) {
    const now = context.clock.now();
    const claimed = await context.db
      .update(connectedAccounts)
      .set({ refreshLockedUntil: new Date(now.getTime() + refreshLeaseMs) })
      .where(
        and(
          eq(connectedAccounts.id, row.id),
          eq(connectedAccounts.status, "active"),
          eq(connectedAccounts.accessTokenEncrypted, row.accessTokenEncrypted),
          or(isNull(connectedAccounts.refreshLockedUntil), lt(connectedAccounts.refreshLockedUntil, now)),
        ),
      )
      .returning({ id: connectedAccounts.id });
    return claimed.length > 0;
  }

  async function refreshTokens(
    context: ConnectionContext,
    available: Extract<ConnectionAvailability<Config>, { ok: true }>,
    row: ConnectedAccount,
  ) {
    const { cipher, config } = available;
    let tokens;
    try {
      const refreshToken = await cipher.open(row.refreshTokenEncrypted, purposes.refresh);
      tokens = await spec.oauth(config, "").refresh(refreshToken);
    } catch (error) {
      if (!spec.isAuthorizationError(error)) {
        await context.db.update(connectedAccounts).set({ refreshLockedUntil: null }).where(eq(connectedAccounts.id, row.id));
      }
      throw error;
    }
    const now = context.clock.now();
    // A rotated refresh token (Zoom) retires the old one: it must be saved, whatever else happens.
    await context.db
      .update(connectedAccounts)
      .set({
        accessTokenEncrypted: await cipher.seal(tokens.accessToken, purposes.access),
        ...(tokens.refreshToken ? { refreshTokenEncrypted: await cipher.seal(tokens.refreshToken, purposes.refresh) } : {}),
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
   * A valid access token, refreshed first when it expires within `refreshMarginMs` (or when it is
   * `refused`, the sealed token the provider just turned down). One request refreshes at a time,
   * under a lease; others wait for its result, since a rotated refresh token used twice is refused.
   * A refresh the provider refuses marks the connection lost.
   */
  async function accessToken(
    context: ConnectionContext,
    userId: string,
    options: { refused?: string } = {},
  ): Promise<{ ok: true; accessToken: string; api: Api; connection: ConnectedAccount } | ConnectionUnavailable> {
    const available = await availability(context.env);
    if (!available.ok) return { ok: false, reason: "unavailable" };
    for (let attempt = 0; attempt < refreshWaitAttempts; attempt += 1) {
      const row = await find(context, userId);
      if (!row) return { ok: false, reason: "not-connected" };
      if (row.status !== "active") return { ok: false, reason: "lost" };
      try {
        const stale = row.accessTokenExpiresAt.getTime() - context.clock.now().getTime() <= refreshMarginMs;
        if (!stale && row.accessTokenEncrypted !== options.refused) {
          const token = await available.cipher.open(row.accessTokenEncrypted, purposes.access);
          return { ok: true, accessToken: token, api: spec.api(available.config, token), connection: row };
        }
        if (await claimRefresh(context, row)) {
          const token = await refreshTokens(context, available, row);
          return { ok: true, accessToken: token, api: spec.api(available.config, token), connection: row };
        }
      } catch (error) {
        if (spec.isAuthorizationError(error)) {
          await markLost(context, row, "revoked", error instanceof Error ? error.message : String(error));
          return { ok: false, reason: "lost" };
        }
        if (error instanceof Error && error.name === "TokenCipherError") {
          // Sealed under another ENCRYPTION_KEY: only reconnecting can recover.
          await markLost(context, row, "error", `The stored ${label} tokens could not be decrypted with ENCRYPTION_KEY`);
          return { ok: false, reason: "lost" };
        }
        throw error;
      }
      // Another request is refreshing: its new tokens will be in the row shortly.
      await new Promise((resolve) => setTimeout(resolve, refreshWaitMs));
    }
    throw new ProviderError(`Timed out waiting for another request to refresh the ${label} access token`, { permanent: false });
  }

  /**
   * Runs `call` with the specialist's API. When the provider refuses the access token it is
   * refreshed and the call tried once more; refused again, the connection is marked lost. Other
   * provider failures are thrown for the caller's retries.
   */
  async function withApi<T>(
    context: ConnectionContext,
    userId: string,
    call: (api: Api) => Promise<T>,
  ): Promise<{ ok: true; value: T } | ConnectionUnavailable> {
    let access = await accessToken(context, userId);
    for (let attempt = 0; ; attempt += 1) {
      if (!access.ok) return access;
      try {
        return { ok: true, value: await call(access.api) };
      } catch (error) {
        if (!spec.isAuthorizationError(error)) throw error;
        if (attempt > 0) {
          await markLost(context, access.connection, "revoked", error instanceof Error ? error.message : String(error));
          return { ok: false, reason: "lost" };
        }
        access = await accessToken(context, userId, { refused: access.connection.accessTokenEncrypted });
      }
    }
  }

  return { availability, start, finish, callback, find, disconnect, markLost, accessToken, withApi };
}
