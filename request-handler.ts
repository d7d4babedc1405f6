import { createRequestHandler, type ServerBuild } from "@remix-run/server-runtime";
import { crossSiteRequestRejection } from "./app/security/csrf.server";
import { createNonce, withSecurityHeaders } from "./app/security/headers.server";
import { screenRequestInput } from "./app/security/request-input.server";
import { createRequestMemo, type BaseLoadContext } from "./load-context";

/** Paths that authenticate by signature rather than cookies (payment webhooks): no CSRF check, and bodies never read as forms. */
export const signedPaths = ["/webhooks/"] as const;
/**
 * Paths any site may POST to: signed webhooks, and one-click unsubscribe (RFC 8058), which mail
 * clients send cross-site, authorised by the unguessable id in its path rather than a cookie.
 */
export const csrfExemptPaths = [...signedPaths, "/unsubscribe/", "/api/v1"] as const;
/** The REST API authenticates by bearer token, never by cookie, and bounds and parses its JSON bodies itself. */
export const apiPathPrefix = "/api/v1";

/**
 * The app as a fetch handler, shared by Node and Workers: CSRF check, limits on the query and
 * body (read once here), a CSP nonce and a memo of shared reads per request, the Remix handler,
 * then security headers on every response.
 */
export function createAppRequestHandler(build: ServerBuild | (() => Promise<ServerBuild>), development = false) {
  const handleRemix = createRequestHandler(build, development ? "development" : "production");
  return async (request: Request, context: BaseLoadContext, clientAddress: string | null) => {
    const nonce = createNonce();
    const headerOptions = { nonce, production: context.env.NODE_ENV === "production", development, request };
    const rejection = crossSiteRequestRejection(request, {
      appOrigin: context.env.APP_URL,
      exemptPathPrefixes: csrfExemptPaths,
    });
    if (rejection) return withSecurityHeaders(rejection, headerOptions);
    const screened = new URL(request.url).pathname.startsWith(apiPathPrefix)
      ? request
      : await screenRequestInput(request, { signedPathPrefixes: signedPaths });
    if (screened instanceof Response) return withSecurityHeaders(screened, headerOptions);
    // Only loaders share reads: an action may sign someone out before the loaders run in its request.
    const requestMemo = request.method === "GET" || request.method === "HEAD" ? createRequestMemo() : undefined;
    const response = await handleRemix(screened, { ...context, cspNonce: nonce, clientAddress, requestMemo });
    return withSecurityHeaders(response, headerOptions);
  };
}
