import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, count, desc, eq, gt, isNotNull, isNull, ne, or } from "drizzle-orm";
import { createElement } from "react";
import type { Database } from "../../../db/database";
import {
  bookings,
  credentials,
  oauthAccounts,
  reviews,
  sessionNotes,
  sessions,
  sessionTypes,
  specialists,
  users,
  verificationTokens,
} from "../../../db/schema";
import { PasswordChangedNotice } from "../../emails/password-changed-notice";
import { renderEmail } from "../../emails/render.server";
import { normalizeEmail } from "../auth/auth.server";
import { requestEmailChange } from "../auth/email-verification.server";
import { passwordProblem } from "../auth/password-policy";
import { invalidateUserSessions, listUserSessions } from "../auth/sessions.server";
import { clearRateLimit, consumeRateLimit, rateLimitMessage } from "../../security/rate-limit.server";
import { passwordChangeSchema } from "./schemas";

// Authorization lives here: every function acts for `userId` (the signed-in user) and only ever
// reads or writes that user's rows, whatever ids the request carried.

type Context = Pick<AppLoadContext, "db" | "clock" | "passwords" | "mailer">;

export type AccountResult<Field extends string> =
  | { ok: true }
  | { ok: false; field: Field | null; message: string; status: 400 }
  | { ok: false; field: Field; message: string; status: 429; retryAfterSeconds: number };

const fail = <Field extends string>(field: Field, message: string) => ({ ok: false, field, message, status: 400 }) as const;
const throttled = <Field extends string>(field: Field, retryAfterSeconds: number) =>
  ({ ok: false, field, message: rateLimitMessage(retryAfterSeconds), status: 429, retryAfterSeconds }) as const;
/** A problem with the request as a whole rather than one field. */
const formError = (message: string) => ({ ok: false, field: null, message, status: 400 }) as const;

// ---------------------------------------------------------------------------------------------
// Reading

/** What the settings pages show beyond the session user: sign-in methods and a pending email change. */
export async function getAccountSecurity(db: Database, userId: string, now: Date) {
  const [credential] = await db.select({ userId: credentials.userId }).from(credentials).where(eq(credentials.userId, userId)).limit(1);
  const [pending] = await db
    .select({ email: verificationTokens.email })
    .from(verificationTokens)
    .where(
      and(
        eq(verificationTokens.userId, userId),
        eq(verificationTokens.purpose, "change_email"),
        isNull(verificationTokens.usedAt),
        gt(verificationTokens.expiresAt, now),
      ),
    )
    .orderBy(desc(verificationTokens.createdAt))
    .limit(1);
  return { hasPassword: Boolean(credential), pendingEmail: pending?.email ?? null };
}

// ---------------------------------------------------------------------------------------------
// Profile

export async function updateProfile(db: Database, userId: string, profile: { name: string; timezone: string }) {
  await db.update(users).set({ name: profile.name, timezone: profile.timezone }).where(eq(users.id, userId));
}

// ---------------------------------------------------------------------------------------------
// Re-authentication

/** Guessing the password from a stolen session: 5 tries per account per 15 minutes. */
const reauthLimit = (userId: string) => ({ key: `reauth:account:${userId}`, limit: 5, windowMs: 15 * 60 * 1000 });

type PasswordCheck = { result: "ok" | "wrong" | "no-password" } | { result: "throttled"; retryAfterSeconds: number };

/**
 * Checks the password of a signed-in user before a sensitive change, under a rate limit so a
 * stolen session cookie can't be used to brute-force the password.
 */
async function verifyCurrentPassword(context: Context, userId: string, password: string): Promise<PasswordCheck> {
  const [credential] = await context.db
    .select({ passwordHash: credentials.passwordHash })
    .from(credentials)
    .where(eq(credentials.userId, userId))
    .limit(1);
  if (!credential) return { result: "no-password" };
  const limit = reauthLimit(userId);
  const allowance = await consumeRateLimit(context.db, context.clock.now(), limit);
  if (!allowance.allowed) return { result: "throttled", retryAfterSeconds: allowance.retryAfterSeconds };
  if (!(await context.passwords.verify(password, credential.passwordHash))) return { result: "wrong" };
  // Only failures should add up: whoever proves the password starts afresh.
  await clearRateLimit(context.db, limit.key);
  return { result: "ok" };
}

