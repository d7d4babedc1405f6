import * as z from "zod";
import { refundPolicyText } from "../../../domain/booking/refund-policy-text";
import { reviewSorts, shortName } from "../../../domain/reviews/profile-reviews.server";
import { findListedSpecialistReviews, findPublicProfile, type PublicProfile } from "../../../domain/specialists/public-profile.server";
import { checkSearchQuery, searchQuerySchema } from "../../../domain/specialists/search-schema";
import { searchSpecialists, type ListedPrice, type SearchResult } from "../../../domain/specialists/search.server";
import { notFound, validationFailed } from "../errors";
import { defineOperation, ok } from "../operation";
import { cursorOf, decodeCursor, encodeCursor, instant, limitParam, money, pageOf } from "../pagination";

// The directory and public profiles: the same search, filters, cursors and listing rule as
// /specialists and /s/<slug> (app/domain/specialists), answered in JSON.

const tag = "Specialists";

/**
 * A directory field read from a raw query string, as the form's library reads it: a blank value
 * is no value, and numbers are parsed (a non-number fails the field's own rule).
 */
function fromUrl<T extends z.ZodType>(field: T, kind: "string" | "number" = "string") {
  return z.preprocess((value) => {
    if (typeof value !== "string") return value;
    if (value.trim() === "") return undefined;
    return kind === "number" ? Number(value) : value;
  }, field);
}

const search = searchQuerySchema.shape;
const listQuery = z
  .object({
    q: fromUrl(search.q).meta({ description: "Words to find in the name, headline, specialties and bio (all must match)." }),
    specialty: fromUrl(search.specialty).meta({ description: "A specialty id, e.g. `career-coaching`." }),
    language: fromUrl(search.language).meta({ description: "A language code, e.g. `de`." }),
    currency: fromUrl(search.currency).meta({
      description:
        "Your currency: prices are filtered and sorted in it (USD when omitted), and each price range carries an estimate in it.",
    }),
    minPrice: fromUrl(search.minPrice, "number").meta({ description: "In major units of `currency` (49.50)." }),
    maxPrice: fromUrl(search.maxPrice, "number").meta({ description: "In major units of `currency`." }),
    minRating: fromUrl(search.minRating, "number").meta({ description: "Average rating from 1 to 5." }),
    availableWithin: fromUrl(search.availableWithin, "number").meta({ description: "Has an open time within this many days." }),
    sort: fromUrl(search.sort).meta({
      description:
        "`relevance` (best match; by name without `q`), `price` (lowest first), `rating` (highest first) or `soonest` available.",
    }),
    cursor: fromUrl(search.cursor).meta({ description: "nextCursor from the previous page (of the same sort)." }),
    limit: limitParam,
  })
  .superRefine(checkSearchQuery);

const nullableMoney = money.nullable();

const priceRangeSchema = z
  .object({
    free: z.boolean().meta({ description: "Offers a free session." }),
    from: nullableMoney.meta({ description: "The cheapest paid session, in the specialist's currency; null when every session is free." }),
    to: nullableMoney.meta({ description: "The dearest paid session, in the specialist's currency." }),
    estimate: z.object({ from: money, to: money }).nullable().meta({
      description: "The paid range in the requested `currency` at the reference rates of `ratesAsOf`; null unless `currency` was sent.",
    }),
  })
  .meta({ id: "SpecialistPriceRange" });

const ratingSchema = z
  .object({
    average: z.number().nullable().meta({ description: "Average overall rating (1–5) of the published reviews; null without any." }),
    count: z.number().int(),
  })
  .meta({ id: "SpecialistRating" });

const specialistSummarySchema = z
  .object({
    slug: z.string().meta({ description: "The specialist's address: /specialists/{slug}." }),
    name: z.string(),
    headline: z.string(),
    specialties: z.array(z.string()),
    languages: z.array(z.string()),
    timezone: z.string().meta({ description: "The specialist's IANA time zone." }),
    rating: ratingSchema,
    price: priceRangeSchema,
    nextAvailableAt: instant.nullable().meta({ description: "The next open time of any session; null when none is open." }),
  })
  .meta({ id: "SpecialistSummary" });

const sessionTypeSchema = z
  .object({
    id: z.string().meta({ description: "Use with /session-types/{id}/slots and to book." }),
    title: z.string(),
    description: z.string(),
    minutes: z.number().int(),
    price: money.meta({ description: "What the session costs, in the specialist's currency (amount 0: free)." }),
    refundPolicy: z.string().meta({ description: "The specialist's cancellation rules for this session, in words." }),
    nextStarts: z.array(instant).meta({ description: "The next open start times (up to five)." }),
  })
  .meta({ id: "SpecialistSessionType" });

const profileSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    headline: z.string(),
    bio: z.string().meta({ description: "Markdown (links and emphasis; no HTML)." }),
    specialties: z.array(z.string()),
    languages: z.array(z.string()),
    timezone: z.string(),
    rating: ratingSchema.extend({
      distribution: z.array(z.object({ stars: z.number().int(), count: z.number().int() })).meta({ description: "5 stars first." }),
      aspects: z
        .object({ communication: z.number(), expertise: z.number(), value: z.number() })
        .nullable()
        .meta({ description: "Average aspect ratings (1–5); null without reviews." }),
    }),
    cancellation: z
      .object({
        deadlineHours: z.number().int().meta({ description: "Cancelling at least this long before the start refunds in full." }),
        lateRefundPercent: z.number().int().meta({ description: "What a later cancellation by the customer refunds." }),
      })
      .meta({ description: "A cancellation by the specialist always refunds in full." }),
    sessionTypes: z.array(sessionTypeSchema),
  })
  .meta({ id: "SpecialistProfile" });

const reviewSchema = z
  .object({
    id: z.string(),
    author: z.string().meta({ description: "First name and initial." }),
    overall: z.number().int().meta({ description: "1–5." }),
    comment: z.string(),
    createdAt: instant,
    response: z
      .object({ text: z.string(), respondedAt: instant.nullable() })
      .nullable()
      .meta({ description: "The specialist's response, if any." }),
  })
  .meta({ id: "SpecialistReview" });

const slugParams = z.object({ slug: z.string().min(1).max(100) });

function moneyOf(price: ListedPrice) {
  return { amount: price.amountMinor, currency: price.currency };
}

/** `viewerCurrency`: the currency the client asked for estimates in, or null. */
function summaryOf(result: SearchResult, viewerCurrency: string | null): z.input<typeof specialistSummarySchema> {
  const paid = result.prices.paid;
  const estimated = (price: ListedPrice) =>
    viewerCurrency === null || price.viewerMinor === null ? null : { amount: price.viewerMinor, currency: viewerCurrency };
  const estimateFrom = paid && estimated(paid.min);
  const estimateTo = paid && estimated(paid.max);
  return {
    slug: result.slug,
    name: result.displayName,
    headline: result.headline,
    specialties: result.specialties,
    languages: result.languages,
    timezone: result.timezone,
    rating: ratingOf(result),
    price: {
      free: result.prices.free,
      from: paid ? moneyOf(paid.min) : null,
      to: paid ? moneyOf(paid.max) : null,
      estimate: estimateFrom && estimateTo ? { from: estimateFrom, to: estimateTo } : null,
    },
    nextAvailableAt: result.nextAvailableAt?.toISOString() ?? null,
  };
}

function ratingOf(specialist: { ratingAvg: number | null; ratingCount: number }) {
  const count = specialist.ratingCount;
  return { average: count === 0 ? null : specialist.ratingAvg, count };
}

function sessionTypeOf(profile: PublicProfile, type: PublicProfile["sessionTypes"][number]): z.input<typeof sessionTypeSchema> {
  return {
    id: type.id,
    title: type.title,
    description: type.description,
    minutes: type.minutes,
    price: { amount: type.priceMinor, currency: type.currency },
    refundPolicy: refundPolicyText(profile.cancellationRules, type),
    nextStarts: type.nextSlots.map((slot) => slot.startsAt.toISOString()),
  };
}

function aspectAverage(sum: number, count: number) {
  return Math.round((sum / count) * 100) / 100;
}

function profileOf(profile: PublicProfile): z.input<typeof profileSchema> {
  const count = profile.ratingCount;
  return {
    slug: profile.slug,
    name: profile.displayName,
    headline: profile.headline,
    bio: profile.bio,
    specialties: profile.specialties,
    languages: profile.languages,
    timezone: profile.timezone,
    rating: {
      ...ratingOf(profile),
      distribution: profile.ratingDistribution,
      aspects:
        count === 0
          ? null
          : {
              communication: aspectAverage(profile.communicationSum, count),
              expertise: aspectAverage(profile.expertiseSum, count),
              value: aspectAverage(profile.valueSum, count),
            },
    },
    cancellation: {
      deadlineHours: profile.cancellationRules.cancellationDeadlineHours,
      lateRefundPercent: profile.cancellationRules.lateCancellationRefundPercent,
    },
    sessionTypes: profile.sessionTypes.map((type) => sessionTypeOf(profile, type)),
  };
}

async function listedProfile(context: { db: Parameters<typeof findPublicProfile>[0]; clock: { now(): Date } }, slug: string) {
  const profile = await findPublicProfile(context.db, slug, context.clock.now());
  if (!profile) throw notFound("No listed specialist with that slug");
  return profile;
}

