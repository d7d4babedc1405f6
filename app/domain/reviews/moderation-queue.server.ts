// What /admin/reviews lists: pending reviews and reviews with open reports (the queue), or the
// hidden ones. Admins only.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { reviewReports, reviews, specialists, users, type ReviewReportReason, type ReviewStatus } from "../../../db/schema";

export type QueueFilter = "queue" | "hidden";
export const queueLimit = 100;

export interface QueuedReview {
  id: string;
  status: ReviewStatus;
  overall: number;
  comment: string;
  createdAt: Date;
  authorName: string;
  specialistName: string;
  specialistSlug: string;
  moderationReason: string | null;
  reports: { reason: ReviewReportReason; note: string | null; createdAt: Date }[];
}

/** The reviews waiting for an admin (or the hidden ones); null when the viewer isn't an admin. */
export async function moderationQueue(
  context: Pick<AppLoadContext, "db">,
  viewer: { role: string },
  filter: QueueFilter,
): Promise<QueuedReview[] | null> {
  if (viewer.role !== "admin") return null;
  const { db } = context;
  const author = alias(users, "author");
  const openlyReported = sql`${reviews.id} in (select ${reviewReports.reviewId} from ${reviewReports} where ${reviewReports.resolvedAt} is null)`;
  const which =
    filter === "hidden"
      ? eq(reviews.status, "hidden")
      : sql`(${reviews.status} = 'pending' or (${reviews.status} = 'published' and ${openlyReported}))`;
  const rows = await db
    .select({
      id: reviews.id,
      status: reviews.status,
      overall: reviews.overall,
      comment: reviews.comment,
      createdAt: reviews.createdAt,
      authorName: author.name,
      specialistName: specialists.displayName,
      specialistSlug: specialists.slug,
      moderationReason: reviews.moderationReason,
    })
    .from(reviews)
    .innerJoin(author, eq(author.id, reviews.customerId))
    .innerJoin(specialists, eq(specialists.id, reviews.specialistId))
    .where(which)
    .orderBy(filter === "hidden" ? desc(reviews.moderatedAt) : asc(reviews.createdAt), asc(reviews.id))
    .limit(queueLimit);
  if (rows.length === 0) return [];
  const reports = await db
    .select({
      reviewId: reviewReports.reviewId,
      reason: reviewReports.reason,
      note: reviewReports.note,
      createdAt: reviewReports.createdAt,
    })
    .from(reviewReports)
    .where(
      and(
        inArray(
          reviewReports.reviewId,
          rows.map((row) => row.id),
        ),
        isNull(reviewReports.resolvedAt),
      ),
    )
    .orderBy(asc(reviewReports.createdAt));
  return rows.map((row) => ({
    ...row,
    reports: reports.filter((report) => report.reviewId === row.id).map(({ reviewId: _, ...report }) => report),
  }));
}
