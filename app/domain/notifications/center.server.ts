// The in-app notification center: what a signed-in user reads under the bell. Every function takes
// the user's id and touches only that user's rows, so another user's notification id behaves as
// one that doesn't exist.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, count, desc, eq, isNull, lt, lte, ne, or, sql, type SQLWrapper } from "drizzle-orm";
import { keptStatement } from "../../../db/kept-statement";
import { notifications, sessions, type User } from "../../../db/schema";
import type { InAppContent, NotificationKindDefinition } from "./kind";
import { isNotificationKind, notificationKinds } from "./registry";

export const notificationsPerPage = 20;
const day = 24 * 60 * 60_000;
/** A read in-app notification is kept this long after it was read. */
export const readRetentionMs = 90 * day;
/** Any notification, read or not, whatever its channel, is kept at most this long. */
export const notificationRetentionMs = 365 * day;

type Context = Pick<AppLoadContext, "db" | "clock">;

/** Why a deleted in-app notification's row stays: it keeps the notification's unique key, so a late repeat of its event can't bring it back. */
const deletedByRecipient = "deleted by the recipient";

/** The user's own in-app notifications that are due and not deleted. */
function visibleTo(userId: string | SQLWrapper, now: Date | SQLWrapper) {
  return and(
    eq(notifications.userId, userId),
    eq(notifications.channel, "in_app"),
    lte(notifications.sendAt, now),
    ne(notifications.status, "skipped"),
  );
}

const owned = (userId: string, notificationId: string, now: Date) => and(eq(notifications.id, notificationId), visibleTo(userId, now));

/** The bell's count as a query, for a caller's batch. */
export function unreadQuery(context: Context, userId: string) {
  return context.db
    .select({ unread: count() })
    .from(notifications)
    .where(and(visibleTo(userId, context.clock.now()), isNull(notifications.readAt)));
}

/**
 * The bell's count for whoever is signed in with session `sessionId`, for the batch that reads the
 * session (every signed-in request does, so its text is built once). `now`: epoch ms.
 */
export const unreadOfSessionQuery = keptStatement<{ sessionId: string; now: number }>()((db, values) =>
  db
    .select({ unread: count() })
    .from(notifications)
    .where(
      and(
        visibleTo(db.select({ userId: sessions.userId }).from(sessions).where(eq(sessions.id, values.sessionId)), values.now),
        isNull(notifications.readAt),
      ),
    ),
);

/** The number on the bell: one query on the user's index. */
export async function unreadCount(context: Context, userId: string): Promise<number> {
  const [row] = await unreadQuery(context, userId);
  return row?.unread ?? 0;
}

export interface CenterItem extends InAppContent {
  id: string;
  createdAt: Date;
  read: boolean;
}

export interface CenterPage {
  items: CenterItem[];
  page: number;
  hasNext: boolean;
  unread: number;
}

type Reader = Pick<User, "id" | "name" | "email" | "timezone">;

/** One page (from 1) of the user's notifications, newest first, each as its kind reads in the app, in the user's zone. */
export async function listNotifications(context: Context, user: Reader, page: number, origin: string): Promise<CenterPage> {
  const now = context.clock.now();
  // One round trip for the page and the count.
  const [rows, [counted]] = await context.db.batch([
    context.db
      .select({
        id: notifications.id,
        kind: notifications.kind,
        payload: notifications.payload,
        createdAt: notifications.createdAt,
        readAt: notifications.readAt,
      })
      .from(notifications)
      .where(visibleTo(user.id, now))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(notificationsPerPage + 1)
      .offset((page - 1) * notificationsPerPage),
    unreadQuery(context, user.id),
  ]);
  const items = rows.slice(0, notificationsPerPage).map((row) => ({
    id: row.id,
    createdAt: row.createdAt,
    read: row.readAt !== null,
    ...render(row, user, origin),
  }));
  return { items, page, hasNext: rows.length > notificationsPerPage, unread: counted?.unread ?? 0 };
}

