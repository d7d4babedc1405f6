import type { AppLoadContext } from "@remix-run/server-runtime";
import type * as z from "zod";
import { authenticateBearer, type ApiPrincipal } from "../../domain/api-auth/api-principal.server";
import { existingAccessTokenKeyOf } from "../../domain/api-auth/signing-key.server";
import { consumeRateLimitCounted } from "../../security/rate-limit.server";
import { corsHeaders, preflightResponse } from "./cors";
import { ApiError, problemsOf, validationFailed, type ErrorEnvelope } from "./errors";
import { withIdempotency } from "./idempotency.server";
import { operationWrites, type Operation } from "./operation";
import { operations } from "./operations/index.server";
import { openApiDocument } from "./openapi.server";

export const apiBasePath = "/api/v1";
/** Request bodies are small JSON documents; anything larger is refused before it is parsed. */
export const maxBodyBytes = 64 * 1024;

interface CompiledRoute {
  operation: Operation;
  pattern: RegExp;
  paramNames: string[];
}

function compile(operation: Operation): CompiledRoute {
  const paramNames: string[] = [];
  const source = operation.path
    .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
    .replace(/\\?\{(\w+)\\?\}|\{(\w+)\}/g, (_match, escaped: string, plain: string) => {
      paramNames.push(escaped ?? plain);
      return "([^/]+)";
    });
  return { operation, pattern: new RegExp(`^${source}$`), paramNames };
}

/** An API over `list` (tests pass their own operations; the app uses every operation). */
export function createApiHandler(list: readonly Operation[]) {
  // Literal paths before templated ones, so `/bookings/upcoming` is never read as `/bookings/{id}`.
  const routes = list.map(compile).sort((a, b) => a.paramNames.length - b.paramNames.length);
  return async (request: Request, context: AppLoadContext): Promise<Response> => {
    const cors = corsHeaders(request, context.env.API_CORS_ORIGINS);
    try {
      if (request.method === "OPTIONS") return preflightResponse(request, context.env.API_CORS_ORIGINS);
      const response = await route(routes, request, context);
      for (const [name, value] of cors) response.headers.set(name, value);
      return response;
    } catch (error) {
      const response = errorResponse(error instanceof ApiError ? error : unexpected(error));
      for (const [name, value] of cors) response.headers.set(name, value);
      return response;
    }
  };
}

/** The API's one entry: every /api/v1 request, answered in JSON (errors in the envelope). */
export const handleApiRequest = createApiHandler(operations);

function unexpected(error: unknown) {
  console.error("API request failed", error);
  return new ApiError("internal_error", "Something went wrong on our side. Please try again; if it keeps happening, contact support.");
}

async function route(routes: readonly CompiledRoute[], request: Request, context: AppLoadContext): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.slice(apiBasePath.length) || "/";
  const method = request.method === "HEAD" ? "get" : request.method.toLowerCase();
  if (path === "/openapi.json" && method === "get") return json(200, openApiDocument(), { "Cache-Control": "public, max-age=300" });

  const matches = routes.flatMap((candidate) => {
    const match = candidate.pattern.exec(path);
    return match ? [{ candidate, match }] : [];
  });
  if (matches.length === 0)
    throw new ApiError("not_found", `There is no ${apiBasePath}${path}. See ${apiBasePath}/openapi.json for what there is.`);
  const found = matches.find(({ candidate }) => candidate.operation.method === method);
  if (!found) {
    const allowed = [...new Set(matches.map(({ candidate }) => candidate.operation.method.toUpperCase()))].join(", ");
    throw new ApiError("method_not_allowed", `${request.method} isn't allowed here. Allowed: ${allowed}.`, undefined, { Allow: allowed });
  }
  const { operation, paramNames } = found.candidate;
  const rawParams = Object.fromEntries(paramNames.map((name, index) => [name, safeDecode(found.match[index + 1]!)]));

  const principal = await authenticate(request, context, operation);
  const params = parsePart(operation.params, rawParams, "path");
  const query = parsePart(operation.query, queryObject(url.searchParams), "query");
  const { body, bodyText } = await readBody(request, operation);

  const rateLimitHeaders = new Headers();
  if (operation.rateLimits) {
    for (const limit of operation.rateLimits({ body: body, clientAddress: context.clientAddress })) {
      const policy = limit.key.split(":")[0]!;
      const result = await consumeRateLimitCounted(context.db, context.clock.now(), limit);
      rateLimitHeaders.set("RateLimit-Policy", `"${policy}";q=${limit.limit};w=${Math.round(limit.windowMs / 1000)}`);
      rateLimitHeaders.set("RateLimit", `"${policy}";r=${result.remaining};t=${result.resetSeconds}`);
      if (!result.allowed) {
        throw new ApiError("rate_limited", `Too many attempts. Try again in ${result.resetSeconds} seconds.`, undefined, {
          "Retry-After": String(result.resetSeconds),
          RateLimit: rateLimitHeaders.get("RateLimit")!,
          "RateLimit-Policy": rateLimitHeaders.get("RateLimit-Policy")!,
        });
      }
    }
  }

  const run = async () => {
    const result = await operation.handler({ params, query, body, principal: principal, context, request });
    return { status: result.status, body: result.body as unknown, headers: result.headers };
  };
  const idempotencyKey = request.headers.get("idempotency-key");
  let result: { status: number; body: unknown; headers?: HeadersInit };
  try {
    result =
      operation.idempotent && idempotencyKey !== null && principal
        ? await withIdempotency(context, { userId: principal.user.id, key: idempotencyKey, operationId: operation.id, bodyText }, run)
        : await run();
  } catch (error) {
    // A refused attempt (a wrong password) was counted too: its answer says what is left.
    if (!(error instanceof ApiError) || !operation.rateLimits) throw error;
    const headers = new Headers(error.headers);
    for (const [name, value] of rateLimitHeaders) headers.set(name, value);
    throw new ApiError(error.code, error.message, error.details, headers);
  }

  const headers = new Headers(result.headers);
  for (const [name, value] of rateLimitHeaders) headers.set(name, value);
  headers.set("Cache-Control", principal ? "private, no-store" : "no-store");
  return result.status === 204 ? new Response(null, { status: 204, headers }) : json(result.status, result.body, headers);
}

