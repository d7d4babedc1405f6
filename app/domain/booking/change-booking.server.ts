// Moving and cancelling a booking. Both parties may act; the customer only within the
// specialist's rules. Each change is ONE conditional write, so concurrent changes (or a
// concurrent booking of the new time) cannot both win (DESIGN.md §4.1).
import type { AppLoadContext } from "@remix-run/server-runtime";
import type { ResultSet } from "@libsql/client";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { activeBookingStatuses, bookingEvents, bookings, refunds, type Booking } from "../../../db/schema";
import { localDayBounds, localDayOf } from "../availability/local-time";
import { rebuildSlotsForSpecialist } from "../availability/slots.server";
import { refundAmountFor, type RefundRule } from "../payments/refund-policy";
import { completeRefund, keptPaymentRefundStatement, type RefundContext } from "../payments/refunds.server";
import { formatMoney } from "../../lib/money";
import { writeWithJobs } from "../../lib/write-with-jobs.server";
import { bookingWebhooks } from "../outgoing-webhooks/events.server";
import { notifyAll } from "../notifications/notifications.server";
import { meetingJob } from "../video/meetings.server";
import { busyMessage, conflictMessage, maxCancelReasonLength } from "./booking-form-schemas";
import { loadBookingFacts, recipientOf, sessionAs, type BookingFacts, type BookingParty } from "./booking-notices.server";
import { getBookingFor, type BookingDetail, type BookingViewerRole } from "./bookings.server";
import { activeBookingConflicts, busyTimeConflicts, dailyCapReached } from "./conflict-sql";
import { busyAt, checkStart, loadOffer } from "./create-booking.server";

type Context = RefundContext;
type SlotContext = Pick<AppLoadContext, "db" | "clock">;
type WriteContext = Pick<AppLoadContext, "db" | "clock" | "queue">;

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
// Sessions last at most 240 minutes; a day bounds the index range of the overlap check.
export { maxCancelReasonLength } from "./booking-form-schemas";

export type ChangeFailure =
  "not-found" | "not-allowed" | "invalid-input" | "too-soon" | "too-far" | "outside-availability" | "conflict" | "busy";
export type ChangeFailureResult = { ok: false; reason: ChangeFailure; message: string };

const fail = (reason: ChangeFailure, message: string): ChangeFailureResult => ({ ok: false, reason, message });

/** Whether the booking still holds its time: confirmed, or awaiting payment with a live hold. */
function holdsTime(booking: Booking, now: number): boolean {
  if (booking.status === "confirmed") return true;
  return booking.status === "pending_payment" && booking.holdExpiresAt !== null && booking.holdExpiresAt.getTime() > now;
}

/** When the customer's free changes end: the deadline hours before the booking's current start. */
export function changeDeadline(detail: Pick<BookingDetail, "booking" | "rules">): Date {
  return new Date(detail.booking.startsAt.getTime() - detail.rules.cancellationDeadlineHours * hourMs);
}

/** Whether `role` may move the booking now (the specialist always may, while it's active). */
export function canReschedule(detail: BookingDetail, now: Date): boolean {
  if (!holdsTime(detail.booking, now.getTime())) return false;
  return detail.viewerRole === "specialist" || now.getTime() <= changeDeadline(detail).getTime();
}

export interface RescheduleInput {
  actorUserId: string;
  bookingId: string;
  newStartsAt: Date;
}

/**
 * Moves the booking to `newStartsAt`, validated like a new booking, in ONE atomic write: the
 * history row is inserted only while the booking is still active at its old time (and sequence)
 * and the new time is clear of the specialist's OTHER active bookings; the move, sequence + 1 and
 * both parties' notices are written only if it was. So the old time is freed only when the new
 * one is won, and a repeated submit moves (and tells) once.
 */
