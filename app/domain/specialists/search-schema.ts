import * as z from "zod";
import { decodeJsonCursor, encodeJsonCursor } from "../../lib/cursor";
import { sessionCurrencies } from "./price-input";
import { isLanguageCode, isSpecialty } from "./specialties";

// The directory's query, shared by the loader and the browser's form validation. Every value
// comes from a URL anyone can edit, so each gets a message a person can act on.

export const searchSorts = ["relevance", "price", "rating", "soonest"] as const;
export type SearchSort = (typeof searchSorts)[number];
export const sortLabels: Record<SearchSort, string> = {
  relevance: "Best match",
  price: "Lowest price",
  rating: "Highest rated",
  soonest: "Soonest available",
};

export const maxAvailabilityDays = 60;
const maxPrice = 1_000_000;

const price = (label: string) =>
  z
    .number({ error: `${label} must be a number, e.g. 50 or 49.50.` })
    .min(0, { error: `${label} can't be negative.` })
    .max(maxPrice, { error: `${label} can be at most ${maxPrice.toLocaleString("en")}.` })
    .optional();

export const searchQuerySchema = z
  .object({
    q: z.string().trim().max(100, { error: "Keep the search to 100 characters or fewer." }).optional(),
    specialty: z.string().refine(isSpecialty, { error: "Choose a specialty from the list." }).optional(),
    language: z.string().refine(isLanguageCode, { error: "Choose a language from the list." }).optional(),
    /** The viewer's currency: prices are filtered, sorted and estimated in it. */
    currency: z.enum(sessionCurrencies, { error: "Choose a currency from the list." }).optional(),
    minPrice: price("The minimum price"),
    maxPrice: price("The maximum price"),
    minRating: z
      .number({ error: "The minimum rating must be a number from 1 to 5." })
      .min(1, { error: "The minimum rating must be from 1 to 5." })
      .max(5, { error: "The minimum rating must be from 1 to 5." })
      .optional(),
    availableWithin: z
      .number({ error: "Availability must be a whole number of days." })
      .int({ error: "Availability must be a whole number of days." })
      .min(1, { error: `Availability must be from 1 to ${maxAvailabilityDays} days.` })
      .max(maxAvailabilityDays, { error: `Availability must be from 1 to ${maxAvailabilityDays} days.` })
      .optional(),
    sort: z.enum(searchSorts, { error: "Choose a sort order from the list." }).default("relevance"),
    cursor: z.string().max(600, { error: "That page link is not valid. Please start the search again." }).optional(),
  })
  .superRefine(checkSearchQuery);

/** The rules across fields, for every schema of the directory's query (the form's and the API's). */
export function checkSearchQuery(
  query: { minPrice?: number; maxPrice?: number; cursor?: string; sort: SearchSort },
  issues: z.RefinementCtx,
): void {
  if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
    issues.addIssue({ code: "custom", path: ["maxPrice"], message: "The maximum price must be at least the minimum price." });
  }
  if (query.cursor !== undefined && decodeCursor(query.cursor, query.sort) === null) {
    issues.addIssue({ code: "custom", path: ["cursor"], message: "That page link is not valid. Please start the search again." });
  }
}

export type SearchQuery = z.infer<typeof searchQuerySchema>;

// ---------------------------------------------------------------------------------------------
// Cursors: base64url JSON of [sort, ...sort key values, id]. Opaque to users; the sort is inside
// so a cursor from one order can't be replayed against another.

export type CursorKey = (string | number)[];
export interface Cursor {
  keys: CursorKey;
  id: string;
}

const keyCount: Record<SearchSort, number> = { relevance: 2, price: 1, rating: 2, soonest: 1 };

export function encodeCursor(sort: SearchSort, cursor: Cursor): string {
  return encodeJsonCursor([sort, ...cursor.keys, cursor.id]);
}

/** The cursor, or null when it is malformed or belongs to another sort order. */
export function decodeCursor(value: string, sort: SearchSort): Cursor | null {
  const parsed = decodeJsonCursor(value);
  if (!parsed || parsed.length !== keyCount[sort] + 2 || parsed[0] !== sort) return null;
  const id: unknown = parsed.at(-1);
  const keys: unknown[] = parsed.slice(1, -1);
  if (typeof id !== "string" || id.length > 64) return null;
  const validKey = (key: unknown) => (typeof key === "number" && Number.isFinite(key)) || (typeof key === "string" && key.length <= 200);
  if (!keys.every(validKey)) return null;
  return { keys: keys as CursorKey, id };
}

/** The form's fields, as the browser fills them in. */
export type SearchQueryInput = z.input<typeof searchQuerySchema>;
