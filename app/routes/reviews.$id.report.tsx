import { Link, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/forms";
import { ReportFields } from "~/components/reviews/report-form";
import { requireUser } from "~/domain/auth/auth.server";
import { moderationFailureStatus, reportableReview, reportReview } from "~/domain/reviews/moderation.server";

export const meta: MetaFunction = () => [{ title: "Report a review · Specialistly" }];

const notFound = () => new Response("There's no review at that address", { status: 404, statusText: "Not Found" });

// Anonymous visitors (and the profile's Report form, posted while signed out) go to log in first,
// and come back here.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const review = await reportableReview(context, params.id ?? "");
  if (!review) throw notFound();
  return { review: { ...review, own: review.customerId === user.id }, done: new URL(request.url).searchParams.has("done") };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireUser(request, context);
  const form = await request.formData();
  const result = await reportReview(context, {
    actorUserId: user.id,
    reviewId: params.id ?? "",
    reason: form.get("reason") ?? undefined,
    note: form.get("note") ?? undefined,
  });
  if (result.ok) return redirect(`/reviews/${params.id}/report?done`);
  if (result.reason === "not-found") throw notFound();
  return data({ message: result.message, fieldErrors: result.fieldErrors ?? null }, { status: moderationFailureStatus[result.reason] });
}

export default function ReportReviewPage() {
  const { review, done } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-3xl font-bold tracking-tight text-slate-900">Report a review</h1>
      <blockquote className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <p className="font-medium text-slate-900">
          {review.authorName} on {review.specialistName}: {review.overall} of 5 stars
        </p>
        {review.comment ? <p className="mt-2 whitespace-pre-line text-slate-700">{review.comment}</p> : null}
      </blockquote>
      {done ? (
        <Notice tone="success">Thank you — an admin will look at this review.</Notice>
      ) : review.own ? (
        <Notice tone="info">This is your own review; you can't report it.</Notice>
      ) : (
        <>
          {failed ? <Notice tone="error">{failed.message}</Notice> : null}
          <ReportFields reviewId={review.id} errors={failed?.fieldErrors} />
        </>
      )}
      <p className="text-sm">
        <Link to={`/s/${review.specialistSlug}#reviews`} className="font-medium text-brand-700 underline underline-offset-4">
          Back to {review.specialistName}'s profile
        </Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
