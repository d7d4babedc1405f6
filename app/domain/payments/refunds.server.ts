// Refunds: one per (payment, reason), guarded by the refunds table's unique index, so a retried
// job or a double click never refunds twice. A row is written before the provider is called;
// one left pending or failed (crash, provider error) is retried with the same idempotency key,
// by the job of whatever asked for it or by the requeue-stranded-work cron.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, desc, eq, getTableName, inArray, lt, lte, ne, sql, type SQL } from "drizzle-orm";
import { payments, refunds } from "../../../db/schema";
import type { Database } from "../../../db/database";
import { writeWithJobs } from "../../lib/write-with-jobs.server";
import { formatMoney } from "../../lib/money";
import { isProviderError } from "../../integrations/provider-error";
import { notify, type NotificationSpec } from "../notifications/notifications.server";
import type { ProviderRefundStatus } from "./payment-provider";
import { notifyAdmins } from "./provider-events.server";

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
  return refundPayment(context, { paymentId: payment.id, amountMinor, reason });
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

/** Refunds a paid payment; a refund already done is not repeated, and its notice is recorded once. */
export async function refundPayment(context: RefundContext, request: PaymentRefundRequest): Promise<RefundResult> {
  const { amountMinor, reason } = request;
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) return { ok: false, message: "Invalid refund amount." };
  if (amountMinor === 0) return { ok: true, refundId: "" };
  const { db } = context;
  const [payment] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.id, request.paymentId), eq(payments.status, "paid")));
  if (!payment?.paymentId) return { ok: true, refundId: "" };

  const now = context.clock.now();
  const currency = request.currency ?? payment.currency;
  const inPaymentCurrency = currency === payment.currency;
  const [{ refundedBefore } = { refundedBefore: 0 }] = await db
    .select({ refundedBefore: refundedSoFar })
    .from(payments)
    .where(eq(payments.id, payment.id));
  // Never more than is left of the payment (a payment in another currency goes back whole).
  const refundMinor = inPaymentCurrency ? Math.min(amountMinor, payment.amountMinor - refundedBefore) : amountMinor;
  if (refundMinor <= 0) return { ok: true, refundId: "" };
  await db
    .insert(refunds)
    .values({
      paymentId: payment.id,
      bookingId: payment.bookingId,
      amountMinor: refundMinor,
      feeRefundedMinor: inPaymentCurrency ? feeRefundFor(payment, refundedBefore, refundMinor) : 0,
      currency,
      reason,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: [refunds.paymentId, refunds.reason] });
  const [refund] = await db
    .select({ id: refunds.id })
    .from(refunds)
    .where(and(eq(refunds.paymentId, payment.id), eq(refunds.reason, reason)));
  if (!refund) throw new Error(`Refund of payment ${payment.id} (${reason}) vanished`);

  const completed = await completeRefund(context, refund.id);
  if (!completed.ok) return completed;
  if (request.notify) {
    // Once per refund (the notice's unique key), also when an earlier run did the refund and died.
    const notice = notify(context, { ...request.notify, subject: { type: "refund", id: refund.id } });
    await writeWithJobs(context, [notice.statements[0]!, ...notice.statements.slice(1)], notice.jobs);
  }
  return { ok: true, refundId: refund.id };
}

/**
 * What has gone back of the payment row in scope (`from payments`) so far, in its currency: every
 * refund except those that failed (ours: refused, being retried; or the provider's final failure).
 */
// The outer payment's columns are named with their table on purpose: in a one-table select drizzle
// drops the table from column names, and a bare "id" here would be the refund's own.
const outerPayment = (column: string) => sql`${sql.identifier(getTableName(payments))}.${sql.identifier(column)}`;
export const refundedSoFar = sql<number>`(select coalesce(sum(r.amount_minor), 0) from ${refunds} r
  where r.payment_id = ${outerPayment("id")} and r.currency = ${outerPayment("currency")}
    and r.status <> 'failed' and coalesce(r.provider_status, '') not in ('failed', 'canceled'))`.mapWith(Number);

/** A new refund of up to `requestedMinor` of the payment row in scope: capped at what is left. */
export function refundAmountSql(requestedMinor: number) {
  return sql`min(${requestedMinor}, ${payments.amountMinor} - ${refundedSoFar})`;
}

/** The platform fee given back with that refund, as feeRefundFor computes it, in SQL. */
export function feeRefundSql(requestedMinor: number) {
  const share = (refunded: SQL) =>
    sql`case when ${payments.amountMinor} = 0 then 0 else (${payments.feeMinor} * min(${refunded}, ${payments.amountMinor})) / ${payments.amountMinor} end`;
  return sql`(${share(sql`${refundedSoFar} + ${refundAmountSql(requestedMinor)}`)} - ${share(refundedSoFar)})`;
}

/**
 * The INSERT of a pending refund of up to `amountMinor` of the booking's kept, paid payment, for a
 * batch that decides it: written only when `when` holds and something is left to refund (a free or
 * unpaid booking has no kept payment, so nothing is written). Its `refund` job completes it.
 */
