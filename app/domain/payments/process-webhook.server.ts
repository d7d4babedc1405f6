// Processing a stored webhook event, from the queue (DESIGN.md §4.3–4.4). Every step is a
// conditional write, so duplicates and any order of events converge on the same end state. Each
// transition records its notices in the same write (notifications), so a crash can't keep the
// change and lose the mail, and a repeat can't send it twice.
//
// Exactly one payment per booking is kept (payments.kept): the first that confirms it. Any other
// completed payment, and one whose amount or currency differs from what was asked, is refunded.
// Declined or expired checkouts only mark the payment: the booking keeps its hold, so the
// customer can try again until it runs out (then the expire-holds cron releases the time).
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../../db/database";
import {
  bookingEvents,
  bookingRules,
  bookings,
  payments,
  sessionTypes,
  specialists,
  users,
  type BookingStatus,
  type Payment,
} from "../../../db/schema";
import { writeWithJobs } from "../../lib/write-with-jobs.server";
import { bookingWebhooks } from "../outgoing-webhooks/events.server";
import { defaultSlotRules } from "../availability/slots.server";
import { activeBookingConflicts } from "../booking/conflict-sql";
import { confirmationNotices, loadBookingFacts } from "../booking/booking-notices.server";
import { defaultMeetingUrl } from "../booking/meeting-url";
import { meetingJob } from "../video/meetings.server";
import { formatMoney } from "../../lib/money";
import { notifyAll } from "../notifications/notifications.server";
import { refundPayment } from "./refunds.server";
import type { StoredInboundEvent } from "../webhooks/inbound-events.server";
import type { StoredEvent } from "./webhooks.server";
import {
  applyAccountUpdate,
  applyDispute,
  applyPaymentRefunded,
  applyPayoutUpdate,
  applyRefundUpdate,
  notifyAdmins,
  type EventOutcome,
} from "./provider-events.server";

export type WebhookContext = Pick<AppLoadContext, "db" | "clock" | "payments" | "queue">;

export const refundReasons = {
  holdLost: "paid-after-hold-lost",
  cancelled: "paid-after-cancel",
  paidTwice: "paid-twice",
  wrongAmount: "amount-mismatch",
} as const;

/** Applies a stored payment provider event (the job runner's handler for payment providers). */
export async function applyPaymentEvent(context: WebhookContext, stored: StoredInboundEvent): Promise<EventOutcome> {
  const event = stored.payload as StoredEvent;
  switch (event.type) {
    case "checkout.completed":
    case "checkout.processing":
    case "checkout.declined":
    case "checkout.expired":
      return applyCheckoutEvent(context, stored.provider, event);
    case "refund.updated":
      return applyRefundUpdate(context, stored.provider, event);
    case "payment.refunded":
      return applyPaymentRefunded(context, stored.provider, event);
    case "payment.disputed":
      return applyDispute(context, stored.provider, event);
    case "account.updated":
      return applyAccountUpdate(context, event);
    case "payout.updated":
      return applyPayoutUpdate(context, stored.provider, event);
    case "unhandled":
      return { ignored: `${stored.type} events are not used` };
  }
}

type StoredCheckoutEvent = Extract<StoredEvent, { checkoutId: string }>;

async function applyCheckoutEvent(context: WebhookContext, provider: string, event: StoredCheckoutEvent): Promise<EventOutcome> {
  const payment = await paymentForCheckout(context, provider, event);
  if (!payment) return { ignored: `no checkout ${event.checkoutId} was started here` };
  const { db } = context;
  const now = context.clock.now();

  switch (event.type) {
    case "checkout.processing":
      // Completed with a payment method that settles later: paid or failed comes in a later event.
      await db
        .update(payments)
        .set({ status: "processing", updatedAt: now })
        .where(and(eq(payments.id, payment.id), eq(payments.status, "open")));
      return;
    case "checkout.declined":
      // Only an open or settling payment can fail; a paid one stays paid whatever arrives after.
      await db
        .update(payments)
        .set({ status: "failed", updatedAt: now })
        .where(and(eq(payments.id, payment.id), inArray(payments.status, ["open", "processing"])));
      return;
    case "checkout.expired":
      await db
        .update(payments)
        .set({ status: "expired", updatedAt: now })
        .where(and(eq(payments.id, payment.id), eq(payments.status, "open")));
      return;
    case "checkout.completed":
      break;
  }

  if (!event.paymentId) throw new Error(`checkout.completed for ${event.checkoutId} has no payment id`);
  const mismatch = amountMismatch(payment, event);
  await db
    .update(payments)
    .set({ status: "paid", paymentId: event.paymentId, flag: mismatch, paidAt: new Date(event.occurredAt), updatedAt: now })
    .where(and(eq(payments.id, payment.id), ne(payments.status, "paid")));
  if (mismatch) return refundMismatchedPayment(context, payment, event, mismatch);
  await settlePayment(context, payment);
}

/**
 * Our row for the event's checkout. An event can outrun startCheckout's own insert (the customer
 * paid before it committed): the booking named in the checkout's metadata then gets its row, with
 * the amounts taken from the booking, never from the event. Null for a checkout that isn't ours.
 */
