import * as z from "zod";

// One error envelope for every failure of the API, with codes clients can switch on. The codes
// are stable: messages may be reworded, codes never change meaning.

export const apiErrorStatuses = {
  validation_failed: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  insufficient_scope: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  idempotency_key_reused: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  provider_unavailable: 503,
  internal_error: 500,
} as const;

export type ApiErrorCode = keyof typeof apiErrorStatuses;
export const apiErrorCodes = Object.keys(apiErrorStatuses) as [ApiErrorCode, ...ApiErrorCode[]];

export const fieldProblemSchema = z.object({
  /** Where the problem is: `body.startsAt`, `query.limit`, `path.slug`. */
  path: z.string(),
  message: z.string(),
});

export const errorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.enum(apiErrorCodes),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "Error", description: "Every error response has this shape." });

export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

/** Thrown (or returned) by operations for an expected failure; the router turns it into the envelope. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: HeadersInit,
  ) {
    super(message);
    this.status = apiErrorStatuses[code];
  }
}

export const notFound = (what: string) => new ApiError("not_found", `${what} was not found.`);
export const forbidden = (message = "Your account can't do that.") => new ApiError("forbidden", message);
export const conflict = (message: string, details?: unknown) => new ApiError("conflict", message, details);
export const validationFailed = (problems: z.infer<typeof fieldProblemSchema>[], message = "Some of what was sent isn't valid.") =>
  new ApiError("validation_failed", message, { problems });

/** A zod error as field problems under `where` (body, query, path). */
export function problemsOf(error: z.ZodError, where: "body" | "query" | "path" | "header") {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
}