export async function rescheduleBooking(
  context: WriteContext,
  input: RescheduleInput,
): Promise<{ ok: true; booking: Booking } | ChangeFailureResult> {
  const { db } = context;
  const now = context.clock.now().getTime();
  const newStart = input.newStartsAt.getTime();
  if (!Number.isFinite(newStart)) return fail("invalid-input", "Choose a new start time.");

  const detail = await getBookingFor(db, input.actorUserId, input.bookingId);
  if (!detail) return fail("not-found", "This booking doesn't exist.");
  const { booking } = detail;
  if (!holdsTime(booking, now)) return fail("not-allowed", "Only upcoming, active bookings can be moved.");
  if (detail.viewerRole === "customer" && now > changeDeadline(detail).getTime()) {
    return fail(
      "not-allowed",
      `Bookings can be moved up to ${detail.rules.cancellationDeadlineHours} hours before they start. Please contact the specialist.`,
    );
  }
  if (newStart === booking.startsAt.getTime()) return fail("invalid-input", "Choose a different time from the current one.");

  const offer = await loadOffer(db, booking.sessionTypeId);
  if (!offer) return fail("not-found", "This session doesn't exist any more.");
  const invalid = await checkStart(db, offer, newStart, now, booking.id);
  if (invalid) return fail(invalid.reason as ChangeFailure, invalid.message);

  const newEnd = newStart + offer.type.minutes * minuteMs;
  const day = localDayBounds(offer.specialist.timezone, localDayOf(offer.specialist.timezone, newStart));
  const facts = await loadBookingFacts(db, booking.id);
  if (!facts) return fail("not-found", "This booking doesn't exist.");
  const movedFacts: BookingFacts = { ...facts, startsAt: new Date(newStart), endsAt: new Date(newEnd), sequence: booking.sequence + 1 };
  const eventId = crypto.randomUUID();
  const decided = sql`exists (select 1 from ${bookingEvents} where ${bookingEvents.id} = ${eventId})`;
  // An unpaid booking's move is told by its confirmation later, at the new time.
  const movedConfirmed = sql`exists (select 1 from ${bookingEvents} where ${bookingEvents.id} = ${eventId} and ${bookingEvents.fromStatus} = 'confirmed')`;
  const notices = notifyAll(
    context,
    (["customer", "specialist"] as const).map((party) => ({
      userId: recipientOf(facts, party),
      kind: "booking-rescheduled" as const,
      subject: { type: "booking", id: booking.id },
      // Each move is its own occurrence: its new start and sequence (a move back and forth again still tells).
      occurrence: `${movedFacts.startsAt.toISOString()}#${movedFacts.sequence}`,
      payload: {
        ...sessionAs(movedFacts, party, new Date(now)),
        previousStartsAt: booking.startsAt.toISOString(),
        movedBy: { userId: input.actorUserId, name: actorName(facts, detail.viewerRole) },
      },
    })),
    movedConfirmed,
  );
  const [moved] = await writeWithJobs(
    context,
    [
      db.run(sql`insert into ${bookingEvents} (id, booking_id, from_status, to_status, actor, actor_user_id, reason, at)
        select ${eventId}, ${bookings.id}, ${bookings.status}, ${bookings.status}, ${detail.viewerRole}, ${input.actorUserId},
          ${`rescheduled from ${booking.startsAt.toISOString()}`}, ${now}
        from ${bookings}
        where ${stillMovable(booking, { startsAt: newStart, endsAt: newEnd, now }, offer.rules, day)}`),
      db
        .update(bookings)
        .set({ startsAt: new Date(newStart), endsAt: new Date(newEnd), sequence: sql`${bookings.sequence} + 1`, updatedAt: new Date(now) })
        .where(and(eq(bookings.id, booking.id), decided)),
      ...notices.statements,
      bookingWebhooks(db, { type: "booking.rescheduled", bookingId: booking.id, eventKey: eventId, now: new Date(now), when: decided }),
    ],
    [...notices.jobs, meetingJob(booking.id, movedConfirmed)],
  );
  if (moved.rowsAffected === 0) {
    if (await busyAt(db, booking.specialistId, newStart, newEnd)) return fail("busy", busyMessage);
    return fail("conflict", conflictMessage);
  }
  await refreshSlots(context, booking.specialistId);
  return {
    ok: true,
    booking: {
      ...booking,
      startsAt: new Date(newStart),
      endsAt: new Date(newEnd),
      sequence: booking.sequence + 1,
      updatedAt: new Date(now),
    },
  };
}

