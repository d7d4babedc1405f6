// The one way the app tells a user something (DESIGN.md §4.3–4.5). `notify` gives the statements
// that record a notification on each of its kind's channels, for the same write as the change it
// reports, and the jobs that deliver them. The unique key (subject, kind, recipient, channel,
// occurrence) makes each happen once however often its cause repeats; a claim with a lease keeps
// two deliveries of one row from both sending; a failed delivery keeps its error and is retried
// with backoff by the queue, until a permanent failure or the last attempt marks it failed.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, getTableName, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { notificationPreferences, notifications, users, type NotificationChannel } from "../../../db/schema";
import { renderEmail } from "../../emails/render.server";
import { isProviderError, ProviderError } from "../../integrations/provider-error";
import type { JobInWrite, JobsInWrite } from "../../lib/write-with-jobs.server";
import { notificationsPerJob } from "../../../jobs/messages";
import type { NotificationKindDefinition, Recipient, RenderContext } from "./kind";
import { isNotificationKind, notificationKinds, preferenceOf, type NotificationKind, type NotificationPayload } from "./registry";

export const maxDeliveryAttempts = 5;
/** How long one delivery may take before another may take the row over (its process died). */
export const deliveryLeaseMs = 2 * 60_000;
/** In-app notifications are kept this long at most (the cleanup job deletes them). */
export const inAppLifetimeMs = 365 * 24 * 60 * 60_000;

export interface NotificationSpec<K extends NotificationKind> {
  userId: string;
  kind: K;
  subject: { type: string; id: string };
  /** Tells apart repeats of one kind for one subject (each reschedule, each start time); "" when there is one. */
  occurrence?: string;
  payload: NotificationPayload<K>;
}

/** A spec of any kind, with its payload matching its kind. */
export type AnyNotificationSpec = { [K in NotificationKind]: NotificationSpec<K> }[NotificationKind];

export interface RecordedNotification {
  statements: BatchItem<"sqlite">[];
  jobs: JobInWrite[];
}

type RecordContext = Pick<AppLoadContext, "db" | "clock">;

/**
 * The INSERTs recording `spec` on each channel its kind uses, for the caller's batch, each written
 * only when `when` holds, once per key, and only where the recipient wants it: a channel the user
 * turned off is left out (unless the kind requires it), SMS only to an opted-in phone. Email and
 * SMS come with the job that delivers them; in-app notifications are shown as they are written.
 */
export function notify<K extends NotificationKind>(
  context: RecordContext,
  spec: NotificationSpec<K>,
  when: SQL = sql`1`,
): RecordedNotification {
  const definition = notificationKinds[spec.kind] as NotificationKindDefinition<unknown>;
  const payload = JSON.stringify(definition.payload.parse(spec.payload));
  const now = context.clock.now().getTime();
  const recorded: RecordedNotification = { statements: [], jobs: [] };
  for (const [channel, rule] of Object.entries(definition.channels) as [NotificationChannel, { required?: boolean }][]) {
    const id = crypto.randomUUID();
    const wanted = rule.required ? sql`1` : sql`not ${turnedOff(spec.userId, preferenceOf(spec.kind), channel)}`;
    const reachable = channel === "sms" ? smsReachable(spec.userId) : sql`1`;
    const inApp = channel === "in_app";
    recorded.statements.push(
      context.db.run(sql`insert into ${notifications}
          (id, user_id, channel, kind, subject_type, subject_id, occurrence, payload, status, attempts, send_at, sent_at, expires_at, created_at)
        select ${id}, ${spec.userId}, ${channel}, ${spec.kind}, ${spec.subject.type}, ${spec.subject.id}, ${spec.occurrence ?? ""},
          ${payload}, ${inApp ? "sent" : "queued"}, 0, ${now}, ${inApp ? now : null}, ${inApp ? now + inAppLifetimeMs : null}, ${now}
        where (${when}) and ${wanted} and ${reachable}
        on conflict do nothing`),
    );
    if (!inApp) {
      recorded.jobs.push({
        message: { type: "notification", notificationId: id },
        when: sql`exists (select 1 from ${notifications} where ${notifications.id} = ${id})`,
      });
    }
  }
  return recorded;
}

