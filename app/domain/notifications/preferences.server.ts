// What a user chooses to receive: per preference (kinds that read as one thing share one) and
// channel, a phone number with consent to text it, and the one-click unsubscribe from email.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq } from "drizzle-orm";
import type { Database } from "../../../db/database";
import {
  notificationChannels,
  notificationPreferences,
  notifications,
  users,
  type NotificationChannel,
  type UserRole,
} from "../../../db/schema";
import type { NotificationKindDefinition } from "./kind";
import { parseMobileNumber } from "./phone.server";
import { isNotificationKind, notificationKinds, preferenceOf, type NotificationKind } from "./registry";

type Context = Pick<AppLoadContext, "db" | "clock">;

export const channelLabels: Record<NotificationChannel, string> = {
  email: "Email",
  sms: "Text message",
  in_app: "In the app",
};

/** Why a channel can't be turned off, as the page says it. */
const requiredReasons: Record<NotificationChannel, string> = {
  email: "Receipts and cancellations always go by email.",
  sms: "Always sent by text message.",
  in_app: "Always shown in the app.",
};

export interface PreferenceChannel {
  channel: NotificationChannel;
  /** Set when the channel is always on: why. */
  required: string | null;
  enabled: boolean;
}

export interface PreferenceGroup {
  key: string;
  label: string;
  channels: PreferenceChannel[];
}

/** The preferences a user with `role` has, from the registry: one per key, labelled by its first kind. */
function preferenceShapes(role: UserRole) {
  const groups = new Map<string, { key: string; label: string; required: Map<NotificationChannel, boolean> }>();
  for (const [kind, definition] of Object.entries(notificationKinds) as [NotificationKind, NotificationKindDefinition<unknown>][]) {
    if (definition.audience && !definition.audience.includes(role)) continue;
    const key = preferenceOf(kind);
    const group = groups.get(key) ?? { key, label: definition.label, required: new Map() };
    for (const [channel, rule] of Object.entries(definition.channels) as [NotificationChannel, { required?: boolean }][]) {
      group.required.set(channel, Boolean(group.required.get(channel)) || Boolean(rule.required));
    }
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => ({
    key: group.key,
    label: group.label,
    channels: notificationChannels
      .filter((channel) => group.required.has(channel))
      .map((channel) => ({ channel, required: group.required.get(channel)! })),
  }));
}

/** The form's value for one choice: "<preference>:<channel>". */
export function choiceValue(key: string, channel: NotificationChannel) {
  return `${key}:${channel}`;
}

export interface NotificationSettings {
  groups: PreferenceGroup[];
  phone: string | null;
  smsOptedIn: boolean;
  smsOptedOutAt: Date | null;
  emailBounce: { at: Date; reason: string | null } | null;
}

export async function getNotificationSettings(db: Database, userId: string, role: UserRole): Promise<NotificationSettings> {
  const [[user], choices] = await db.batch([
    db
      .select({
        phone: users.phone,
        smsOptInAt: users.smsOptInAt,
        smsOptedOutAt: users.smsOptedOutAt,
        emailBouncedAt: users.emailBouncedAt,
        emailBounceReason: users.emailBounceReason,
      })
      .from(users)
      .where(eq(users.id, userId)),
    db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId)),
  ]);
  const turnedOff = new Set(choices.filter((choice) => !choice.enabled).map((choice) => choiceValue(choice.kind, choice.channel)));
  return {
    groups: preferenceShapes(role).map((group) => ({
      key: group.key,
      label: group.label,
      channels: group.channels.map(({ channel, required }) => ({
        channel,
        required: required ? requiredReasons[channel] : null,
        enabled: required || !turnedOff.has(choiceValue(group.key, channel)),
      })),
    })),
    phone: user?.phone ?? null,
    smsOptedIn: Boolean(user?.smsOptInAt) && !user?.smsOptedOutAt,
    smsOptedOutAt: user?.smsOptedOutAt ?? null,
    emailBounce: user?.emailBouncedAt ? { at: user.emailBouncedAt, reason: user.emailBounceReason } : null,
  };
}

export type SaveResult = { ok: true } | { ok: false; message: string };

/**
 * Saves every choice the page offers `role`: those listed in `enabled` on, the rest off. Channels
 * that are always on are never stored as off.
 */
export async function savePreferences(context: Context, userId: string, role: UserRole, enabled: readonly string[]): Promise<SaveResult> {
  const choosable = choosableChoices(role);
  const offered = new Set(choosable.map(({ key, channel }) => choiceValue(key, channel)));
  const unknown = enabled.find((value) => !offered.has(value));
  if (unknown !== undefined) return { ok: false, message: "That form lists a notification we don't offer. Reload the page and try again." };
  const on = new Set(enabled);
  await writeChoices(
    context,
    userId,
    choosable.map(({ key, channel }) => ({ key, channel, enabled: on.has(choiceValue(key, channel)) })),
  );
  return { ok: true };
}

export type UpdateResult = { ok: true } | { ok: false; index: number; message: string };

/**
 * Sets only the listed choices (the API's partial update); the others keep what they are. A choice
 * `role` isn't offered fails, and so does turning off a channel that is always on; asking for an
 * always-on channel to be on changes nothing.
 */