export function keptPaymentRefundStatement(
  db: Database,
  refund: { id: string; bookingId: string; amountMinor: number; reason: string; at: Date; when: SQL },
) {
  const at = refund.at.getTime();
  return db.run(sql`insert into ${refunds} (id, payment_id, booking_id, amount_minor, fee_refunded_minor, currency, reason, status, attempts, created_at, updated_at)
    select ${refund.id}, ${payments.id}, ${payments.bookingId}, ${refundAmountSql(refund.amountMinor)}, ${feeRefundSql(refund.amountMinor)},
      ${payments.currency}, ${refund.reason}, 'pending', 0, ${at}, ${at}
    from ${payments}
    where ${payments.bookingId} = ${refund.bookingId} and ${payments.kept} = 1 and ${payments.status} = 'paid'
      and ${refundAmountSql(refund.amountMinor)} > 0 and ${refund.when}
    on conflict do nothing`);
}

/**
 * The platform fee given back with a refund (refund_application_fee): in proportion to the amount,
 * cumulative and rounded down, so partial refunds never return more than the fee and refunding
 * everything returns exactly all of it.
 */
export function feeRefundFor(payment: { amountMinor: number; feeMinor: number }, refundedBefore: number, refundMinor: number): number {
  if (payment.amountMinor === 0) return 0;
  // BigInt: fee × amount can pass 2^53 for large prices.
  const share = (refunded: number) =>
    Number((BigInt(payment.feeMinor) * BigInt(Math.min(refunded, payment.amountMinor))) / BigInt(payment.amountMinor));
  return share(refundedBefore + refundMinor) - share(refundedBefore);
}

/**
 * Asks the provider for a recorded refund that isn't done yet, with the row's id as the
 * idempotency key (a retry never refunds twice). A failure is kept with its error for a retry.
 */
export async function completeRefund(context: RefundContext, refundId: string): Promise<RefundResult> {
  const { db } = context;
  const [refund] = await db
    .select({
      id: refunds.id,
      bookingId: refunds.bookingId,
      status: refunds.status,
      amountMinor: refunds.amountMinor,
      currency: refunds.currency,
      reason: refunds.reason,
      paymentId: payments.paymentId,
    })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(eq(refunds.id, refundId));
  if (!refund) throw new Error(`No refund ${refundId}`);
  if (refund.status === "succeeded") return { ok: true, refundId };
  if (!refund.paymentId) throw new Error(`Refund ${refundId} is for a payment that was never taken`);

  let accepted: { providerRefundId: string; status: ProviderRefundStatus };
  try {
    accepted = await context.payments.refund({
      paymentId: refund.paymentId,
      amountMinor: refund.amountMinor,
      idempotencyKey: `refund-${refund.id}`,
      refundId: refund.id,
      reason: refund.reason,
    });
  } catch (error) {
    const lastError = error instanceof Error ? error.message : String(error);
    console.error(`Refund ${refund.id} failed at the provider:`, lastError);
    const [failed] = await db
      .update(refunds)
      .set({ status: "failed", attempts: sql`${refunds.attempts} + 1`, lastError, updatedAt: context.clock.now() })
      .where(and(eq(refunds.id, refund.id), ne(refunds.status, "succeeded")))
      .returning({ attempts: refunds.attempts });
    // A refusal that can't change on retry, or the last retry: a person must look (the row is kept either way).
    const refused = isProviderError(error) && error.permanent;
    if (failed && (refused || failed.attempts >= maxRefundAttempts)) {
      await notifyAdmins(
        context,
        { type: "refund", id: refund.id },
        {
          bookingId: refund.bookingId,
          problem: `the payment provider ${refused ? "refused" : "kept failing"} the refund of ${formatMoney(refund.amountMinor, refund.currency)}: ${lastError}`,
        },
      );
    }
    return { ok: false, message: "The refund couldn't be issued right now. It will be retried." };
  }
  const { providerRefundId, status } = accepted;
  await db
    .update(refunds)
    .set({
      status: "succeeded",
      providerRefundId,
      // The provider's event may already have brought a final state.
      providerStatus: sql`case when ${refunds.providerStatus} in ('succeeded', 'failed', 'canceled') then ${refunds.providerStatus} else ${status} end`,
      attempts: sql`${refunds.attempts} + 1`,
      lastError: null,
      updatedAt: context.clock.now(),
    })
    .where(and(eq(refunds.id, refund.id), ne(refunds.status, "succeeded")));
  return { ok: true, refundId };
}

/** After this many failed calls a refund waits for a person (its error is kept). */
export const maxRefundAttempts = 8;

/** Refunds recorded but not done for over `olderThanMs`: their job may be lost, or the provider failed. */
export async function strandedRefunds(context: Pick<AppLoadContext, "db" | "clock">, olderThanMs: number, limit: number) {
  const rows = await context.db
    .select({ id: refunds.id })
    .from(refunds)
    .where(
      and(
        inArray(refunds.status, ["pending", "failed"]),
        lte(refunds.updatedAt, new Date(context.clock.now().getTime() - olderThanMs)),
        lt(refunds.attempts, maxRefundAttempts),
      ),
    )
    .limit(limit);
  return rows.map((row) => row.id);
}
