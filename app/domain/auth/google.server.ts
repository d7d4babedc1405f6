import { constantTimeEqual } from "@oslojs/crypto/subtle";
import type { AppLoadContext } from "@remix-run/server-runtime";
import {
  ArcticFetchError,
  CodeChallengeMethod,
  decodeIdToken,
  generateCodeVerifier,
  generateState,
  OAuth2Client,
  OAuth2RequestError,
} from "arctic";
import { parse, serialize } from "cookie";
import { and, eq } from "drizzle-orm";
import * as z from "zod";
import { oauthAccounts, users } from "../../../db/schema";
import type { AppEnv } from "../../env.server";
import { isUniqueViolation } from "../../lib/db-errors";
import { safeRedirectPath } from "../../lib/safe-redirect";
import { normalizeEmail, startSession } from "./auth.server";
import { isSecureRequest } from "./session-cookie.server";

type Context = Pick<AppLoadContext, "db" | "clock" | "passwords" | "clientAddress" | "env">;

const provider = "google";
const scopes = ["openid", "email", "profile"];
// Long enough to pick an account and consent; short enough that a leaked cookie is soon useless.
const flowCookieMaxAgeSeconds = 10 * 60;
const googleIssuers = ["https://accounts.google.com", "accounts.google.com"];

type GoogleConfig = { clientId: string; clientSecret: string; authorizationUrl: string; tokenUrl: string };

export function isGoogleSignInEnabled(env: AppEnv): boolean {
  return googleConfig(env) !== null;
}

function googleConfig(env: AppEnv): GoogleConfig | null {
  if (!env.GOOGLE_CLIENT_ID || !env.GOOGLE_CLIENT_SECRET) return null;
  return {
    clientId: env.GOOGLE_CLIENT_ID,
    clientSecret: env.GOOGLE_CLIENT_SECRET,
    authorizationUrl: env.GOOGLE_AUTHORIZATION_URL,
    tokenUrl: env.GOOGLE_TOKEN_URL,
  };
}

/** Routes answer 404 when Google isn't configured, as if the feature didn't exist. */
function requireGoogleConfig(env: AppEnv): GoogleConfig {
  const config = googleConfig(env);
  if (!config) throw new Response(null, { status: 404, statusText: "Not Found" });
  return config;
}

function oauthClient(request: Request, context: Context, config: GoogleConfig) {
  const origin = context.env.APP_URL ?? new URL(request.url).origin;
  return new OAuth2Client(config.clientId, config.clientSecret, `${origin}/auth/google/callback`);
}

// ---------------------------------------------------------------------------------------------
// Flow cookies: state, PKCE verifier and where to go afterwards, bound to this browser.

const flowCookies = { state: "google_oauth_state", verifier: "google_oauth_verifier", redirectTo: "google_oauth_redirect" };
type FlowCookie = keyof typeof flowCookies;

function flowCookieName(request: Request, cookie: FlowCookie) {
  // `__Host-` pins the cookie to this exact origin over HTTPS, like the session cookie.
  return `${isSecureRequest(request) ? "__Host-" : ""}${flowCookies[cookie]}`;
}

function flowCookie(request: Request, cookie: FlowCookie, value: string, maxAge: number) {
  return serialize(flowCookieName(request, cookie), value, {
    httpOnly: true,
    secure: isSecureRequest(request),
    // Lax: the callback is a top-level GET navigation from Google, which Lax cookies accompany.
    sameSite: "lax",
    path: "/",
    maxAge,
  });
}

function readFlowCookies(request: Request) {
  const cookies = parse(request.headers.get("cookie") ?? "");
  return {
    state: cookies[flowCookieName(request, "state")] || null,
    verifier: cookies[flowCookieName(request, "verifier")] || null,
    redirectTo: safeRedirectPath(cookies[flowCookieName(request, "redirectTo")]),
  };
}

/** Where the user meant to go, so a failed attempt can offer to retry towards the same place. */
export function flowRedirectTo(request: Request) {
  return readFlowCookies(request).redirectTo;
}

/** Set-Cookie values that remove the flow cookies: each is single-use. */
export function clearedFlowCookies(request: Request): string[] {
  return (Object.keys(flowCookies) as FlowCookie[]).map((cookie) => flowCookie(request, cookie, "", 0));
}

function constantTimeStringEqual(a: string, b: string) {
  const encoder = new TextEncoder();
  return constantTimeEqual(encoder.encode(a), encoder.encode(b));
}

