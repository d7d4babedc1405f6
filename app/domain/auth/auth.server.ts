import { redirect, type AppLoadContext } from "@remix-run/server-runtime";
import { eq } from "drizzle-orm";
import type { RequestMemoKey } from "../../../load-context";
import { credentials, users, type UserRole } from "../../../db/schema";
import { unreadOfSessionQuery } from "../notifications/center.server";
import { parseSecretToken } from "./secret-token";
import { clearedSessionCookie, readSessionToken, sessionCookie } from "./session-cookie.server";
import {
  acceptSessionRow,
  createSession,
  invalidateSession,
  sessionAbsoluteLifetimeMs,
  sessionRowQuery,
  type SessionUser,
} from "./sessions.server";

type Context = Pick<AppLoadContext, "db" | "clock" | "passwords" | "clientAddress" | "requestMemo">;

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

export interface RequestSession {
  session: SessionUser | null;
  /** The number on the notification bell; 0 when nobody is signed in. */
  unread: number;
}

const signedOut: RequestSession = { session: null, unread: 0 };
const requestSessionKey = Symbol("request session") as RequestMemoKey<RequestSession>;

/**
 * Who is signed in, with their bell's count, in one round trip to the database; read once per
 * request however many loaders ask (the root and the route's run in parallel).
 */
export function getRequestSession(request: Request, context: Context): Promise<RequestSession> {
  const token = readSessionToken(request);
  if (!token) return Promise.resolve(signedOut);
  const read = () => readSession(context, token);
  return context.requestMemo ? context.requestMemo.once(requestSessionKey, read) : read();
}

/** `withBell`: read the bell's count in the same round trip (pages); actions show no bell. */
async function readSession(context: Context, token: string, withBell = true): Promise<RequestSession> {
  const parsed = parseSecretToken(token);
  if (!parsed) return signedOut;
  const { db } = context;
  // The count is read for the session's user before the secret is checked, and dropped unless it matches.
  const [[row], [counted]] = withBell
    ? await db.batch([
        sessionRowQuery(db, { sessionId: parsed.id }),
        unreadOfSessionQuery(db, { sessionId: parsed.id, now: context.clock.now().getTime() }),
      ])
    : [await sessionRowQuery(db, { sessionId: parsed.id }), []];
  const session = await acceptSessionRow(db, parsed.secret, row, context.clock.now());
  return session ? { session, unread: counted?.unread ?? 0 } : signedOut;
}

/**
 * Who is signed in. Loaders share the read (and the bell's count) through the request memo; an
 * action has no memo and shows no bell, so it reads the session alone.
 */
export async function getSessionUser(request: Request, context: Context): Promise<SessionUser | null> {
  if (context.requestMemo) return (await getRequestSession(request, context)).session;
  const token = readSessionToken(request);
  return token ? (await readSession(context, token, false)).session : null;
}

/** Redirects to /login (coming back here afterwards) when nobody is signed in. */
export async function requireUser(request: Request, context: Context): Promise<SessionUser> {
  const session = await getSessionUser(request, context);
  if (session) return session;
  const url = new URL(request.url);
  const redirectTo = `${url.pathname}${url.search}`;
  throw redirect(`/login?${new URLSearchParams({ redirectTo })}`, {
    headers: readSessionToken(request) ? { "Set-Cookie": clearedSessionCookie(request) } : undefined,
  });
}

export async function requireRole(request: Request, context: Context, roles: readonly UserRole[]) {
  const session = await requireUser(request, context);
  if (!roles.includes(session.user.role)) {
    throw new Response("Your account doesn't have access to this page.", { status: 403 });
  }
  return session;
}

export async function requireAnonymous(request: Request, context: Context) {
  if (await getSessionUser(request, context)) throw redirect("/");
}

// A real hash of a throwaway password, verified when the account doesn't exist, so the
// response time doesn't tell an attacker which emails have accounts.
let decoyHash: Promise<string> | undefined;

/**
 * The account the email and password sign in to; `{ suspended: true }` when they are right but an
 * admin suspended the account (ADR 0020: said only to someone who knows the password); null
 * otherwise, the same for an unknown email, a wrong password or a deleted account.
 */
export async function verifyPasswordLogin(
  context: Context,
  email: string,
  password: string,
): Promise<{ userId: string; role: UserRole } | { suspended: true } | null> {
  const [row] = await context.db
    .select({ id: users.id, role: users.role, status: users.status, passwordHash: credentials.passwordHash })
    .from(users)
    .innerJoin(credentials, eq(credentials.userId, users.id))
    .where(eq(users.email, normalizeEmail(email)))
    .limit(1);
  if (!row) {
    decoyHash ??= context.passwords.hash("decoy password that never matches");
    await context.passwords.verify(password, await decoyHash);
    return null;
  }
  const valid = await context.passwords.verify(password, row.passwordHash);
  if (!valid) return null;
  if (row.status === "suspended") return { suspended: true };
  return row.status === "active" ? { userId: row.id, role: row.role } : null;
}

/** Always a fresh session: an existing session id is never reused, so fixation is impossible. */
/** Where signing in leads without a `redirectTo`: a specialist to their practice, a customer to their bookings. */
export function landingPathFor(role: UserRole): string {
  return role === "specialist" ? "/specialist" : role === "customer" ? "/bookings" : "/";
}

export async function startSession(request: Request, context: Context, userId: string, redirectTo: string) {
  const existing = await getSessionUser(request, context);
  if (existing) await invalidateSession(context.db, existing.sessionId);
  const now = context.clock.now();
  const { token } = await createSession(context.db, userId, now, {
    userAgent: request.headers.get("user-agent"),
    ipAddress: context.clientAddress,
  });
  return redirect(redirectTo, {
    headers: { "Set-Cookie": sessionCookie(request, token, new Date(now.getTime() + sessionAbsoluteLifetimeMs)) },
  });
}

export async function endSession(request: Request, context: Context, redirectTo = "/") {
  const session = await getSessionUser(request, context);
  if (session) await invalidateSession(context.db, session.sessionId);
  return redirect(redirectTo, { headers: { "Set-Cookie": clearedSessionCookie(request) } });
}
