import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, asc, desc, eq, notExists, sql } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { bookings, sessionTypes, specialists } from "../../../db/schema";
import { rebuildSlotsForSpecialist } from "../availability/slots.server";
import { defaultSessionCurrency } from "./default-currency";
import { findOwnSpecialistId } from "./profile.server";
import type { SessionTypeInput } from "./schemas";
import { canTakeCharges } from "../payments/payout-accounts.server";
import type { PaymentProvider } from "../payments/payment-provider";

// Authorization lives here: a session type is only ever read or changed through the signed-in
// user's own specialist row. Someone else's id and an id that doesn't exist look the same
// (null / "not-found"), so the answer doesn't reveal which ids exist.

/** `payments` decides whether paid sessions need a payout account that can take charges (Stripe Connect). */
type Context = Pick<AppLoadContext, "db" | "clock"> & { payments?: Pick<PaymentProvider, "payoutAccounts"> };

/**
 * Booked at least once, in any status: such a session type can be deactivated but not deleted.
 * Columns are spelled out with their tables because drizzle leaves them unqualified in a select
 * list, where "id" would resolve to bookings.id inside the subquery.
 */
const hasBookings =
  sql<boolean>`exists (select 1 from ${bookings} where ${bookings}.${sql.identifier(bookings.sessionTypeId.name)} = ${sessionTypes}.${sql.identifier(sessionTypes.id.name)})`.mapWith(
    Boolean,
  );

const columns = {
  id: sessionTypes.id,
  title: sessionTypes.title,
  description: sessionTypes.description,
  minutes: sessionTypes.minutes,
  priceMinor: sessionTypes.priceMinor,
  currency: sessionTypes.currency,
  active: sessionTypes.active,
  videoProvider: sessionTypes.videoProvider,
  hasBookings,
};

export type OwnSessionType = NonNullable<Awaited<ReturnType<typeof findOwnSessionType>>>;

/** The user's session types, active first; null before they have a profile. */
export async function listOwnSessionTypes(db: Database, userId: string) {
  const specialistId = await findOwnSpecialistId(db, userId);
  if (!specialistId) return null;
  return db
    .select(columns)
    .from(sessionTypes)
    .where(eq(sessionTypes.specialistId, specialistId))
    .orderBy(desc(sessionTypes.active), asc(sessionTypes.createdAt), asc(sessionTypes.title));
}

/** The currency a new session type of the user's starts in (see `defaultSessionCurrency`). */
export async function newSessionTypeCurrency(db: Database, userId: string, existing: readonly { currency: string }[]) {
  const [row] = await db.select({ timezone: specialists.timezone }).from(specialists).where(eq(specialists.userId, userId)).limit(1);
  return defaultSessionCurrency(
    existing.map((type) => type.currency),
    row?.timezone ?? null,
  );
}

export async function findOwnSessionType(db: Database, userId: string, sessionTypeId: string) {
  const specialistId = await findOwnSpecialistId(db, userId);
  if (!specialistId) return null;
  const [row] = await db
    .select(columns)
    .from(sessionTypes)
    .where(and(eq(sessionTypes.id, sessionTypeId), eq(sessionTypes.specialistId, specialistId)))
    .limit(1);
  return row ?? null;
}

/** Whether the specialist may offer paid sessions now: without a payments context (scripts, seeds), yes. */
async function takesCharges(context: Context, specialistId: string) {
  if (!context.payments?.payoutAccounts) return true;
  const [row] = await context.db
    .select({ stripeAccountId: specialists.stripeAccountId, chargesEnabled: specialists.chargesEnabled })
    .from(specialists)
    .where(eq(specialists.id, specialistId));
  return row ? canTakeCharges(context.payments, row) : false;
}

/**
 * Adds a session type, published at once; a paid one is kept as a draft (inactive) while the
 * specialist's payout account can't take payments yet.
 */
