// Reviews of completed bookings (issue #12). Every write is ONE conditional statement (plus the
// specialist's notice in the same batch): the review's own conditions — whose booking, completed,
// within the window, not yet reviewed, still editable — are in its WHERE, so a concurrent second
// review or a late edit can't slip between a check and the write. The specialist's averages and
// counts follow in the same statement through migration 0009's triggers (ADR 0017).
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import { bookings, reviews, sessionTypes, specialists, users, type Review } from "../../../db/schema";
import { writeWithJobs } from "../../lib/write-with-jobs.server";
import { reviewWebhooks } from "../outgoing-webhooks/events.server";
import { notify } from "../notifications/notifications.server";
import { needsModeration } from "./content-rules";
import { responseSchema, reviewSchema, type ReviewInput } from "./review-schemas";

const dayMs = 24 * 60 * 60_000;
/** A completed booking may be reviewed until this long after the session ended. */
export const reviewWindowMs = 60 * dayMs;
/** The author may edit a review this long after writing it. */
export const editWindowMs = 2 * dayMs;

export type ReviewFailure =
  "invalid-input" | "not-found" | "not-allowed" | "not-completed" | "window-closed" | "already-reviewed" | "edit-window-closed";
export type ReviewFailureResult = { ok: false; reason: ReviewFailure; message: string; fieldErrors?: Record<string, string[]> };
export type ReviewResult = { ok: true; review: Review } | ReviewFailureResult;

const fail = (reason: ReviewFailure, message: string, fieldErrors?: Record<string, string[]>): ReviewFailureResult => ({
  ok: false,
  reason,
  message,
  ...(fieldErrors ? { fieldErrors } : {}),
});

/** The HTTP status a route answers a failure with. */
export const failureStatus: Record<ReviewFailure, number> = {
  "invalid-input": 400,
  "not-found": 404,
  "not-allowed": 403,
  "not-completed": 409,
  "window-closed": 409,
  "already-reviewed": 409,
  "edit-window-closed": 409,
};

type ReadContext = Pick<AppLoadContext, "db" | "clock">;
type WriteContext = Pick<AppLoadContext, "db" | "clock" | "queue">;

/** What the review form needs to know about a booking, for its customer or its specialist. */
export interface ReviewableBooking {
  bookingId: string;
  customerId: string;
  specialistUserId: string;
  specialistName: string;
  specialistSlug: string;
  customerName: string;
  sessionTitle: string;
  status: string;
  endsAt: Date;
  review: Review | null;
}

export async function getReviewableBooking(context: Pick<AppLoadContext, "db">, bookingId: string): Promise<ReviewableBooking | null> {
  const [row] = await context.db
    .select({
      bookingId: bookings.id,
      customerId: bookings.customerId,
      specialistUserId: specialists.userId,
      specialistName: specialists.displayName,
      specialistSlug: specialists.slug,
      customerName: users.name,
      sessionTitle: sessionTypes.title,
      status: bookings.status,
      endsAt: bookings.endsAt,
      review: reviews,
    })
    .from(bookings)
    .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
    .innerJoin(users, eq(users.id, bookings.customerId))
    .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
    .leftJoin(reviews, eq(reviews.bookingId, bookings.id))
    .where(eq(bookings.id, bookingId));
  return row ?? null;
}

/** Why `userId` can't review `booking` now, or null when they can. */
function whyNotReviewable(booking: ReviewableBooking | null, userId: string, now: Date): ReviewFailureResult | null {
  if (!booking || booking.customerId !== userId) return fail("not-found", "No booking of yours has that address.");
  if (booking.review) return fail("already-reviewed", "You've already reviewed this session.");
  if (booking.status !== "completed") return fail("not-completed", "You can review a session once it has taken place.");
  if (now.getTime() > booking.endsAt.getTime() + reviewWindowMs) {
    return fail("window-closed", "Reviews can be left up to 60 days after the session.");
  }
  return null;
}

