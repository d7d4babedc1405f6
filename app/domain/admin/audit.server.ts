// Every admin action writes one audit row (who, what, when, before / after) in the same batch as
// the change it records (ADR 0018). The row is inserted first and only while its guard holds — the
// subject still as the admin saw it, the actor still an active admin — and the change's own
// statements are conditioned on the row existing (`audited`), so a concurrent action or a demoted
// admin writes nothing at all, and "was it written?" is one lookup by the row's id.
import { eq, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { auditLog, users } from "../../../db/schema";

export interface AuditEntry {
  actorId: string;
  /** `<subject type>.<verb>`, e.g. `user.suspend`. */
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
  reason?: string | null;
  at: Date;
}

/** True while `userId` is an active admin; part of every audited write's guard. */
export const isActiveAdmin = (userId: string): SQL =>
  sql`exists (select 1 from ${users} where ${users.id} = ${userId} and ${users.role} = 'admin' and ${users.status} = 'active')`;

/**
 * One audit entry about to be written: `insert` goes first in the batch; `audited` conditions the
 * statements after it; `wasWritten` tells afterwards whether the guard held.
 */
export function auditedWrite(db: Database, entry: AuditEntry, guard: SQL) {
  const id = crypto.randomUUID();
  return {
    id,
    insert: db.run(sql`insert into ${auditLog} (id, actor_id, action, subject_type, subject_id, before, after, reason, at)
      select ${id}, ${entry.actorId}, ${entry.action}, ${entry.subjectType}, ${entry.subjectId}, ${JSON.stringify(entry.before ?? null)},
        ${JSON.stringify(entry.after ?? null)}, ${entry.reason ?? null}, ${entry.at.getTime()}
      where (${guard}) and ${isActiveAdmin(entry.actorId)}`),
    audited: sql`exists (select 1 from ${auditLog} where ${auditLog.id} = ${id})`,
    wasWritten: async () => (await db.query.auditLog.findFirst({ columns: { id: true }, where: eq(auditLog.id, id) })) !== undefined,
  };
}
