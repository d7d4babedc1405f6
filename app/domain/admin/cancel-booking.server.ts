// An admin cancels a booking (issue #12 item 4): whatever the specialist's policy says, the
// customer gets back everything paid and not yet refunded. The same one-batch write as a party's
// cancellation (writeCancellation), with the admin's audit row first and everything else
// conditioned on it, so the row exists exactly when the booking was cancelled.
import { and, eq, inArray, sql } from "drizzle-orm";
import { activeBookingStatuses, bookings, payments, sessionTypes, specialists, users } from "../../../db/schema";
import { maxCancelReasonLength } from "../booking/booking-form-schemas";
import { afterCancellation, writeCancellation } from "../booking/change-booking.server";
import { refundedSoFar, type RefundContext } from "../payments/refunds.server";
import { auditedWrite, isActiveAdmin } from "./audit.server";

/** How the parties' notices and histories name an admin who cancelled: the platform, not the person. */
export const platformName = "Specialistly";

export type AdminCancelFailure = "invalid-input" | "not-allowed" | "not-found" | "already-cancelled";

export const adminCancelFailureStatus: Record<AdminCancelFailure, number> = {
  "invalid-input": 400,
  "not-allowed": 403,
  "not-found": 404,
  "already-cancelled": 409,
};

export type AdminCancelResult = { ok: true; refundError: string | null } | { ok: false; reason: AdminCancelFailure; message: string };

/** A booking as an admin cancellation needs it: both parties and what is left of its kept payment. */
async function loadBooking(context: Pick<RefundContext, "db">, bookingId: string) {
  const [row] = await context.db
    .select({
      booking: { id: bookings.id, customerId: bookings.customerId, specialistId: bookings.specialistId, startsAt: bookings.startsAt },
      status: bookings.status,
      currency: bookings.currency,
      sessionTitle: sessionTypes.title,
      customerName: users.name,
      specialistUserId: specialists.userId,
      specialistName: specialists.displayName,
      // Selected in a join, where drizzle qualifies the columns `refundedSoFar` names.
      payment: { amountMinor: payments.amountMinor, currency: payments.currency, refundedMinor: refundedSoFar },
    })
    .from(bookings)
    .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
    .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
    .innerJoin(users, eq(users.id, bookings.customerId))
    .leftJoin(payments, and(eq(payments.bookingId, bookings.id), eq(payments.kept, true), eq(payments.status, "paid")))
    .where(eq(bookings.id, bookingId));
  return row ?? null;
}

/**
 * Cancels an active booking (awaiting payment or confirmed) with a full refund of whatever was
 * paid and not yet refunded, tells both parties (the specialist only if it was confirmed, as for
 * any cancellation) with the platform as the one who cancelled, rebuilds the specialist's slots,
 * and records `booking.cancel` in the audit log — all one batch. The actor must be an active admin.
 */
export async function cancelBookingAsAdmin(
  context: RefundContext,
  input: { actorUserId: string; bookingId: string; reason: string },
): Promise<AdminCancelResult> {
  const { db } = context;
  const reason = input.reason.trim();
  if (reason.length === 0) return { ok: false, reason: "invalid-input", message: "Give a reason; both parties will see it." };
  if (reason.length > maxCancelReasonLength) {
    return { ok: false, reason: "invalid-input", message: `Keep the reason to ${maxCancelReasonLength} characters or fewer.` };
  }
  const admin = await db.query.users.findFirst({ columns: { id: true, role: true, status: true }, where: eq(users.id, input.actorUserId) });
  if (admin?.role !== "admin" || admin.status !== "active")
    return { ok: false, reason: "not-allowed", message: "Only admins can do this." };
  const found = await loadBooking(context, input.bookingId);
  if (!found) return { ok: false, reason: "not-found", message: "There's no booking with that id." };
  if (!(activeBookingStatuses as readonly string[]).includes(found.status)) {
    return { ok: false, reason: "already-cancelled", message: "This booking is already cancelled or finished." };
  }

  const refundMinor = found.payment ? Math.max(0, found.payment.amountMinor - found.payment.refundedMinor) : 0;
  const currency = found.payment?.currency ?? found.currency;
  const audit = auditedWrite(
    db,
    {
      actorId: admin.id,
      action: "booking.cancel",
      subjectType: "booking",
      subjectId: found.booking.id,
      before: { status: found.status },
      after: { status: "cancelled", refundMinor, currency },
      reason,
      at: context.clock.now(),
    },
    // Still active: a party's cancellation or the completion cron in between makes this a no-op.
    sql`exists (select 1 from ${bookings} where ${bookings.id} = ${found.booking.id} and ${inArray(bookings.status, [...activeBookingStatuses])})`,
  );
  const cancellation = await writeCancellation(context, {
    booking: found.booking,
    specialistUserId: found.specialistUserId,
    sessionTitle: found.sessionTitle,
    customerName: found.customerName,
    specialistName: found.specialistName,
    actor: "admin",
    reason,
    cancelledBy: { userId: admin.id, name: platformName },
    refundMinor,
    currency,
    paid: found.payment !== null,
    audit,
  });
  if (!cancellation.cancelled) {
    const stillAdmin = await db.get<{ yes: number }>(sql`select ${isActiveAdmin(admin.id)} as yes`);
    return stillAdmin?.yes
      ? { ok: false, reason: "already-cancelled", message: "This booking was cancelled or finished just now." }
      : { ok: false, reason: "not-allowed", message: "Only admins can do this." };
  }
  return { ok: true, refundError: await afterCancellation(context, found.booking.specialistId, cancellation.refundId) };
}
