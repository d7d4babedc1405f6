const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export interface CsrfOptions {
  /** The app's public origin; defaults to the request's own. */
  appOrigin?: string;
  /** Paths whose requests authenticate themselves (signed webhooks, API keys) and carry no cookies. */
  exemptPathPrefixes?: readonly string[];
}

/**
 * Rejects state-changing requests that a browser sent from another site. Browsers send
 * Sec-Fetch-Site; where it is absent, Origin must be ours. A request with neither is refused too:
 * every browser we support sends one of them, and other clients use API keys or webhooks.
 */
export function crossSiteRequestRejection(request: Request, options: CsrfOptions = {}): Response | null {
  if (safeMethods.has(request.method)) return null;
  const url = new URL(request.url);
  if (options.exemptPathPrefixes?.some((prefix) => url.pathname.startsWith(prefix))) return null;
  if (isApiKeyRequest(request)) return null;

  const site = request.headers.get("sec-fetch-site");
  if (site !== null) {
    if (site === "same-origin" || site === "none") return null;
    return forbidden();
  }
  const origin = request.headers.get("origin");
  if (origin !== null && origin === (options.appOrigin ?? url.origin)) return null;
  return forbidden();
}

/** API clients authenticate with a bearer key and send no cookies, so they cannot be forged by a page. */
function isApiKeyRequest(request: Request) {
  return /^Bearer\s+\S+/i.test(request.headers.get("authorization") ?? "") && !request.headers.has("cookie");
}

function forbidden() {
  return new Response("This request came from another site and was blocked to protect your account.", {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}