function actorName(facts: BookingFacts, role: BookingParty) {
  return role === "customer" ? facts.customer.name : facts.specialist.name;
}

/**
 * Still active at the old time and sequence, AND NOT EXISTS (another active booking within the buffers)
 * AND NOT EXISTS (a busy time of the specialist's own calendar over the new time) [AND under the daily cap].
 */
function stillMovable(
  booking: Booking,
  next: { startsAt: number; endsAt: number; now: number },
  rules: { bufferBeforeMinutes: number; bufferAfterMinutes: number; dailyCap: number | null },
  day: { startsAt: number; endsAt: number },
) {
  const { startsAt: start, endsAt: end, now } = next;
  const conflict = activeBookingConflicts({
    specialistId: booking.specialistId,
    startsAt: start,
    endsAt: end,
    bufferBeforeMinutes: rules.bufferBeforeMinutes,
    bufferAfterMinutes: rules.bufferAfterMinutes,
    exceptBookingId: booking.id,
  });
  const capReached = dailyCapReached({
    specialistId: booking.specialistId,
    cap: rules.dailyCap,
    dayStartsAt: day.startsAt,
    dayEndsAt: day.endsAt,
    exceptBookingId: booking.id,
  });
  return sql`${bookings.id} = ${booking.id}
      and ${bookings.startsAt} = ${booking.startsAt.getTime()}
      and ${bookings.sequence} = ${booking.sequence}
      and (${bookings.status} = 'confirmed' or (${bookings.status} = 'pending_payment' and ${bookings.holdExpiresAt} > ${now}))
      and not ${conflict}
      and not ${busyTimeConflicts({ specialistId: booking.specialistId, startsAt: start, endsAt: end })}
      and not ${capReached}`;
}

export interface CancellationQuote {
  actor: BookingViewerRole;
  /** What goes back to the customer; 0 for free or unpaid bookings. */
  amountMinor: number;
  currency: string;
  rule: RefundRule | "nothing-paid";
}

/** The refund a cancellation by the viewer would give right now (shown before they confirm). */
export function quoteCancellation(detail: BookingDetail, now: Date): CancellationQuote {
  const { booking } = detail;
  const base = { actor: detail.viewerRole, currency: booking.currency };
  if (!detail.paid || booking.priceMinor === 0) return { ...base, amountMinor: 0, rule: "nothing-paid" };
  const refund = refundAmountFor({
    priceMinor: booking.priceMinor,
    startsAt: booking.startsAt,
    now,
    actor: detail.viewerRole,
    cancellationDeadlineHours: detail.rules.cancellationDeadlineHours,
    lateCancellationRefundPercent: detail.rules.lateCancellationRefundPercent,
  });
  return { ...base, ...refund };
}

/** Whether the booking can still be cancelled: active, and not started yet. */
export function canCancel(detail: Pick<BookingDetail, "booking">, now: Date): boolean {
  const { booking } = detail;
  return (activeBookingStatuses as readonly string[]).includes(booking.status) && booking.startsAt.getTime() > now.getTime();
}

/** What cancelling now means for the money, in the viewer's words (the cancel step says it before they confirm). */
export function refundWording(quote: CancellationQuote): string {
  const amount = formatMoney(quote.amountMinor, quote.currency);
  if (quote.rule === "nothing-paid") return "Nothing has been paid, so there's nothing to refund.";
  if (quote.amountMinor === 0) return "It's past the cancellation deadline, so there's no refund.";
  return quote.actor === "customer" ? `You'll get ${amount} back.` : `${amount} goes back to the customer in full.`;
}

