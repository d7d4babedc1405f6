// Admin users (issue #12 item 4): find users, look at one, suspend and reinstate them, change
// their role (ADR 0020). Each change is one batch whose audit row is written first and only while
// its guard holds — the user still as the admin saw them, the actor an active admin, and for
// anything that takes an admin away, another active admin besides the subject — so two admins
// demoting or suspending each other at once can never leave the platform without one.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, desc, eq, gt, inArray, or, sql, type SQL } from "drizzle-orm";
import * as z from "zod";
import { activeBookingStatuses, auditLog, bookings, sessions, sessionTypes, specialists, users, type UserRole } from "../../../db/schema";
import type { RefundContext } from "../payments/refunds.server";
import { auditedWrite } from "./audit.server";
import { maxSuspensionReasonLength, roleChoices, type UserStatusFilter } from "./users-schemas";
import { cancelBookingAsAdmin } from "./cancel-booking.server";

export const usersPageSize = 25;
const bookingsShown = 50;

export type UserAdminFailure = "invalid-input" | "not-allowed" | "not-found" | "wrong-state" | "self" | "last-admin" | "has-profile";
export type UserAdminFailureResult = { ok: false; reason: UserAdminFailure; message: string };

export const userAdminFailureStatus: Record<UserAdminFailure, number> = {
  "invalid-input": 400,
  "not-allowed": 403,
  "not-found": 404,
  "wrong-state": 409,
  self: 409,
  "last-admin": 409,
  "has-profile": 409,
};

const fail = (reason: UserAdminFailure, message: string): UserAdminFailureResult => ({ ok: false, reason, message });
const notAllowed = () => fail("not-allowed", "Only admins can do this.");
const lastAdminMessage = "This is the last active admin: make someone else an admin first.";

type ReadContext = Pick<AppLoadContext, "db">;

async function activeAdmin(context: ReadContext, userId: string) {
  const actor = await context.db.query.users.findFirst({ columns: { id: true, role: true, status: true }, where: eq(users.id, userId) });
  return actor?.role === "admin" && actor.status === "active" ? actor : null;
}

/** Another active admin than `userId` exists: the guard of every change that could remove an admin. */
const anotherActiveAdmin = (userId: string): SQL =>
  sql`exists (select 1 from ${users} where ${users.role} = 'admin' and ${users.status} = 'active' and ${users.id} <> ${userId})`;

const reasonSchema = z
  .string({ error: "Give a reason." })
  .trim()
  .min(1, "Give a reason.")
  .max(maxSuspensionReasonLength, `Keep the reason to ${maxSuspensionReasonLength} characters or fewer.`);

export interface UserSearch {
  q?: string;
  role?: UserRole;
  status?: UserStatusFilter;
  /** 1-based; offset pages (ADR 0020). */
  page?: number;
}

/** `%` and `_` typed by the admin match themselves. */
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/**
 * Users newest first, matching the search (name or email, any case, any part) and filters, one
 * page at a time; null unless the viewer is an active admin.
 */
export async function searchUsers(context: ReadContext, actorUserId: string, search: UserSearch) {
  if (!(await activeAdmin(context, actorUserId))) return null;
  const page = Math.max(1, Math.floor(search.page ?? 1));
  const q = search.q?.trim();
  const where = and(
    q
      ? or(sql`lower(${users.name}) like ${likePattern(q)} escape '\\'`, sql`${users.email} like ${likePattern(q)} escape '\\'`)
      : undefined,
    search.role ? eq(users.role, search.role) : undefined,
    search.status ? eq(users.status, search.status) : undefined,
  );
  const rows = await context.db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      status: users.status,
      createdAt: users.createdAt,
      specialistSlug: specialists.slug,
    })
    .from(users)
    .leftJoin(specialists, eq(specialists.userId, users.id))
    .where(where)
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(usersPageSize + 1)
    .offset((page - 1) * usersPageSize);
  return { page, users: rows.slice(0, usersPageSize), hasNext: rows.length > usersPageSize };
}

