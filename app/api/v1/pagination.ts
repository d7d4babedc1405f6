import * as z from "zod";
import { decodeJsonCursor, encodeJsonCursor } from "../../lib/cursor";

// Lists are cursor pages: `limit` items (≤ 100) and an opaque `nextCursor` to continue from,
// null on the last page. A cursor is base64url JSON of the last item's sort key, checked on the way in.

export const maxPageSize = 100;

export const limitParam = z.coerce
  .number({ error: "limit must be a whole number from 1 to 100." })
  .int({ error: "limit must be a whole number from 1 to 100." })
  .min(1, { error: "limit must be a whole number from 1 to 100." })
  .max(maxPageSize, { error: "limit must be a whole number from 1 to 100." })
  .default(20)
  .meta({ description: "How many items to return (1–100)." });

export const cursorParam = z
  .string()
  .max(600, { error: "That cursor isn't valid: use nextCursor from the previous page." })
  .optional()
  .meta({ description: "nextCursor from the previous page." });

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
  });
}

export function encodeCursor(key: readonly (string | number)[]): string {
  return encodeJsonCursor(key);
}

/** The key of a cursor made by `encodeCursor` with `shape` items (strings or numbers), or null when it isn't one. */
export function decodeCursor(value: string, shape: readonly ("string" | "number")[]): (string | number)[] | null {
  const parsed = decodeJsonCursor(value);
  if (!parsed || parsed.length !== shape.length) return null;
  const valid = parsed.every((item, index) =>
    shape[index] === "number" ? typeof item === "number" && Number.isFinite(item) : typeof item === "string" && item.length <= 200,
  );
  return valid ? (parsed as (string | number)[]) : null;
}

/** A cursor parameter that must decode to `shape`: a bad one is a validation error, not an empty page. */
export function cursorOf(shape: readonly ("string" | "number")[]) {
  return cursorParam.refine((value) => value === undefined || decodeCursor(value, shape) !== null, {
    error: "That cursor isn't valid: use nextCursor from the previous page.",
  });
}

/** ISO 8601 instants in UTC, as every date-time in the API is written. */
export const instant = z.iso.datetime({ offset: true }).meta({ description: "An instant, ISO 8601 (UTC, `Z`)." });
export const money = z
  .object({
    amount: z.number().int().meta({ description: "In minor units (cents): 4500 is 45.00." }),
    currency: z.string().length(3).meta({ description: "ISO 4217, e.g. USD." }),
  })
  .meta({ id: "Money" });