export function canReview(booking: ReviewableBooking, userId: string, now: Date): boolean {
  return whyNotReviewable(booking, userId, now) === null;
}

export function canEditReview(review: Review, userId: string, now: Date): boolean {
  return review.customerId === userId && now.getTime() <= review.createdAt.getTime() + editWindowMs;
}

function parseReview(input: ReviewInput) {
  const parsed = reviewSchema.safeParse(input);
  if (parsed.success) return { ok: true as const, value: parsed.data };
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "")] ??= []).push(issue.message);
  return { ok: false as const, failure: fail("invalid-input", parsed.error.issues[0]?.message ?? "Check the review.", fieldErrors) };
}

/**
 * The booking's customer reviews it: only a completed booking, within 60 days of its end, once.
 * A comment with a link or a blocked word waits for an admin (`pending`); otherwise it is
 * published and the specialist is told (email and in-app) in the same write. A pending review's
 * specialist is told when an admin approves it.
 */
export async function submitReview(
  context: WriteContext,
  input: { actorUserId: string; bookingId: string; review: ReviewInput },
): Promise<ReviewResult> {
  const { db } = context;
  const parsed = parseReview(input.review);
  if (!parsed.ok) return parsed.failure;
  const now = context.clock.now();
  const booking = await getReviewableBooking(context, input.bookingId);
  const refused = whyNotReviewable(booking, input.actorUserId, now);
  if (refused || !booking) return refused ?? fail("not-found", "No booking of yours has that address.");

  const id = crypto.randomUUID();
  const { overall, communication, expertise, value, comment } = parsed.value;
  const status = needsModeration(comment) ? "pending" : "published";
  const written = sql`exists (select 1 from ${reviews} where ${reviews.id} = ${id} and ${reviews.status} = 'published')`;
  const notice = notify(
    context,
    {
      userId: booking.specialistUserId,
      kind: "review-new",
      subject: { type: "review", id },
      payload: {
        reviewId: id,
        bookingId: booking.bookingId,
        customerName: booking.customerName,
        sessionTitle: booking.sessionTitle,
        overall,
        comment,
      },
    },
    written,
  );
  const [inserted] = await writeWithJobs(
    context,
    [
      // Conditions again in the statement: a concurrent review of the same booking is stopped by
      // the unique booking id, and the booking's state is read in the same transaction.
      db.run(sql`insert into ${reviews}
          (id, booking_id, specialist_id, customer_id, overall, communication, expertise, value, comment, status, created_at, updated_at)
        select ${id}, ${bookings.id}, ${bookings.specialistId}, ${bookings.customerId}, ${overall}, ${communication}, ${expertise},
          ${value}, ${comment}, ${status}, ${now.getTime()}, ${now.getTime()}
        from ${bookings}
        where ${bookings.id} = ${booking.bookingId} and ${bookings.customerId} = ${input.actorUserId}
          and ${bookings.status} = 'completed' and ${bookings.endsAt} >= ${now.getTime() - reviewWindowMs}
        on conflict (booking_id) do nothing`),
      ...notice.statements,
      reviewWebhooks(db, { reviewId: id, now, when: written }),
    ],
    notice.jobs,
  );
  if (inserted.rowsAffected !== 1) {
    const again = await getReviewableBooking(context, input.bookingId);
    return (
      whyNotReviewable(again, input.actorUserId, context.clock.now()) ?? fail("already-reviewed", "You've already reviewed this session.")
    );
  }
  const review = await db.query.reviews.findFirst({ where: eq(reviews.id, id) });
  return { ok: true, review: review! };
}

/**
 * The author changes their review, within 48 hours of writing it; the averages move by the
 * difference. A comment that now needs moderation takes the review back to `pending`; a hidden
 * review stays hidden, and a pending one stays pending until an admin looks at it.
 */
