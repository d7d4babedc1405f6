import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Database } from "../../../db/database";
import { availabilityWindows, bookingRules, sessionTypes, specialists } from "../../../db/schema";
import { isUniqueViolation } from "../../lib/db-errors";
import { rebuildSlotsForSpecialist } from "../availability/slots.server";
import { maxAvatarBytes, sniffAvatarType, type AvatarContentType } from "./avatar-image";
import type { SpecialistProfileInput } from "./schemas";
import { slugFromName, slugWithSuffix } from "./slug";

// Authorization lives here: every function acts for `userId` (the signed-in specialist) and only
// ever reads or writes that user's own specialist row, whatever the request carried.

type Context = Pick<AppLoadContext, "db" | "clock">;

/** The profile fields the owner's pages need; the picture's bytes stay in the database. */
const ownProfileColumns = {
  id: specialists.id,
  slug: specialists.slug,
  displayName: specialists.displayName,
  headline: specialists.headline,
  bio: specialists.bio,
  specialties: specialists.specialties,
  languages: specialists.languages,
  timezone: specialists.timezone,
  published: specialists.published,
  approval: specialists.approval,
  /** The admin's reason, shown to the owner while the profile is rejected. */
  approvalNote: specialists.approvalNote,
  hasAvatar: sql<boolean>`${specialists.avatarImage} is not null`.mapWith(Boolean),
  updatedAt: specialists.updatedAt,
};

export type OwnProfile = Awaited<ReturnType<typeof findOwnProfile>>;

export async function findOwnProfile(db: Database, userId: string) {
  const [row] = await db.select(ownProfileColumns).from(specialists).where(eq(specialists.userId, userId)).limit(1);
  return row ?? null;
}

/** The id of the user's specialist row, or null before they have created a profile. */
export async function findOwnSpecialistId(db: Database, userId: string): Promise<string | null> {
  const [row] = await db.select({ id: specialists.id }).from(specialists).where(eq(specialists.userId, userId)).limit(1);
  return row?.id ?? null;
}

/** A free, well-formed slug for a new profile: "ada-lovelace", else "ada-lovelace-2", "-3", … */
export async function suggestSlug(db: Database, name: string): Promise<string> {
  const base = slugFromName(name);
  const candidates = [base, ...Array.from({ length: 19 }, (_, index) => slugWithSuffix(base, index + 2))];
  const taken = new Set(
    (await db.select({ slug: specialists.slug }).from(specialists).where(inArray(specialists.slug, candidates))).map((row) => row.slug),
  );
  return candidates.find((slug) => !taken.has(slug)) ?? slugWithSuffix(base, Math.floor(1000 + Math.random() * 9000));
}

// ---------------------------------------------------------------------------------------------
// Saving

export type ProfileField = "slug" | "avatar";
export type SaveProfileResult =
  { ok: true; created: boolean; specialistId: string } | { ok: false; field: ProfileField | null; message: string };

const slugTaken = { ok: false, field: "slug", message: "That address is already taken. Please choose another." } as const;

/** Creates the user's profile (with default booking rules) or updates it. Writes nothing when it fails. */
export async function saveProfile(context: Context, userId: string, input: SpecialistProfileInput): Promise<SaveProfileResult> {
  const avatar = input.avatar ? await readAvatar(input.avatar) : undefined;
  if (avatar && !avatar.ok) return { ok: false, field: "avatar", message: avatar.message };

  const [existing] = await context.db
    .select({ id: specialists.id, timezone: specialists.timezone })
    .from(specialists)
    .where(eq(specialists.userId, userId))
    .limit(1);
  if (await isSlugTakenByOther(context.db, input.slug, userId)) return slugTaken;

  const values = {
    slug: input.slug,
    displayName: input.displayName,
    headline: input.headline,
    bio: input.bio,
    specialties: input.specialties,
    languages: input.languages,
    timezone: input.timezone,
    ...(avatar?.ok ? { avatarImage: avatar.bytes, avatarContentType: avatar.contentType } : {}),
  };

  try {
    if (!existing) {
      const specialistId = crypto.randomUUID();
      // One batch: a specialist never exists without booking rules (the slot engine needs them).
      await context.db.batch([
        // Pending until an admin approves it (ADR 0019); the request time orders the admins' queue.
        context.db
          .insert(specialists)
          .values({ id: specialistId, userId, approval: "pending", approvalRequestedAt: context.clock.now(), ...values }),
        context.db.insert(bookingRules).values({ specialistId }),
      ]);
      return { ok: true, created: true, specialistId };
    }
    await context.db.update(specialists).set(values).where(eq(specialists.id, existing.id));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Lost a race: someone took the slug, or a double submit created the profile first.
    return /slug/i.test(errorMessages(error))
      ? slugTaken
      : { ok: false, field: null, message: "Your profile was saved a moment ago. Please reload the page." };
  }
  // Weekly hours are read in the profile's zone, so open times move with it.
  if (existing.timezone !== input.timezone) await rebuildSlotsForSpecialist(context, existing.id);
  return { ok: true, created: false, specialistId: existing.id };
}

async function isSlugTakenByOther(db: Database, slug: string, userId: string) {
  const [row] = await db
    .select({ id: specialists.id })
    .from(specialists)
    .where(and(eq(specialists.slug, slug), ne(specialists.userId, userId)))
    .limit(1);
  return row !== undefined;
}

function errorMessages(error: unknown): string {
  const messages: string[] = [];
  for (let current = error; current instanceof Error; current = current.cause) messages.push(current.message);
  return messages.join("\n");
}