async function authenticate(request: Request, context: AppLoadContext, operation: Operation): Promise<ApiPrincipal | null> {
  if (operation.auth === "none") return null;
  const header = request.headers.get("authorization");
  if (header === null) {
    if (operation.auth === "optional") return null;
    throw new ApiError("unauthorized", "Send a bearer token: `Authorization: Bearer <access token or personal token>`.", undefined, {
      "WWW-Authenticate": 'Bearer realm="api"',
    });
  }
  const bearer = /^Bearer ([\x21-\x7e]{1,4096})$/i.exec(header.trim())?.[1];
  const now = context.clock.now();
  const principal = bearer ? await authenticateBearer(context.db, () => existingAccessTokenKeyOf(context), bearer, now) : null;
  if (!principal) {
    throw new ApiError("unauthorized", "That token isn't valid: it may have expired or been revoked. Get a new one.", undefined, {
      "WWW-Authenticate": 'Bearer realm="api", error="invalid_token"',
    });
  }
  if (operation.roles && !operation.roles.includes(principal.user.role)) {
    throw new ApiError("forbidden", `This needs a ${operation.roles.join(" or ")} account.`);
  }
  if (operationWrites(operation) && principal.scope === "read") {
    throw new ApiError("insufficient_scope", "This token can only read. Create a read-write token in Settings → API to make changes.");
  }
  return principal;
}

function parsePart(schema: z.ZodType | undefined, value: Record<string, unknown>, where: "path" | "query"): never {
  if (!schema) return {} as never;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    if (where === "path") throw new ApiError("not_found", "Nothing is at that address.", { problems: problemsOf(parsed.error, where) });
    throw validationFailed(problemsOf(parsed.error, where));
  }
  return parsed.data as never;
}

/** Query parameters as an object: a repeated name becomes an array. */
function queryObject(params: URLSearchParams) {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of params) {
    const existing = result[name];
    result[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return result;
}

function safeDecode(segment: string) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function readBody(request: Request, operation: Operation): Promise<{ body: unknown; bodyText: string }> {
  if (!operation.body) {
    await request.body?.cancel();
    return { body: undefined, bodyText: "" };
  }
  const contentType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (contentType !== "application/json") {
    await request.body?.cancel();
    throw new ApiError("unsupported_media_type", "Send the body as JSON with `Content-Type: application/json`.");
  }
  const bodyText = await readTextWithin(request, maxBodyBytes);
  let value: unknown;
  try {
    value = JSON.parse(bodyText);
  } catch {
    throw new ApiError("invalid_json", "The body isn't valid JSON.");
  }
  const parsed = operation.body.safeParse(value);
  if (!parsed.success) throw validationFailed(problemsOf(parsed.error, "body"));
  return { body: parsed.data, bodyText };
}

async function readTextWithin(request: Request, limit: number) {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    await request.body?.cancel();
    throw new ApiError("payload_too_large", `The body can be at most ${limit / 1024} KB.`);
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new ApiError("payload_too_large", `The body can be at most ${limit / 1024} KB.`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError("invalid_json", "The body isn't valid UTF-8 JSON.");
  }
}

export function json(status: number, body: unknown, headers?: HeadersInit) {
  const response = new Response(JSON.stringify(body), { status, headers });
  response.headers.set("Content-Type", "application/json; charset=utf-8");
  return response;
}

export function errorResponse(error: ApiError) {
  const envelope: ErrorEnvelope = {
    error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) },
  };
  const response = json(error.status, envelope, error.headers);
  response.headers.set("Cache-Control", "no-store");
  return response;
}