export async function updatePreferences(
  context: Context,
  userId: string,
  role: UserRole,
  choices: readonly { key: string; channel: NotificationChannel; enabled: boolean }[],
): Promise<UpdateResult> {
  const shapes = preferenceShapes(role);
  const writable: { key: string; channel: NotificationChannel; enabled: boolean }[] = [];
  for (const [index, choice] of choices.entries()) {
    const rule = shapes.find((group) => group.key === choice.key)?.channels.find(({ channel }) => channel === choice.channel);
    if (!rule) return { ok: false, index, message: `There is no "${choice.key}" notification by ${choice.channel} for your account.` };
    if (rule.required) {
      if (!choice.enabled) return { ok: false, index, message: requiredReasons[choice.channel] };
      continue;
    }
    writable.push(choice);
  }
  await writeChoices(context, userId, writable);
  return { ok: true };
}

function choosableChoices(role: UserRole) {
  return preferenceShapes(role).flatMap((group) =>
    group.channels.filter((channel) => !channel.required).map(({ channel }) => ({ key: group.key, channel })),
  );
}

async function writeChoices(
  context: Context,
  userId: string,
  choices: readonly { key: string; channel: NotificationChannel; enabled: boolean }[],
) {
  const now = context.clock.now();
  const statements = choices.map(({ key, channel, enabled }) =>
    context.db
      .insert(notificationPreferences)
      .values({ userId, kind: key, channel, enabled, updatedAt: now })
      .onConflictDoUpdate({
        target: [notificationPreferences.userId, notificationPreferences.kind, notificationPreferences.channel],
        set: { enabled, updatedAt: now },
      }),
  );
  const [first, ...rest] = statements;
  if (first) await context.db.batch([first, ...rest]);
}

export type PhoneResult = { ok: true } | { ok: false; field: "phone" | "smsOptIn"; message: string };

/**
 * Stores the number in E.164 and the consent to text it. An empty number removes it (and the
 * consent). Ticking the box is consent, even after a STOP reply; a new number starts afresh.
 */
export async function savePhone(
  context: Context,
  userId: string,
  input: { phone: string; country: string | null; smsOptIn: boolean },
): Promise<PhoneResult> {
  const [current] = await context.db
    .select({ phone: users.phone, smsOptInAt: users.smsOptInAt, smsOptedOutAt: users.smsOptedOutAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!current) return { ok: false, field: "phone", message: "Your account is gone." };
  const now = context.clock.now();
  if (input.phone.trim() === "") {
    if (input.smsOptIn) return { ok: false, field: "phone", message: "Add a mobile number to get text messages." };
    await context.db.update(users).set({ phone: null, smsOptInAt: null, smsOptedOutAt: null }).where(eq(users.id, userId));
    return { ok: true };
  }
  const parsed = parseMobileNumber(input.phone, input.country);
  if (!parsed.ok) return { ok: false, field: "phone", message: parsed.message };
  const sameNumber = parsed.e164 === current.phone;
  const optedIn = Boolean(current.smsOptInAt) && !current.smsOptedOutAt && sameNumber;
  await context.db
    .update(users)
    .set({
      phone: parsed.e164,
      smsOptInAt: input.smsOptIn ? (optedIn ? current.smsOptInAt : now) : null,
      // A STOP belongs to the number that sent it; opting in again is new consent.
      smsOptedOutAt: input.smsOptIn || !sameNumber ? null : current.smsOptedOutAt,
    })
    .where(eq(users.id, userId));
  return { ok: true };
}

export interface UnsubscribeTarget {
  /** The preference's label, as the preferences page shows it. */
  label: string;
  /** The address, partly hidden: the link may have been forwarded. */
  maskedEmail: string;
  alreadyOff: boolean;
}

/** What the unsubscribe link of email notification `notificationId` turns off, or null when it has none. */
export async function unsubscribeTarget(db: Database, notificationId: string): Promise<UnsubscribeTarget | null> {
  const found = await findUnsubscribable(db, notificationId);
  if (!found) return null;
  const [choice] = await db
    .select({ enabled: notificationPreferences.enabled })
    .from(notificationPreferences)
    .where(
      and(
        eq(notificationPreferences.userId, found.userId),
        eq(notificationPreferences.kind, found.preference),
        eq(notificationPreferences.channel, "email"),
      ),
    );
  return { label: found.label, maskedEmail: maskEmail(found.email), alreadyOff: choice?.enabled === false };
}

/** Turns email off for the preference of notification `notificationId`'s kind, for its recipient. Null when there is no such link. */
export async function unsubscribe(context: Context, notificationId: string): Promise<UnsubscribeTarget | null> {
  const found = await findUnsubscribable(context.db, notificationId);
  if (!found) return null;
  const now = context.clock.now();
  await context.db
    .insert(notificationPreferences)
    .values({ userId: found.userId, kind: found.preference, channel: "email", enabled: false, updatedAt: now })
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.kind, notificationPreferences.channel],
      set: { enabled: false, updatedAt: now },
    });
  return { label: found.label, maskedEmail: maskEmail(found.email), alreadyOff: true };
}

async function findUnsubscribable(db: Database, notificationId: string) {
  const [row] = await db
    .select({ userId: notifications.userId, kind: notifications.kind, email: users.email })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(eq(notifications.id, notificationId), eq(notifications.channel, "email")));
  if (!row || !isNotificationKind(row.kind)) return null;
  const definition = notificationKinds[row.kind] as NotificationKindDefinition<unknown>;
  // Only kinds whose emails carry the link: a receipt's id unsubscribes from nothing.
  if (!definition.unsubscribable || definition.channels.email?.required) return null;
  return { userId: row.userId, preference: preferenceOf(row.kind), label: definition.label, email: row.email };
}

/** "a•••@example.com" */
function maskEmail(email: string) {
  const at = email.lastIndexOf("@");
  if (at < 1) return email;
  return `${email[0]}•••${email.slice(at)}`;
}
