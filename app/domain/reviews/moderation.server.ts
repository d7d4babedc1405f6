// Moderation of reviews (issue #12): users report reviews; admins approve pending ones, hide
// reviews with a reason the author sees, and restore hidden ones. Only `status` changes, so the
// specialist's figures and the directory follow through migration 0009's triggers (ADR 0017).
// Each admin action is one batch: its audit row, the review's change, the reports it resolves
// and, on approval, the specialist's notice — each conditioned on the review still being in the
// state the admin saw and the actor being an active admin, so a concurrent action writes nothing.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, sql } from "drizzle-orm";
import type * as z from "zod";
import { reviewReports, reviews, specialists, users, type Review, type ReviewStatus } from "../../../db/schema";
import { writeWithJobs } from "../../lib/write-with-jobs.server";
import { reviewWebhooks } from "../outgoing-webhooks/events.server";
import { auditedWrite } from "../admin/audit.server";
import { notify } from "../notifications/notifications.server";
import { hideSchema, reportSchema } from "./moderation-schemas";
import { getReviewableBooking } from "./reviews.server";

export type ModerationFailure = "invalid-input" | "not-found" | "not-allowed" | "own-review" | "already-reported" | "wrong-state";
export type ModerationFailureResult = { ok: false; reason: ModerationFailure; message: string; fieldErrors?: Record<string, string[]> };

export const moderationFailureStatus: Record<ModerationFailure, number> = {
  "invalid-input": 400,
  "not-found": 404,
  "not-allowed": 403,
  "own-review": 403,
  "already-reported": 409,
  "wrong-state": 409,
};

const fail = (reason: ModerationFailure, message: string, fieldErrors?: Record<string, string[]>): ModerationFailureResult => ({
  ok: false,
  reason,
  message,
  ...(fieldErrors ? { fieldErrors } : {}),
});

type WriteContext = Pick<AppLoadContext, "db" | "clock" | "queue">;

function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) (fieldErrors[String(issue.path[0] ?? "")] ??= []).push(issue.message);
  return fieldErrors;
}

/**
 * A signed-in user reports a published review, with a reason from the fixed list and an
 * optional note. Not their own review, and one open report per reporter per review.
 */
export async function reportReview(
  context: Pick<AppLoadContext, "db" | "clock">,
  input: { actorUserId: string; reviewId: string; reason: unknown; note?: unknown },
): Promise<{ ok: true } | ModerationFailureResult> {
  const parsed = reportSchema.safeParse({ reason: input.reason, note: input.note ?? undefined });
  if (!parsed.success) {
    return fail("invalid-input", parsed.error.issues[0]?.message ?? "Check the report.", fieldErrorsOf(parsed.error));
  }
  const { db } = context;
  const review = await db.query.reviews.findFirst({ where: eq(reviews.id, input.reviewId) });
  if (!review || review.status !== "published") return fail("not-found", "There's no review at that address.");
  if (review.customerId === input.actorUserId) return fail("own-review", "You can't report your own review.");
  const now = context.clock.now();
  // The partial unique index (one open report per reporter per review) settles a double submit.
  const inserted = await db.run(sql`insert into ${reviewReports} (id, review_id, reporter_id, reason, note, created_at)
      select ${crypto.randomUUID()}, ${reviews.id}, ${input.actorUserId}, ${parsed.data.reason}, ${parsed.data.note}, ${now.getTime()}
      from ${reviews}
      where ${reviews.id} = ${review.id} and ${reviews.status} = 'published' and ${reviews.customerId} <> ${input.actorUserId}
      on conflict do nothing`);
  if (inserted.rowsAffected === 1) return { ok: true };
  const again = await db.query.reviews.findFirst({ where: eq(reviews.id, input.reviewId) });
  if (!again || again.status !== "published") return fail("not-found", "There's no review at that address.");
  return fail("already-reported", "You've already reported this review; an admin will look at it.");
}

export type ModerationAction = "approve" | "hide" | "restore";
const transitions: Record<ModerationAction, { from: ReviewStatus[]; to: ReviewStatus; wrongState: string }> = {
  approve: { from: ["pending"], to: "published", wrongState: "Only a review waiting for moderation can be approved." },
  hide: { from: ["published", "pending"], to: "hidden", wrongState: "Only a published or pending review can be hidden." },
  restore: { from: ["hidden"], to: "published", wrongState: "Only a hidden review can be restored." },
};

