/**
 * Hrana over HTTP, JSON encoding: the wire format Turso/sqld speaks and `@libsql/client` sends.
 * Spec: https://github.com/tursodatabase/libsql/blob/main/docs/HRANA_3_SPEC.md
 *
 * This module is pure (no I/O): request validation, value codecs, response types and errors.
 */
import * as z from "zod";

/** A value as SQLite stores it. Integers are always bigint so 64-bit values survive the trip. */
export type SqlValue = null | bigint | number | string | Uint8Array;

// ---------------------------------------------------------------------------------------------
// Errors

/** The `Error` structure of the protocol. */
export interface ProtoError {
  message: string;
  code: string;
}

/** A failure reported inside a 200 response: a failed statement, an unknown `sql_id`, ... */
export class HranaError extends Error {
  override name = "HranaError";
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }

  toProto(): ProtoError {
    return { message: this.message, code: this.code };
  }
}

/** A failure of the whole HTTP request (bad body, unknown baton, missing auth, ...). */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /**
   * `error` is what a human reads; `message` + `code` is the protocol's `Error` structure, which
   * the client turns into a `LibsqlError` with this code (it only looks for `message`).
   */
  toBody(): { error: string; message: string; code: string } {
    return { error: this.message, message: this.message, code: this.code };
  }
}

// ---------------------------------------------------------------------------------------------
// Requests

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// One refinement, not regex + range: zod runs every check even after one fails, and BigInt() throws.
const integerString = z.string().refine((value) => /^[+-]?\d+$/.test(value) && BigInt(value) >= INT64_MIN && BigInt(value) <= INT64_MAX, {
  error: "expected a 64-bit integer as a decimal string",
});

// Standard or URL-safe alphabet, padding optional (the client sends standard with padding).
const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, { error: "expected base64" });

const valueSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("null") }),
  z.object({ type: z.literal("integer"), value: integerString }),
  z.object({ type: z.literal("float"), value: z.number() }),
  z.object({ type: z.literal("text"), value: z.string() }),
  z.object({ type: z.literal("blob"), base64 }),
]);
export type ProtoValueIn = z.infer<typeof valueSchema>;

const sqlId = z.number().int();

/** Requests name their SQL either inline (`sql`) or by a `sql_id` stored earlier on the stream. */
const exactlyOneSql = [
  (value: { sql?: string | null; sql_id?: number | null }) => (value.sql != null) !== (value.sql_id != null),
  { error: "exactly one of `sql` and `sql_id` is required" },
] as const;

const stmtSchema = z
  .object({
    sql: z.string().nullish(),
    sql_id: sqlId.nullish(),
    args: z.array(valueSchema).optional(),
    named_args: z.array(z.object({ name: z.string(), value: valueSchema })).optional(),
    want_rows: z.boolean().nullish(),
  })
  .refine(...exactlyOneSql);
export type ProtoStmt = z.infer<typeof stmtSchema>;

export type BatchCond =
  | { type: "ok"; step: number }
  | { type: "error"; step: number }
  | { type: "not"; cond: BatchCond }
  | { type: "and"; conds: BatchCond[] }
  | { type: "or"; conds: BatchCond[] }
  | { type: "is_autocommit" };

const stepIndex = z.number().int().nonnegative();

const batchCondSchema: z.ZodType<BatchCond> = z.lazy(() =>
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("ok"), step: stepIndex }),
    z.object({ type: z.literal("error"), step: stepIndex }),
    z.object({ type: z.literal("not"), cond: batchCondSchema }),
    z.object({ type: z.literal("and"), conds: z.array(batchCondSchema) }),
    z.object({ type: z.literal("or"), conds: z.array(batchCondSchema) }),
    z.object({ type: z.literal("is_autocommit") }),
  ]),
);

const batchSchema = z
  .object({
    steps: z.array(z.object({ condition: batchCondSchema.nullish(), stmt: stmtSchema })),
  })
  .superRefine((batch, ctx) => {
    // A condition can only look back: steps run in order, later ones have no outcome yet.
    batch.steps.forEach((step, index) => {
      for (const referenced of stepsReferencedBy(step.condition)) {
        if (referenced >= index) {
          ctx.addIssue({
            code: "custom",
            path: ["steps", index, "condition"],
            message: `refers to step ${referenced}, but a condition may only refer to earlier steps`,
          });
        }
      }
    });
  });
export type ProtoBatch = z.infer<typeof batchSchema>;

const streamRequestSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("close") }),
  z.object({ type: z.literal("execute"), stmt: stmtSchema }),
  z.object({ type: z.literal("batch"), batch: batchSchema }),
  z.object({ type: z.literal("sequence"), sql: z.string().nullish(), sql_id: sqlId.nullish() }).refine(...exactlyOneSql),
  z.object({ type: z.literal("describe"), sql: z.string().nullish(), sql_id: sqlId.nullish() }).refine(...exactlyOneSql),
  z.object({ type: z.literal("store_sql"), sql_id: sqlId, sql: z.string() }),
  z.object({ type: z.literal("close_sql"), sql_id: sqlId }),
  z.object({ type: z.literal("get_autocommit") }),
]);
export type StreamRequest = z.infer<typeof streamRequestSchema>;

export const pipelineRequestSchema = z.object({
  baton: z.string().nullish(),
  requests: z.array(streamRequestSchema),
});
export type PipelineRequest = z.infer<typeof pipelineRequestSchema>;