/** Upcoming active bookings the user is in, as customer or as specialist: what a suspension cancels. */
function upcomingBookingsOf(userId: string, specialistId: string | null, now: Date) {
  return and(
    inArray(bookings.status, [...activeBookingStatuses]),
    gt(bookings.startsAt, now),
    specialistId ? or(eq(bookings.customerId, userId), eq(bookings.specialistId, specialistId)) : eq(bookings.customerId, userId),
  );
}

/**
 * One user as the admin detail page shows them: profile fields, role and status, their specialist
 * profile, their bookings both ways (recent first), the audit rows about them, and what a
 * suspension would do now. Null when there's no such user; "not-allowed" unless the viewer is an
 * active admin.
 */
export async function userDetail(context: Pick<AppLoadContext, "db" | "clock">, actorUserId: string, userId: string) {
  const { db } = context;
  if (!(await activeAdmin(context, actorUserId))) return "not-allowed" as const;
  const user = await db.query.users.findFirst({
    columns: {
      id: true,
      name: true,
      email: true,
      role: true,
      status: true,
      timezone: true,
      phone: true,
      emailVerifiedAt: true,
      createdAt: true,
    },
    where: eq(users.id, userId),
  });
  if (!user) return null;
  const profile = await db.query.specialists.findFirst({
    columns: { id: true, slug: true, displayName: true, published: true, approval: true },
    where: eq(specialists.userId, userId),
  });
  const now = context.clock.now();
  const [bookingRows, audits, [upcoming], [signedIn]] = await db.batch([
    db
      .select({
        id: bookings.id,
        startsAt: bookings.startsAt,
        status: bookings.status,
        priceMinor: bookings.priceMinor,
        currency: bookings.currency,
        title: sessionTypes.title,
        customerId: bookings.customerId,
        customerName: users.name,
        specialistName: specialists.displayName,
      })
      .from(bookings)
      .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
      .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
      .innerJoin(users, eq(users.id, bookings.customerId))
      .where(profile ? or(eq(bookings.customerId, userId), eq(bookings.specialistId, profile.id)) : eq(bookings.customerId, userId))
      .orderBy(desc(bookings.startsAt), desc(bookings.id))
      .limit(bookingsShown),
    db
      .select({
        id: auditLog.id,
        action: auditLog.action,
        before: auditLog.before,
        after: auditLog.after,
        reason: auditLog.reason,
        at: auditLog.at,
        actorName: users.name,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(and(eq(auditLog.subjectType, "user"), eq(auditLog.subjectId, userId)))
      .orderBy(desc(auditLog.at), desc(auditLog.id)),
    db
      .select({ count: sql<number>`count(*)`.mapWith(Number) })
      .from(bookings)
      .where(upcomingBookingsOf(userId, profile?.id ?? null, now)),
    db
      .select({ count: sql<number>`count(*)`.mapWith(Number) })
      .from(sessions)
      .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now))),
  ]);
  return {
    user,
    profile: profile ?? null,
    bookings: bookingRows.map(
      ({ customerId, ...booking }) => ({ ...booking, as: customerId === userId ? "customer" : "specialist" }) as const,
    ),
    audits,
    suspension: { upcomingBookings: upcoming?.count ?? 0, sessions: signedIn?.count ?? 0, listed: profile?.published ?? false },
  };
}

export type SuspendResult = { ok: true; cancelledBookings: number; refundErrors: string[] } | UserAdminFailureResult;

/** What the parties of a cancelled booking read: the platform cancelled it, without the admin's private reason. */
const suspensionCancelReason = "Cancelled by Specialistly: an account in this booking was suspended.";

/**
 * Suspends an active user: status suspended, every session deleted (signed out everywhere), their
 * specialist profile unlisted (the audit row keeps whether it was listed, for reinstating) — one
 * batch with the `user.suspend` audit row. Then each of their upcoming active bookings, as
 * customer or as specialist, is cancelled with a full refund (`cancelBookingAsAdmin`, each its own
 * batch). Not oneself, and never the last active admin.
 */