const moderationState = (review: Pick<Review, "status" | "moderationReason">) => ({
  status: review.status,
  moderationReason: review.moderationReason,
});

/**
 * An admin approves (pending → published), hides (published or pending → hidden, with a reason
 * the author sees) or restores (hidden → published) a review. Approving or hiding resolves the
 * review's open reports; approving tells the specialist of the review. One audit row each.
 */
export async function moderateReview(
  context: WriteContext,
  input: { actorUserId: string; reviewId: string; action: ModerationAction; reason?: unknown },
): Promise<{ ok: true; review: Review } | ModerationFailureResult> {
  const { db } = context;
  const admin = await db.query.users.findFirst({ where: and(eq(users.id, input.actorUserId), eq(users.role, "admin")) });
  if (!admin || admin.status !== "active") return fail("not-allowed", "Only admins moderate reviews.");
  let reason: string | null = null;
  if (input.action === "hide") {
    const parsed = hideSchema.safeParse({ reason: input.reason });
    if (!parsed.success) return fail("invalid-input", parsed.error.issues[0]?.message ?? "Check the reason.", fieldErrorsOf(parsed.error));
    reason = parsed.data.reason;
  }
  const review = await db.query.reviews.findFirst({ where: eq(reviews.id, input.reviewId) });
  if (!review) return fail("not-found", "There's no review at that address.");
  const transition = transitions[input.action];
  if (!transition.from.includes(review.status)) return fail("wrong-state", transition.wrongState);

  const now = context.clock.now();
  const after = { status: transition.to, moderationReason: input.action === "hide" ? reason : null };
  // The review as the admin saw it: a concurrent action in between makes the whole write a no-op.
  const unchanged = sql`exists (select 1 from ${reviews} where ${reviews.id} = ${review.id} and ${reviews.status} = ${review.status}
    and coalesce(${reviews.moderatedAt}, 0) = ${review.moderatedAt?.getTime() ?? 0})`;
  const audit = auditedWrite(
    db,
    {
      actorId: admin.id,
      action: `review.${input.action}`,
      subjectType: "review",
      subjectId: review.id,
      before: moderationState(review),
      after,
      reason,
      at: now,
    },
    unchanged,
  );
  const { audited } = audit;
  const booking = input.action === "approve" ? await getReviewableBooking(context, review.bookingId) : null;
  const notice = booking
    ? notify(
        context,
        {
          userId: booking.specialistUserId,
          kind: "review-new",
          subject: { type: "review", id: review.id },
          payload: {
            reviewId: review.id,
            bookingId: booking.bookingId,
            customerName: booking.customerName,
            sessionTitle: booking.sessionTitle,
            overall: review.overall,
            comment: review.comment,
          },
        },
        audited,
      )
    : { statements: [], jobs: [] };
  await writeWithJobs(
    context,
    [
      audit.insert,
      db
        .update(reviews)
        .set({ status: transition.to, moderationReason: after.moderationReason, moderatedAt: now, moderatedBy: admin.id })
        .where(and(eq(reviews.id, review.id), audited)),
      ...(input.action === "restore"
        ? []
        : [
            db
              .update(reviewReports)
              .set({ resolvedAt: now, resolvedBy: admin.id })
              .where(and(eq(reviewReports.reviewId, review.id), sql`${reviewReports.resolvedAt} is null`, audited)),
          ]),
      ...notice.statements,
      // Only a review this makes published, and only the first time (a restore after a hide doesn't repeat it).
      reviewWebhooks(db, { reviewId: review.id, now, when: audited }),
    ],
    notice.jobs,
  );
  if (!(await audit.wasWritten())) return fail("wrong-state", "Someone else moderated this review just now; reload to see it.");
  const updated = await db.query.reviews.findFirst({ where: eq(reviews.id, review.id) });
  return { ok: true, review: updated! };
}

/** A published review as the report page shows it; null when there's no such review to report. */
export async function reportableReview(context: Pick<AppLoadContext, "db">, reviewId: string) {
  const [row] = await context.db
    .select({
      id: reviews.id,
      customerId: reviews.customerId,
      overall: reviews.overall,
      comment: reviews.comment,
      authorName: users.name,
      specialistName: specialists.displayName,
      specialistSlug: specialists.slug,
    })
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews.customerId))
    .innerJoin(specialists, eq(specialists.id, reviews.specialistId))
    .where(and(eq(reviews.id, reviewId), eq(reviews.status, "published")));
  return row ?? null;
}