async function paymentForCheckout(context: WebhookContext, provider: string, event: StoredCheckoutEvent) {
  const { db } = context;
  const find = () =>
    db
      .select()
      .from(payments)
      .where(and(eq(payments.provider, provider), eq(payments.checkoutId, event.checkoutId)));
  const [payment] = await find();
  if (payment || !event.bookingId) return payment;
  const [booking] = await db
    .select({ id: bookings.id, priceMinor: bookings.priceMinor, feeMinor: bookings.feeMinor, currency: bookings.currency })
    .from(bookings)
    .where(eq(bookings.id, event.bookingId));
  if (!booking || booking.priceMinor === 0) return undefined;
  const now = context.clock.now();
  await db
    .insert(payments)
    .values({
      bookingId: booking.id,
      provider,
      checkoutId: event.checkoutId,
      amountMinor: booking.priceMinor,
      feeMinor: booking.feeMinor,
      currency: booking.currency,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: [payments.provider, payments.checkoutId] });
  const [created] = await find();
  return created;
}

/** What differs between the payment asked for and the one made; null when they agree. */
function amountMismatch(payment: Payment, event: StoredCheckoutEvent): string | null {
  if (event.amountMinor === undefined || !event.currency) return "the provider did not report the amount paid";
  const currency = event.currency.toUpperCase();
  if (event.amountMinor === payment.amountMinor && currency === payment.currency) return null;
  return `paid ${formatMoney(event.amountMinor, currency)} (${currency}) where ${formatMoney(payment.amountMinor, payment.currency)} (${payment.currency}) was asked`;
}

/** A payment that doesn't match confirms nothing: all of it goes back, and admins are told. */
async function refundMismatchedPayment(context: WebhookContext, payment: Payment, event: StoredCheckoutEvent, problem: string) {
  const { db } = context;
  const amountMinor = event.amountMinor ?? payment.amountMinor;
  const currency = event.currency?.toUpperCase() ?? payment.currency;
  const booking = await loadBooking(db, payment.bookingId);
  if (!booking) throw new Error(`No booking ${payment.bookingId}`);
  await notifyAdmins(
    context,
    { type: "payment", id: payment.id },
    { bookingId: payment.bookingId, problem, refund: formatMoney(amountMinor, currency) },
  );
  const result = await refundPayment(context, {
    paymentId: payment.id,
    amountMinor,
    currency,
    reason: refundReasons.wrongAmount,
    notify: refundNotice(
      booking,
      { amountMinor, currency },
      "The amount you paid did not match the price of the session, so it did not confirm your booking.",
    ),
  });
  if (!result.ok) throw new Error(`Refund of mismatched payment ${payment.id} failed: ${result.message}`);
}

/** A paid payment ends keeping its booking confirmed, or refunded (DESIGN.md §4.4). */
async function settlePayment(context: WebhookContext, payment: Payment): Promise<void> {
  const booking = await loadBooking(context.db, payment.bookingId);
  if (!booking) throw new Error(`No booking ${payment.bookingId}`);
  if (booking.keptPaymentId === payment.id) return;
  if (booking.keptPaymentId) return refundInFull(context, booking, payment, refundReasons.paidTwice);
  switch (booking.status) {
    case "pending_payment":
      if (await confirmWith(context, booking, payment, "pending_payment")) return;
      break;
    case "expired":
      if (await confirmIfStillFree(context, booking, payment)) return;
      break;
    case "confirmed":
    case "completed":
      // Confirmed without any payment kept: nothing this payment could pay for.
      return refundInFull(context, booking, payment, refundReasons.paidTwice);
    case "cancelled":
      return refundInFull(context, booking, payment, refundReasons.cancelled);
  }
  // The conditional write lost a race (e.g. the hold expired meanwhile): decide again on fresh state.
  const fresh = await loadBooking(context.db, booking.id);
  if (fresh?.status === "expired" && booking.status === "expired" && !fresh.keptPaymentId) {
    return refundInFull(context, fresh, payment, refundReasons.holdLost);
  }
  return settlePayment(context, payment);
}

type LoadedBooking = NonNullable<Awaited<ReturnType<typeof loadBooking>>>;

async function loadBooking(db: Database, bookingId: string) {
  const [row] = await db
    .select({
      id: bookings.id,
      status: bookings.status,
      specialistId: bookings.specialistId,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      customerTimezone: bookings.customerTimezone,
      meetingUrl: bookings.meetingUrl,
      videoProvider: sessionTypes.videoProvider,
      keptPaymentId: sql<
        string | null
      >`(select ${payments.id} from ${payments} where ${payments.bookingId} = ${bookings.id} and ${payments.kept} = 1)`,
      customer: { id: users.id, name: users.name },
      specialistName: specialists.displayName,
      bufferBeforeMinutes: bookingRules.bufferBeforeMinutes,
      bufferAfterMinutes: bookingRules.bufferAfterMinutes,
    })
    .from(bookings)
    .innerJoin(users, eq(users.id, bookings.customerId))
    .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
    .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
    .leftJoin(bookingRules, eq(bookingRules.specialistId, bookings.specialistId))
    .where(eq(bookings.id, bookingId));
  return row;
}