export async function suspendUser(
  context: RefundContext,
  input: { actorUserId: string; userId: string; reason: unknown },
): Promise<SuspendResult> {
  const { db } = context;
  const parsed = reasonSchema.safeParse(input.reason ?? "");
  if (!parsed.success) return fail("invalid-input", parsed.error.issues[0]?.message ?? "Give a reason.");
  const reason = parsed.data;
  const actor = await activeAdmin(context, input.actorUserId);
  if (!actor) return notAllowed();
  if (input.userId === actor.id) return fail("self", "You can't suspend yourself.");
  const user = await db.query.users.findFirst({ columns: { id: true, role: true, status: true }, where: eq(users.id, input.userId) });
  if (!user) return fail("not-found", "There's no user with that id.");
  if (user.status !== "active") return fail("wrong-state", "Only an active user can be suspended.");
  const profile = await db.query.specialists.findFirst({ columns: { id: true, published: true }, where: eq(specialists.userId, user.id) });

  const audit = auditedWrite(
    db,
    {
      actorId: actor.id,
      action: "user.suspend",
      subjectType: "user",
      subjectId: user.id,
      before: { status: user.status, role: user.role, published: profile?.published ?? null },
      after: { status: "suspended", role: user.role, published: profile ? false : null },
      reason,
      at: context.clock.now(),
    },
    and(
      sql`exists (select 1 from ${users} where ${users.id} = ${user.id} and ${users.status} = 'active' and ${users.role} = ${user.role})`,
      profile
        ? sql`exists (select 1 from ${specialists} where ${specialists.id} = ${profile.id} and ${specialists.published} = ${profile.published ? 1 : 0})`
        : undefined,
      user.role === "admin" ? anotherActiveAdmin(user.id) : undefined,
    )!,
  );
  await db.batch([
    audit.insert,
    db
      .update(users)
      .set({ status: "suspended", updatedAt: context.clock.now() })
      .where(and(eq(users.id, user.id), audit.audited)),
    db.delete(sessions).where(and(eq(sessions.userId, user.id), audit.audited)),
    db
      .update(specialists)
      .set({ published: false })
      .where(and(eq(specialists.userId, user.id), audit.audited)),
  ]);
  if (!(await audit.wasWritten())) return await explainRefusal(context, actor.id, user.id);

  const upcoming = await db
    .select({ id: bookings.id })
    .from(bookings)
    .where(upcomingBookingsOf(user.id, profile?.id ?? null, context.clock.now()))
    .orderBy(bookings.startsAt);
  let cancelledBookings = 0;
  const refundErrors: string[] = [];
  for (const booking of upcoming) {
    const cancelled = await cancelBookingAsAdmin(context, { actorUserId: actor.id, bookingId: booking.id, reason: suspensionCancelReason });
    if (cancelled.ok) {
      cancelledBookings += 1;
      if (cancelled.refundError) refundErrors.push(cancelled.refundError);
    }
  }
  return { ok: true, cancelledBookings, refundErrors };
}

/** Why a guarded write wrote nothing: the actor lost their rights, the user changed, or they are the last admin. */
async function explainRefusal(context: ReadContext, actorId: string, userId: string): Promise<UserAdminFailureResult> {
  if (!(await activeAdmin(context, actorId))) return notAllowed();
  const others = await context.db.get<{ yes: number }>(sql`select ${anotherActiveAdmin(userId)} as yes`);
  const user = await context.db.query.users.findFirst({ columns: { role: true, status: true }, where: eq(users.id, userId) });
  if (user?.role === "admin" && user.status === "active" && !others?.yes) return fail("last-admin", lastAdminMessage);
  return fail("wrong-state", "Someone changed this user just now; reload to see what changed.");
}

/**
 * Reinstates a suspended user: status active, and their profile listed again if it was listed
 * when they were suspended (from the last `user.suspend` row's `before`). Cancelled bookings stay
 * cancelled. Audited as `user.reinstate`, with an optional note.
 */
