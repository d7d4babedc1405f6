import { and, asc, eq, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { keptStatement, type Placeholders } from "../../../db/kept-statement";
import { bookingRules, sessionTypes, specialists } from "../../../db/schema";
import { openSlotsQuery } from "../availability/slots.server";
import {
  distribution,
  profileReviewStatements,
  publishedReviewsAfter,
  reviewsOffset,
  type ReviewKey,
  type ReviewSort,
  type ReviewsQuery,
} from "../reviews/profile-reviews.server";
import { defaultBookingRules } from "./booking-rules.server";
import { meetsListingRequirements } from "./profile.server";

const dayMs = 24 * 60 * 60 * 1000;
/** Far enough to reach the end of any booking horizon (at most 365 days). */
const lookAheadMs = 366 * dayMs;
export const nextSlotsShown = 5;

/** Only approved, published, complete profiles are public (docs/decisions/0019). */
const isListed = and(eq(specialists.published, true), eq(specialists.approval, "approved"), meetsListingRequirements);

export type PublicProfile = NonNullable<Awaited<ReturnType<typeof findPublicProfile>>>;

/**
 * What anyone may see of a listed specialist, with the next open times of each active session
 * type; null when no listed specialist has that slug (unpublished, unapproved or incomplete
 * profiles stay private).
 */
export function findPublicProfile(db: Database, slug: string, now: Date, reviewsQuery: ReviewsQuery = { sort: "newest", page: 1 }) {
  return readProfile(db, { slug, listedOnly: true }, now, reviewsQuery);
}

/**
 * The same profile, listed or not, as an admin previews it before approving: exactly what
 * customers would see once it lists.
 */
export function findProfileForPreview(db: Database, specialistId: string, now: Date) {
  return readProfile(db, { id: specialistId, listedOnly: false }, now, { sort: "newest", page: 1 });
}

/**
 * A page of the published reviews of the listed specialist at `slug`, in one round trip; null
 * when no listed specialist has that slug (the same rule as the profile).
 */
export async function findListedSpecialistReviews(
  db: Database,
  slug: string,
  query: { sort: ReviewSort; after?: ReviewKey; limit: number },
) {
  const listed = and(eq(specialists.slug, slug), isListed);
  const specialistId = db.select({ id: specialists.id }).from(specialists).where(listed);
  const [[specialist], rows] = await db.batch([
    db.select({ id: specialists.id }).from(specialists).where(listed).limit(1),
    publishedReviewsAfter(db, specialistId, query),
  ]);
  if (!specialist) return null;
  return { reviews: rows.slice(0, query.limit), more: rows.length > query.limit };
}

/**
 * The profile page's five reads for the specialist `identified` picks out (`shown`: the condition
 * the profile row must meet too). Instants are Dates, or placeholders for epoch ms.
 */
function profileStatements(
  db: Database,
  identified: SQL,
  shown: SQL | undefined,
  window: { now: Date | SQLWrapper; to: Date | SQLWrapper },
  reviewPage: { sort: ReviewSort; offset: number | SQLWrapper },
) {
  const specialistId = db.select({ id: specialists.id }).from(specialists).where(identified);
  // Each session type's next open times, found beside it (the ids are the outer query's columns).
  const next = openSlotsQuery(db, {
    specialistId: sessionTypes.specialistId,
    sessionTypeId: sessionTypes.id,
    from: window.now,
    to: window.to,
    now: window.now,
  })
    .limit(nextSlotsShown)
    .as("next");
  const [ratingRows, reviewRows] = profileReviewStatements(db, specialistId, reviewPage.sort, reviewPage.offset);
  return [
    db
      .select({
        id: specialists.id,
        slug: specialists.slug,
        displayName: specialists.displayName,
        headline: specialists.headline,
        bio: specialists.bio,
        specialties: specialists.specialties,
        languages: specialists.languages,
        timezone: specialists.timezone,
        ratingAvg: specialists.ratingAvg,
        ratingCount: specialists.ratingCount,
        communicationSum: specialists.communicationSum,
        expertiseSum: specialists.expertiseSum,
        valueSum: specialists.valueSum,
      })
      .from(specialists)
      .where(and(identified, shown))
      .limit(1),
    db
      .select({
        id: sessionTypes.id,
        title: sessionTypes.title,
        description: sessionTypes.description,
        minutes: sessionTypes.minutes,
        priceMinor: sessionTypes.priceMinor,
        currency: sessionTypes.currency,
        nextStarts: sql<string>`(${db.select({ starts: sql`json_group_array(${next.startsAt})` }).from(next)})`,
      })
      .from(sessionTypes)
      .where(and(eq(sessionTypes.specialistId, specialistId), eq(sessionTypes.active, true)))
      .orderBy(asc(sessionTypes.priceMinor), asc(sessionTypes.minutes), asc(sessionTypes.id)),
    ratingRows,
    reviewRows,
    db
      .select({
        cancellationDeadlineHours: bookingRules.cancellationDeadlineHours,
        lateCancellationRefundPercent: bookingRules.lateCancellationRefundPercent,
      })
      .from(bookingRules)
      .where(eq(bookingRules.specialistId, specialistId)),
  ] as const;
}

// Every view of a public profile runs these: their text is built once (one reviews page per order).
type ListedProfileValues = { slug: string; now: number; to: number; offset: number };
const listedProfile = (db: Database, values: Placeholders<ListedProfileValues>, sort: ReviewSort = "newest") =>
  profileStatements(db, eq(specialists.slug, values.slug), isListed, { now: values.now, to: values.to }, { sort, offset: values.offset });
const listedProfileRow = keptStatement<ListedProfileValues>()((db, values) => listedProfile(db, values)[0]);
const listedSessionTypes = keptStatement<ListedProfileValues>()((db, values) => listedProfile(db, values)[1]);
const listedRatings = keptStatement<ListedProfileValues>()((db, values) => listedProfile(db, values)[2]);
const listedReviewPages = {
  newest: keptStatement<ListedProfileValues>()((db, values) => listedProfile(db, values, "newest")[3]),
  highest: keptStatement<ListedProfileValues>()((db, values) => listedProfile(db, values, "highest")[3]),
  lowest: keptStatement<ListedProfileValues>()((db, values) => listedProfile(db, values, "lowest")[3]),
} satisfies Record<ReviewSort, unknown>;
const listedRules = keptStatement<ListedProfileValues>()((db, values) => listedProfile(db, values)[4]);

function readListedProfile(db: Database, values: ListedProfileValues, sort: ReviewSort) {
  return db.batch([
    listedProfileRow(db, values),
    listedSessionTypes(db, values),
    listedRatings(db, values),
    listedReviewPages[sort](db, values),
    listedRules(db, values),
  ]);
}

async function readProfile(
  db: Database,
  which: { slug: string; listedOnly: true } | { id: string; listedOnly: false },
  now: Date,
  reviewsQuery: ReviewsQuery,
) {
  const to = new Date(now.getTime() + lookAheadMs);
  const offset = reviewsOffset(reviewsQuery);
  // One round trip: the session types and reviews are read beside the profile, and dropped unless it is listed.
  const [[profile], types, ratings, reviewPage, [rules]] =
    "slug" in which
      ? await readListedProfile(db, { slug: which.slug, now: now.getTime(), to: to.getTime(), offset }, reviewsQuery.sort)
      : await db.batch(profileStatements(db, eq(specialists.id, which.id), undefined, { now, to }, { sort: reviewsQuery.sort, offset }));
  if (!profile) return null;
  const defaults = defaultBookingRules();
  return {
    ...profile,
    /** What cancelling gets back (the table's defaults until the specialist saves rules). */
    cancellationRules: rules ?? {
      cancellationDeadlineHours: defaults.cancellationDeadlineHours,
      lateCancellationRefundPercent: defaults.lateCancellationRefundPercent,
    },
    ratingDistribution: distribution(ratings),
    reviews: reviewPage,
    sessionTypes: types.map(({ nextStarts, ...type }) => ({
      ...type,
      nextSlots: (JSON.parse(nextStarts) as number[]).sort((a, b) => a - b).map((startsAt) => ({ startsAt: new Date(startsAt) })),
    })),
  };
}