/**
 * `from` → confirmed, keeping `payment`, in ONE atomic write: the booking event is inserted only
 * while the booking is still `from` (and `extra` holds) and no payment is kept yet; the status,
 * the kept mark and the notices (the customer's confirmation and receipt, the specialist's new
 * booking) are written only if it was. True when this call did it.
 */
async function confirmWith(context: WebhookContext, booking: LoadedBooking, payment: Payment, from: BookingStatus, extra: SQL = sql`1`) {
  const { db } = context;
  const now = context.clock.now();
  const eventId = crypto.randomUUID();
  // A Zoom or Google Meet session's link comes from its meeting job (enqueued below); the confirmation points to the booking page.
  const meetingUrl = booking.meetingUrl ?? (booking.videoProvider === "default" ? defaultMeetingUrl() : null);
  const decided = sql`exists (select 1 from ${bookingEvents} where ${bookingEvents.id} = ${eventId})`;
  const facts = await loadBookingFacts(db, booking.id);
  if (!facts) throw new Error(`No booking ${booking.id}`);
  const notice = notifyAll(
    context,
    confirmationNotices({ ...facts, meetingUrl }, now, {
      paymentId: payment.id,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
    }),
    decided,
  );
  const reason = from === "expired" ? "paid after the hold expired; time still free" : "paid";
  const [decision] = await writeWithJobs(
    context,
    [
      db.run(sql`insert into ${bookingEvents} (id, booking_id, from_status, to_status, actor, reason, at)
        select ${eventId}, ${booking.id}, ${from}, 'confirmed', 'payment-provider', ${reason}, ${now.getTime()}
        where exists (select 1 from ${bookings} where ${bookings.id} = ${booking.id} and ${bookings.status} = ${from})
          and not exists (select 1 from ${payments} where ${payments.bookingId} = ${booking.id} and ${payments.kept} = 1)
          and ${extra}`),
      // Receipts are numbered in the order payments are kept; SQLite's single writer makes max + 1 safe.
      db
        .update(payments)
        .set({ kept: true, receiptNumber: sql`(select coalesce(max(${payments.receiptNumber}), 0) + 1 from ${payments})`, updatedAt: now })
        .where(and(eq(payments.id, payment.id), decided)),
      db
        .update(bookings)
        .set({ status: "confirmed", meetingUrl: sql`coalesce(${bookings.meetingUrl}, ${meetingUrl})`, updatedAt: now })
        .where(and(eq(bookings.id, booking.id), decided)),
      ...notice.statements,
      bookingWebhooks(db, { type: "booking.confirmed", bookingId: booking.id, eventKey: booking.id, now, when: decided }),
    ],
    [...notice.jobs, meetingJob(booking.id, decided)],
  );
  return decision.rowsAffected === 1;
}

/** expired → confirmed only while no active booking of the specialist overlaps it within the buffers (create-booking's rule). */
function confirmIfStillFree(context: WebhookContext, booking: LoadedBooking, payment: Payment) {
  const free = sql`not ${activeBookingConflicts({
    specialistId: booking.specialistId,
    startsAt: booking.startsAt.getTime(),
    endsAt: booking.endsAt.getTime(),
    bufferBeforeMinutes: booking.bufferBeforeMinutes ?? defaultSlotRules.bufferBeforeMinutes,
    bufferAfterMinutes: booking.bufferAfterMinutes ?? defaultSlotRules.bufferAfterMinutes,
    exceptBookingId: booking.id,
  })}`;
  return confirmWith(context, booking, payment, "expired", free);
}

const refundExplanations: Record<string, string> = {
  [refundReasons.holdLost]: "Your payment arrived after the time we held for you had been released, and someone else has booked it since.",
  [refundReasons.cancelled]: "Your payment arrived after the booking had been cancelled.",
  [refundReasons.paidTwice]: "This booking was already paid for, so your second payment was not needed.",
};

async function refundInFull(context: WebhookContext, booking: LoadedBooking, payment: Payment, reason: string) {
  const result = await refundPayment(context, {
    paymentId: payment.id,
    amountMinor: payment.amountMinor,
    reason,
    notify: refundNotice(booking, payment, refundExplanations[reason] ?? ""),
  });
  if (!result.ok) throw new Error(`Refund of payment ${payment.id} for booking ${booking.id} failed: ${result.message}`);
}

function refundNotice(booking: LoadedBooking, refunded: { amountMinor: number; currency: string }, explanation: string) {
  return {
    userId: booking.customer.id,
    kind: "booking-payment-refunded" as const,
    payload: {
      bookingId: booking.id,
      specialistName: booking.specialistName,
      startsAt: booking.startsAt.toISOString(),
      amountMinor: refunded.amountMinor,
      currency: refunded.currency,
      explanation,
    },
  };
}