export async function reinstateUser(
  context: Pick<AppLoadContext, "db" | "clock">,
  input: { actorUserId: string; userId: string; reason?: unknown },
): Promise<{ ok: true } | UserAdminFailureResult> {
  const { db } = context;
  const note = typeof input.reason === "string" ? input.reason.trim() : "";
  if (note.length > maxSuspensionReasonLength) {
    return fail("invalid-input", `Keep the note to ${maxSuspensionReasonLength} characters or fewer.`);
  }
  const actor = await activeAdmin(context, input.actorUserId);
  if (!actor) return notAllowed();
  const user = await db.query.users.findFirst({ columns: { id: true, role: true, status: true }, where: eq(users.id, input.userId) });
  if (!user) return fail("not-found", "There's no user with that id.");
  if (user.status !== "suspended") return fail("wrong-state", "Only a suspended user can be reinstated.");
  const [suspension] = await db
    .select({ before: auditLog.before })
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, "user"), eq(auditLog.subjectId, user.id), eq(auditLog.action, "user.suspend")))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(1);
  const relist = (suspension?.before as { published?: boolean | null } | null | undefined)?.published === true;
  const profile = await db.query.specialists.findFirst({ columns: { id: true, published: true }, where: eq(specialists.userId, user.id) });

  const audit = auditedWrite(
    db,
    {
      actorId: actor.id,
      action: "user.reinstate",
      subjectType: "user",
      subjectId: user.id,
      before: { status: "suspended", published: profile?.published ?? null },
      after: { status: "active", published: profile ? relist || profile.published : null },
      reason: note || null,
      at: context.clock.now(),
    },
    sql`exists (select 1 from ${users} where ${users.id} = ${user.id} and ${users.status} = 'suspended')`,
  );
  await db.batch([
    audit.insert,
    db
      .update(users)
      .set({ status: "active", updatedAt: context.clock.now() })
      .where(and(eq(users.id, user.id), audit.audited)),
    db
      .update(specialists)
      .set({ published: true })
      .where(and(eq(specialists.userId, user.id), relist ? sql`1` : sql`0`, audit.audited)),
  ]);
  if (!(await audit.wasWritten())) return await explainRefusal(context, actor.id, user.id);
  return { ok: true };
}

const roleSchema = z.enum(roleChoices, { error: "Choose customer, specialist or admin." });

/**
 * Changes a user's role, audited as `user.role`. One conditional write: the audit row goes in
 * only while the user still has the role the admin saw and, when an admin is demoted, while
 * another active admin exists — counted in the same statement, so concurrent demotions can't
 * remove the last admin. Someone with a specialist profile stays a specialist (ADR 0020).
 */
export async function changeUserRole(
  context: Pick<AppLoadContext, "db" | "clock">,
  input: { actorUserId: string; userId: string; role: unknown },
): Promise<{ ok: true } | UserAdminFailureResult> {
  const { db } = context;
  const parsed = roleSchema.safeParse(input.role);
  if (!parsed.success) return fail("invalid-input", parsed.error.issues[0]?.message ?? "Choose a role.");
  const role = parsed.data;
  const actor = await activeAdmin(context, input.actorUserId);
  if (!actor) return notAllowed();
  const user = await db.query.users.findFirst({ columns: { id: true, role: true, status: true }, where: eq(users.id, input.userId) });
  if (!user) return fail("not-found", "There's no user with that id.");
  if (user.role === role) return fail("invalid-input", `This user is already ${role === "admin" ? "an" : "a"} ${role}.`);
  if (user.role === "specialist") {
    const profile = await db.query.specialists.findFirst({ columns: { id: true }, where: eq(specialists.userId, user.id) });
    if (profile) {
      return fail(
        "has-profile",
        "This user has a specialist profile, so they stay a specialist; suspend them to take the profile down and cancel their bookings.",
      );
    }
  }

  const audit = auditedWrite(
    db,
    {
      actorId: actor.id,
      action: "user.role",
      subjectType: "user",
      subjectId: user.id,
      before: { role: user.role },
      after: { role },
      at: context.clock.now(),
    },
    and(
      sql`exists (select 1 from ${users} where ${users.id} = ${user.id} and ${users.role} = ${user.role})`,
      // A specialist profile created meanwhile keeps them a specialist.
      user.role === "specialist" ? sql`not exists (select 1 from ${specialists} where ${specialists.userId} = ${user.id})` : undefined,
      user.role === "admin" ? anotherActiveAdmin(user.id) : undefined,
    )!,
  );
  await db.batch([
    audit.insert,
    db
      .update(users)
      .set({ role, updatedAt: context.clock.now() })
      .where(and(eq(users.id, user.id), audit.audited)),
  ]);
  if (!(await audit.wasWritten())) return await explainRefusal(context, actor.id, user.id);
  return { ok: true };
}
