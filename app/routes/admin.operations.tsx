import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/forms";
import { failedWork, retryFailed, retryFailureStatus, retrySchema, type FailedKind } from "~/domain/admin/operations.server";
import { requireRole } from "~/domain/auth/auth.server";
import { viewerTimeZone, zoneName } from "~/domain/specialists/viewer-zone";
import { formatDayTime } from "~/lib/time-format";

export const meta: MetaFunction = () => [{ title: "Operations · Admin · Specialistly" }];

interface FailedItem {
  kind: FailedKind;
  id: string;
  what: string;
  detail: string;
  error: string;
  at: string;
  attempts: number;
  bookingId: string | null;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["admin"]);
  const failed = await failedWork(context, { role: user.role });
  if (!failed) throw new Response("Your account doesn't have access to this page.", { status: 403 });
  const zone = viewerTimeZone(request) ?? user.timezone;
  const at = (instant: Date) => formatDayTime(instant, zone);
  const jobs: FailedItem[] = failed.jobs.map((job) => ({
    kind: "job",
    id: job.id,
    what: `${job.type} job`,
    detail: job.payload,
    error: job.lastError ?? "",
    at: at(job.failedAt ?? job.createdAt),
    attempts: job.attempts,
    bookingId: null,
  }));
  const webhooks: FailedItem[] = failed.webhooks.map((event) => ({
    kind: "webhook",
    id: event.id,
    what: `${event.provider} ${event.type}`,
    detail: `event ${event.eventId}, received ${at(event.receivedAt)}`,
    error: event.lastError ?? "",
    at: at(event.receivedAt),
    attempts: event.attempts,
    bookingId: null,
  }));
  const notifications: FailedItem[] = failed.notifications.map((notice) => ({
    kind: "notification",
    id: notice.id,
    what: `${notice.kind} by ${notice.channel}`,
    detail: `to ${notice.recipientName} (${notice.recipientEmail}), about ${notice.subjectType} ${notice.subjectId}`,
    error: notice.lastError ?? "",
    at: at(notice.sendAt),
    attempts: notice.attempts,
    bookingId: notice.subjectType === "booking" ? notice.subjectId : null,
  }));
  return {
    zone: zoneName(zone),
    counts: failed.counts,
    jobs,
    webhooks,
    notifications,
    done: new URL(request.url).searchParams.get("done"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireRole(request, context, ["admin"]);
  const submission = parseWithZod(await request.formData(), { schema: retrySchema });
  if (submission.status !== "success") {
    return data({ error: submission.error ? (Object.values(submission.error).flat()[0] ?? null) : null }, { status: 400 });
  }
  const result = await retryFailed(context, { actorUserId: user.id, ...submission.value });
  if (!result.ok) return data({ error: result.message }, { status: retryFailureStatus[result.reason] });
  return redirect(`/admin/operations?done=${result.kind}`);
}

const doneLabels: Record<string, string> = {
  job: "Retrying: the job is back in the queue.",
  webhook: "Retrying: the webhook event is being processed again.",
  notification: "Retrying: the notification is being sent again.",
};

export default function OperationsPage() {
  const { zone, counts, jobs, webhooks, notifications, done } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <h2 className="text-2xl font-semibold text-slate-900">Operations</h2>
      <p className="text-slate-700">
        Work that failed, newest first, with its error (times in {zone} time). Retry sends one back through the path that processes it and
        records that you did.
      </p>
      {done && doneLabels[done] ? <Notice tone="success">{doneLabels[done]}</Notice> : null}
      {failed?.error ? <Notice tone="error">{failed.error}</Notice> : null}
      <dl aria-label="Failed, by kind" className="grid gap-4 sm:grid-cols-3">
        <Count href="#failed-jobs" label="Failed jobs" value={counts.job} />
        <Count href="#failed-webhooks" label="Failed webhook events" value={counts.webhook} />
        <Count href="#failed-notifications" label="Failed notifications" value={counts.notification} />
      </dl>
      <FailedList id="failed-jobs" title="Jobs" items={jobs} empty="No failed jobs." />
      <FailedList id="failed-webhooks" title="Webhook events" items={webhooks} empty="No webhook events failed." />
      <FailedList id="failed-notifications" title="Notifications" items={notifications} empty="No notifications failed." />
    </div>
  );
}

function Count({ href, label, value }: { href: string; label: string; value: number }) {
  return (
    <div className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
      <dt className="text-sm text-slate-600">
        <a href={href} className="underline underline-offset-4">
          {label}
        </a>
      </dt>
      <dd className="text-2xl font-semibold text-slate-900">{value}</dd>
    </div>
  );
}

function FailedList({ id, title, items, empty }: { id: string; title: string; items: FailedItem[]; empty: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h3 id={`${id}-heading`} className="text-lg font-semibold text-slate-900">
        {title}
      </h3>
      {items.length === 0 ? <p className="mt-2 text-sm text-slate-700">{empty}</p> : null}
      <ul className="mt-3 divide-y divide-slate-200">
        {items.map((item) => (
          <li key={item.id} className="flex flex-wrap items-start justify-between gap-4 py-3">
            <div className="min-w-0 flex-1 text-sm">
              <p className="font-medium text-slate-900">
                {item.what} · {item.at}
              </p>
              <p className="break-all text-slate-600">
                {item.detail} · {item.attempts} {item.attempts === 1 ? "attempt" : "attempts"}
                {item.bookingId ? (
                  <>
                    {" · "}
                    <Link to={`/admin/bookings/${item.bookingId}`} className="font-medium text-brand-700 underline underline-offset-4">
                      the booking
                    </Link>
                  </>
                ) : null}
              </p>
              <p className="mt-1 break-words text-red-800">Error: {item.error}</p>
            </div>
            <Form method="post" action="/admin/operations">
              <input type="hidden" name="kind" value={item.kind} />
              <input type="hidden" name="id" value={item.id} />
              <button type="submit" className="rounded-lg bg-brand-700 px-3 py-2 text-sm font-medium text-white">
                Retry
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