/** Several notifications for one batch. */
export function notifyAll(context: RecordContext, specs: AnyNotificationSpec[], when: SQL = sql`1`): RecordedNotification {
  const all = specs.map((spec) => notify(context, spec as NotificationSpec<NotificationKind>, when));
  return { statements: all.flatMap((one) => one.statements), jobs: all.flatMap((one) => one.jobs) };
}

/** A spec for `notifyMany`, whose kind is given once; payloads of a union of kinds may be any of theirs. */
export type BulkNotificationSpec<K extends NotificationKind> = Omit<NotificationSpec<K>, "kind" | "payload"> & {
  payload: K extends NotificationKind ? NotificationPayload<K> : never;
};

export interface RecordedInBulk {
  statements: BatchItem<"sqlite">[];
  jobs: JobsInWrite;
}

/**
 * `notify` for many specs of one kind, for writes that record thousands at once (reminders due
 * together): one set-based INSERT per channel under the same rules (preferences, SMS
 * reachability, the unique key), and the delivery jobs as one bulk item for `writeWithManyJobs`.
 */
export function notifyMany<K extends NotificationKind>(context: RecordContext, kind: K, specs: BulkNotificationSpec<K>[]): RecordedInBulk {
  const definition = notificationKinds[kind] as NotificationKindDefinition<unknown>;
  const now = context.clock.now().getTime();
  const recorded: RecordedInBulk = { statements: [], jobs: { messages: [], when: anyNotificationExists } };
  const delivered: string[] = [];
  if (specs.length === 0) return recorded;
  const parsed = specs.map((spec) => ({
    userId: spec.userId,
    subjectType: spec.subject.type,
    subjectId: spec.subject.id,
    occurrence: spec.occurrence ?? "",
    payload: JSON.stringify(definition.payload.parse(spec.payload)),
  }));
  for (const [channel, rule] of Object.entries(definition.channels) as [NotificationChannel, { required?: boolean }][]) {
    const rows = parsed.map((row) => ({ ...row, id: crypto.randomUUID() }));
    const field = (name: keyof (typeof rows)[number]) => sql`json_extract(row.value, ${`$.${name}`})`;
    const userId = field("userId");
    const wanted = rule.required ? sql`1` : sql`not ${turnedOff(userId, preferenceOf(kind), channel)}`;
    const reachable = channel === "sms" ? smsReachable(userId) : sql`1`;
    const inApp = channel === "in_app";
    recorded.statements.push(
      context.db.run(sql`insert into ${notifications}
          (id, user_id, channel, kind, subject_type, subject_id, occurrence, payload, status, attempts, send_at, sent_at, expires_at, created_at)
        select ${field("id")}, ${userId}, ${channel}, ${kind}, ${field("subjectType")}, ${field("subjectId")}, ${field("occurrence")},
          ${field("payload")}, ${inApp ? "sent" : "queued"}, 0, ${now}, ${inApp ? now : null}, ${inApp ? now + inAppLifetimeMs : null}, ${now}
        from json_each(${JSON.stringify(rows)}) as row
        where ${wanted} and ${reachable}
        on conflict do nothing`),
    );
    if (!inApp) delivered.push(...rows.map((row) => row.id));
  }
  for (let start = 0; start < delivered.length; start += notificationsPerJob) {
    recorded.jobs.messages.push({ type: "notifications", notificationIds: delivered.slice(start, start + notificationsPerJob) });
  }
  return recorded;
}

/** A delivery job is due when one of its notifications was written: a fresh id that exists was inserted by this write. */
function anyNotificationExists(message: SQL) {
  return sql`exists (select 1 from ${notifications} where ${notifications.id} in
    (select value from json_each(json_extract(${message}, '$.notificationIds'))))`;
}