// ---------------------------------------------------------------------------------------------
// Start: 302 to Google's consent screen.

export function startGoogleSignIn(request: Request, context: Context, redirectTo: FormDataEntryValue | string | null) {
  const config = requireGoogleConfig(context.env);
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  const url = oauthClient(request, context, config).createAuthorizationURLWithPKCE(
    config.authorizationUrl,
    state,
    CodeChallengeMethod.S256,
    codeVerifier,
    scopes,
  );
  const headers = new Headers({ Location: url.toString() });
  headers.append("Set-Cookie", flowCookie(request, "state", state, flowCookieMaxAgeSeconds));
  headers.append("Set-Cookie", flowCookie(request, "verifier", codeVerifier, flowCookieMaxAgeSeconds));
  headers.append("Set-Cookie", flowCookie(request, "redirectTo", safeRedirectPath(redirectTo), flowCookieMaxAgeSeconds));
  // The authorization URL carries a one-time state; nothing in between should keep it.
  headers.set("Cache-Control", "no-store");
  return new Response(null, { status: 302, headers });
}

// ---------------------------------------------------------------------------------------------
// Callback: check state, exchange the code, find/link/create the user, start a session.

export type GoogleSignInFailure = { ok: false; status: 400 | 403 | 502; message: string };
export type GoogleSignInResult = { ok: true; response: Response } | GoogleSignInFailure;

const messages = {
  denied: "You cancelled signing in with Google, so nothing changed. You can try again or log in with your email and password.",
  googleError: "Google couldn't complete the sign-in. Please try again.",
  expired: "Your Google sign-in expired or was started in another browser. Please start again.",
  stateMismatch: "We couldn't confirm that this sign-in was started by you, so we stopped it. Please start again.",
  codeRejected: "Google didn't accept this sign-in, perhaps because it was already used or took too long. Please start again.",
  unreachable: "We couldn't reach Google just now. Please try again in a moment.",
  badIdentity: "Google sent back sign-in details we couldn't read. Please try again.",
  noEmail: "Google didn't share a verified email address for this account, so we can't sign you in with it.",
  unverifiedExisting:
    "An account with this email already exists, but Google hasn't verified that address for your Google account, so we didn't link them. Log in with your email and password instead.",
  inactive: "This account can't sign in right now. Contact support if you think this is a mistake.",
  emailTaken: "An account with this email already exists. Log in with your email and password instead.",
} as const;

function failure(status: GoogleSignInFailure["status"], message: string): GoogleSignInFailure {
  return { ok: false, status, message };
}

export async function finishGoogleSignIn(request: Request, context: Context): Promise<GoogleSignInResult> {
  const config = requireGoogleConfig(context.env);
  const params = new URL(request.url).searchParams;
  const error = params.get("error");
  if (error) return failure(400, error === "access_denied" ? messages.denied : messages.googleError);

  const code = params.get("code");
  const returnedState = params.get("state");
  const flow = readFlowCookies(request);
  if (!flow.state || !flow.verifier) return failure(400, messages.expired);
  if (!code || !returnedState || !constantTimeStringEqual(returnedState, flow.state)) {
    return failure(400, messages.stateMismatch);
  }

  const identity = await exchangeCode(request, context, config, code, flow.verifier);
  if (!identity.ok) return identity;

  const account = await findOrCreateAccount(context, identity.claims);
  if (!account.ok) return account;
  const response = await startSession(request, context, account.userId, flow.redirectTo);
  return { ok: true, response };
}

const idTokenClaimsSchema = z.object({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  sub: z.string().min(1).max(255),
  email: z.string().optional(),
  // Google sends a JSON boolean; anything else is treated as "not verified".
  email_verified: z.unknown().optional(),
  name: z.string().optional(),
});

type GoogleClaims = { sub: string; email: string | null; emailVerified: boolean; name: string | null };

