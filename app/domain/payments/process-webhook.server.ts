// Processing a stored webhook event, from the queue (DESIGN.md §4.3–4.4). Every step is a
// conditional write, so duplicates and any order of events converge on the same end state, and
// mail goes out only from the write that actually made a transition.
//
// Declined or expired checkouts only mark the payment: the booking keeps its hold, so the
// customer can try again until it runs out (then the expire-holds cron releases the time).
import type { AppLoadContext } from "@remix-run/server-runtime";
import { formatInTimeZone } from "date-fns-tz";
import { and, eq, ne, sql } from "drizzle-orm";
import { createElement, type ReactElement } from "react";
import type { Database } from "../../../db/database";
import {
  bookingEvents,
  bookingRules,
  bookings,
  payments,
  sessionTypes,
  specialists,
  users,
  webhookEvents,
  type BookingStatus,
} from "../../../db/schema";
import { BookingPaidConfirmed } from "../../emails/booking-paid-confirmed";
import { BookingPaymentRefunded } from "../../emails/booking-payment-refunded";
import { renderEmail } from "../../emails/render.server";
import { defaultSlotRules } from "../availability/slots.server";
import { activeBookingConflicts } from "../booking/conflict-sql";
import { defaultMeetingUrl } from "../booking/meeting-url";
import { formatMoney } from "./money";
import { issueRefund } from "./refunds.server";
import type { StoredEvent } from "./webhooks.server";

export type WebhookContext = Pick<AppLoadContext, "db" | "clock" | "mailer" | "payments">;

export const refundReasons = {
  holdLost: "paid-after-hold-lost",
  cancelled: "paid-after-cancel",
} as const;

/** Runs one stored event; a no-op once processed. On failure records the error and rethrows (the queue retries). */
export async function processWebhookEvent(context: WebhookContext, webhookEventId: string) {
  const { db } = context;
  const [stored] = await db.select().from(webhookEvents).where(eq(webhookEvents.id, webhookEventId));
  if (!stored) throw new Error(`No webhook event ${webhookEventId}`);
  if (stored.processedAt) return { processed: false as const };
  try {
    await applyEvent(context, stored.provider, stored.payload as StoredEvent);
    await db.update(webhookEvents).set({ processedAt: context.clock.now(), lastError: null }).where(eq(webhookEvents.id, stored.id));
    return { processed: true as const };
  } catch (error) {
    await db
      .update(webhookEvents)
      .set({ attempts: sql`${webhookEvents.attempts} + 1`, lastError: error instanceof Error ? error.message : String(error) })
      .where(eq(webhookEvents.id, stored.id));
    throw error;
  }
}

async function applyEvent(context: WebhookContext, provider: string, event: StoredEvent) {
  const { db } = context;
  const [payment] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.provider, provider), eq(payments.checkoutId, event.checkoutId)));
  // The event can outrun the payments insert of startCheckout: retry later.
  if (!payment) throw new Error(`No payment for checkout ${event.checkoutId}`);
  const now = context.clock.now();

  if (event.type !== "checkout.completed") {
    // Only an open payment can fail or expire; a paid one stays paid whatever arrives after.
    await db
      .update(payments)
      .set({ status: event.type === "checkout.declined" ? "failed" : "expired", updatedAt: now })
      .where(and(eq(payments.id, payment.id), eq(payments.status, "open")));
    return;
  }

  if (!event.paymentId) throw new Error(`checkout.completed for ${event.checkoutId} has no payment id`);
  await db
    .update(payments)
    .set({ status: "paid", paymentId: event.paymentId, updatedAt: now })
    .where(and(eq(payments.id, payment.id), ne(payments.status, "paid")));
  await settlePaidBooking(context, payment.bookingId);
}

