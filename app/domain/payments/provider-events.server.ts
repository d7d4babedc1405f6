// Provider events beyond checkouts: a refund's final state, refunds made at the provider, disputes,
// connected accounts and payouts. Each is a conditional write that only moves state forward, so
// duplicates and any order of events end in the same state (DESIGN.md §4.3).
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, isNull, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { payments, payouts, refunds, specialists, users } from "../../../db/schema";
import { formatMoney } from "../../lib/money";
import { writeWithJobs } from "../../lib/write-with-jobs.server";
import { notifyAll } from "../notifications/notifications.server";
import type { NotificationPayload } from "../notifications/registry";
import type { ProviderRefundStatus } from "./payment-provider";
import { accountColumns } from "./payout-accounts.server";
import type { StoredEvent } from "./webhooks.server";

type Context = Pick<AppLoadContext, "db" | "clock" | "queue">;

/** What processing an event did: nothing to report, or why it had no effect. */
export type EventOutcome = void | { ignored: string };

type Stored<T extends StoredEvent["type"]> = Extract<StoredEvent, { type: T }>;

/** Tells every admin about a payment that needs a person; once per subject (the notice's unique key). */
export async function notifyAdmins(
  context: Context,
  subject: { type: string; id: string },
  payload: NotificationPayload<"payment-flagged">,
) {
  const admins = await context.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), ne(users.status, "deleted")));
  if (admins.length === 0) return;
  const notices = notifyAll(
    context,
    admins.map((admin) => ({ userId: admin.id, kind: "payment-flagged" as const, subject, payload })),
  );
  const [first, ...rest] = notices.statements;
  await writeWithJobs(context, [first!, ...rest], notices.jobs);
}

const finalRefundStatuses: ProviderRefundStatus[] = ["succeeded", "failed", "canceled"];

/** A refund the provider accepted reached a new state; a failed or canceled one is shown to admins. */
export async function applyRefundUpdate(context: Context, provider: string, event: Stored<"refund.updated">): Promise<EventOutcome> {
  const { db } = context;
  const matches = event.refundId
    ? or(eq(refunds.providerRefundId, event.providerRefundId), eq(refunds.id, event.refundId))
    : eq(refunds.providerRefundId, event.providerRefundId);
  const [refund] = await db
    .select({ id: refunds.id, bookingId: refunds.bookingId, amountMinor: refunds.amountMinor, currency: refunds.currency })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(and(eq(payments.provider, provider), matches));
  if (!refund) return { ignored: `no refund ${event.providerRefundId} was made here` };
  // A final state is never replaced by an earlier one that arrives late.
  const isFinal = finalRefundStatuses.includes(event.status);
  await db
    .update(refunds)
    .set({
      providerRefundId: event.providerRefundId,
      providerStatus: event.status,
      failureReason: event.failureReason ?? null,
      updatedAt: context.clock.now(),
    })
    .where(
      and(
        eq(refunds.id, refund.id),
        isFinal ? sql`1` : or(isNull(refunds.providerStatus), sql`${refunds.providerStatus} not in ('succeeded', 'failed', 'canceled')`),
      ),
    );
  if (event.status === "failed" || event.status === "canceled") {
    await notifyAdmins(
      context,
      { type: "refund", id: refund.id },
      {
        bookingId: refund.bookingId,
        problem: `the refund of ${formatMoney(refund.amountMinor, refund.currency)} ${event.status === "failed" ? "failed" : "was canceled"} at the payment provider${event.failureReason ? ` (${event.failureReason})` : ""}; the customer has not got this money back`,
      },
    );
  }
}

/**
 * The provider says a payment's refunded total is `amountRefundedMinor`. Refunds made here are
 * already recorded (before the provider is asked); any amount beyond them was refunded at the
 * provider (e.g. its dashboard) and is recorded now, so the ledger shows the money that went back.
 */
