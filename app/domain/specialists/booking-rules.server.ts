import type { AppLoadContext } from "@remix-run/server-runtime";
import { eq } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { bookingRules } from "../../../db/schema";
import { rebuildSlotsForSpecialist } from "../availability/slots.server";
import { findOwnSpecialistId } from "./profile.server";
import type { BookingRulesInput } from "./schemas";

// Authorization lives here: the rules read and written are always those of the signed-in
// user's own specialist row.

type Context = Pick<AppLoadContext, "db" | "clock">;

/** The user's booking rules (the table's defaults until they save some); null before they have a profile. */
export async function findOwnBookingRules(db: Database, userId: string): Promise<BookingRulesInput | null> {
  const specialistId = await findOwnSpecialistId(db, userId);
  if (!specialistId) return null;
  const [row] = await db.select().from(bookingRules).where(eq(bookingRules.specialistId, specialistId)).limit(1);
  if (!row) return defaultBookingRules();
  const { specialistId: _specialistId, updatedAt: _updatedAt, ...rules } = row;
  return rules;
}

/** What a new specialist starts with: the column defaults of booking_rules, read from the schema so they can't drift. */
export function defaultBookingRules(): BookingRulesInput {
  const valueOf = (column: { default?: unknown }) => (typeof column.default === "number" ? column.default : null);
  return {
    minNoticeMinutes: valueOf(bookingRules.minNoticeMinutes) ?? 0,
    horizonDays: valueOf(bookingRules.horizonDays) ?? 1,
    bufferBeforeMinutes: valueOf(bookingRules.bufferBeforeMinutes) ?? 0,
    bufferAfterMinutes: valueOf(bookingRules.bufferAfterMinutes) ?? 0,
    slotIntervalMinutes: valueOf(bookingRules.slotIntervalMinutes) ?? 30,
    dailyCap: valueOf(bookingRules.dailyCap),
    cancellationDeadlineHours: valueOf(bookingRules.cancellationDeadlineHours) ?? 0,
    lateCancellationRefundPercent: valueOf(bookingRules.lateCancellationRefundPercent) ?? 0,
    remind24h: bookingRules.remind24h.default !== false,
    remind1h: bookingRules.remind1h.default !== false,
  };
}

/** Saves the rules and refreshes open times; false before the user has a profile. */
export async function saveBookingRules(context: Context, userId: string, rules: BookingRulesInput): Promise<boolean> {
  const specialistId = await findOwnSpecialistId(context.db, userId);
  if (!specialistId) return false;
  await context.db
    .insert(bookingRules)
    .values({ specialistId, ...rules })
    .onConflictDoUpdate({ target: bookingRules.specialistId, set: rules });
  await rebuildSlotsForSpecialist(context, specialistId);
  return true;
}
