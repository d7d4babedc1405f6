import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { sessionTypes, specialists } from "../../../db/schema";
import { openSlotsQuery } from "../availability/slots.server";
import { meetsListingRequirements } from "./profile.server";

const dayMs = 24 * 60 * 60 * 1000;
/** Far enough to reach the end of any booking horizon (at most 365 days). */
const lookAheadMs = 366 * dayMs;
export const nextSlotsShown = 5;

export type PublicProfile = NonNullable<Awaited<ReturnType<typeof findPublicProfile>>>;

/**
 * What anyone may see of a listed specialist, with the next open times of each active session
 * type; null when no listed specialist has that slug (unpublished, unapproved or incomplete
 * profiles stay private).
 */
export async function findPublicProfile(db: Database, slug: string, now: Date) {
  const [profile] = await db
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
    })
    .from(specialists)
    .where(and(eq(specialists.slug, slug), eq(specialists.published, true), eq(specialists.approval, "approved"), meetsListingRequirements))
    .limit(1);
  if (!profile) return null;

  const types = await db
    .select({
      id: sessionTypes.id,
      title: sessionTypes.title,
      description: sessionTypes.description,
      minutes: sessionTypes.minutes,
      priceMinor: sessionTypes.priceMinor,
      currency: sessionTypes.currency,
    })
    .from(sessionTypes)
    .where(and(eq(sessionTypes.specialistId, profile.id), eq(sessionTypes.active, true)))
    .orderBy(asc(sessionTypes.priceMinor), asc(sessionTypes.minutes), asc(sessionTypes.id));

  const to = new Date(now.getTime() + lookAheadMs);
  const withSlots = await Promise.all(
    types.map(async (type) => ({
      ...type,
      nextSlots: await openSlotsQuery(db, { specialistId: profile.id, sessionTypeId: type.id, from: now, to, now }).limit(nextSlotsShown),
    })),
  );
  return { ...profile, sessionTypes: withSlots };
}
