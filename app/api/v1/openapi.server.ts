import * as z from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { apiErrorStatuses, errorEnvelopeSchema, type ApiErrorCode } from "./errors";
import { operationWrites, type Operation } from "./operation";
import { operations } from "./operations/index.server";

// The OpenAPI 3.1 document, generated from the operations' own zod schemas: what validates a
// request is what documents it, so the two cannot drift apart.

/** Errors any operation may answer with, by what it accepts. */
function commonErrors(operation: Operation): ApiErrorCode[] {
  const codes: ApiErrorCode[] = ["internal_error"];
  if (operation.query || operation.body) codes.push("validation_failed");
  if (operation.params) codes.push("not_found");
  if (operation.body) codes.push("invalid_json", "unsupported_media_type", "payload_too_large");
  if (operation.auth !== "none") codes.push("unauthorized");
  if (operation.auth === "required" && (operation.roles || operationWrites(operation))) codes.push("forbidden");
  if (operation.auth === "required" && operationWrites(operation)) codes.push("insufficient_scope");
  if (operation.rateLimits) codes.push("rate_limited");
  if (operation.idempotent) codes.push("idempotency_key_reused", "conflict");
  return codes;
}

function errorResponses(operation: Operation): ZodOpenApiResponsesObject {
  const byStatus = new Map<number, Set<ApiErrorCode>>();
  for (const code of [...commonErrors(operation), ...(operation.errors ?? [])]) {
    const status = apiErrorStatuses[code];
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  }
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, codes] of byStatus) {
    responses[`${status}` as `4${string}`] = {
      description: `Error: ${[...codes].map((code) => `\`${code}\``).join(", ")}.`,
      content: { "application/json": { schema: errorEnvelopeSchema } },
    };
  }
  return responses;
}

function describe(operation: Operation): ZodOpenApiOperationObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, spec] of Object.entries(operation.responses)) {
    if (!spec) continue;
    responses[status as `2${string}`] = spec.schema
      ? { description: spec.description, content: { "application/json": { schema: spec.schema } } }
      : { description: spec.description };
  }
  const security: Record<string, string[]>[] =
    operation.auth === "none" ? [] : operation.auth === "optional" ? [{}, { bearer: [] }] : [{ bearer: [] }];
  const notes = [
    operation.description,
    operation.roles ? `Only for ${operation.roles.join(" and ")} accounts.` : null,
    operation.auth === "required" && operationWrites(operation) ? "Needs a read-write token." : null,
  ].filter(Boolean);
  return {
    operationId: operation.id,
    tags: [operation.tag],
    summary: operation.summary,
    ...(notes.length ? { description: notes.join("\n\n") } : {}),
    security,
    requestParams: {
      ...(operation.params ? { path: operation.params } : {}),
      ...(operation.query ? { query: operation.query } : {}),
      ...(operation.idempotent
        ? {
            header: z.object({
              "Idempotency-Key": z.string().min(1).max(255).optional().meta({
                description:
                  "Any unique value (a UUID): a repeated request with the same key and body returns the first response instead of acting twice.",
              }),
            }),
          }
        : {}),
    },
    ...(operation.body ? { requestBody: { required: true, content: { "application/json": { schema: operation.body } } } } : {}),
    responses: { ...responses, ...errorResponses(operation) },
  };
}

export function buildOpenApiDocument(list: readonly Operation[] = operations) {
  const paths: ZodOpenApiPathsObject = {};
  for (const operation of list) {
    const item = (paths[operation.path] ??= {});
    item[operation.method] = describe(operation);
  }
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Specialistly API",
      version: "1.0.0",
      description:
        "Book and run paid 1:1 sessions. JSON in and out; errors share one envelope with stable codes. Authenticate with `Authorization: Bearer <token>`: an access token from `POST /auth/token` (15 minutes, renewed with its refresh token) or a personal token from Settings → API.",
    },
    servers: [{ url: "/api/v1" }],
    tags: [...new Set(list.map((operation) => operation.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An access token (a JWT) or a personal API token (`spl_…`)." },
      },
    },
  });
}

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;

/** Built once per process or isolate: the operations don't change while it runs. */
export function openApiDocument() {
  return (cached ??= buildOpenApiDocument());
}