export interface CancelInput {
  actorUserId: string;
  bookingId: string;
  reason: string;
}

export type CancelResult =
  | { ok: true; refund: CancellationQuote; refundError: string | null }
  | { ok: false; reason: "not-found" | "invalid-input" | "already-cancelled"; message: string };

/**
 * Cancels an active booking in ONE atomic write: the history row is inserted only while the
 * booking is active, and the status change, the refund the policy allows (with its job) and the
 * parties' notices (the specialist's only for a confirmed booking) are written only if it was. So a double submit cancels once, and a crash can't keep the
 * cancellation and lose the refund. The refund is then asked for at once; if the provider fails,
 * its job and the requeue cron keep trying.
 */
export async function cancelBooking(context: Context, input: CancelInput): Promise<CancelResult> {
  const { db } = context;
  const now = context.clock.now();
  const reason = input.reason.trim();
  if (reason.length === 0) return { ok: false, reason: "invalid-input", message: "Tell the other party why you're cancelling." };
  if (reason.length > maxCancelReasonLength) {
    return { ok: false, reason: "invalid-input", message: `Keep the reason to ${maxCancelReasonLength} characters or fewer.` };
  }
  const detail = await getBookingFor(db, input.actorUserId, input.bookingId);
  if (!detail) return { ok: false, reason: "not-found", message: "This booking doesn't exist." };
  const { booking } = detail;
  if (booking.startsAt.getTime() <= now.getTime()) {
    return { ok: false, reason: "already-cancelled", message: "This session has already started, so it can't be cancelled." };
  }
  const quote = quoteCancellation(detail, now);
  const cancellation = await writeCancellation(context, {
    booking,
    specialistUserId: detail.specialist.userId,
    sessionTitle: detail.title,
    customerName: detail.customerName,
    specialistName: detail.specialist.displayName,
    actor: detail.viewerRole,
    reason,
    cancelledBy: {
      userId: input.actorUserId,
      name: detail.viewerRole === "customer" ? detail.customerName : detail.specialist.displayName,
    },
    refundMinor: quote.amountMinor,
    currency: quote.currency,
    paid: detail.paid,
  });
  if (!cancellation.cancelled) {
    return { ok: false, reason: "already-cancelled", message: "This booking is already cancelled or finished." };
  }
  return { ok: true, refund: quote, refundError: await afterCancellation(context, booking.specialistId, cancellation.refundId) };
}

/** A cancellation as `writeCancellation` records it, whoever cancels (a party or an admin). */
export interface CancellationWrite {
  booking: Pick<Booking, "id" | "customerId" | "startsAt">;
  specialistUserId: string;
  sessionTitle: string;
  customerName: string;
  specialistName: string;
  /** booking_events.actor: "customer", "specialist" or "admin". */
  actor: string;
  reason: string;
  /** Who the notices name as having cancelled. */
  cancelledBy: { userId: string; name: string };
  /** What goes back of the kept payment (capped at what is left of it); 0 for none. */
  refundMinor: number;
  currency: string;
  paid: boolean;
  /** An admin's audit row (`auditedWrite`): inserted first, and the cancellation happens only if it was. */
  audit?: { insert: BatchItem<"sqlite">; audited: SQL };
}

/**
 * Cancels an active booking in ONE atomic write: the history row is inserted only while the
 * booking is active (and the audit row, if any, was written), and the status change, the refund (with its job) and the
 * parties' notices (the specialist's only for a confirmed booking) are written only if it was. So
 * a double submit cancels once, and a crash can't keep the cancellation and lose the refund.
 * Returns whether this call cancelled it and the refund it recorded, for `afterCancellation`.
 */
