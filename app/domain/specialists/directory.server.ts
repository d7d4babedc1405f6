import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { sessionTypes, specialists } from "../../../db/schema";
import { meetsListingRequirements } from "./profile.server";

export interface SpecialistCard {
  slug: string;
  displayName: string;
  headline: string;
  specialties: string[];
  languages: string[];
  timezone: string;
  /** The cheapest active session type, in the specialist's currency. */
  fromPrice: { amountMinor: number; currency: string } | null;
  sessionCount: number;
}

/** Listed: published, approved, and bookable (the same rule publishing enforces). */
const listed = and(eq(specialists.published, true), eq(specialists.approval, "approved"), meetsListingRequirements);

export async function listFeaturedSpecialists(db: Database, limit = 12): Promise<SpecialistCard[]> {
  const rows = await db
    .select({
      id: specialists.id,
      slug: specialists.slug,
      displayName: specialists.displayName,
      headline: specialists.headline,
      specialties: specialists.specialties,
      languages: specialists.languages,
      timezone: specialists.timezone,
    })
    .from(specialists)
    .where(listed)
    .orderBy(asc(specialists.displayName))
    .limit(limit);
  if (rows.length === 0) return [];

  const types = await db
    .select({
      specialistId: sessionTypes.specialistId,
      priceMinor: sessionTypes.priceMinor,
      currency: sessionTypes.currency,
    })
    .from(sessionTypes)
    .where(
      and(
        eq(sessionTypes.active, true),
        inArray(
          sessionTypes.specialistId,
          rows.map((row) => row.id),
        ),
      ),
    );

  return rows.map(({ id, ...row }) => {
    const own = types.filter((type) => type.specialistId === id);
    const cheapest = own.reduce<(typeof own)[number] | undefined>(
      (best, type) => (best === undefined || type.priceMinor < best.priceMinor ? type : best),
      undefined,
    );
    return {
      ...row,
      fromPrice: cheapest ? { amountMinor: cheapest.priceMinor, currency: cheapest.currency } : null,
      sessionCount: own.length,
    };
  });
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