/** True (as SQL) when the user turned `preference` off on `channel`. */
function turnedOff(userId: string | SQL, preference: string, channel: NotificationChannel) {
  return sql`exists (select 1 from ${notificationPreferences} where ${notificationPreferences.userId} = ${userId}
    and ${notificationPreferences.kind} = ${preference} and ${notificationPreferences.channel} = ${channel}
    and ${notificationPreferences.enabled} = 0)`;
}

function smsReachable(userId: string | SQL) {
  return sql`exists (select 1 from ${users} where ${users.id} = ${userId} and ${users.phone} is not null
    and ${users.smsOptInAt} is not null and ${users.smsOptedOutAt} is null)`;
}

export type DeliveryContext = Pick<AppLoadContext, "db" | "clock" | "mailer" | "sms"> & {
  /** The app's public origin for links in messages. */
  origin: string;
};

export type DeliveryOutcome = "sent" | "skipped" | "failed" | "not-due";

export interface Delivery {
  notificationId: string;
  /** "retry": a passing failure left it queued for the next attempt. */
  outcome: DeliveryOutcome | "retry";
  /** What went wrong when it failed or will be retried. */
  error?: unknown;
}

/**
 * Delivers one notification; a no-op when it is gone, done, or being delivered by someone else.
 * Skips (with the reason kept) what the recipient no longer wants or can't receive, and what no
 * longer makes sense. A provider's permanent refusal fails it at once; anything else is thrown
 * for the queue to retry, until the last attempt.
 */
export async function deliverNotification(context: DeliveryContext, notificationId: string): Promise<DeliveryOutcome> {
  const [{ outcome, error }] = (await deliverNotifications(context, [notificationId])) as [Delivery];
  // A passing failure is thrown, on the last attempt too, so the queue records it with the job.
  if (outcome === "retry" || (outcome === "failed" && error !== undefined && !(isProviderError(error) && error.permanent))) throw error;
  return outcome;
}

/**
 * `deliverNotification` for many at once, as a burst of reminders is sent: one claim, one read of
 * the recipients, one relevance check per kind, the sends side by side, and one write of all the
 * outcomes. Each notification keeps its own attempts, lease and outcome.
 */
export async function deliverNotifications(context: DeliveryContext, notificationIds: string[]): Promise<Delivery[]> {
  const { db } = context;
  const now = context.clock.now();
  const claimed = await db
    .update(notifications)
    .set({ lockedUntil: new Date(now.getTime() + deliveryLeaseMs), attempts: sql`${notifications.attempts} + 1` })
    .where(
      and(
        inArray(notifications.id, notificationIds),
        eq(notifications.status, "queued"),
        lte(notifications.sendAt, now),
        or(isNull(notifications.lockedUntil), lte(notifications.lockedUntil, now)),
      ),
    )
    .returning();
  const claimedIds = new Set(claimed.map((row) => row.id));
  const notDue = notificationIds.filter((id) => !claimedIds.has(id)).map((id): Delivery => ({ notificationId: id, outcome: "not-due" }));
  if (claimed.length === 0) return notDue;

  let outcomes: Outcome[];
  try {
    const [recipients, irrelevant] = await Promise.all([loadRecipients(context, claimed), noLongerRelevant(context, claimed)]);
    outcomes = await Promise.all(claimed.map((row) => deliverClaimed(context, row, recipients.get(row.id), irrelevant.has(row.id))));
  } catch (error) {
    // The reads failed (the database, not the provider): each is released for its next attempt.
    outcomes = claimed.map((row) => failedOutcome(row, error));
  }
  await recordOutcomes(context, outcomes);
  return [
    ...notDue,
    ...outcomes.map((outcome): Delivery => ({
      notificationId: outcome.row.id,
      outcome: outcome.status === "queued" ? "retry" : outcome.status,
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
    })),
  ];
}

type Claimed = typeof notifications.$inferSelect;

