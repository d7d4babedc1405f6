// The earnings ledger's filter, from the page's GET form or the CSV link: a month (in the
// specialist's zone), a status and a page. Anything else is a 400 saying what is allowed.
import * as z from "zod";
import { monthKeyPattern, monthRange } from "./ledger";
import type { LedgerFilter } from "./ledger.server";

/** Statuses a paid booking can be in (a kept payment confirmed it). */
export const ledgerStatuses = ["confirmed", "completed", "cancelled"] as const;

export const ledgerPageSize = 25;

const querySchema = z.object({
  month: z.string().regex(monthKeyPattern, "Choose a month as YYYY-MM, for example 2026-06.").optional(),
  status: z.enum(ledgerStatuses, { error: "Choose a status: confirmed, completed or cancelled." }).optional(),
  page: z.coerce
    .number({ error: "The page must be a whole number from 1." })
    .int("The page must be a whole number from 1.")
    .min(1, "The page must be a whole number from 1.")
    .max(100_000, "There is no page that far.")
    .optional(),
});

export type LedgerQuery =
  { ok: true; filter: LedgerFilter; values: { month: string; status: string }; page: number } | { ok: false; message: string };

export function parseLedgerQuery(search: URLSearchParams, timeZone: string): LedgerQuery {
  // An empty field is "any": the form sends month= and status= when nothing is chosen.
  const fields = Object.fromEntries([...search].filter(([name, value]) => value !== "" && name in querySchema.shape));
  const parsed = querySchema.safeParse(fields);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]!.message };
  const { month, status, page = 1 } = parsed.data;
  return {
    ok: true,
    filter: { month: month ? monthRange(month, timeZone) : undefined, status },
    values: { month: month ?? "", status: status ?? "" },
    page,
  };
}

/** The same filter as a query string (for the CSV link and the page links), without empty fields. */
export function ledgerSearch(values: { month: string; status: string }, page?: number): string {
  const search = new URLSearchParams();
  if (values.month) search.set("month", values.month);
  if (values.status) search.set("status", values.status);
  if (page && page > 1) search.set("page", String(page));
  const text = search.toString();
  return text ? `?${text}` : "";
}
