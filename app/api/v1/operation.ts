import type { AppLoadContext } from "@remix-run/server-runtime";
import type * as z from "zod";
import type { UserRole } from "../../../db/schema";
import type { ApiPrincipal } from "../../domain/api-auth/api-principal.server";
import type { RateLimit } from "../../security/rate-limit.server";
import type { ApiErrorCode } from "./errors";

// An operation is the whole truth about one endpoint: where it lives, who may call it, the zod
// schemas that validate its input and describe its output, and the handler. The router runs it;
// the OpenAPI document is generated from it; the contract and fuzz tests walk it.

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";
type ObjectSchema = z.ZodType<Record<string, unknown>, Record<string, unknown>>;

/** A response: its description, and the schema of its JSON body (null for 204 No Content). */
export interface ResponseSpec {
  description: string;
  schema: z.ZodType | null;
}

type Responses = Partial<Record<200 | 201 | 202 | 204, ResponseSpec>>;

export type Auth =
  /** Anyone, signed in or not; the principal is ignored. */
  | "none"
  /** Anyone; a valid credential is used when sent (an invalid one is still refused). */
  | "optional"
  /** A valid credential is required. */
  | "required";

export interface OperationInput<P, Q, B, A extends Auth> {
  params: P;
  query: Q;
  body: B;
  principal: A extends "required" ? ApiPrincipal : ApiPrincipal | null;
  context: AppLoadContext;
  request: Request;
}

type Output<S> = S extends z.ZodType ? z.input<S> : undefined;
type ResultOf<R extends Responses> = {
  [S in keyof R & number]: { status: S; body: R[S] extends ResponseSpec ? Output<R[S]["schema"]> : never; headers?: HeadersInit };
}[keyof R & number];

export interface OperationSpec<
  P extends ObjectSchema | undefined,
  Q extends ObjectSchema | undefined,
  B extends z.ZodType | undefined,
  R extends Responses,
  A extends Auth,
> {
  /** Stable and unique: the OpenAPI operationId, e.g. `listSpecialists`. */
  id: string;
  method: HttpMethod;
  /** Under /api/v1, with `{name}` path parameters: `/bookings/{id}/cancel`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  auth: A;
  /** Roles allowed (after authentication); any role when omitted. */
  roles?: readonly UserRole[];
  /**
   * Whether it changes anything, so a read-only personal token may not call it. Defaults to every
   * method but GET.
   */
  writes?: boolean;
  /** Accepts an Idempotency-Key header: a repeated request gets the first response instead of a second effect. */
  idempotent?: boolean;
  /** Limits counted before the handler runs (the same policies as the web's forms). */
  rateLimits?: (input: { body: B extends z.ZodType ? z.output<B> : undefined; clientAddress: string | null }) => RateLimit[];
  params?: P;
  query?: Q;
  body?: B;
  responses: R;
  /** The error codes it can answer with, beyond those every operation can (validation, auth, rate limits). */
  errors?: readonly ApiErrorCode[];
  handler(
    input: OperationInput<
      P extends z.ZodType ? z.output<P> : Record<string, never>,
      Q extends z.ZodType ? z.output<Q> : Record<string, never>,
      B extends z.ZodType ? z.output<B> : undefined,
      A
    >,
  ): Promise<ResultOf<R>>;
}

export type Operation = OperationSpec<ObjectSchema | undefined, ObjectSchema | undefined, z.ZodType | undefined, Responses, Auth>;

/** Types the handler against its own schemas, then erases them so operations fit in one list. */
export function defineOperation<
  P extends ObjectSchema | undefined = undefined,
  Q extends ObjectSchema | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends Responses = Responses,
  A extends Auth = Auth,
>(spec: OperationSpec<P, Q, B, R, A>): Operation {
  return spec as unknown as Operation;
}

export function operationWrites(operation: Operation) {
  return operation.writes ?? operation.method !== "get";
}

/** Responses with their status as a literal, so the handler's result is checked against that status's schema. */
export const ok = <T>(body: T, headers?: HeadersInit) => ({ status: 200 as const, body, headers });
export const created = <T>(body: T, headers?: HeadersInit) => ({ status: 201 as const, body, headers });
export const noContent = (headers?: HeadersInit) => ({ status: 204 as const, body: undefined, headers });
