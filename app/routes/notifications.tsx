import { useLoaderData, type MetaFunction } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import * as z from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { NotificationList } from "~/components/notifications/notification-list";
import { requireUser } from "~/domain/auth/auth.server";
import { appOrigin } from "~/lib/app-origin";
import { deleteNotification, listNotifications, markAllRead, markRead } from "~/domain/notifications/center.server";
import { formatShortSessionTime } from "~/lib/time-format";

export const meta: MetaFunction = () => [{ title: "Notifications · Specialistly" }];

/** The farthest page anyone could reach: a year of notifications at 20 a page is far less. */
const maxPage = 1000;
const pageSchema = z.coerce.number().int().min(1).max(maxPage);

function pageOf(value: string | null | undefined) {
  if (value === null || value === undefined || value === "") return 1;
  const parsed = pageSchema.safeParse(value);
  if (!parsed.success) throw new Response(`The page must be a whole number from 1 to ${maxPage}.`, { status: 400 });
  return parsed.data;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const page = pageOf(new URL(request.url).searchParams.get("page"));
  const center = await listNotifications(context, user, page, appOrigin(request, context));
  return {
    page: center.page,
    hasNext: center.hasNext,
    unread: center.unread,
    items: center.items.map((item) => ({
      id: item.id,
      title: item.title,
      body: item.body,
      read: item.read,
      createdAt: item.createdAt.toISOString(),
      createdAtLabel: formatShortSessionTime(item.createdAt, user.timezone),
    })),
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: z.string().min(1).max(100), page: z.string().optional() }),
  z.object({ intent: z.literal("delete"), id: z.string().min(1).max(100), page: z.string().optional() }),
  z.object({ intent: z.literal("read-all"), page: z.string().optional() }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireUser(request, context);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("That request didn't say what to do with which notification.", { status: 400 });
  const input = parsed.data;
  const page = pageOf(input.page);
  if (input.intent === "read-all") {
    await markAllRead(context, user.id);
  } else {
    const done =
      input.intent === "read" ? await markRead(context, user.id, input.id) : await deleteNotification(context, user.id, input.id);
    if (!done) throw new Response("You have no notification with that id.", { status: 404, statusText: "Not Found" });
  }
  return redirect(page > 1 ? `/notifications?page=${page}` : "/notifications");
}

export default function Notifications() {
  const data = useLoaderData<typeof loader>();
  return <NotificationList {...data} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