export async function applyPaymentRefunded(context: Context, provider: string, event: Stored<"payment.refunded">): Promise<EventOutcome> {
  const { db } = context;
  const [payment] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.provider, provider), eq(payments.paymentId, event.paymentId)));
  if (!payment) return { ignored: `no payment ${event.paymentId} was taken here` };
  if (event.currency.toUpperCase() !== payment.currency) return { ignored: `refunded in ${event.currency}, paid in ${payment.currency}` };
  const [{ recorded } = { recorded: 0 }] = await db
    .select({ recorded: sql<number>`coalesce(sum(${refunds.amountMinor}), 0)` })
    .from(refunds)
    .where(and(eq(refunds.paymentId, payment.id), eq(refunds.currency, payment.currency)));
  const outside = Math.min(event.amountRefundedMinor, payment.amountMinor) - recorded;
  if (outside <= 0) return;
  const now = context.clock.now();
  await db
    .insert(refunds)
    .values({
      paymentId: payment.id,
      bookingId: payment.bookingId,
      amountMinor: outside,
      // Refunds from the provider's dashboard keep the platform fee unless asked otherwise.
      feeRefundedMinor: 0,
      currency: payment.currency,
      // One row per refunded total the provider reports, so a repeat of this event adds nothing.
      reason: `refunded-at-provider:${event.amountRefundedMinor}`,
      status: "succeeded",
      providerStatus: "succeeded",
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: [refunds.paymentId, refunds.reason] });
}

/** A customer disputed a payment with their bank: the payment is flagged and admins are told. */
export async function applyDispute(context: Context, provider: string, event: Stored<"payment.disputed">): Promise<EventOutcome> {
  const { db } = context;
  const [payment] = await db
    .select({ id: payments.id, bookingId: payments.bookingId, amountMinor: payments.amountMinor, currency: payments.currency })
    .from(payments)
    .where(and(eq(payments.provider, provider), eq(payments.paymentId, event.paymentId)));
  if (!payment) return { ignored: `no payment ${event.paymentId} was taken here` };
  const problem = `the customer disputed the payment of ${formatMoney(payment.amountMinor, payment.currency)} with their bank (reason: ${event.reason.replaceAll("_", " ")})`;
  await db
    .update(payments)
    .set({
      disputeId: event.disputeId,
      disputeStatus: event.status,
      disputedAt: new Date(event.occurredAt),
      flag: sql`coalesce(${payments.flag}, ${problem})`,
      updatedAt: context.clock.now(),
    })
    .where(and(eq(payments.id, payment.id), or(isNull(payments.disputeId), eq(payments.disputeId, event.disputeId))));
  await notifyAdmins(context, { type: "dispute", id: event.disputeId }, { bookingId: payment.bookingId, problem });
}

/** A connected account's state; the newest report wins, whatever order they arrive in. */
export async function applyAccountUpdate(context: Context, event: Stored<"account.updated">): Promise<EventOutcome> {
  const { account } = event;
  const reportedAt = new Date(event.occurredAt);
  const updated = await context.db
    .update(specialists)
    .set(accountColumns(account, reportedAt))
    .where(
      and(
        eq(specialists.stripeAccountId, account.accountId),
        or(isNull(specialists.stripeAccountSyncedAt), lte(specialists.stripeAccountSyncedAt, reportedAt)),
      ),
    )
    .returning({ id: specialists.id });
  if (updated.length > 0) return;
  const [known] = await context.db
    .select({ id: specialists.id })
    .from(specialists)
    .where(eq(specialists.stripeAccountId, account.accountId));
  return known ? undefined : { ignored: `no specialist has account ${account.accountId}` };
}

/** Payout states in the order they happen; the three final ones share the last rank. */
const payoutRank = (status: SQL) => sql`(case ${status} when 'pending' then 0 when 'in_transit' then 1 else 2 end)`;

/** A payout to a specialist's bank; a final state (paid, failed, canceled) is never replaced by an earlier one. */
export async function applyPayoutUpdate(context: Context, provider: string, event: Stored<"payout.updated">): Promise<EventOutcome> {
  const { payout } = event;
  const { db } = context;
  const [specialist] = await db.select({ id: specialists.id }).from(specialists).where(eq(specialists.stripeAccountId, payout.accountId));
  if (!specialist) return { ignored: `no specialist has account ${payout.accountId}` };
  const now = context.clock.now();
  const values = {
    specialistId: specialist.id,
    provider,
    providerPayoutId: payout.payoutId,
    amountMinor: payout.amountMinor,
    currency: payout.currency.toUpperCase(),
    status: payout.status,
    arrivalAt: new Date(payout.arrivalAt),
    createdAt: now,
    updatedAt: now,
  };
  await db
    .insert(payouts)
    .values(values)
    .onConflictDoUpdate({
      target: [payouts.provider, payouts.providerPayoutId],
      set: { status: values.status, amountMinor: values.amountMinor, arrivalAt: values.arrivalAt, updatedAt: now },
      setWhere: sql`${payoutRank(sql`excluded.status`)} >= ${payoutRank(sql`${payouts.status}`)}`,
    });
}