// ---------------------------------------------------------------------------------------------
// Email

export type EmailChangeField = "newEmail" | "currentPassword";

/** Re-authenticates, then sends a confirmation link to the new address (the change happens on click). */
export async function requestAccountEmailChange(
  context: Context,
  user: { id: string; email: string; name: string },
  input: { newEmail: string; currentPassword: string },
  origin: string,
): Promise<AccountResult<EmailChangeField>> {
  const newEmail = normalizeEmail(input.newEmail);
  if (newEmail === user.email) return fail("newEmail", "That's already your email address.");
  const check = await verifyCurrentPassword(context, user.id, input.currentPassword);
  switch (check.result) {
    case "no-password":
      return formError("Your account signs in with Google, so its email can't be changed here.");
    case "throttled":
      return throttled("currentPassword", check.retryAfterSeconds);
    case "wrong":
      return fail("currentPassword", "That isn't your current password.");
    case "ok":
      break;
  }
  const result = await requestEmailChange(context, user, newEmail, origin);
  return result.ok ? { ok: true } : fail("newEmail", result.message);
}

// ---------------------------------------------------------------------------------------------
// Password

/** The browser's schema plus the password policy, which needs the server's word list. */
export function passwordChangeServerSchema(hasPassword: boolean, email: string) {
  return passwordChangeSchema(hasPassword).superRefine((input, ctx) => {
    const problem = passwordProblem(input.newPassword, { email });
    if (problem) ctx.addIssue({ code: "custom", path: ["newPassword"], message: problem });
  });
}

/**
 * Sets a new password (proving the current one, when there is one) and signs the user out on every
 * other device, so whoever knew the old password loses access.
 */
