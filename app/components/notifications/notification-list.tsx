import { Form, Link, useFetcher } from "@remix-run/react";

export interface NotificationListItem {
  id: string;
  title: string;
  body: string;
  read: boolean;
  createdAt: string;
  createdAtLabel: string;
}

const buttonClass = "rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-brand-700 disabled:opacity-60";

/** The notification center's page: plain forms, submitted by fetchers when JavaScript runs. */
export function NotificationList({
  items,
  page,
  hasNext,
  unread,
}: {
  items: NotificationListItem[];
  page: number;
  hasNext: boolean;
  unread: number;
}) {
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">Notifications</h1>
        {unread > 0 ? (
          <Form method="post" action="/notifications">
            <input type="hidden" name="page" value={page} />
            <button type="submit" name="intent" value="read-all" className={buttonClass}>
              Mark all as read
            </button>
          </Form>
        ) : null}
      </div>
      <p className="text-sm text-slate-600">{unread === 0 ? "You're all caught up." : `${unread} unread.`}</p>
      {items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          {page > 1 ? (
            <>
              Nothing on this page.{" "}
              <Link to="/notifications" className="font-medium text-brand-700 underline">
                Back to the newest
              </Link>
            </>
          ) : (
            "No notifications yet. Bookings, payments and reminders will show up here."
          )}
        </p>
      ) : (
        <ul aria-label="Notifications" className="space-y-3">
          {items.map((item) => (
            <NotificationRow key={item.id} item={item} page={page} />
          ))}
        </ul>
      )}
      {page > 1 || hasNext ? (
        <nav aria-label="Pages" className="flex justify-between text-sm font-medium">
          {page > 1 ? (
            <Link to={page === 2 ? "/notifications" : `/notifications?page=${page - 1}`} rel="prev" className="text-brand-700 underline">
              Newer
            </Link>
          ) : (
            <span />
          )}
          {hasNext ? (
            <Link to={`/notifications?page=${page + 1}`} rel="next" className="text-brand-700 underline">
              Older
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}

function NotificationRow({ item, page }: { item: NotificationListItem; page: number }) {
  const fetcher = useFetcher();
  const intent = fetcher.formData?.get("intent");
  // Shown as done while the fetcher is at work; the revalidated list then agrees.
  if (intent === "delete") return null;
  const read = item.read || intent === "read";
  return (
    <li
      aria-label={`${read ? "" : "Unread: "}${item.title}`}
      className={`rounded-xl border p-4 shadow-sm ${read ? "border-slate-200 bg-white" : "border-brand-200 bg-brand-50"}`}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <Link to={`/notifications/${item.id}`} className="font-semibold text-slate-900 underline-offset-4 hover:underline">
          {read ? null : <span className="mr-2 rounded-full bg-brand-600 px-2 py-0.5 text-xs font-semibold text-white">Unread</span>}
          {item.title}
        </Link>
        <time dateTime={item.createdAt} className="text-sm text-slate-600">
          {item.createdAtLabel}
        </time>
      </div>
      {item.body ? <p className="mt-1 text-sm text-slate-700">{item.body}</p> : null}
      <fetcher.Form method="post" action="/notifications" className="mt-2 flex gap-2">
        <input type="hidden" name="id" value={item.id} />
        <input type="hidden" name="page" value={page} />
        {read ? null : (
          <button type="submit" name="intent" value="read" className={buttonClass} aria-label={`Mark “${item.title}” as read`}>
            Mark as read
          </button>
        )}
        <button type="submit" name="intent" value="delete" className={buttonClass} aria-label={`Delete “${item.title}”`}>
          Delete
        </button>
      </fetcher.Form>
    </li>
  );
}
