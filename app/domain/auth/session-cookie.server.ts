import { parse, serialize } from "cookie";

/**
 * `__Host-` (which requires Secure, path=/ and no Domain) wherever the app is served over HTTPS;
 * a plain name only on plain-http localhost during development and tests.
 */
export function sessionCookieName(request: Request) {
  return isSecureRequest(request) ? "__Host-session" : "session";
}

export function isSecureRequest(request: Request) {
  const url = new URL(request.url);
  if (url.protocol === "https:") return true;
  return !["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

export function readSessionToken(request: Request): string | null {
  const cookies = parse(request.headers.get("cookie") ?? "");
  return cookies[sessionCookieName(request)] ?? null;
}

export function sessionCookie(request: Request, token: string, expires: Date) {
  return serialize(sessionCookieName(request), token, {
    httpOnly: true,
    secure: isSecureRequest(request),
    sameSite: "lax",
    path: "/",
    expires,
  });
}

export function clearedSessionCookie(request: Request) {
  return serialize(sessionCookieName(request), "", {
    httpOnly: true,
    secure: isSecureRequest(request),
    sameSite: "lax",
    path: "/",
    maxAge: 0,
  });
}