/** A review cursor: [sort, overall, createdAt (ms), id]. */
const reviewCursorShape = ["string", "number", "number", "string"] as const;
/** The largest time a Date holds. */
const maxInstantMs = 8.64e15;

export const specialistOperations = [
  defineOperation({
    id: "listSpecialists",
    method: "get",
    path: "/specialists",
    tag,
    summary: "Search the directory",
    description:
      "The directory's search, filters and sorts (as on /specialists), over listed specialists only. Pages follow `nextCursor`; a cursor belongs to its sort.",
    auth: "optional",
    query: listQuery,
    responses: {
      200: {
        description: "One page of specialists.",
        schema: pageOf(specialistSummarySchema).extend({
          ratesAsOf: z
            .string()
            .nullable()
            .meta({ description: "The date (YYYY-MM-DD) of the reference rates behind estimates; null unless `currency` was sent." }),
        }),
      },
    },
    async handler({ query, context }) {
      const { limit, ...searchQuery } = query;
      const page = await searchSpecialists(context.db, searchQuery, context.clock.now(), { pageSize: limit });
      const viewerCurrency = searchQuery.currency ?? null;
      return ok({
        data: page.results.map((result) => summaryOf(result, viewerCurrency)),
        nextCursor: page.nextCursor,
        ratesAsOf: viewerCurrency === null ? null : page.ratesAsOf,
      });
    },
  }),
  defineOperation({
    id: "getSpecialist",
    method: "get",
    path: "/specialists/{slug}",
    tag,
    summary: "A specialist's public profile",
    description: "What /s/{slug} shows: the profile, rating summary, active session types and cancellation rules.",
    auth: "optional",
    params: slugParams,
    responses: { 200: { description: "The profile.", schema: profileSchema } },
    errors: ["not_found"],
    async handler({ params, context }) {
      return ok(profileOf(await listedProfile(context, params.slug)));
    },
  }),
  defineOperation({
    id: "listSessionTypes",
    method: "get",
    path: "/specialists/{slug}/session-types",
    tag,
    summary: "A specialist's session types",
    description: "Every active session type of a listed specialist (a handful), cheapest first.",
    auth: "optional",
    params: slugParams,
    responses: { 200: { description: "The session types.", schema: z.object({ data: z.array(sessionTypeSchema) }) } },
    errors: ["not_found"],
    async handler({ params, context }) {
      const profile = await listedProfile(context, params.slug);
      return ok({ data: profile.sessionTypes.map((type) => sessionTypeOf(profile, type)) });
    },
  }),
  defineOperation({
    id: "listSpecialistReviews",
    method: "get",
    path: "/specialists/{slug}/reviews",
    tag,
    summary: "A specialist's reviews",
    description: "Published reviews with the specialist's responses, in the profile's orders: newest, highest or lowest rated first.",
    auth: "optional",
    params: slugParams,
    query: z.object({
      sort: z.enum(reviewSorts, { error: "sort must be newest, highest or lowest." }).default("newest"),
      limit: limitParam,
      cursor: cursorOf(reviewCursorShape),
    }),
    responses: { 200: { description: "One page of reviews.", schema: pageOf(reviewSchema) } },
    errors: ["not_found"],
    async handler({ params, query, context }) {
      const key = query.cursor === undefined ? null : decodeCursor(query.cursor, reviewCursorShape);
      if (key && key[0] !== query.sort) {
        throw validationFailed([{ path: "query.cursor", message: "That cursor belongs to another sort: start again without it." }]);
      }
      if (key && !(Number.isSafeInteger(key[1]) && Number.isSafeInteger(key[2]) && Math.abs(Number(key[2])) <= maxInstantMs)) {
        throw validationFailed([{ path: "query.cursor", message: "That cursor isn't valid: use nextCursor from the previous page." }]);
      }
      const after = key ? { overall: Number(key[1]), createdAt: new Date(Number(key[2])), id: String(key[3]) } : undefined;
      const found = await findListedSpecialistReviews(context.db, params.slug, { sort: query.sort, after, limit: query.limit });
      if (!found) throw notFound("No listed specialist with that slug");
      const last = found.reviews.at(-1);
      return ok({
        data: found.reviews.map((review) => ({
          id: review.id,
          author: shortName(review.authorName),
          overall: review.overall,
          comment: review.comment,
          createdAt: review.createdAt.toISOString(),
          response: review.response === null ? null : { text: review.response, respondedAt: review.respondedAt?.toISOString() ?? null },
        })),
        nextCursor: found.more && last ? encodeCursor([query.sort, last.overall, last.createdAt.getTime(), last.id]) : null,
      });
    },
  }),
];