interface Outcome {
  row: Claimed;
  status: "sent" | "skipped" | "failed" | "queued";
  lastError: string | null;
  providerMessageId: string | null;
  error?: unknown;
}

async function deliverClaimed(
  context: DeliveryContext,
  row: Claimed,
  recipient: LoadedRecipient | undefined,
  irrelevant: boolean,
): Promise<Outcome> {
  try {
    const skip = reasonToSkip(row, recipient) ?? (irrelevant ? "no longer relevant" : null);
    if (skip || !recipient) return { row, status: "skipped", lastError: skip ?? "recipient is gone", providerMessageId: null };
    const sent = await send(context, row, recipient);
    return { row, status: "sent", lastError: null, providerMessageId: sent.providerMessageId };
  } catch (error) {
    return failedOutcome(row, error);
  }
}

/** A provider's permanent refusal fails at once; anything else is tried again, until the last attempt. */
function failedOutcome(row: Claimed, error: unknown): Outcome {
  const lastError = error instanceof Error ? error.message : String(error);
  const final = (isProviderError(error) && error.permanent) || row.attempts >= maxDeliveryAttempts;
  return { row, status: final ? "failed" : "queued", lastError, providerMessageId: null, error };
}

/**
 * Writes every outcome in one statement, each only while its delivery still owns the row. The
 * provider may report delivery or a bounce before its answer to the send reaches us: "sent" then
 * records the message id and time but leaves the report's status and error.
 */
async function recordOutcomes(context: DeliveryContext, outcomes: Outcome[]) {
  const rows = outcomes.map((outcome) => ({
    id: outcome.row.id,
    attempts: outcome.row.attempts,
    status: outcome.status,
    lastError: outcome.lastError,
    providerMessageId: outcome.providerMessageId,
  }));
  const reported = sql.raw(`${getTableName(notifications)}.status <> 'queued'`);
  const current = (column: string) => sql.raw(`${getTableName(notifications)}.${column}`);
  await context.db.run(sql`update ${notifications} set
      status = case when outcome.status = 'sent' and ${reported} then ${current("status")} else outcome.status end,
      locked_until = null,
      last_error = case when outcome.status <> 'sent' then outcome.last_error when ${reported} then ${current("last_error")} end,
      provider_message_id = outcome.provider_message_id,
      sent_at = case when outcome.status = 'sent' then ${context.clock.now().getTime()} else ${current("sent_at")} end
    from (select json_extract(value, '$.id') as id, json_extract(value, '$.attempts') as attempts,
        json_extract(value, '$.status') as status, json_extract(value, '$.lastError') as last_error,
        json_extract(value, '$.providerMessageId') as provider_message_id
      from json_each(${JSON.stringify(rows)})) as outcome
    where ${current("id")} = outcome.id and ${current("attempts")} = outcome.attempts`);
}

/** Each claimed row's recipient with their choice for its preference and channel, in one round trip. */
async function loadRecipients(context: DeliveryContext, rows: Claimed[]): Promise<Map<string, LoadedRecipient>> {
  const { db } = context;
  const userIds = [...new Set(rows.map((row) => row.userId))];
  const [people, turnedOffs] = await db.batch([
    db.select().from(users).where(inArray(users.id, userIds)),
    db
      .select({ userId: notificationPreferences.userId, kind: notificationPreferences.kind, channel: notificationPreferences.channel })
      .from(notificationPreferences)
      .where(and(inArray(notificationPreferences.userId, userIds), eq(notificationPreferences.enabled, false))),
  ]);
  const byId = new Map(people.map((person) => [person.id, person]));
  const recipients = new Map<string, LoadedRecipient>();
  for (const row of rows) {
    const person = byId.get(row.userId);
    if (!person) continue;
    const preference = isNotificationKind(row.kind) ? preferenceOf(row.kind) : null;
    const turnedOff = turnedOffs.some((off) => off.userId === row.userId && off.kind === preference && off.channel === row.channel);
    recipients.set(row.id, { ...person, turnedOff });
  }
  return recipients;
}

