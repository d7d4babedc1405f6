// Browsers on the origins in API_CORS_ORIGINS may call the API. It takes no cookies (credentials
// are bearer tokens), so there are no credentialed requests and no CSRF to guard against.

const allowedHeaders = "Authorization, Content-Type, Idempotency-Key";
const exposedHeaders = "RateLimit, RateLimit-Policy, Retry-After, Idempotent-Replayed, Location, WWW-Authenticate";
const allowedMethods = "GET, POST, PUT, PATCH, DELETE";

function allowedOrigin(request: Request, allowList: readonly string[]) {
  const origin = request.headers.get("origin");
  return origin && allowList.includes(origin) ? origin : null;
}

export function corsHeaders(request: Request, allowList: readonly string[]): Headers {
  const headers = new Headers({ Vary: "Origin" });
  const origin = allowedOrigin(request, allowList);
  if (origin) {
    headers.set("Access-Control-Allow-Origin", origin);
    headers.set("Access-Control-Expose-Headers", exposedHeaders);
  }
  return headers;
}

/** The answer to a CORS preflight: permission for an allowed origin, none (so the browser refuses) for any other. */
export function preflightResponse(request: Request, allowList: readonly string[]) {
  const headers = corsHeaders(request, allowList);
  if (headers.has("Access-Control-Allow-Origin")) {
    headers.set("Access-Control-Allow-Methods", allowedMethods);
    headers.set("Access-Control-Allow-Headers", allowedHeaders);
    headers.set("Access-Control-Max-Age", "600");
  }
  return new Response(null, { status: 204, headers });
}
