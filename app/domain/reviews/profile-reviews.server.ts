// The reviews on a specialist's profile: the distribution of overall ratings and one page of
// published reviews, as statements for the profile's own batch (one round trip per page view).
import { and, asc, desc, eq, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import * as z from "zod";
import type { Database } from "../../../db/database";
import { reviews, users } from "../../../db/schema";
import { formatDate } from "../../lib/time-format";
import { aspectLabels } from "./review-schemas";

export const reviewSorts = ["newest", "highest", "lowest"] as const;
export type ReviewSort = (typeof reviewSorts)[number];
export const reviewSortLabels: Record<ReviewSort, string> = { newest: "Newest", highest: "Highest rated", lowest: "Lowest rated" };
export const reviewsPerPage = 10;

const reviewsQuerySchema = z.object({
  sort: z.enum(reviewSorts).catch("newest"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type ReviewsQuery = z.infer<typeof reviewsQuerySchema>;

/** `?reviews=<sort>&page=<n>` from the profile's URL; anything unreadable falls back to the first page, newest first. */
export function parseReviewsQuery(search: URLSearchParams): ReviewsQuery {
  return reviewsQuerySchema.parse({ sort: search.get("reviews") ?? undefined, page: search.get("page") ?? undefined });
}

const orderings: Record<ReviewSort, SQL[]> = {
  newest: [desc(reviews.createdAt), desc(reviews.id)],
  highest: [desc(reviews.overall), desc(reviews.createdAt), desc(reviews.id)],
  lowest: [asc(reviews.overall), desc(reviews.createdAt), desc(reviews.id)],
};

const publishedOf = (specialistId: SQLWrapper | string) => and(eq(reviews.specialistId, specialistId), eq(reviews.status, "published"));

const reviewColumns = {
  id: reviews.id,
  authorName: users.name,
  overall: reviews.overall,
  communication: reviews.communication,
  expertise: reviews.expertise,
  value: reviews.value,
  comment: reviews.comment,
  createdAt: reviews.createdAt,
  response: reviews.response,
  respondedAt: reviews.respondedAt,
};

/** Where the page of `query` starts among the reviews in its order. */
export const reviewsOffset = (query: ReviewsQuery) => (query.page - 1) * reviewsPerPage;

/** The two statements for the profile's batch; `specialistId` may be a subquery, `offset` a placeholder. */
export function profileReviewStatements(db: Database, specialistId: SQLWrapper | string, sort: ReviewSort, offset: number | SQLWrapper) {
  const published = publishedOf(specialistId);
  return [
    db
      .select({ overall: reviews.overall, count: sql<number>`count(*)` })
      .from(reviews)
      .where(published)
      .groupBy(reviews.overall),
    db
      .select(reviewColumns)
      .from(reviews)
      .innerJoin(users, eq(users.id, reviews.customerId))
      .where(published)
      .orderBy(...orderings[sort])
      // One more than a page tells whether there is a next one.
      .limit(reviewsPerPage + 1)
      // drizzle takes a placeholder here too; its type only names numbers and its own placeholders.
      .offset(offset as number),
  ] as const;
}

/** Where a keyset page of published reviews continues: the last review shown. */
export interface ReviewKey {
  overall: number;
  createdAt: Date;
  id: string;
}

/** Everything after `after` in `sort` order (the same orders as the profile's pages). */
function afterKey(sort: ReviewSort, after: ReviewKey): SQL {
  const sinceNewest = sql`(${reviews.createdAt}, ${reviews.id}) < (${after.createdAt.getTime()}, ${after.id})`;
  switch (sort) {
    case "newest":
      return sinceNewest;
    case "highest":
      return sql`(${reviews.overall}, ${reviews.createdAt}, ${reviews.id}) < (${after.overall}, ${after.createdAt.getTime()}, ${after.id})`;
    case "lowest":
      return sql`(${reviews.overall} > ${after.overall} or (${reviews.overall} = ${after.overall} and ${sinceNewest}))`;
  }
}

/**
 * Published reviews of `specialistId` in `sort` order after `after`, `limit` of them plus one
 * (which tells whether there is more): keyset pages for clients that follow a cursor.
 */
export function publishedReviewsAfter(
  db: Database,
  specialistId: SQLWrapper | string,
  query: { sort: ReviewSort; after?: ReviewKey; limit: number },
) {
  return db
    .select(reviewColumns)
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews.customerId))
    .where(and(publishedOf(specialistId), query.after && afterKey(query.sort, query.after)))
    .orderBy(...orderings[query.sort])
    .limit(query.limit + 1);
}

export type ReviewRow = Awaited<ReturnType<typeof profileReviewStatements>[1]>[number];

/** "Casey Jones" → "Casey J.": reviews show who wrote them without the full name. */
export function shortName(name: string): string {
  const [first = "", ...rest] = name.trim().split(/\s+/);
  const last = rest.at(-1);
  return last ? `${first} ${last[0]!.toUpperCase()}.` : first;
}

/** How many reviews gave 5, 4, 3, 2 and 1 stars, in that order. */
export function distribution(rows: { overall: number; count: number }[]): { stars: number; count: number }[] {
  return [5, 4, 3, 2, 1].map((stars) => ({ stars, count: rows.find((row) => row.overall === stars)?.count ?? 0 }));
}

/** The profile's rating summary and review page, formatted for the viewer's zone. */
export function profileReviewsView(
  profile: {
    slug: string;
    ratingAvg: number | null;
    ratingCount: number;
    communicationSum: number;
    expertiseSum: number;
    valueSum: number;
    ratingDistribution: { stars: number; count: number }[];
    reviews: ReviewRow[];
  },
  query: ReviewsQuery,
  viewerZone: string,
) {
  const count = profile.ratingCount;
  const href = (sort: ReviewSort, page: number) =>
    `/s/${encodeURIComponent(profile.slug)}?${new URLSearchParams({ reviews: sort, ...(page > 1 ? { page: String(page) } : {}) })}#reviews`;
  const shown = profile.reviews.slice(0, reviewsPerPage);
  return {
    summary:
      profile.ratingAvg === null || count === 0
        ? null
        : {
            average: profile.ratingAvg.toFixed(1),
            count,
            distribution: profile.ratingDistribution.map((row) => ({ ...row, percent: Math.round((row.count / count) * 100) })),
            aspects: [
              { label: aspectLabels.communication, average: (profile.communicationSum / count).toFixed(1) },
              { label: aspectLabels.expertise, average: (profile.expertiseSum / count).toFixed(1) },
              { label: aspectLabels.value, average: (profile.valueSum / count).toFixed(1) },
            ],
          },
    page: {
      sorts: reviewSorts.map((sort) => ({ label: reviewSortLabels[sort], href: href(sort, 1), current: sort === query.sort })),
      items: shown.map((review) => ({
        id: review.id,
        author: shortName(review.authorName),
        overall: review.overall,
        comment: review.comment,
        createdAt: review.createdAt.toISOString(),
        date: formatDate(review.createdAt, viewerZone),
        response: review.response,
      })),
      page: query.page,
      previousHref: query.page > 1 ? href(query.sort, query.page - 1) : null,
      nextHref: profile.reviews.length > reviewsPerPage ? href(query.sort, query.page + 1) : null,
    },
    jsonLd:
      profile.ratingAvg === null || count === 0
        ? null
        : {
            average: profile.ratingAvg,
            count,
            reviews: shown.map((review) => ({
              author: shortName(review.authorName),
              rating: review.overall,
              body: review.comment,
              published: review.createdAt,
            })),
          },
  };
}