/** A paid booking ends confirmed or refunded (DESIGN.md §4.4). */
async function settlePaidBooking(context: WebhookContext, bookingId: string) {
  const booking = await loadBooking(context.db, bookingId);
  if (!booking) throw new Error(`No booking ${bookingId}`);
  switch (booking.status) {
    case "pending_payment":
      if (await confirm(context, booking, "pending_payment")) return;
      break;
    case "expired":
      if (await confirmIfStillFree(context, booking)) return;
      break;
    case "confirmed":
    case "completed":
      return;
    case "cancelled":
      return refundInFull(context, booking, refundReasons.cancelled);
  }
  // The conditional write lost a race (e.g. the hold expired meanwhile): decide again on fresh state.
  const fresh = await loadBooking(context.db, bookingId);
  if (fresh?.status === "expired" && booking.status === "expired") {
    return refundInFull(context, fresh, refundReasons.holdLost);
  }
  return settlePaidBooking(context, bookingId);
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
      priceMinor: bookings.priceMinor,
      currency: bookings.currency,
      customerTimezone: bookings.customerTimezone,
      customer: { name: users.name, email: users.email },
      specialistName: specialists.displayName,
      sessionTitle: sessionTypes.title,
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

/** pending_payment → confirmed; true when this call made the transition (and mailed). */
async function confirm(context: WebhookContext, booking: LoadedBooking, from: BookingStatus, extra = sql`1 = 1`) {
  const now = context.clock.now();
  const meetingUrl = defaultMeetingUrl();
  const [updated] = await context.db
    .update(bookings)
    .set({ status: "confirmed", meetingUrl: sql`coalesce(${bookings.meetingUrl}, ${meetingUrl})`, updatedAt: now })
    .where(and(eq(bookings.id, booking.id), eq(bookings.status, from), extra))
    .returning({ meetingUrl: bookings.meetingUrl });
  if (!updated) return false;
  await context.db.insert(bookingEvents).values({
    bookingId: booking.id,
    fromStatus: from,
    toStatus: "confirmed",
    actor: "payment-provider",
    reason: from === "expired" ? "paid after the hold expired; time still free" : "paid",
    at: now,
  });
  await sendEmail(context, booking.customer.email, {
    subject: `Confirmed: ${booking.sessionTitle} with ${booking.specialistName}`,
    template: "booking-paid-confirmed",
    element: createElement(BookingPaidConfirmed, {
      name: booking.customer.name,
      specialistName: booking.specialistName,
      sessionTitle: booking.sessionTitle,
      when: describeWhen(booking),
      amount: formatMoney(booking.priceMinor, booking.currency),
      meetingUrl: updated.meetingUrl ?? meetingUrl,
    }),
  });
  return true;
}

/**
 * expired → confirmed in ONE conditional UPDATE, only while no active booking of the specialist
 * overlaps it within the buffers (the rule create-booking's insert applies).
 */
function confirmIfStillFree(context: WebhookContext, booking: LoadedBooking) {
  const free = sql`not ${activeBookingConflicts({
    specialistId: booking.specialistId,
    startsAt: booking.startsAt.getTime(),
    endsAt: booking.endsAt.getTime(),
    bufferBeforeMinutes: booking.bufferBeforeMinutes ?? defaultSlotRules.bufferBeforeMinutes,
    bufferAfterMinutes: booking.bufferAfterMinutes ?? defaultSlotRules.bufferAfterMinutes,
    exceptBookingId: booking.id,
  })}`;
  return confirm(context, booking, "expired", free);
}

async function refundInFull(context: WebhookContext, booking: LoadedBooking, reason: string) {
  const result = await issueRefund(context, { bookingId: booking.id, amountMinor: booking.priceMinor, reason });
  if (!result.ok) throw new Error(`Refund for booking ${booking.id} failed: ${result.message}`);
  if (!result.completedNow) return;
  const explanation =
    reason === refundReasons.holdLost
      ? "Your payment arrived after the time we held for you had been released, and someone else has booked it since."
      : "Your payment arrived after the booking had been cancelled.";
  await sendEmail(context, booking.customer.email, {
    subject: `Refunded: your payment for the session with ${booking.specialistName}`,
    template: "booking-payment-refunded",
    element: createElement(BookingPaymentRefunded, {
      name: booking.customer.name,
      specialistName: booking.specialistName,
      when: describeWhen(booking),
      amount: formatMoney(booking.priceMinor, booking.currency),
      explanation,
    }),
  });
}

async function sendEmail(
  context: WebhookContext,
  to: string,
  message: { subject: string; template: string; element: ReactElement },
) {
  const { html, text } = await renderEmail(message.element);
  await context.mailer.send({ to, subject: message.subject, template: message.template, html, text });
}

function describeWhen(booking: { startsAt: Date; customerTimezone: string }) {
  return formatInTimeZone(booking.startsAt, booking.customerTimezone, "EEEE d MMMM yyyy 'at' HH:mm (zzz)");
}
