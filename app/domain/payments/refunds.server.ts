// Refunds: one per (payment, reason), guarded by the refunds table's unique index, so a retried
// job or a double click never refunds twice. A row is written before the provider is called;
// one left pending or failed (crash, provider error) is retried with the same idempotency key.
// The customer's notice is recorded in the same write that marks the refund done.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, desc, eq, ne, sql } from "drizzle-orm";
import { payments, refunds } from "../../../db/schema";
import { writeWithJobs } from "../../lib/write-with-jobs.server";
import { recordNotification, type NotificationSpec } from "../notifications/notifications.server";

export type RefundContext = Pick<AppLoadContext, "db" | "clock" | "payments" | "queue">;

export interface RefundRequest {
  bookingId: string;
  amountMinor: number;
  reason: string;
}

export type RefundResult = { ok: true; refundId: string } | { ok: false; message: string };

/**
 * Refunds `amountMinor` of the payment the booking kept; `{ ok: true }` with no refund for
 * unpaid or free bookings.
 */
export async function refundBooking(context: RefundContext, { bookingId, amountMinor, reason }: RefundRequest): Promise<RefundResult> {
  const [payment] = await context.db
    .select({ id: payments.id })
    .from(payments)
    .where(and(eq(payments.bookingId, bookingId), eq(payments.status, "paid"), eq(payments.kept, true)))
    .orderBy(desc(payments.createdAt))
    .limit(1);
  if (!payment) return { ok: true, refundId: "" };
  const result = await refundPayment(context, { paymentId: payment.id, amountMinor, reason });
  return result.ok ? { ok: true, refundId: result.refundId } : result;
}

export interface PaymentRefundRequest {
  /** Our payments row. */
  paymentId: string;
  amountMinor: number;
  /** The currency the money came in; the payment's own unless it paid in another. */
  currency?: string;
  reason: string;
  /** Who is told, once, when the refund is done (its subject is the refund). */
  notify?: Omit<NotificationSpec<"booking-payment-refunded">, "subject">;
}

/** Refunds a paid payment, telling whether THIS call completed the refund. */
export async function refundPayment(
  context: RefundContext,
  request: PaymentRefundRequest,
): Promise<{ ok: true; refundId: string; completedNow: boolean } | { ok: false; message: string }> {
  const { amountMinor, reason } = request;
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) return { ok: false, message: "Invalid refund amount." };
  if (amountMinor === 0) return { ok: true, refundId: "", completedNow: false };
  const { db } = context;
  const [payment] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.id, request.paymentId), eq(payments.status, "paid")));
  if (!payment?.paymentId) return { ok: true, refundId: "", completedNow: false };

  const now = context.clock.now();
  const currency = request.currency ?? payment.currency;
  await db
    .insert(refunds)
    .values({
      paymentId: payment.id,
      bookingId: payment.bookingId,
      amountMinor: currency === payment.currency ? Math.min(amountMinor, payment.amountMinor) : amountMinor,
      currency,
      reason,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: [refunds.paymentId, refunds.reason] });
  const [refund] = await db
    .select()
    .from(refunds)
    .where(and(eq(refunds.paymentId, payment.id), eq(refunds.reason, reason)));
  if (!refund) throw new Error(`Refund of payment ${payment.id} (${reason}) vanished`);
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
  const done = sql`exists (select 1 from ${refunds} where ${refunds.id} = ${refund.id} and ${refunds.status} = 'succeeded')`;
  const notice = request.notify && recordNotification(context, { ...request.notify, subject: { type: "refund", id: refund.id } }, done);
  const [completed] = await writeWithJobs(
    context,
    [
      db
        .update(refunds)
        .set({ status: "succeeded", providerRefundId, updatedAt: context.clock.now() })
        .where(and(eq(refunds.id, refund.id), ne(refunds.status, "succeeded"))),
      ...(notice ? [notice.statement] : []),
    ],
    notice ? [notice.job] : [],
  );
  return { ok: true, refundId: refund.id, completedNow: completed.rowsAffected === 1 };
}
