import * as z from "zod";
import { reviewStatuses, type Review } from "../../../../db/schema";
import { responseSchema } from "../../../domain/reviews/review-schemas";
import {
  listReviewsOf,
  respondToReviewById,
  submitReview,
  type ReviewFailure,
  type ReviewFailureResult,
} from "../../../domain/reviews/reviews.server";
import { ApiError, validationFailed, type ApiErrorCode } from "../errors";
import { created, defineOperation, ok } from "../operation";
import { cursorOf, decodeCursor, encodeCursor, instant, limitParam, pageOf } from "../pagination";

// Reviews over the functions the review page calls (app/domain/reviews/reviews.server.ts): who
// may review, when, and which comments wait for moderation are decided there.

const tag = "Reviews";
const cursorShape = ["number", "string"] as const;

const reviewOutput = z
  .object({
    id: z.string(),
    bookingId: z.string(),
    overall: z.number().int(),
    communication: z.number().int(),
    expertise: z.number().int(),
    value: z.number().int(),
    comment: z.string(),
    status: z.enum(reviewStatuses).meta({
      description: "`published` shows on the profile; `pending` waits for an admin (a link or a checked word); `hidden` by a moderator.",
    }),
    moderationReason: z.string().nullable().meta({ description: "Why a moderator hid it; null unless hidden." }),
    response: z.string().nullable().meta({ description: "The specialist's response." }),
    respondedAt: instant.nullable(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: "Review" });

const listedReview = reviewOutput
  .extend({
    role: z.enum(["author", "specialist"]).meta({ description: "`author`: you wrote it; `specialist`: it is about your session." }),
    specialist: z.object({ name: z.string(), slug: z.string() }),
    customerName: z.string(),
  })
  .meta({ id: "ReviewListItem" });

function reviewOf(review: Review): z.input<typeof reviewOutput> {
  return {
    id: review.id,
    bookingId: review.bookingId,
    overall: review.overall,
    communication: review.communication,
    expertise: review.expertise,
    value: review.value,
    comment: review.comment,
    status: review.status,
    moderationReason: review.status === "hidden" ? review.moderationReason : null,
    response: review.response,
    respondedAt: review.respondedAt?.toISOString() ?? null,
    createdAt: review.createdAt.toISOString(),
    updatedAt: review.updatedAt.toISOString(),
  };
}

const failureCodes: Record<Exclude<ReviewFailure, "invalid-input">, ApiErrorCode> = {
  "not-found": "not_found",
  "not-allowed": "forbidden",
  "not-completed": "conflict",
  "window-closed": "conflict",
  "already-reviewed": "conflict",
  "edit-window-closed": "conflict",
};

function failed(result: ReviewFailureResult): never {
  if (result.reason === "invalid-input") {
    const problems = Object.entries(result.fieldErrors ?? {}).flatMap(([field, messages]) =>
      messages.map((message) => ({ path: `body.${field}`, message })),
    );
    throw validationFailed(problems, result.message);
  }
  throw new ApiError(failureCodes[result.reason], result.message, { reason: result.reason });
}

const idParams = z.object({ id: z.string().min(1).max(100) });

// JSON clients send numbers: anything else is refused here, and submitReview applies the review
// form's rules (whole stars from 1 to 5, the comment's length) to the rest.
const starsField = z.number({ error: "Send the rating as a whole number from 1 to 5." }).meta({ description: "Whole stars, 1 to 5." });
const reviewBody = z.object({
  overall: starsField,
  communication: starsField,
  expertise: starsField,
  value: starsField,
  comment: z.string().optional(),
});

export const reviewOperations = [
  defineOperation({
    id: "createReview",
    method: "post",
    path: "/bookings/{id}/review",
    tag,
    summary: "Review a completed session",
    description:
      "The booking's customer, once the session has taken place, up to 60 days after it, once per booking (409 after that). A comment with a link or a checked word is saved as `pending` until an admin approves it; otherwise it is published and the specialist is told.",
    auth: "required",
    params: idParams,
    body: reviewBody,
    responses: { 201: { description: "The review.", schema: reviewOutput } },
    errors: ["not_found", "forbidden", "conflict"],
    async handler({ params, body, principal, context }) {
      const result = await submitReview(context, { actorUserId: principal.user.id, bookingId: params.id, review: body });
      if (!result.ok) failed(result);
      return created(reviewOf(result.review));
    },
  }),
  defineOperation({
    id: "listMyReviews",
    method: "get",
    path: "/reviews",
    tag,
    summary: "Reviews you wrote, and reviews of your sessions",
    description: "Newest first, whatever their moderation status (each says it).",
    auth: "required",
    query: z.object({ limit: limitParam, cursor: cursorOf(cursorShape) }),
    responses: { 200: { description: "One page of reviews.", schema: pageOf(listedReview).meta({ id: "ReviewPage" }) } },
    async handler({ query, principal, context }) {
      const key = query.cursor ? decodeCursor(query.cursor, cursorShape) : null;
      const after = key ? { createdAt: new Date(key[0] as number), id: key[1] as string } : null;
      const page = await listReviewsOf(context, principal.user.id, { after, limit: query.limit });
      const last = page.items.at(-1)?.review;
      return ok({
        data: page.items.map((row) => ({
          ...reviewOf(row.review),
          role: row.review.customerId === principal.user.id ? ("author" as const) : ("specialist" as const),
          specialist: { name: row.specialistName, slug: row.specialistSlug },
          customerName: row.customerName,
        })),
        nextCursor: page.hasMore && last ? encodeCursor([last.createdAt.getTime(), last.id]) : null,
      });
    },
  }),
  defineOperation({
    id: "respondToReview",
    method: "post",
    path: "/reviews/{id}/response",
    tag,
    summary: "Respond to a review of your session",
    description: "The reviewed session's specialist; sending again replaces the response.",
    auth: "required",
    params: idParams,
    body: responseSchema,
    responses: { 200: { description: "The review with your response.", schema: reviewOutput } },
    errors: ["not_found"],
    async handler({ params, body, principal, context }) {
      const result = await respondToReviewById(context, { actorUserId: principal.user.id, reviewId: params.id, response: body.response });
      if (!result.ok) failed(result);
      return ok(reviewOf(result.review));
    },
  }),
];
