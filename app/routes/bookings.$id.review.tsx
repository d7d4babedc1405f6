import { parseWithZod } from "@conform-to/zod/v4";
import { Link, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { Notice } from "~/components/forms";
import { ResponseForm, ReviewForm, type ReviewValues } from "~/components/reviews/review-forms";
import { requireUser } from "~/domain/auth/auth.server";
import { aspectLabels, responseSchema, reviewAspects, reviewSchema } from "~/domain/reviews/review-schemas";
import {
  canEditReview,
  canReview,
  editReview,
  editWindowMs,
  failureStatus,
  getReviewableBooking,
  respondToReview,
  submitReview,
  type ReviewFailureResult,
} from "~/domain/reviews/reviews.server";
import { viewerTimeZone } from "~/domain/specialists/viewer-zone";
import { formatDayTime } from "~/lib/time-format";

export const meta: MetaFunction = () => [{ title: "Review · Specialistly" }];

const notFound = () => new Response("No booking of yours has that address", { status: 404, statusText: "Not Found" });

async function requireParty(request: Request, context: LoaderFunctionArgs["context"], bookingId: string) {
  const session = await requireUser(request, context);
  const booking = await getReviewableBooking(context, bookingId);
  if (!booking) throw notFound();
  const role = booking.customerId === session.user.id ? "customer" : booking.specialistUserId === session.user.id ? "specialist" : null;
  if (!role) throw notFound();
  return { session, booking, role } as const;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { session, booking, role } = await requireParty(request, context, params.id ?? "");
  const now = context.clock.now();
  const zone = viewerTimeZone(request) ?? session.user.timezone;
  const { review } = booking;
  return {
    id: booking.bookingId,
    role,
    sessionTitle: booking.sessionTitle,
    specialistName: booking.specialistName,
    specialistSlug: booking.specialistSlug,
    customerName: booking.customerName,
    completed: booking.status === "completed",
    canReview: role === "customer" && canReview(booking, session.user.id, now),
    editUntil:
      review && canEditReview(review, session.user.id, now)
        ? formatDayTime(new Date(review.createdAt.getTime() + editWindowMs), zone)
        : null,
    review: review
      ? {
          overall: review.overall,
          communication: review.communication,
          expertise: review.expertise,
          value: review.value,
          comment: review.comment,
          response: review.response,
        }
      : null,
    // The author (and the specialist) see why a review isn't on the profile.
    status: review?.status ?? null,
    moderationReason: review?.status === "hidden" ? review.moderationReason : null,
    saved: new URL(request.url).searchParams.get("saved"),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { session, booking, role } = await requireParty(request, context, params.id ?? "");
  const formData = await request.formData();
  const actor = { actorUserId: session.user.id, bookingId: booking.bookingId };
  if (role === "specialist") {
    const submission = parseWithZod(formData, { schema: responseSchema });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const result = await respondToReview(context, { ...actor, response: submission.value.response });
    if (!result.ok) return failed(result, submission.reply({ formErrors: [result.message] }));
    return redirect(`/bookings/${booking.bookingId}/review?saved=response`);
  }
  const submission = parseWithZod(formData, { schema: reviewSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const write = booking.review ? editReview : submitReview;
  const result = await write(context, { ...actor, review: submission.value });
  if (!result.ok) return failed(result, submission.reply({ formErrors: [result.message] }));
  return redirect(`/bookings/${booking.bookingId}/review?saved=review`);
}

function failed<T>(result: ReviewFailureResult, reply: T) {
  if (result.reason === "not-found") throw notFound();
  return data(reply, { status: failureStatus[result.reason] });
}

export default function ReviewPage() {
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { review } = page;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <p className="text-sm">
        <Link to={`/bookings/${page.id}`} className="font-medium text-brand-700 underline underline-offset-4">
          Back to the booking
        </Link>
      </p>
      <h1 className="text-3xl font-bold tracking-tight text-slate-900">
        {page.role === "customer" ? `Review your ${page.sessionTitle} with ${page.specialistName}` : `${page.customerName}'s review`}
      </h1>
      {page.saved === "review" && page.status === "published" ? (
        <Notice tone="success">Thank you — your review is on {page.specialistName}'s profile.</Notice>
      ) : null}
      {page.status === "pending" ? (
        <Notice tone="info">
          {page.role === "customer" ? "Your review" : "This review"} awaits moderation: it has a link or a word we check before it goes on
          the profile. It will show once an admin approves it.
        </Notice>
      ) : null}
      {page.status === "hidden" ? (
        <Notice tone="info">
          {page.role === "customer" ? "Your review" : "This review"} was hidden by a moderator and isn't on the profile. Reason:{" "}
          {page.moderationReason}
        </Notice>
      ) : null}
      {page.saved === "response" ? <Notice tone="success">Your response is published under the review.</Notice> : null}

      {page.role === "customer" ? (
        page.canReview ? (
          <ReviewForm lastResult={lastResult} defaults={null} submitLabel="Publish review" />
        ) : review && page.editUntil ? (
          <>
            <p className="text-slate-700">You can change your review until {page.editUntil}.</p>
            <ReviewForm lastResult={lastResult} defaults={review} submitLabel="Save changes" />
          </>
        ) : review ? (
          <ReviewSummary review={review} />
        ) : (
          <Notice tone="info">
            {page.completed
              ? "Reviews can be left up to 60 days after the session."
              : "You can review this session once it has taken place."}
          </Notice>
        )
      ) : review ? (
        <>
          <ReviewSummary review={review} />
          <ResponseForm lastResult={lastResult} defaultValue={review.response} />
        </>
      ) : (
        <Notice tone="info">{page.customerName} hasn't reviewed this session.</Notice>
      )}
      <p className="text-sm">
        <Link to={`/s/${page.specialistSlug}#reviews`} className="font-medium text-brand-700 underline underline-offset-4">
          See the reviews on {page.specialistName}'s profile
        </Link>
      </p>
    </div>
  );
}

function ReviewSummary({ review }: { review: ReviewValues & { response: string | null } }) {
  return (
    <section aria-labelledby="review-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="review-heading" className="text-xl font-semibold text-slate-900">
        {review.overall} of 5 stars
      </h2>
      <ul className="mt-2 flex flex-wrap gap-x-4 text-sm text-slate-700">
        {reviewAspects.map((aspect) => (
          <li key={aspect}>
            {aspectLabels[aspect]}: {review[aspect]} of 5
          </li>
        ))}
      </ul>
      {review.comment ? <p className="mt-3 whitespace-pre-line text-slate-800">{review.comment}</p> : null}
      {review.response ? <p className="mt-3 border-l-4 border-slate-200 pl-3 text-slate-700">Response: {review.response}</p> : null}
    </section>
  );
}