async function exchangeCode(
  request: Request,
  context: Context,
  config: GoogleConfig,
  code: string,
  codeVerifier: string,
): Promise<{ ok: true; claims: GoogleClaims } | GoogleSignInFailure> {
  let idToken: string;
  try {
    const tokens = await oauthClient(request, context, config).validateAuthorizationCode(config.tokenUrl, code, codeVerifier);
    idToken = tokens.idToken();
  } catch (error) {
    if (error instanceof OAuth2RequestError) return failure(400, messages.codeRejected);
    if (error instanceof ArcticFetchError) return failure(502, messages.unreachable);
    // Unexpected status or body from the token endpoint, or no id_token in it.
    return failure(502, messages.badIdentity);
  }

  let decoded: object;
  try {
    // No signature check needed: the token came straight from Google's token endpoint over TLS
    // (OpenID Connect Core 3.1.3.7), authenticated with our client secret.
    decoded = decodeIdToken(idToken);
  } catch {
    return failure(502, messages.badIdentity);
  }
  const parsed = idTokenClaimsSchema.safeParse(decoded);
  if (!parsed.success) return failure(502, messages.badIdentity);
  const claims = parsed.data;
  const audiences = typeof claims.aud === "string" ? [claims.aud] : claims.aud;
  if (!googleIssuers.includes(claims.iss) || !audiences.includes(config.clientId)) {
    return failure(502, messages.badIdentity);
  }
  const email = claims.email ? normalizeEmail(claims.email) : "";
  return {
    ok: true,
    claims: {
      sub: claims.sub,
      email: z.email().max(254).safeParse(email).success ? email : null,
      emailVerified: claims.email_verified === true,
      name: claims.name?.trim().slice(0, 100) || null,
    },
  };
}

type AccountResult = { ok: true; userId: string } | GoogleSignInFailure;

async function findOrCreateAccount(context: Context, claims: GoogleClaims): Promise<AccountResult> {
  const linked = await findLinkedUser(context, claims.sub);
  if (linked) return linked.status === "active" ? { ok: true, userId: linked.id } : failure(403, messages.inactive);

  if (!claims.email) return failure(400, messages.noEmail);
  const existing = await context.db.query.users.findFirst({ where: eq(users.email, claims.email) });
  if (existing) {
    // Linking on an unverified address would let anyone who types a victim's email into a
    // Google account take over the victim's Specialistly account.
    if (!claims.emailVerified) return failure(400, messages.unverifiedExisting);
    if (existing.status !== "active") return failure(403, messages.inactive);
    return linkGoogleAccount(context, existing.id, existing.emailVerifiedAt, claims.sub);
  }
  // A new account would claim an address nobody has proven to own (and block its real owner).
  if (!claims.emailVerified) return failure(400, messages.noEmail);
  return createGoogleUser(context, { ...claims, email: claims.email });
}

async function findLinkedUser(context: Context, sub: string) {
  const [row] = await context.db
    .select({ id: users.id, status: users.status })
    .from(oauthAccounts)
    .innerJoin(users, eq(users.id, oauthAccounts.userId))
    .where(and(eq(oauthAccounts.provider, provider), eq(oauthAccounts.providerUserId, sub)))
    .limit(1);
  return row ?? null;
}

async function linkGoogleAccount(context: Context, userId: string, emailVerifiedAt: Date | null, sub: string): Promise<AccountResult> {
  const now = context.clock.now();
  const link = context.db.insert(oauthAccounts).values({ provider, providerUserId: sub, userId, createdAt: now });
  try {
    if (emailVerifiedAt) await link;
    else await context.db.batch([link, context.db.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, userId))]);
  } catch (error) {
    // A parallel callback for the same Google account linked it first; use that link.
    if (isUniqueViolation(error)) return resolveRace(context, sub);
    throw error;
  }
  return { ok: true, userId };
}

async function createGoogleUser(context: Context, claims: GoogleClaims & { email: string }): Promise<AccountResult> {
  const userId = crypto.randomUUID();
  const now = context.clock.now();
  try {
    // One batch: a Google user never exists without the link that lets them log in.
    await context.db.batch([
      context.db.insert(users).values({
        id: userId,
        email: claims.email,
        name: claims.name ?? claims.email.split("@")[0]!,
        role: "customer",
        // Google doesn't tell us; they can change it in settings.
        timezone: "UTC",
        emailVerifiedAt: now,
      }),
      context.db.insert(oauthAccounts).values({ provider, providerUserId: claims.sub, userId, createdAt: now }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) return resolveRace(context, claims.sub);
    throw error;
  }
  return { ok: true, userId };
}

async function resolveRace(context: Context, sub: string): Promise<AccountResult> {
  const linked = await findLinkedUser(context, sub);
  if (!linked) return failure(400, messages.emailTaken);
  return linked.status === "active" ? { ok: true, userId: linked.id } : failure(403, messages.inactive);
}
