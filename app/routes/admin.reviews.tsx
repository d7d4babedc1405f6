import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import * as z from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { inputClass, Notice } from "~/components/forms";
import { requireRole } from "~/domain/auth/auth.server";
import { reportReasonLabels } from "~/domain/reviews/moderation-schemas";
import { moderateReview, moderationFailureStatus } from "~/domain/reviews/moderation.server";
import { moderationQueue, type QueueFilter } from "~/domain/reviews/moderation-queue.server";
import { viewerTimeZone } from "~/domain/specialists/viewer-zone";
import { formatDayTime } from "~/lib/time-format";

export const meta: MetaFunction = () => [{ title: "Review moderation · Specialistly" }];

const actionSchema = z.object({
  intent: z.enum(["approve", "hide", "restore"], { error: "Choose approve, hide or restore." }),
  reviewId: z.string({ error: "Which review?" }).min(1, "Which review?"),
  reason: z.string().optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["admin"]);
  const url = new URL(request.url);
  const filter: QueueFilter = url.searchParams.get("show") === "hidden" ? "hidden" : "queue";
  const queue = await moderationQueue(context, { role: user.role }, filter);
  if (!queue) throw new Response("Your account doesn't have access to this page.", { status: 403 });
  const zone = viewerTimeZone(request) ?? user.timezone;
  return {
    filter,
    done: url.searchParams.get("done"),
    reviews: queue.map((review) => ({
      ...review,
      createdAt: formatDayTime(review.createdAt, zone),
      reports: review.reports.map((report) => ({
        ...report,
        reason: reportReasonLabels[report.reason],
        createdAt: formatDayTime(report.createdAt, zone),
      })),
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireRole(request, context, ["admin"]);
  const submission = parseWithZod(await request.formData(), { schema: actionSchema });
  if (submission.status !== "success")
    return data({ error: submission.error ? Object.values(submission.error).flat()[0] : null }, { status: 400 });
  const { intent, reviewId, reason } = submission.value;
  const result = await moderateReview(context, { actorUserId: user.id, reviewId, action: intent, reason });
  if (!result.ok) return data({ error: result.message, reviewId }, { status: moderationFailureStatus[result.reason] });
  const back = new URL(request.url).searchParams.get("show") === "hidden" ? "show=hidden&" : "";
  return redirect(`/admin/reviews?${back}done=${intent}`);
}

const doneLabels: Record<string, string> = {
  approve: "Approved: the review is on the profile.",
  hide: "Hidden: the author sees your reason.",
  restore: "Restored: the review is on the profile again.",
};

export default function AdminReviewsPage() {
  const { filter, reviews, done } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const query = filter === "hidden" ? "?show=hidden" : "";
  return (
    <div className="space-y-6">
      <h2 className="text-2xl font-semibold text-slate-900">Review moderation</h2>
      <nav aria-label="Which reviews" className="flex gap-4 text-sm">
        <Link
          to="/admin/reviews"
          aria-current={filter === "queue" ? "page" : undefined}
          className="font-medium text-brand-700 underline underline-offset-4"
        >
          Waiting and reported
        </Link>
        <Link
          to="/admin/reviews?show=hidden"
          aria-current={filter === "hidden" ? "page" : undefined}
          className="font-medium text-brand-700 underline underline-offset-4"
        >
          Hidden
        </Link>
      </nav>
      {done && doneLabels[done] ? <Notice tone="success">{doneLabels[done]}</Notice> : null}
      {failed?.error ? <Notice tone="error">{failed.error}</Notice> : null}
      {reviews.length === 0 ? (
        <p className="text-slate-700">{filter === "hidden" ? "No hidden reviews." : "Nothing waiting: no pending or reported reviews."}</p>
      ) : null}
      <ul className="space-y-4">
        {reviews.map((review) => (
          <li
            key={review.id}
            aria-labelledby={`review-${review.id}`}
            className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm"
          >
            <h2 id={`review-${review.id}`} className="text-lg font-semibold text-slate-900">
              {review.authorName} on{" "}
              <Link to={`/s/${review.specialistSlug}`} className="text-brand-700 underline underline-offset-4">
                {review.specialistName}
              </Link>
              : {review.overall} of 5 stars
            </h2>
            <p className="text-sm text-slate-600">
              {review.status === "pending" ? "Awaiting moderation" : review.status === "hidden" ? "Hidden" : "Published, reported"} ·
              written {review.createdAt}
            </p>
            {review.comment ? <p className="mt-2 whitespace-pre-line text-slate-800">{review.comment}</p> : null}
            {review.moderationReason ? <p className="mt-2 text-sm text-slate-700">Hidden because: {review.moderationReason}</p> : null}
            {review.reports.length > 0 ? (
              <>
                <h3 className="mt-3 text-sm font-semibold text-slate-900">Open reports</h3>
                <ul className="list-disc pl-5 text-sm text-slate-700">
                  {review.reports.map((report, index) => (
                    <li key={index}>
                      {report.reason}
                      {report.note ? `: ${report.note}` : ""} ({report.createdAt})
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <div className="mt-4 flex flex-wrap items-end gap-4">
              {review.status === "pending" ? <ActionButton query={query} reviewId={review.id} intent="approve" label="Approve" /> : null}
              {review.status === "hidden" ? <ActionButton query={query} reviewId={review.id} intent="restore" label="Restore" /> : null}
              {review.status !== "hidden" ? (
                <Form method="post" action={`/admin/reviews${query}`} className="flex flex-wrap items-end gap-2">
                  <input type="hidden" name="intent" value="hide" />
                  <input type="hidden" name="reviewId" value={review.id} />
                  <label className="text-sm text-slate-700">
                    Reason the author will see
                    <input name="reason" required maxLength={500} className={inputClass} />
                  </label>
                  <button type="submit" className="rounded-lg border border-slate-300 px-3 py-2 text-sm font-medium text-slate-900">
                    Hide
                  </button>
                </Form>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ActionButton({ query, reviewId, intent, label }: { query: string; reviewId: string; intent: string; label: string }) {
  return (
    <Form method="post" action={`/admin/reviews${query}`}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="reviewId" value={reviewId} />
      <button type="submit" className="rounded-lg bg-brand-700 px-3 py-2 text-sm font-medium text-white">
        {label}
      </button>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
