import * as z from "zod";
import {
  deleteNotification,
  listNotificationsAfter,
  markAllRead,
  markRead,
  unreadCount,
} from "../../../domain/notifications/center.server";
import { appOrigin } from "../../../lib/app-origin";
import { notFound } from "../errors";
import { defineOperation, noContent, ok } from "../operation";
import { cursorOf, decodeCursor, encodeCursor, instant, limitParam, pageOf } from "../pagination";

// The in-app notification center (the bell), over the functions the /notifications page calls:
// they touch only the caller's rows, so another user's notification is one that doesn't exist.

const tag = "Notifications";
const cursorShape = ["number", "string"] as const;

const notificationSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    body: z.string(),
    href: z.string().meta({ description: "Where it leads in the web app: a path, e.g. /bookings/…" }),
    read: z.boolean(),
    createdAt: instant,
  })
  .meta({ id: "Notification", description: "An in-app notification, worded in the recipient's time zone when read." });

const idParams = z.object({ id: z.string().min(1).max(100) });

export const notificationOperations = [
  defineOperation({
    id: "listNotifications",
    method: "get",
    path: "/notifications",
    tag,
    summary: "Your in-app notifications",
    description: "Newest first. `unread=true` lists only the unread ones; `unreadCount` is the number on the bell.",
    auth: "required",
    query: z.object({
      limit: limitParam,
      cursor: cursorOf(cursorShape),
      unread: z.enum(["true", "false"]).optional().meta({ description: "`true`: only unread notifications." }),
    }),
    responses: {
      200: {
        description: "One page of notifications.",
        schema: pageOf(notificationSchema).extend({ unreadCount: z.number().int() }).meta({ id: "NotificationPage" }),
      },
    },
    async handler({ query, principal, context, request }) {
      const key = query.cursor ? decodeCursor(query.cursor, cursorShape) : null;
      const after = key ? { createdAt: new Date(key[0] as number), id: key[1] as string } : null;
      const [page, unread] = await Promise.all([
        listNotificationsAfter(
          context,
          principal.user,
          { after, limit: query.limit, unreadOnly: query.unread === "true" },
          appOrigin(request, context),
        ),
        unreadCount(context, principal.user.id),
      ]);
      const last = page.items.at(-1);
      return ok({
        data: page.items.map((item) => ({ ...item, createdAt: item.createdAt.toISOString() })),
        nextCursor: page.hasMore && last ? encodeCursor([last.createdAt.getTime(), last.id]) : null,
        unreadCount: unread,
      });
    },
  }),
  defineOperation({
    id: "markNotificationRead",
    method: "post",
    path: "/notifications/{id}/read",
    tag,
    summary: "Mark a notification read",
    description: "Marking one that is already read changes nothing.",
    auth: "required",
    params: idParams,
    responses: { 204: { description: "It is read.", schema: null } },
    errors: ["not_found"],
    async handler({ params, principal, context }) {
      if (!(await markRead(context, principal.user.id, params.id))) throw notFound("That notification");
      return noContent();
    },
  }),
  defineOperation({
    id: "markAllNotificationsRead",
    method: "post",
    path: "/notifications/read-all",
    tag,
    summary: "Mark every notification read",
    auth: "required",
    responses: { 200: { description: "How many were unread.", schema: z.object({ marked: z.number().int() }) } },
    async handler({ principal, context }) {
      return ok({ marked: await markAllRead(context, principal.user.id) });
    },
  }),
  defineOperation({
    id: "deleteNotification",
    method: "delete",
    path: "/notifications/{id}",
    tag,
    summary: "Delete a notification",
    description: "Gone from your list for good; the event it told you about can't bring it back.",
    auth: "required",
    params: idParams,
    responses: { 204: { description: "Deleted.", schema: null } },
    errors: ["not_found"],
    async handler({ params, principal, context }) {
      if (!(await deleteNotification(context, principal.user.id, params.id))) throw notFound("That notification");
      return noContent();
    },
  }),
];