/**
 * The user's notifications newest first after `after` (the last item of the previous page), for
 * clients that page by cursor; `unreadOnly` keeps the unread ones. Rendered as the list renders them.
 */
export async function listNotificationsAfter(
  context: Context,
  user: Reader,
  input: { after: { createdAt: Date; id: string } | null; limit: number; unreadOnly: boolean },
  origin: string,
): Promise<{ items: CenterItem[]; hasMore: boolean }> {
  const { after } = input;
  const rows = await context.db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      payload: notifications.payload,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(
      and(
        visibleTo(user.id, context.clock.now()),
        input.unreadOnly ? isNull(notifications.readAt) : undefined,
        after
          ? or(
              lt(notifications.createdAt, after.createdAt),
              and(eq(notifications.createdAt, after.createdAt), lt(notifications.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit).map((row) => ({
    id: row.id,
    createdAt: row.createdAt,
    read: row.readAt !== null,
    ...render(row, user, origin),
  }));
  return { items, hasMore: rows.length > input.limit };
}

/** Renders at reading time, so times follow the user's current zone. */
function render(row: { id: string; kind: string; payload: unknown }, user: Reader, origin: string): InAppContent {
  const definition = isNotificationKind(row.kind) ? (notificationKinds[row.kind] as NotificationKindDefinition<unknown>) : null;
  const parsed = definition?.payload.safeParse(row.payload);
  if (!definition?.inApp || !parsed?.success) {
    // A kind since removed or changed: still listed, so it can be read and deleted.
    return { title: "Notification", body: "", href: "/notifications" };
  }
  const recipient = { id: user.id, name: user.name, email: user.email, timezone: user.timezone };
  return definition.inApp(parsed.data, { recipient, origin, notificationId: row.id, unsubscribeUrl: null });
}

/** False when the user has no such notification (another user's counts as none). */
export async function markRead(context: Context, userId: string, notificationId: string): Promise<boolean> {
  const result = await context.db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${context.clock.now().getTime()})` })
    .where(owned(userId, notificationId, context.clock.now()));
  return result.rowsAffected > 0;
}

export async function markAllRead(context: Context, userId: string): Promise<number> {
  const result = await context.db
    .update(notifications)
    .set({ readAt: context.clock.now() })
    .where(and(visibleTo(userId, context.clock.now()), isNull(notifications.readAt)));
  return result.rowsAffected;
}

/** Gone from the user's list (and counted as read, so the cleanup job removes the row). */
export async function deleteNotification(context: Context, userId: string, notificationId: string): Promise<boolean> {
  const now = context.clock.now();
  const result = await context.db
    .update(notifications)
    .set({ status: "skipped", lastError: deletedByRecipient, readAt: sql`coalesce(${notifications.readAt}, ${now.getTime()})` })
    .where(owned(userId, notificationId, now));
  return result.rowsAffected > 0;
}

/** Following a notification's link reads it: the path it leads to, or null when the user has no such notification. */
export async function openNotification(context: Context, user: Reader, notificationId: string, origin: string): Promise<string | null> {
  const [row] = await context.db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${context.clock.now().getTime()})` })
    .where(owned(user.id, notificationId, context.clock.now()))
    .returning({ id: notifications.id, kind: notifications.kind, payload: notifications.payload });
  if (!row) return null;
  const { href } = render(row, user, origin);
  // Only ever a path in this app, whatever a payload holds.
  return href.startsWith("/") && !href.startsWith("//") ? href : "/notifications";
}

/** Daily: read in-app notifications after 90 days, and every notification after a year. */
export async function pruneNotifications(context: Context) {
  const now = context.clock.now().getTime();
  const result = await context.db
    .delete(notifications)
    .where(
      or(
        lt(notifications.createdAt, new Date(now - notificationRetentionMs)),
        lte(notifications.expiresAt, new Date(now)),
        and(eq(notifications.channel, "in_app"), lt(notifications.readAt, new Date(now - readRetentionMs))),
      ),
    );
  return { deleted: result.rowsAffected };
}