type AvatarRead = { ok: true; bytes: Buffer; contentType: AvatarContentType } | { ok: false; message: string };

async function readAvatar(file: File): Promise<AvatarRead> {
  if (file.size > maxAvatarBytes) return { ok: false, message: "That picture is larger than 512 KB. Please choose a smaller one." };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const contentType = sniffAvatarType(bytes);
  if (!contentType) return { ok: false, message: "That file isn't a PNG, JPEG or WebP picture." };
  // libSQL stores any Uint8Array; the column is typed Buffer only because that is what drizzle reads back.
  return { ok: true, bytes: bytes as Buffer, contentType };
}

/** Back to the initials placeholder. */
export async function removeAvatar(db: Database, userId: string): Promise<boolean> {
  const updated = await db
    .update(specialists)
    .set({ avatarImage: null, avatarContentType: null })
    .where(eq(specialists.userId, userId))
    .returning({ id: specialists.id });
  return updated.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Publishing

export type ListingProblemCode = "no-active-session-type" | "no-weekly-hours";
export interface ListingProblem {
  code: ListingProblemCode;
  message: string;
}

/**
 * What keeps a specialist out of the directory: clients must find something to book and times
 * to book it at. Empty = may be listed. The directory applies the same rule (see
 * `meetsListingRequirements` for the same rule as an SQL condition).
 */
export async function listingProblems(db: Database, specialistId: string): Promise<ListingProblem[]> {
  const [activeSessionTypes, weeklyWindows] = await Promise.all([
    db.$count(sessionTypes, and(eq(sessionTypes.specialistId, specialistId), eq(sessionTypes.active, true))),
    db.$count(availabilityWindows, eq(availabilityWindows.specialistId, specialistId)),
  ]);
  const problems: ListingProblem[] = [];
  if (activeSessionTypes === 0) {
    problems.push({ code: "no-active-session-type", message: "Add at least one active session type, so clients have something to book." });
  }
  if (weeklyWindows === 0) {
    problems.push({ code: "no-weekly-hours", message: "Set your weekly hours, so clients have times to book." });
  }
  return problems;
}

/** `column` as "table"."column": drizzle leaves columns unqualified in select lists, which breaks correlated subqueries. */
const qualified = (table: SQLiteTable, column: SQLiteColumn) => sql`${table}.${sql.identifier(column.name)}`;

/** `listingProblems` as an SQL condition on `specialists`, for queries over many specialists. */
export const meetsListingRequirements = sql<boolean>`(exists (select 1 from ${sessionTypes} where ${qualified(sessionTypes, sessionTypes.specialistId)} = ${qualified(specialists, specialists.id)} and ${qualified(sessionTypes, sessionTypes.active)} = 1) and exists (select 1 from ${availabilityWindows} where ${qualified(availabilityWindows, availabilityWindows.specialistId)} = ${qualified(specialists, specialists.id)}))`;

export type PublishResult =
  { ok: true } | { ok: false; reason: "no-profile" } | { ok: false; reason: "incomplete"; problems: ListingProblem[] };

export async function publishProfile(db: Database, userId: string): Promise<PublishResult> {
  const specialistId = await findOwnSpecialistId(db, userId);
  if (!specialistId) return { ok: false, reason: "no-profile" };
  const problems = await listingProblems(db, specialistId);
  if (problems.length > 0) return { ok: false, reason: "incomplete", problems };
  await db.update(specialists).set({ published: true }).where(eq(specialists.id, specialistId));
  return { ok: true };
}

export async function unpublishProfile(db: Database, userId: string): Promise<boolean> {
  const updated = await db
    .update(specialists)
    .set({ published: false })
    .where(eq(specialists.userId, userId))
    .returning({ id: specialists.id });
  return updated.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Onboarding

export interface OnboardingProgress {
  emailConfirmed: boolean;
  profileCreated: boolean;
  hasSessionType: boolean;
  hasWeeklyHours: boolean;
  published: boolean;
}

export async function onboardingProgress(db: Database, user: { id: string; emailVerifiedAt: Date | null }): Promise<OnboardingProgress> {
  const [profile] = await db
    .select({ id: specialists.id, published: specialists.published })
    .from(specialists)
    .where(eq(specialists.userId, user.id))
    .limit(1);
  const problems = profile ? await listingProblems(db, profile.id) : [];
  const missing = (code: ListingProblemCode) => !profile || problems.some((problem) => problem.code === code);
  return {
    emailConfirmed: user.emailVerifiedAt !== null,
    profileCreated: Boolean(profile),
    hasSessionType: !missing("no-active-session-type"),
    hasWeeklyHours: !missing("no-weekly-hours"),
    published: profile?.published ?? false,
  };
}

// ---------------------------------------------------------------------------------------------
// Public picture

/** What /avatars/<slug> needs: the picture (if any), the name for initials, and who may see it. */
export async function findAvatar(db: Database, slug: string) {
  const [row] = await db
    .select({
      userId: specialists.userId,
      displayName: specialists.displayName,
      listed: sql<boolean>`${specialists.published} = 1 and ${specialists.approval} = 'approved'`.mapWith(Boolean),
      image: specialists.avatarImage,
      contentType: specialists.avatarContentType,
      updatedAt: specialists.updatedAt,
    })
    .from(specialists)
    .where(eq(specialists.slug, slug))
    .limit(1);
  return row ?? null;
}
