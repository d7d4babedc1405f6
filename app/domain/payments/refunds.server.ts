// Refunds: one per (booking, reason), guarded by the refunds table's unique index, so a retried
// job or a double click never refunds twice. A row is written before the provider is called;
// one left pending or failed (crash, provider error) is retried with the same idempotency key.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, desc, eq, ne } from "drizzle-orm";
import { payments, refunds } from "../../../db/schema";

export type RefundContext = Pick<AppLoadContext, "db" | "clock" | "payments">;

export interface RefundRequest {
  bookingId: string;
  amountMinor: number;
  reason: string;
}

export type RefundResult = { ok: true; refundId: string } | { ok: false; message: string };

/** Refunds `amountMinor` of the booking's payment; `{ ok: true }` with no refund for unpaid or free bookings. */
export async function refundBooking(context: RefundContext, request: RefundRequest): Promise<RefundResult> {
  const result = await issueRefund(context, request);
  return result.ok ? { ok: true, refundId: result.refundId } : result;
}

/** As refundBooking, also telling whether THIS call completed the refund (so only it sends mail). */
export async function issueRefund(
  context: RefundContext,
  { bookingId, amountMinor, reason }: RefundRequest,
): Promise<{ ok: true; refundId: string; completedNow: boolean } | { ok: false; message: string }> {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) return { ok: false, message: "Invalid refund amount." };
  if (amountMinor === 0) return { ok: true, refundId: "", completedNow: false };
  const { db } = context;
  const [payment] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.bookingId, bookingId), eq(payments.status, "paid")))
    .orderBy(desc(payments.createdAt))
    .limit(1);
  if (!payment?.paymentId) return { ok: true, refundId: "", completedNow: false };

  const now = context.clock.now();
  await db
    .insert(refunds)
    .values({
      paymentId: payment.id,
      bookingId,
      amountMinor: Math.min(amountMinor, payment.amountMinor),
      currency: payment.currency,
      reason,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: [refunds.bookingId, refunds.reason] });
  const [refund] = await db
    .select()
    .from(refunds)
    .where(and(eq(refunds.bookingId, bookingId), eq(refunds.reason, reason)));
  if (!refund) throw new Error(`Refund for booking ${bookingId} (${reason}) vanished`);
  if (refund.status === "succeeded") return { ok: true, refundId: refund.id, completedNow: false };

  let providerRefundId: string;
  try {
    ({ refundId: providerRefundId } = await context.payments.refund({
      paymentId: payment.paymentId,
      amountMinor: refund.amountMinor,
      // The row id: the same refund always reaches the provider with the same key.
      idempotencyKey: `refund-${refund.id}`,
      reason,
    }));
  } catch (error) {
    console.error(`Refund ${refund.id} failed at the provider:`, error instanceof Error ? error.message : error);
    await db.update(refunds).set({ status: "failed", updatedAt: context.clock.now() }).where(eq(refunds.id, refund.id));
    return { ok: false, message: "The refund couldn't be issued right now. It will be retried." };
  }
  const completed = await db
    .update(refunds)
    .set({ status: "succeeded", providerRefundId, updatedAt: context.clock.now() })
    .where(and(eq(refunds.id, refund.id), ne(refunds.status, "succeeded")));
  return { ok: true, refundId: refund.id, completedNow: completed.rowsAffected === 1 };
}