export const cursorRequestSchema = z.object({
  baton: z.string().nullish(),
  batch: batchSchema,
});
export type CursorRequest = z.infer<typeof cursorRequestSchema>;

export type ProtocolVersion = 2 | 3;

/** Validate a decoded JSON body; failures name the offending field, e.g. `requests[0].stmt.sql`. */
export function parseRequestBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 3).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  throw new HttpError(400, "INVALID_REQUEST", `Invalid request body: ${problems.join("; ")}`);
}

/** Hrana 2 has no autocommit introspection; sqld rejects it there, and so do we. */
export function assertSupportedByVersion(requests: readonly StreamRequest[], version: ProtocolVersion): void {
  if (version >= 3) return;
  requests.forEach((request, index) => {
    const usesAutocommit =
      request.type === "get_autocommit" ||
      (request.type === "batch" && request.batch.steps.some((step) => usesIsAutocommit(step.condition)));
    if (usesAutocommit) {
      throw new HttpError(
        400,
        "NOT_SUPPORTED",
        `requests[${index}]: \`get_autocommit\` and \`is_autocommit\` need Hrana 3 (use the /v3 endpoints)`,
      );
    }
  });
}

function usesIsAutocommit(cond: BatchCond | null | undefined): boolean {
  if (!cond) return false;
  switch (cond.type) {
    case "is_autocommit":
      return true;
    case "not":
      return usesIsAutocommit(cond.cond);
    case "and":
    case "or":
      return cond.conds.some(usesIsAutocommit);
    default:
      return false;
  }
}

function stepsReferencedBy(cond: BatchCond | null | undefined): number[] {
  if (!cond) return [];
  switch (cond.type) {
    case "ok":
    case "error":
      return [cond.step];
    case "not":
      return stepsReferencedBy(cond.cond);
    case "and":
    case "or":
      return cond.conds.flatMap(stepsReferencedBy);
    case "is_autocommit":
      return [];
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : `${out ? "." : ""}${String(key)}`;
  return out || "(body)";
}

// ---------------------------------------------------------------------------------------------
// Responses

export type ProtoValue =
  | { type: "null" }
  | { type: "integer"; value: string }
  | { type: "float"; value: number }
  | { type: "text"; value: string }
  | { type: "blob"; base64: string };

export interface ProtoCol {
  name: string | null;
  decltype: string | null;
}

export interface StmtResult {
  cols: ProtoCol[];
  rows: ProtoValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
  // Hrana 3 additions; the client ignores them, sqld reports them. See hrana-stream.ts for caveats.
  rows_read: number;
  rows_written: number;
  query_duration_ms: number;
}

export interface BatchResult {
  step_results: (StmtResult | null)[];
  step_errors: (ProtoError | null)[];
}

export interface DescribeResult {
  params: { name: string | null }[];
  cols: ProtoCol[];
  is_explain: boolean;
  is_readonly: boolean;
}

export type StreamResponse =
  | { type: "close" }
  | { type: "execute"; result: StmtResult }
  | { type: "batch"; result: BatchResult }
  | { type: "sequence" }
  | { type: "describe"; result: DescribeResult }
  | { type: "store_sql" }
  | { type: "close_sql" }
  | { type: "get_autocommit"; is_autocommit: boolean };

export type StreamResult = { type: "ok"; response: StreamResponse } | { type: "error"; error: ProtoError };

export type CursorEntry =
  | { type: "step_begin"; step: number; cols: ProtoCol[] }
  | { type: "row"; row: ProtoValue[] }
  | { type: "step_end"; affected_row_count: number; last_insert_rowid: string | null }
  | { type: "step_error"; step: number; error: ProtoError }
  | { type: "error"; error: ProtoError };

// ---------------------------------------------------------------------------------------------
// Values

export function valueFromProto(value: ProtoValueIn): SqlValue {
  switch (value.type) {
    case "null":
      return null;
    case "integer":
      return BigInt(value.value);
    case "float":
      return value.value;
    case "text":
      return value.value;
    case "blob":
      return Buffer.from(value.base64, "base64");
  }
}

export function valueToProto(value: unknown): ProtoValue {
  if (value === null || value === undefined) return { type: "null" };
  if (typeof value === "bigint") return { type: "integer", value: value.toString() };
  // With safeIntegers on, only REAL columns come back as JS numbers.
  if (typeof value === "number") return { type: "float", value };
  if (typeof value === "string") return { type: "text", value };
  if (value instanceof Uint8Array) {
    return { type: "blob", base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  }
  throw new TypeError(`Cannot encode a ${typeof value} as a Hrana value`);
}

/**
 * JSON.stringify, except that ±Infinity (which SQLite can store as REAL) is written as ±1e999:
 * valid JSON that JSON.parse reads back as ±Infinity. Plain JSON.stringify would write `null`,
 * which the client rejects as a malformed float. (NaN never comes out of SQLite.)
 */
export function encodeJson(value: unknown): string {
  if (typeof value === "number") {
    if (Number.isFinite(value) || Number.isNaN(value)) return JSON.stringify(value);
    return value > 0 ? "1e999" : "-1e999";
  }
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(encodeJson).join(",")}]`;
  const fields: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    if (field !== undefined) fields.push(`${JSON.stringify(key)}:${encodeJson(field)}`);
  }
  return `{${fields.join(",")}}`;
}