export async function changePassword(
  context: Context,
  actor: { userId: string; sessionId: string; email: string; name: string },
  input: { currentPassword?: string; newPassword: string },
  origin: string,
): Promise<AccountResult<"currentPassword">> {
  const check = await verifyCurrentPassword(context, actor.userId, input.currentPassword ?? "");
  if (check.result === "throttled") return throttled("currentPassword", check.retryAfterSeconds);
  if (check.result === "wrong") {
    return fail("currentPassword", input.currentPassword ? "That isn't your current password." : "Enter your current password.");
  }
  const passwordHash = await context.passwords.hash(input.newPassword);
  const now = context.clock.now();
  // Sessions go first: if the next write fails, the safe half (other devices signed out) has happened.
  await invalidateUserSessions(context.db, actor.userId, { except: actor.sessionId });
  await context.db
    .insert(credentials)
    .values({ userId: actor.userId, passwordHash, updatedAt: now })
    .onConflictDoUpdate({ target: credentials.userId, set: { passwordHash, updatedAt: now } });
  await sendPasswordChangedNotice(context, actor, origin);
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Sessions

export async function listAccountSessions(db: Database, userId: string) {
  return listUserSessions(db, userId);
}

/** Ends one of the user's own sessions; false (nothing changed) when the id isn't theirs. */
export async function revokeSession(db: Database, userId: string, sessionId: string) {
  const deleted = await db
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  return deleted.length > 0;
}

export async function signOutEverywhere(db: Database, userId: string) {
  await invalidateUserSessions(db, userId);
}

// ---------------------------------------------------------------------------------------------
// Export

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * Everything the platform holds about a user, as plain JSON. Secrets (password hash, session and
 * token hashes, session ids) never appear. Features that add data (bookings, reviews…) add a
 * section here and bump `version` when a section's shape changes.
 */
export async function exportAccountData(db: Database, userId: string, exportedAt: Date) {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw new Error("exportAccountData: no such user");
  const [credential] = await db
    .select({ updatedAt: credentials.updatedAt })
    .from(credentials)
    .where(eq(credentials.userId, userId))
    .limit(1);
  const linked = await db
    .select({ provider: oauthAccounts.provider, providerUserId: oauthAccounts.providerUserId, createdAt: oauthAccounts.createdAt })
    .from(oauthAccounts)
    .where(eq(oauthAccounts.userId, userId));
  const sessionRows = await listUserSessions(db, userId);

  return {
    version: 1,
    exportedAt: exportedAt.toISOString(),
    profile: {
      id: user.id,
      email: user.email,
      emailVerifiedAt: iso(user.emailVerifiedAt),
      name: user.name,
      role: user.role,
      timezone: user.timezone,
      status: user.status,
      createdAt: iso(user.createdAt),
      updatedAt: iso(user.updatedAt),
    },
    signIn: {
      password: credential ? { lastChangedAt: iso(credential.updatedAt) } : null,
      linkedAccounts: linked.map((account) => ({
        provider: account.provider,
        providerUserId: account.providerUserId,
        linkedAt: iso(account.createdAt),
      })),
    },
    sessions: sessionRows.map((session) => ({
      startedAt: iso(session.createdAt),
      lastActiveAt: iso(session.lastVerifiedAt),
      expiresAt: iso(session.expiresAt),
      userAgent: session.userAgent,
      ipAddress: session.ipAddress,
    })),
    specialistProfile: await exportSpecialistProfile(db, userId),
    reviewsWritten: await exportReviewsWritten(db, userId),
    sessionNotes: await exportSessionNotes(db, userId),
  };
}

/** The session notes the user can read: as a specialist all of their sessions' notes, as a customer the shared ones. */
async function exportSessionNotes(db: Database, userId: string) {
  const rows = await db
    .select({
      bookingId: sessionNotes.bookingId,
      visibility: sessionNotes.visibility,
      body: sessionNotes.body,
      updatedAt: sessionNotes.updatedAt,
    })
    .from(sessionNotes)
    .innerJoin(bookings, eq(bookings.id, sessionNotes.bookingId))
    .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
    .where(or(eq(specialists.userId, userId), and(eq(bookings.customerId, userId), eq(sessionNotes.visibility, "shared"))))
    .orderBy(sessionNotes.bookingId, sessionNotes.visibility);
  return rows.map((note) => ({ ...note, updatedAt: iso(note.updatedAt) }));
}

/** The reviews the user wrote, whatever their state (a hidden one with the reason they were shown). */
async function exportReviewsWritten(db: Database, userId: string) {
  const rows = await db
    .select({ review: reviews, specialistName: specialists.displayName })
    .from(reviews)
    .innerJoin(specialists, eq(specialists.id, reviews.specialistId))
    .where(eq(reviews.customerId, userId))
    .orderBy(reviews.createdAt);
  return rows.map(({ review, specialistName }) => ({
    bookingId: review.bookingId,
    specialist: specialistName,
    ratings: { overall: review.overall, communication: review.communication, expertise: review.expertise, value: review.value },
    comment: review.comment,
    status: review.status,
    moderationReason: review.moderationReason,
    createdAt: iso(review.createdAt),
    updatedAt: iso(review.updatedAt),
    specialistResponse: review.response,
  }));
}

export type AccountExport = Awaited<ReturnType<typeof exportAccountData>>;

async function exportSpecialistProfile(db: Database, userId: string) {
  const [specialist] = await db.select().from(specialists).where(eq(specialists.userId, userId)).limit(1);
  if (!specialist) return null;
  const types = await db.select().from(sessionTypes).where(eq(sessionTypes.specialistId, specialist.id)).orderBy(sessionTypes.createdAt);
  return {
    slug: specialist.slug,
    displayName: specialist.displayName,
    headline: specialist.headline,
    bio: specialist.bio,
    specialties: specialist.specialties,
    languages: specialist.languages,
    timezone: specialist.timezone,
    published: specialist.published,
    approval: specialist.approval,
    stripeAccountId: specialist.stripeAccountId,
    chargesEnabled: specialist.chargesEnabled,
    rating: { average: specialist.ratingAvg, count: specialist.ratingCount },
    createdAt: iso(specialist.createdAt),
    updatedAt: iso(specialist.updatedAt),
    reviewResponses: (
      await db
        .select({
          reviewId: reviews.id,
          response: reviews.response,
          respondedAt: reviews.respondedAt,
          updatedAt: reviews.responseUpdatedAt,
        })
        .from(reviews)
        .where(and(eq(reviews.specialistId, specialist.id), isNotNull(reviews.response)))
        .orderBy(reviews.respondedAt)
    ).map((row) => ({ reviewId: row.reviewId, response: row.response, respondedAt: iso(row.respondedAt), updatedAt: iso(row.updatedAt) })),
    sessionTypes: types.map((type) => ({
      title: type.title,
      description: type.description,
      minutes: type.minutes,
      price: { amountMinor: type.priceMinor, currency: type.currency },
      active: type.active,
      createdAt: iso(type.createdAt),
      updatedAt: iso(type.updatedAt),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Deletion

export function deletedEmail(userId: string) {
  return `deleted-${userId}@deleted.invalid`;
}

/**
 * Deletes how the user signs in and anonymises what others may still need to reference (the user
 * row, a specialist profile), all in one batch. `confirmation` must be the account's email or
 * current password.
 */
export async function deleteAccount(context: Context, userId: string, confirmation: string): Promise<AccountResult<"confirmation">> {
  const [user] = await context.db
    .select({ email: users.email, role: users.role, status: users.status })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!user || user.status === "deleted") return formError("This account no longer exists.");

  const typedEmail = normalizeEmail(confirmation) === user.email;
  if (!typedEmail) {
    const check = await verifyCurrentPassword(context, userId, confirmation);
    if (check.result === "throttled") return throttled("confirmation", check.retryAfterSeconds);
    if (check.result !== "ok") return fail("confirmation", "That is neither your email address nor your current password.");
  }
  if (user.role === "admin" && (await isLastAdmin(context.db, userId))) {
    return formError("You are the only admin. Make someone else an admin before deleting your account.");
  }

  const { db } = context;
  const now = context.clock.now();
  await db.batch([
    db.delete(credentials).where(eq(credentials.userId, userId)),
    db.delete(oauthAccounts).where(eq(oauthAccounts.userId, userId)),
    db.delete(sessions).where(eq(sessions.userId, userId)),
    db.delete(verificationTokens).where(eq(verificationTokens.userId, userId)),
    db
      .update(users)
      .set({ email: deletedEmail(userId), name: "Deleted user", status: "deleted", emailVerifiedAt: null, updatedAt: now })
      .where(eq(users.id, userId)),
    db
      .update(specialists)
      .set({
        published: false,
        displayName: "Deleted specialist",
        headline: "",
        bio: "",
        slug: `deleted-${userId}`,
        updatedAt: now,
      })
      .where(eq(specialists.userId, userId)),
  ]);
  return { ok: true };
}

async function isLastAdmin(db: Database, userId: string) {
  const [others] = await db
    .select({ admins: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.status, "active"), ne(users.id, userId)));
  return (others?.admins ?? 0) === 0;
}

// ---------------------------------------------------------------------------------------------
// Notifications

/**
 * OWASP: tell users when their authentication details change. The change has already happened,
 * so a mail failure is logged rather than turned into an error page.
 */
async function sendPasswordChangedNotice(context: Context, actor: { email: string; name: string }, origin: string) {
  try {
    const { html, text } = await renderEmail(
      createElement(PasswordChangedNotice, { name: actor.name, resetUrl: new URL("/forgot-password", origin).href }),
    );
    await context.mailer.send({
      to: actor.email,
      subject: "Your Specialistly password was changed",
      template: "password-changed-notice",
      html,
      text,
    });
  } catch (error) {
    console.error("Could not send the password-changed notice:", error instanceof Error ? error.message : error);
  }
}
