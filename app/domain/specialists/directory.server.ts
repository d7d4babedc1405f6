import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { specialistListings, specialists } from "../../../db/schema";
import { meetsListingRequirements } from "./profile.server";

export interface SpecialistCard {
  slug: string;
  displayName: string;
  headline: string;
  specialties: string[];
  languages: string[];
  timezone: string;
  /** The cheapest active session type, in the specialist's currency (amount 0: a free one). */
  fromPrice: { amountMinor: number; currency: string } | null;
  sessionCount: number;
}

/** Listed: published, approved, and bookable (the same rule publishing enforces). */
const listed = and(eq(specialists.published, true), eq(specialists.approval, "approved"), meetsListingRequirements);

/** The home page's cards: one indexed read of the listing read model (specialist_listings). */
export async function listFeaturedSpecialists(db: Database, limit = 12): Promise<SpecialistCard[]> {
  const rows = await db
    .select({
      slug: specialistListings.slug,
      displayName: specialistListings.displayName,
      headline: specialistListings.headline,
      specialties: specialistListings.specialties,
      languages: specialistListings.languages,
      timezone: specialistListings.timezone,
      hasFree: specialistListings.hasFree,
      cheapestMinor: specialistListings.cheapestMinor,
      cheapestCurrency: specialistListings.cheapestCurrency,
      sessionCount: specialistListings.sessionTypeCount,
    })
    .from(specialistListings)
    .orderBy(asc(specialistListings.displayName), asc(specialistListings.specialistId))
    .limit(limit);
  return rows.map(({ hasFree, cheapestMinor, cheapestCurrency, ...row }) => ({
    ...row,
    // A free session reads "Free intro call available" whatever its currency.
    fromPrice: hasFree
      ? { amountMinor: 0, currency: cheapestCurrency ?? "USD" }
      : cheapestMinor === null || cheapestCurrency === null
        ? null
        : { amountMinor: cheapestMinor, currency: cheapestCurrency },
  }));
}

export async function countListedSpecialists(db: Database) {
  return db.$count(specialists, listed);
}

/** Every listed specialist's slug and last change, for the sitemap. */
export async function listedSpecialistSlugs(db: Database): Promise<{ slug: string; updatedAt: Date }[]> {
  return db
    .select({ slug: specialists.slug, updatedAt: specialists.updatedAt })
    .from(specialists)
    .where(listed)
    .orderBy(asc(specialists.slug));
}
