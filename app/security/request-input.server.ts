import { parseWithZod } from "@conform-to/zod/v4";
import * as z from "zod";

// Limits on what a request may carry, checked before any route parses it. Conform turns a field
// named `monday[10000].start` into an array of 10,001 rows, so a 40-byte request could cost
// minutes and gigabytes; these bounds make every form and query cheap to parse, whatever it says.

/**
 * Items in any list a form or query may describe. The longest the UI makes is 12 sets of hours a
 * day (13 after one "Add hours" too many, which the editor then explains); twice that leaves room.
 */
export const maxListLength = 25;
/** The weekly hours form, the largest, has 7 days × 13 rows × 3 fields. */
export const maxFields = 500;
/** The longest real name is like `wednesday[12].untilMidnight`; this also bounds how deep a name nests. */
export const maxFieldNameLength = 100;

const kilobyte = 1024;
export const bodyLimits = {
  /** The largest URL-encoded form, the weekly hours, is about 12 KB; a 5,000-character text is at most 60 KB encoded. */
  urlEncoded: 64 * kilobyte,
  /**
   * The profile form with a picture. Pictures over 512 KB are refused by the form itself with a
   * field error; up to this size that message still reaches people whose browser runs no JavaScript.
   */
  multipart: 4 * kilobyte * kilobyte,
  /** Signed JSON events from payment providers: far larger than any real one, and never parsed as a form. */
  signed: kilobyte * kilobyte,
} as const;

type BodyKind = keyof typeof bodyLimits;

export interface RequestInputOptions {
  /** Paths whose bodies are signed payloads: only their size is checked, as the signature covers the exact bytes. */
  signedPathPrefixes: readonly string[];
}

const unreadableForm = "That form couldn't be read. Reload the page and try again.";

/**
 * The request to hand on, with its body read once and buffered (so the action can still read it),
 * or the 400/413 that refuses it. Queries are checked like forms; bodies must be forms within
 * their size limit, except on signed paths.
 */
export async function screenRequestInput(request: Request, options: RequestInputOptions): Promise<Request | Response> {
  const url = new URL(request.url);
  const queryProblem = formProblem(url.searchParams);
  if (queryProblem) return refusal(400, queryProblem);
  // The only methods that cannot carry a body; Remix sends every other one to an action.
  if (request.method === "GET" || request.method === "HEAD") return request;

  const contentType = request.headers.get("content-type");
  const kind: BodyKind | null = options.signedPathPrefixes.some((prefix) => url.pathname.startsWith(prefix))
    ? "signed"
    : formKind(contentType);
  if (!kind) {
    await request.body?.cancel();
    return refusal(400, "This address only accepts form submissions (URL-encoded or multipart form data).");
  }
  const body = await readBodyWithin(request, bodyLimits[kind]);
  if (!body) return refusal(413, `That request is too large: at most ${formatBytes(bodyLimits[kind])} here.`);
  const buffered = new Request(request, { body });
  if (kind === "signed") return buffered;

  const form = await readForm(kind, body, contentType);
  const problem = form ? formProblem(form) : unreadableForm;
  return problem ? refusal(400, problem) : buffered;
}

function formKind(contentType: string | null): BodyKind | null {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  if (mediaType === "application/x-www-form-urlencoded") return "urlEncoded";
  if (mediaType === "multipart/form-data") return "multipart";
  return null;
}

/** The whole body, or null as soon as it is (or says it will be) longer than `limit`. */
async function readBodyWithin(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (Number(request.headers.get("content-length")) > limit) {
    await request.body?.cancel();
    return null;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      size += chunk.value.byteLength;
      if (size > limit) {
        await reader.cancel();
        return null;
      }
      chunks.push(chunk.value);
    }
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The form as the action will see it, or null when it doesn't parse (a multipart body without its boundary). */
async function readForm(kind: "urlEncoded" | "multipart", body: Uint8Array<ArrayBuffer>, contentType: string | null) {
  if (kind === "urlEncoded") return new URLSearchParams(new TextDecoder().decode(body));
  try {
    return await new Response(body, { headers: { "content-type": contentType ?? "" } }).formData();
  } catch {
    return null;
  }
}

/** Why conform couldn't safely read this form or query, or null when it can. */
export function formProblem(form: URLSearchParams | FormData): string | null {
  let fields = 0;
  for (const [name] of form) {
    if (++fields > maxFields) return `That form has too many fields (at most ${maxFields}).`;
    const problem = fieldNameProblem(name);
    if (problem) return problem;
  }
  return intentProblem(form);
}

// Names that would reach an object's prototype; conform refuses them, but by throwing.
const reservedSegments = new Set(["__proto__", "constructor", "prototype"]);

function fieldNameProblem(name: string): string | null {
  if (name.length > maxFieldNameLength) return `A field name is longer than any form here uses (at most ${maxFieldNameLength} characters).`;
  // `a[3]` and `a.3` both index a list once `a` is one, so every numeric segment counts.
  for (const segment of name.split(/[.[\]]+/)) {
    if (reservedSegments.has(segment)) return `“${name}” isn't a field any form here has.`;
    if (/^\d+$/.test(segment) && Number(segment) >= maxListLength) {
      return `The field “${name}” points past the end of any list here (at most ${maxListLength} items).`;
    }
  }
  return null;
}

// Conform's own field names: the intent of a button such as "Add hours", and its client state.
const intentField = "__intent__";
const stateField = "__state__";

const intentName = z.string().refine((name) => fieldNameProblem(name) === null);
const listIndex = z
  .number()
  .int()
  .min(0)
  .max(maxListLength - 1);
/** The intents conform sends (@conform-to/dom's Intent type), with names and indexes in bounds. */
const intentSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("validate"), payload: z.object({ name: intentName.optional() }) }),
  z.object({ type: z.literal("reset"), payload: z.object({ name: intentName.optional(), index: listIndex.optional() }) }),
  z.object({
    type: z.literal("update"),
    payload: z.object({
      name: intentName.optional(),
      index: listIndex.optional(),
      value: z.unknown().optional(),
      validated: z.boolean().optional(),
    }),
  }),
  z.object({
    type: z.literal("insert"),
    payload: z.object({ name: intentName, index: listIndex.optional(), defaultValue: z.unknown().optional() }),
  }),
  z.object({ type: z.literal("remove"), payload: z.object({ name: intentName, index: listIndex }) }),
  z.object({ type: z.literal("reorder"), payload: z.object({ name: intentName, from: listIndex, to: listIndex }) }),
]);

function intentProblem(form: URLSearchParams | FormData): string | null {
  const intents = form.getAll(intentField);
  if (intents.length === 0 && !form.has(stateField)) return null;
  if (!intents.every((intent) => typeof intent === "string" && isValidIntent(intent))) return unreadableForm;
  // What's left can only fail on what the form holds (removing a row from a field that isn't a
  // list): conform itself is the judge, on a form now known to be small.
  try {
    parseWithZod(form, { schema: z.unknown() }).reply();
    return null;
  } catch {
    return unreadableForm;
  }
}

function isValidIntent(serialized: string) {
  try {
    return intentSchema.safeParse(JSON.parse(serialized)).success;
  } catch {
    return false;
  }
}

function formatBytes(bytes: number) {
  return bytes >= kilobyte * kilobyte ? `${bytes / (kilobyte * kilobyte)} MB` : `${bytes / kilobyte} KB`;
}

function refusal(status: 400 | 413, message: string) {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
