import type { HeadersFunction } from "@remix-run/server-runtime";
import { readSessionToken } from "../domain/auth/session-cookie.server";

export interface SecurityHeaderOptions {
  nonce: string;
  production: boolean;
  /** Vite's dev server injects inline styles and uses a websocket for HMR. */
  development: boolean;
  /** The request the response answers: its session cookie decides how the response may be cached. */
  request: Request;
}

export function contentSecurityPolicy({ nonce, development }: Pick<SecurityHeaderOptions, "nonce" | "development">) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    // React style attributes and Vite's dev CSS need inline styles; scripts never are inline without the nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The headers every response carries, whichever runtime served it. */
export function baselineSecurityHeaders(production: boolean): Record<string, string> {
  return {
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(production ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

export function withSecurityHeaders(response: Response, options: SecurityHeaderOptions): Response {
  // The app's own responses take the headers in place; one whose headers are immutable (a fetched
  // response, `Response.redirect`) is copied first.
  const answer = hasMutableHeaders(response)
    ? response
    : new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
  const { headers } = answer;
  for (const [name, value] of Object.entries(baselineSecurityHeaders(options.production))) headers.set(name, value);
  headers.set("Content-Security-Policy", contentSecurityPolicy(options));
  if (isPersonal(options.request, answer)) headers.set("Cache-Control", "private, no-store");
  return answer;
}

function hasMutableHeaders(response: Response) {
  try {
    response.headers.set("X-Content-Type-Options", "nosniff");
    return true;
  } catch {
    return false;
  }
}

/**
 * Whatever answers a signed-in request (documents, data requests and resource routes alike) or
 * signs someone in or out must never be stored by a browser or a shared cache. Decided here, at
 * the one exit every response passes, rather than route by route: a route that forgets can't
 * leak. A response its route marked `public` is the same for everyone and keeps its caching,
 * unless it sets a cookie.
 */
function isPersonal(request: Request, response: Response) {
  if (response.headers.has("Set-Cookie")) return true;
  if (/\bpublic\b/i.test(response.headers.get("Cache-Control") ?? "")) return false;
  return readSessionToken(request) !== null;
}

/**
 * Caching for a public page (home, directory, profiles) seen by an anonymous visitor: shared
 * caches keep it for a minute and may serve it up to five minutes stale while they refetch; open
 * times are checked again when booking. Such a page still depends on the visitor's cookies (the
 * zone times are shown in) and, for the directory, their language (the default currency): `vary`.
 * A signed-in visitor gets nothing here, so the exit marks their page private, no-store.
 */
export function publicPageHeaders(request: Request, vary: readonly string[] = ["Cookie"]): Record<string, string> {
  if (readSessionToken(request) !== null) return {};
  return { "Cache-Control": "public, max-age=0, s-maxage=60, stale-while-revalidate=300", Vary: vary.join(", ") };
}

/** Remix sends only what a route's `headers` returns: passes its loader's caching on, beside the parents' headers. */
export const publicPageCaching: HeadersFunction = ({ parentHeaders, loaderHeaders }) => {
  const headers = new Headers(parentHeaders);
  for (const name of ["Cache-Control", "Vary"]) {
    const value = loaderHeaders.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
};

const nonceBytes = 16;
// Random bytes are drawn 4 KiB at a time: one call to the system's generator serves 256 responses.
const randomPool = new Uint8Array(256 * nonceBytes);
let poolOffset = randomPool.length;

/** 128 random bits, fresh for every response. */
export function createNonce(): string {
  if (poolOffset === randomPool.length) {
    crypto.getRandomValues(randomPool);
    poolOffset = 0;
  }
  const bytes = randomPool.subarray(poolOffset, (poolOffset += nonceBytes));
  return btoa(String.fromCharCode(...bytes));
}
