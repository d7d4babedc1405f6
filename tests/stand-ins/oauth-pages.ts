import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";

// What the OAuth provider stand-ins (Zoom, Google) share: the consent and error pages a test's
// browser sees, answering JSON or HTML, and the small checks every provider makes.

/** Sends JSON, or the HTML in `headers.body`, or nothing. */
export function respond(response: ServerResponse, status: number, payload: unknown, headers: Record<string, string>) {
  const { body: html, ...rest } = headers;
  if (html !== undefined) return response.writeHead(status, rest).end(html);
  if (payload === undefined) return response.writeHead(status, rest).end();
  response.writeHead(status, { "content-type": "application/json; charset=UTF-8", ...rest }).end(JSON.stringify(payload));
}

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

/** The page with "Allow" and a way to decline, posting the authorization request back to `action`. */
export function consentPage(page: {
  standIn: string;
  heading: string;
  account: string;
  params: URLSearchParams;
  action: string;
  denyLabel: string;
}) {
  const hidden = [...page.params]
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Authorize app · ${escapeHtml(page.standIn)}</title></head><body>
<main><p><strong>${escapeHtml(page.standIn)}</strong> (a local test server)</p>
<h1>${escapeHtml(page.heading)}</h1>
<p>Signed in as ${escapeHtml(page.account)}.</p>
<p>It asks to: ${escapeHtml(page.params.get("scope") ?? "")}</p>
<form method="post" action="${escapeHtml(page.action)}">${hidden}
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">${escapeHtml(page.denyLabel)}</button>
</form></main></body></html>`;
}

export function errorPage(standIn: string, problem: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error · ${escapeHtml(standIn)}</title></head><body><h1>${escapeHtml(problem)}</h1></body></html>`;
}

/** A JSON object body, or null when it isn't one. */
export function jsonObject(body: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(body || "{}");
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return null;
}

export function isTimeZone(zone: string) {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** PKCE S256: the verifier hashes to the challenge sent with the authorization request. */
export function pkceMatches(verifier: string, challenge: string) {
  return createHash("sha256").update(verifier).digest("base64url") === challenge;
}