export async function createSessionType(
  context: Context,
  userId: string,
  input: SessionTypeInput,
): Promise<{ ok: true; id: string; published: boolean } | { ok: false; reason: "no-profile" }> {
  const specialistId = await findOwnSpecialistId(context.db, userId);
  if (!specialistId) return { ok: false, reason: "no-profile" };
  const published = input.priceMinor === 0 || (await takesCharges(context, specialistId));
  const [created] = await context.db
    .insert(sessionTypes)
    .values({ ...input, specialistId, active: published })
    .returning({ id: sessionTypes.id });
  await rebuildSlotsForSpecialist(context, specialistId);
  return { ok: true, id: created!.id, published };
}

/** Applies `changes` to the user's own session type; false when there is no such session type of theirs. */
async function changeOwnSessionType(
  context: Context,
  userId: string,
  sessionTypeId: string,
  changes: Partial<typeof sessionTypes.$inferInsert>,
): Promise<boolean> {
  const specialistId = await findOwnSpecialistId(context.db, userId);
  if (!specialistId) return false;
  const updated = await context.db
    .update(sessionTypes)
    .set(changes)
    .where(and(eq(sessionTypes.id, sessionTypeId), eq(sessionTypes.specialistId, specialistId)))
    .returning({ id: sessionTypes.id });
  if (updated.length === 0) return false;
  await rebuildSlotsForSpecialist(context, specialistId);
  return true;
}

export type SessionTypeChange = "saved" | "saved-as-draft" | "not-found" | "payouts-not-ready";

/** Saves the user's own session type; one made paid while payments can't be taken yet is kept as a draft. */
export async function updateSessionType(
  context: Context,
  userId: string,
  sessionTypeId: string,
  input: SessionTypeInput,
): Promise<SessionTypeChange> {
  const { title, description, minutes, priceMinor, currency, videoProvider } = input;
  const specialistId = await findOwnSpecialistId(context.db, userId);
  if (!specialistId) return "not-found";
  const draft = priceMinor > 0 && !(await takesCharges(context, specialistId));
  const changed = await changeOwnSessionType(context, userId, sessionTypeId, {
    title,
    description,
    minutes,
    priceMinor,
    currency,
    videoProvider,
    ...(draft ? { active: false } : {}),
  });
  if (!changed) return "not-found";
  return draft ? "saved-as-draft" : "saved";
}

/** Publishes or withdraws the user's own session type; a paid one can't be published until payments can be taken. */
export async function setSessionTypeActive(
  context: Context,
  userId: string,
  sessionTypeId: string,
  active: boolean,
): Promise<SessionTypeChange> {
  if (active) {
    const specialistId = await findOwnSpecialistId(context.db, userId);
    if (!specialistId) return "not-found";
    const [type] = await context.db
      .select({ priceMinor: sessionTypes.priceMinor })
      .from(sessionTypes)
      .where(and(eq(sessionTypes.id, sessionTypeId), eq(sessionTypes.specialistId, specialistId)));
    if (!type) return "not-found";
    if (type.priceMinor > 0 && !(await takesCharges(context, specialistId))) return "payouts-not-ready";
  }
  return (await changeOwnSessionType(context, userId, sessionTypeId, { active })) ? "saved" : "not-found";
}

/**
 * Deletes a session type nobody has booked. One that has bookings is deactivated instead:
 * bookings keep pointing at it for their history, receipts and reviews.
 */
export async function deleteSessionType(
  context: Context,
  userId: string,
  sessionTypeId: string,
): Promise<"deleted" | "deactivated" | "not-found"> {
  const specialistId = await findOwnSpecialistId(context.db, userId);
  if (!specialistId) return "not-found";
  // The bookings check is part of the DELETE itself, so a booking made meanwhile can't be orphaned.
  const deleted = await context.db
    .delete(sessionTypes)
    .where(
      and(
        eq(sessionTypes.id, sessionTypeId),
        eq(sessionTypes.specialistId, specialistId),
        notExists(
          context.db
            .select({ one: sql`1` })
            .from(bookings)
            .where(eq(bookings.sessionTypeId, sessionTypeId)),
        ),
      ),
    )
    .returning({ id: sessionTypes.id });
  if (deleted.length > 0) {
    await rebuildSlotsForSpecialist(context, specialistId);
    return "deleted";
  }
  return (await setSessionTypeActive(context, userId, sessionTypeId, false)) === "saved" ? "deactivated" : "not-found";
}