export async function writeCancellation(
  context: WriteContext,
  plan: CancellationWrite,
): Promise<{ cancelled: boolean; refundId: string | null }> {
  const { db } = context;
  const now = context.clock.now();
  const { booking } = plan;
  const eventId = crypto.randomUUID();
  const refundId = crypto.randomUUID();
  const decided = sql`exists (select 1 from ${bookingEvents} where ${bookingEvents.id} = ${eventId})`;
  const active = sql.join(
    activeBookingStatuses.map((status) => sql`${status}`),
    sql`, `,
  );
  const notice = (party: BookingParty) => ({
    userId: party === "customer" ? booking.customerId : plan.specialistUserId,
    kind: "booking-cancelled" as const,
    subject: { type: "booking", id: booking.id },
    payload: {
      bookingId: booking.id,
      sessionTitle: plan.sessionTitle,
      otherPartyName: party === "customer" ? plan.specialistName : plan.customerName,
      startsAt: booking.startsAt.toISOString(),
      cancelledBy: plan.cancelledBy,
      byPlatform: plan.actor === "admin",
      reason: plan.reason,
      refundMinor: plan.refundMinor,
      currency: plan.currency,
      paid: plan.paid,
      recipientRole: party,
    },
  });
  const customerNotice = notifyAll(context, [notice("customer")], decided);
  // The specialist heard of the booking only once it was confirmed.
  const specialistNotice = notifyAll(
    context,
    [notice("specialist")],
    sql`exists (select 1 from ${bookingEvents} where ${bookingEvents.id} = ${eventId} and ${bookingEvents.fromStatus} = 'confirmed')`,
  );
  const decision = db.run(sql`insert into ${bookingEvents} (id, booking_id, from_status, to_status, actor, actor_user_id, reason, at)
    select ${eventId}, ${booking.id}, ${bookings.status}, 'cancelled', ${plan.actor}, ${plan.cancelledBy.userId}, ${plan.reason}, ${now.getTime()}
    from ${bookings} where ${bookings.id} = ${booking.id} and ${bookings.status} in (${active}) and ${plan.audit?.audited ?? sql`1`}`);
  const rest = [
    db
      .update(bookings)
      .set({ status: "cancelled", holdExpiresAt: null, updatedAt: now })
      .where(and(eq(bookings.id, booking.id), decided)),
    keptPaymentRefundStatement(db, {
      id: refundId,
      bookingId: booking.id,
      amountMinor: plan.refundMinor,
      reason: "cancelled",
      at: now,
      when: decided,
    }),
    ...customerNotice.statements,
    ...specialistNotice.statements,
    bookingWebhooks(db, { type: "booking.cancelled", bookingId: booking.id, eventKey: booking.id, now, when: decided }),
  ];
  const first = plan.audit ? 1 : 0;
  const results = await writeWithJobs(context, plan.audit ? [plan.audit.insert, decision, ...rest] : [decision, ...rest], [
    { message: { type: "refund", refundId }, when: sql`exists (select 1 from ${refunds} where ${refunds.id} = ${refundId})` },
    ...customerNotice.jobs,
    ...specialistNotice.jobs,
    meetingJob(booking.id, decided),
  ]);
  const decisionResult = results[first] as ResultSet;
  const refund = results[first + 2] as ResultSet;
  return { cancelled: decisionResult.rowsAffected === 1, refundId: refund.rowsAffected === 1 ? refundId : null };
}

/**
 * After a cancellation's write: asks for its refund at once and rebuilds the specialist's slots.
 * The cancellation stands either way; a failed refund is returned to show (its job and the
 * requeue cron keep trying), never lost silently.
 */
export async function afterCancellation(context: Context, specialistId: string, refundId: string | null): Promise<string | null> {
  let refundError: string | null = null;
  if (refundId) {
    const refunded = await completeRefund(context, refundId);
    if (!refunded.ok) refundError = refunded.message;
  }
  await refreshSlots(context, specialistId);
  return refundError;
}

async function refreshSlots(context: SlotContext, specialistId: string) {
  try {
    await rebuildSlotsForSpecialist(context, specialistId);
  } catch (error) {
    // The change stands; the daily job rebuilds the read model anyway.
    console.error(`Could not rebuild slots for specialist ${specialistId}:`, error instanceof Error ? error.message : error);
  }
}
