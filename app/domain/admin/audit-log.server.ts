// The audit log as admins read it: newest first, filtered by action, actor, subject and UTC days,
// a page at a time. Pages are keyed on (at, id), so entries written while an admin pages through
// never shift or repeat what they see.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, asc, desc, eq, gte, lt, or, sql } from "drizzle-orm";
import * as z from "zod";
import { auditLog, users, type UserRole } from "../../../db/schema";

export const auditPageSize = 50;

const dayPattern = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const day = (what: string) =>
  z
    .string()
    .regex(dayPattern, `Enter the ${what} day as YYYY-MM-DD, for example 2026-06-01.`)
    // Date.parse rolls 30 February over into March, so the day must come back unchanged.
    .refine(
      (value) => !dayPattern.test(value) || new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
      `That ${what} day doesn't exist.`,
    );

const filterSchema = z
  .object({
    action: z
      .string()
      .max(100, "Choose an action from the list.")
      .regex(/^[a-z_]+\.[a-z_]+$/, "Choose an action from the list.")
      .optional(),
    actor: z.string().trim().max(200, "Keep the actor's name or email under 200 characters.").optional(),
    subject: z.string().trim().max(200, "Keep the subject id under 200 characters.").optional(),
    from: day("first").optional(),
    to: day("last").optional(),
    before: z
      .string()
      .regex(/^\d{1,16}\.[\w-]{1,64}$/, "That page link is broken; start again from the first page.")
      .optional(),
  })
  .refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, {
    message: "The first day must be on or before the last day.",
    path: ["to"],
  });

export type AuditFilter = z.infer<typeof filterSchema>;
export type AuditFilterResult = { ok: true; filter: AuditFilter } | { ok: false; message: string; values: Record<string, string> };

/** The filter from the page's query string; empty fields mean "any". */
export function parseAuditFilter(search: URLSearchParams): AuditFilterResult {
  const values = Object.fromEntries([...search].filter(([name, value]) => value !== "" && name in filterSchema.shape));
  const parsed = filterSchema.safeParse(values);
  return parsed.success ? { ok: true, filter: parsed.data } : { ok: false, message: parsed.error.issues[0]!.message, values };
}

export interface AuditEntryView {
  id: string;
  at: Date;
  action: string;
  subjectType: string;
  subjectId: string;
  reason: string | null;
  actor: { id: string; name: string; email: string } | null;
  /** The fields the action changed, each with its value before and after. */
  changes: { field: string; before: string; after: string }[];
}

const shown = (value: unknown) => (value === undefined || value === null ? "—" : typeof value === "string" ? value : JSON.stringify(value));

/** Before / after of an entry as the fields that differ; a value that isn't an object is one field, "value". */
export function changesOf(before: unknown, after: unknown): AuditEntryView["changes"] {
  const asFields = (value: unknown): Record<string, unknown> =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : value == null
        ? {}
        : { value };
  const was = asFields(before);
  const now = asFields(after);
  const fields = [...new Set([...Object.keys(was), ...Object.keys(now)])];
  return fields
    .filter((field) => JSON.stringify(was[field]) !== JSON.stringify(now[field]))
    .map((field) => ({ field, before: shown(was[field]), after: shown(now[field]) }));
}

/** A page of the audit log for admins (null for anyone else), with the cursor of the next page. */
export async function auditLogPage(
  context: Pick<AppLoadContext, "db">,
  viewer: { role: UserRole },
  filter: AuditFilter,
): Promise<{ entries: AuditEntryView[]; actions: string[]; nextBefore: string | null } | null> {
  if (viewer.role !== "admin") return null;
  const { db } = context;
  const cursor = filter.before?.split(".");
  const actorPattern = filter.actor ? `%${filter.actor.toLowerCase().replace(/[\\%_]/g, "\\$&")}%` : undefined;
  const conditions = and(
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    actorPattern
      ? or(sql`${users.email} like ${actorPattern} escape '\\'`, sql`lower(${users.name}) like ${actorPattern} escape '\\'`)
      : undefined,
    filter.subject ? eq(auditLog.subjectId, filter.subject) : undefined,
    filter.from ? gte(auditLog.at, new Date(`${filter.from}T00:00:00Z`)) : undefined,
    filter.to ? lt(auditLog.at, new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000)) : undefined,
    cursor ? sql`(${auditLog.at}, ${auditLog.id}) < (${Number(cursor[0])}, ${cursor[1]})` : undefined,
  );
  const [rows, actions] = await Promise.all([
    db
      .select({ entry: auditLog, actor: { id: users.id, name: users.name, email: users.email } })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(conditions)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(auditPageSize + 1),
    db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(asc(auditLog.action)),
  ]);
  const page = rows.slice(0, auditPageSize);
  const last = page.at(-1);
  return {
    entries: page.map(({ entry, actor }) => ({
      id: entry.id,
      at: entry.at,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      reason: entry.reason,
      actor: actor?.id ? actor : null,
      changes: changesOf(entry.before, entry.after),
    })),
    actions: actions.map((row) => row.action),
    nextBefore: rows.length > auditPageSize && last ? `${last.entry.at.getTime()}.${last.entry.id}` : null,
  };
}
