// The one way the app tells a user something (DESIGN.md §4.3–4.5). A notification is recorded by
// the same write as the change it reports (`recordNotification` gives the statement and its job),
// then delivered from the queue. Its unique key (subject, kind, recipient, channel, occurrence)
// makes it happen once however often its cause repeats; a claim with a lease keeps two deliveries
// of one row from both sending; a failed delivery keeps its error and is retried by the queue.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { notifications, users } from "../../../db/schema";
import { renderEmail } from "../../emails/render.server";
import type { JobInWrite } from "../../lib/write-with-jobs.server";
import { notificationTemplates, type NotificationKind, type NotificationPayload } from "./templates";

export const maxDeliveryAttempts = 5;
/** How long one delivery may take before another may take the row over (its process died). */
export const deliveryLeaseMs = 2 * 60_000;

export interface NotificationSpec<K extends NotificationKind> {
  userId: string;
  kind: K;
  subject: { type: string; id: string };
  occurrence?: string;
  payload: NotificationPayload<K>;
}

/**
 * The INSERT recording `spec` for the caller's batch, written only when `when` holds and only
 * once per key, with the job that delivers it.
 */
export function recordNotification<K extends NotificationKind>(
  context: Pick<AppLoadContext, "db" | "clock">,
  spec: NotificationSpec<K>,
  when: SQL = sql`1`,
) {
  const id = crypto.randomUUID();
  const now = context.clock.now().getTime();
  const payload = JSON.stringify(notificationTemplates[spec.kind].payload.parse(spec.payload));
  const statement = context.db.run(sql`insert into ${notifications}
      (id, user_id, channel, kind, subject_type, subject_id, occurrence, payload, status, attempts, send_at, created_at)
    select ${id}, ${spec.userId}, 'email', ${spec.kind}, ${spec.subject.type}, ${spec.subject.id}, ${spec.occurrence ?? ""},
      ${payload}, 'queued', 0, ${now}, ${now}
    where ${when}
    on conflict do nothing`);
  const job: JobInWrite = {
    message: { type: "notification", notificationId: id },
    when: sql`exists (select 1 from ${notifications} where ${notifications.id} = ${id})`,
  };
  return { id, statement, job };
}

type DeliveryContext = Pick<AppLoadContext, "db" | "clock" | "mailer">;

export type DeliveryOutcome = "sent" | "skipped" | "not-due";

/** Delivers one notification; a no-op when it is gone, done, or being delivered by someone else. */
export async function deliverNotification(context: DeliveryContext, notificationId: string): Promise<DeliveryOutcome> {
  const { db } = context;
  const now = context.clock.now();
  const [claimed] = await db
    .update(notifications)
    .set({ lockedUntil: new Date(now.getTime() + deliveryLeaseMs), attempts: sql`${notifications.attempts} + 1` })
    .where(
      and(
        eq(notifications.id, notificationId),
        eq(notifications.status, "queued"),
        lte(notifications.sendAt, now),
        or(isNull(notifications.lockedUntil), lte(notifications.lockedUntil, now)),
      ),
    )
    .returning();
  if (!claimed) return "not-due";
  const owned = and(eq(notifications.id, claimed.id), eq(notifications.attempts, claimed.attempts));

  try {
    const [recipient] = await db
      .select({ email: users.email, status: users.status })
      .from(users)
      .where(eq(users.id, claimed.userId));
    if (!recipient || recipient.status === "deleted") {
      await db.update(notifications).set({ status: "skipped", lockedUntil: null, lastError: "recipient is gone" }).where(owned);
      return "skipped";
    }
    const message = await renderNotification(claimed.kind, claimed.payload);
    await context.mailer.send({ to: recipient.email, ...message, template: claimed.kind, messageKey: claimed.id });
    await db
      .update(notifications)
      .set({ status: "sent", sentAt: context.clock.now(), lockedUntil: null, lastError: null })
      .where(owned);
    return "sent";
  } catch (error) {
    const lastError = error instanceof Error ? error.message : String(error);
    const final = claimed.attempts >= maxDeliveryAttempts;
    await db
      .update(notifications)
      .set({ status: final ? "failed" : "queued", lockedUntil: null, lastError })
      .where(owned);
    throw error;
  }
}

async function renderNotification(kind: string, payload: unknown) {
  if (!(kind in notificationTemplates)) throw new Error(`Unknown notification kind "${kind}"`);
  const template = notificationTemplates[kind as NotificationKind];
  // Each kind's payload was validated against its own schema when it was recorded.
  const { subject, element } = template.render(template.payload.parse(payload) as never);
  return { subject, ...(await renderEmail(element)) };
}

/** Queued notifications whose delivery job may have been lost (a crash between write and send). */
export async function strandedNotifications(context: Pick<AppLoadContext, "db" | "clock">, olderThanMs: number, limit: number) {
  const now = context.clock.now().getTime();
  const rows = await context.db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        eq(notifications.status, "queued"),
        lte(notifications.sendAt, new Date(now - olderThanMs)),
        or(isNull(notifications.lockedUntil), lte(notifications.lockedUntil, new Date(now))),
      ),
    )
    .limit(limit);
  return rows.map((row) => row.id);
}