type LoadedRecipient = typeof users.$inferSelect & { turnedOff: boolean };

/** The claimed rows whose kind says they no longer make sense, one check per kind. */
async function noLongerRelevant(context: DeliveryContext, rows: Claimed[]): Promise<Set<string>> {
  const byKind = new Map<NotificationKind, { id: string; data: unknown }[]>();
  for (const row of rows) {
    if (!isNotificationKind(row.kind) || !notificationKinds[row.kind].stillRelevant) continue;
    // A payload that doesn't parse fails at sending, with the parse error kept.
    const parsed = (notificationKinds[row.kind] as NotificationKindDefinition<unknown>).payload.safeParse(row.payload);
    if (!parsed.success) continue;
    byKind.set(row.kind, [...(byKind.get(row.kind) ?? []), { id: row.id, data: parsed.data }]);
  }
  const now = context.clock.now();
  const irrelevant = new Set<string>();
  await Promise.all(
    [...byKind].map(async ([kind, items]) => {
      const definition = notificationKinds[kind] as NotificationKindDefinition<unknown>;
      const relevant = await definition.stillRelevant!(
        context.db,
        items.map((item) => item.data),
        now,
      );
      items.forEach((item, index) => {
        if (!relevant[index]) irrelevant.add(item.id);
      });
    }),
  );
  return irrelevant;
}

function reasonToSkip(row: Claimed, recipient: LoadedRecipient | undefined): string | null {
  if (!isNotificationKind(row.kind)) return `unknown notification kind "${row.kind}"`;
  const definition = notificationKinds[row.kind] as NotificationKindDefinition<unknown>;
  if (!recipient || recipient.status === "deleted") return "recipient is gone";
  const rule = definition.channels[row.channel];
  if (!rule) return `${row.kind} is not sent by ${row.channel}`;
  if (!rule.required && recipient.turnedOff) return "turned off in the recipient's preferences";
  if (row.channel === "email" && recipient.emailBouncedAt) {
    return `email to ${recipient.email} bounced: ${recipient.emailBounceReason ?? "hard bounce"}`;
  }
  if (row.channel === "sms") {
    if (!recipient.phone) return "no phone number";
    if (recipient.smsOptedOutAt) return "the number replied STOP";
    if (!recipient.smsOptInAt) return "text messages not turned on";
  }
  return null;
}

async function send(context: DeliveryContext, row: Claimed, user: LoadedRecipient): Promise<{ providerMessageId: string | null }> {
  const kind = row.kind as NotificationKind;
  const definition = notificationKinds[kind] as NotificationKindDefinition<unknown>;
  const recipient: Recipient = { id: user.id, name: user.name, email: user.email, timezone: user.timezone };
  const unsubscribe = definition.unsubscribable && row.channel === "email" ? unsubscribeUrl(context.origin, row.id) : null;
  const renderContext: RenderContext = { recipient, origin: context.origin, notificationId: row.id, unsubscribeUrl: unsubscribe };
  const data = definition.payload.parse(row.payload);
  if (row.channel === "sms") {
    if (!definition.sms) throw new ProviderError(`${kind} has no text message`, { permanent: true });
    return context.sms.send({ to: user.phone!, body: definition.sms(data, renderContext), template: kind, messageKey: row.id });
  }
  if (!definition.email) throw new ProviderError(`${kind} has no email`, { permanent: true });
  const content = definition.email(data, renderContext);
  const headers: Record<string, string> = {};
  if (unsubscribe) {
    headers["List-Unsubscribe"] = `<${unsubscribe}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  return context.mailer.send({
    to: user.email,
    subject: content.subject,
    ...(await renderEmail(content.element)),
    template: kind,
    messageKey: row.id,
    headers,
    attachments: content.attachments ?? [],
  });
}

/** One-click unsubscribe (RFC 8058): the notification's id is the unguessable token. */
export function unsubscribeUrl(origin: string, notificationId: string) {
  return `${origin}/unsubscribe/${notificationId}`;
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