export async function editReview(
  context: ReadContext,
  input: { actorUserId: string; bookingId: string; review: ReviewInput },
): Promise<ReviewResult> {
  const { db } = context;
  const parsed = parseReview(input.review);
  if (!parsed.ok) return parsed.failure;
  const now = context.clock.now();
  const { overall, communication, expertise, value, comment } = parsed.value;
  const [updated] = await db
    .update(reviews)
    .set({
      overall,
      communication,
      expertise,
      value,
      comment,
      updatedAt: now,
      status: needsModeration(comment)
        ? sql`case when ${reviews.status} = 'hidden' then 'hidden' else 'pending' end`
        : sql`${reviews.status}`,
    })
    .where(
      and(
        eq(reviews.bookingId, input.bookingId),
        eq(reviews.customerId, input.actorUserId),
        sql`${reviews.createdAt} >= ${now.getTime() - editWindowMs}`,
      ),
    )
    .returning();
  if (updated) return { ok: true, review: updated };
  const existing = await db.query.reviews.findFirst({ where: eq(reviews.bookingId, input.bookingId) });
  if (!existing || existing.customerId !== input.actorUserId) return fail("not-found", "You haven't reviewed this session.");
  return fail("edit-window-closed", "Reviews can be edited for 48 hours after they're written.");
}

/** The booking's specialist responds to its review, once; they may edit the response later. */
export async function respondToReview(
  context: ReadContext,
  input: { actorUserId: string; bookingId: string; response: string },
): Promise<ReviewResult> {
  const { db } = context;
  const parsed = responseSchema.safeParse({ response: input.response });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Check the response.";
    return fail("invalid-input", message, { response: [message] });
  }
  const now = context.clock.now();
  const [updated] = await db
    .update(reviews)
    .set({
      response: parsed.data.response,
      respondedAt: sql`coalesce(${reviews.respondedAt}, ${now.getTime()})`,
      responseUpdatedAt: now,
    })
    .where(
      and(
        eq(reviews.bookingId, input.bookingId),
        sql`${reviews.specialistId} in (select ${specialists.id} from ${specialists} where ${specialists.userId} = ${input.actorUserId})`,
      ),
    )
    .returning();
  if (updated) return { ok: true, review: updated };
  return fail("not-found", "There's no review of your session at that address.");
}

/** The specialist responds to review `reviewId` (the API names a review, the page its booking); the same rules as respondToReview. */
export async function respondToReviewById(
  context: ReadContext,
  input: { actorUserId: string; reviewId: string; response: string },
): Promise<ReviewResult> {
  const [review] = await context.db.select({ bookingId: reviews.bookingId }).from(reviews).where(eq(reviews.id, input.reviewId));
  if (!review) return fail("not-found", "There's no review of your session at that address.");
  return respondToReview(context, { actorUserId: input.actorUserId, bookingId: review.bookingId, response: input.response });
}

/**
 * Reviews `userId` wrote and reviews of their sessions as a specialist, newest first after `after`
 * (the last of the previous page), whatever their moderation status: both parties see a review on
 * its booking's review page, with its status.
 */
export async function listReviewsOf(
  context: Pick<AppLoadContext, "db">,
  userId: string,
  input: { after: { createdAt: Date; id: string } | null; limit: number },
) {
  const { after } = input;
  const rows = await context.db
    .select({
      review: reviews,
      specialistUserId: specialists.userId,
      specialistName: specialists.displayName,
      specialistSlug: specialists.slug,
      customerName: users.name,
    })
    .from(reviews)
    .innerJoin(specialists, eq(specialists.id, reviews.specialistId))
    .innerJoin(users, eq(users.id, reviews.customerId))
    .where(
      and(
        or(eq(reviews.customerId, userId), eq(specialists.userId, userId)),
        after
          ? or(lt(reviews.createdAt, after.createdAt), and(eq(reviews.createdAt, after.createdAt), lt(reviews.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(reviews.createdAt), desc(reviews.id))
    .limit(input.limit + 1);
  return { items: rows.slice(0, input.limit), hasMore: rows.length > input.limit };
}
