import type { AppLoadContext } from "@remix-run/server-runtime";
import * as z from "zod";
import { bookingStatuses, refundStatuses, videoProviders } from "../../../../db/schema";
import { bookSchema, cancelSchema, rescheduleSchema } from "../../../domain/booking/booking-form-schemas";
import { freshStartsOfDay } from "../../../domain/booking/booking-offer.server";
import { bookingsPage, getBookingFor, type BookingDetail } from "../../../domain/booking/bookings.server";
import {
  canCancel,
  canReschedule,
  cancelBooking,
  changeDeadline,
  quoteCancellation,
  refundWording,
  rescheduleBooking,
} from "../../../domain/booking/change-booking.server";
import { createBooking } from "../../../domain/booking/create-booking.server";
import { meetingDetails } from "../../../domain/booking/meeting-details";
import { refundPolicyText } from "../../../domain/booking/refund-policy-text";
import { formatReceiptNumber } from "../../../domain/payments/ledger";
import { getReceipt } from "../../../domain/payments/ledger.server";
import { ApiError, conflict, forbidden } from "../errors";
import { created, defineOperation, ok } from "../operation";
import { cursorOf, decodeCursor, encodeCursor, instant, limitParam, money, pageOf } from "../pagination";

const tag = "Bookings";

const bookingStatus = z.enum(bookingStatuses).meta({ id: "BookingStatus" });
const refundRules = [
  "full-before-deadline",
  "partial-after-deadline",
  "none-after-deadline",
  "full-specialist-cancelled",
  "full-system",
  "nothing-paid",
] as const;
const refundRule = z.enum(refundRules).meta({
  id: "BookingRefundRule",
  description:
    "Why the refund is what it is: in full before the deadline, the late percentage (or nothing) after it, in full when the specialist or the platform cancels, nothing when nothing was paid.",
});
const viewerRole = z.enum(["customer", "specialist"]);

export const bookingSchema = z
  .object({
    id: z.string(),
    status: bookingStatus,
    viewerRole: viewerRole.meta({ description: "Whether the caller is this booking's customer or its specialist." }),
    sessionType: z.object({ id: z.string(), title: z.string(), minutes: z.number().int() }),
    specialist: z.object({
      id: z.string(),
      slug: z.string(),
      name: z.string(),
      timezone: z.string().meta({ description: "The specialist's IANA time zone." }),
    }),
    customer: z.object({
      id: z.string(),
      name: z.string(),
      timezone: z.string().meta({ description: "The customer's IANA time zone: their emails and pages show the booking's times in it." }),
    }),
    startsAt: instant,
    endsAt: instant,
    price: money,
    note: z.string().meta({ description: "What the customer would like to talk about (may be empty)." }),
    holdExpiresAt: instant.nullable().meta({
      description: "To its customer, while an unpaid booking holds its time: pay before then. Else null.",
    }),
    meeting: z
      .object({
        provider: z.enum(videoProviders),
        label: z.string().meta({ description: "What the link opens: Zoom meeting, Google Meet or Video room." }),
        url: z.string(),
        meetingId: z.string().nullable().meta({ description: "Zoom's meeting ID, for joining from the Zoom app." }),
        passcode: z.string().nullable(),
      })
      .nullable()
      .meta({ description: "Where the session meets, once the booking is confirmed and its meeting exists; else null." }),
    canReschedule: z.boolean().meta({ description: "Whether the caller may move it now (POST /bookings/{id}/reschedule)." }),
    canCancel: z.boolean().meta({ description: "Whether it can still be cancelled (POST /bookings/{id}/cancel)." }),
    hasReceipt: z.boolean().meta({ description: "Whether a payment pays for it, so GET /bookings/{id}/receipt has a receipt." }),
    refunds: z.array(z.object({ amount: money, status: z.enum(refundStatuses) })),
    history: z.array(
      z.object({
        at: instant,
        fromStatus: bookingStatus.nullable(),
        toStatus: bookingStatus,
        actor: z.string().meta({ description: "customer, specialist, admin, system or payment-provider." }),
      }),
    ),
  })
  .meta({ id: "Booking" });

const bookingSummarySchema = z
  .object({
    id: z.string(),
    status: bookingStatus,
    sessionTitle: z.string(),
    minutes: z.number().int(),
    startsAt: instant,
    endsAt: instant,
    price: money,
    otherPartyName: z.string().meta({ description: "The specialist's name for a customer, the customer's for a specialist." }),
  })
  .meta({ id: "BookingSummary" });

const cancellationPreviewSchema = z
  .object({
    cancellable: z.boolean().meta({ description: "Whether it can still be cancelled: active and not started." }),
    refund: z
      .object({ amount: money, rule: refundRule })
      .nullable()
      .meta({ description: "What cancelling now would give back to the customer; null when it can't be cancelled." }),
    summary: z.string().nullable().meta({ description: "The same in words, as the booking page says it before cancelling." }),
    policy: z.string().meta({ description: "The specialist's cancellation rules in words." }),
    deadline: instant.meta({ description: "Until this instant a customer's cancellation is refunded in full (and they may move it)." }),
  })
  .meta({ id: "BookingCancellationPreview" });

const cancellationSchema = z
  .object({
    booking: bookingSchema,
    refund: z.object({
      amount: money,
      rule: refundRule,
      error: z.string().nullable().meta({
        description: "Why the refund couldn't be started yet, when it couldn't: it is retried until it goes through. Else null.",
      }),
    }),
  })
  .meta({ id: "BookingCancellation" });

const receiptSchema = z
  .object({
    bookingId: z.string(),
    number: z.string().meta({ description: "The receipt number, e.g. R-000042." }),
    paidAt: instant,
    sessionTitle: z.string(),
    specialistName: z.string(),
    customerName: z.string(),
    startsAt: instant,
    endsAt: instant,
    amountPaid: money,
    refunds: z.array(
      z.object({
        amount: money,
        at: instant,
        status: z.enum(refundStatuses),
        counted: z.boolean().meta({ description: "Whether it counts against the payment (a failed refund moved nothing yet)." }),
      }),
    ),
    totalAfterRefunds: money,
    specialistShare: z
      .object({ feeKept: money, net: money })
      .nullable()
      .meta({ description: "The platform fee kept and the specialist's net; null for the customer." }),
  })
  .meta({ id: "BookingReceipt" });

const idParams = z.object({ id: z.string().min(1).max(100) });

const listQuery = z
  .object({
    role: viewerRole.optional().meta({
      description: "Whose bookings: yours as a customer, or your practice's as a specialist. Defaults to your account's role.",
    }),
    status: bookingStatus.optional(),
    from: instant.optional().meta({ description: "Only bookings starting at or after this instant." }),
    to: instant.optional().meta({ description: "Only bookings starting before this instant." }),
    limit: limitParam,
    cursor: cursorOf(["number", "string"]),
  })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
    error: "`to` must be after `from`.",
    path: ["to"],
  });

const createBody = z.object({
  sessionTypeId: z.string({ error: "Choose a session type." }).min(1, "Choose a session type.").max(100, "There's no such session type."),
  startsAt: bookSchema.shape.startsAt.meta({
    description: "One of the session type's open times, as an ISO instant in UTC.",
    format: "date-time",
  }),
  timezone: bookSchema.shape.customerTimezone
    .optional()
    .meta({ description: "Your IANA time zone for this booking's emails and pages; defaults to your account's." }),
  note: bookSchema.shape.topic.meta({ description: "What you'd like to talk about." }),
});

const bookingNotFound = () => new ApiError("not_found", "No booking of yours has that id.");
const notOffered = () => new ApiError("not_found", "That session type isn't offered.");

function bookingOf(detail: BookingDetail, now: Date): z.input<typeof bookingSchema> {
  const { booking } = detail;
  const holdLive =
    detail.viewerRole === "customer" &&
    booking.status === "pending_payment" &&
    booking.holdExpiresAt !== null &&
    booking.holdExpiresAt > now;
  const meeting = booking.status === "confirmed" ? meetingDetails(booking) : null;
  return {
    id: booking.id,
    status: booking.status,
    viewerRole: detail.viewerRole,
    sessionType: { id: booking.sessionTypeId, title: detail.title, minutes: detail.minutes },
    specialist: {
      id: detail.specialist.id,
      slug: detail.specialist.slug,
      name: detail.specialist.displayName,
      timezone: detail.specialist.timezone,
    },
    customer: { id: booking.customerId, name: detail.customerName, timezone: booking.customerTimezone },
    startsAt: booking.startsAt.toISOString(),
    endsAt: booking.endsAt.toISOString(),
    price: { amount: booking.priceMinor, currency: booking.currency },
    note: booking.topic,
    holdExpiresAt: holdLive && booking.holdExpiresAt ? booking.holdExpiresAt.toISOString() : null,
    meeting: meeting
      ? { provider: meeting.provider, label: meeting.label, url: meeting.url, meetingId: meeting.meetingId, passcode: meeting.passcode }
      : null,
    canReschedule: canReschedule(detail, now),
    canCancel: canCancel(detail, now),
    hasReceipt: detail.hasReceipt,
    refunds: detail.refunds.map((refund) => ({ amount: { amount: refund.amountMinor, currency: refund.currency }, status: refund.status })),
    history: detail.history.map((event) => ({
      at: event.at.toISOString(),
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      actor: event.actor,
    })),
  };
}

async function bookingFor(context: AppLoadContext, userId: string, bookingId: string) {
  const detail = await getBookingFor(context.db, userId, bookingId);
  if (!detail) throw bookingNotFound();
  return bookingOf(detail, context.clock.now());
}

/** A time that isn't open (or was just taken): 409 with that day's open times, as the booking form offers them. */
async function timeConflict(context: AppLoadContext, message: string, at: { sessionTypeId: string; startsAt: Date; zone: string }) {
  const { starts } = await freshStartsOfDay(context.db, {
    sessionTypeId: at.sessionTypeId,
    around: at.startsAt,
    zone: at.zone,
    now: context.clock.now(),
  });
  return conflict(message, { freshTimes: starts.map((start) => start.toISOString()) });
}

const timeFailures = new Set(["too-soon", "too-far", "outside-availability", "conflict", "busy"]);

const notFoundResponse = ["not_found"] as const;

export const bookingOperations = [
  defineOperation({
    id: "createBooking",
    method: "post",
    path: "/bookings",
    tag,
    summary: "Book a session",
    description:
      "Books one of a session type's open times. A free session is confirmed at once; a paid one is `pending_payment`, holding its time until `holdExpiresAt`. A time that isn't open, or was just taken, is a 409 `conflict` whose `details.freshTimes` are that day's open times (UTC). Send an `Idempotency-Key` so a retried request books once.",
    auth: "required",
    roles: ["customer"],
    idempotent: true,
    body: createBody,
    responses: { 201: { description: "Booked; `Location` is its address.", schema: bookingSchema } },
    errors: ["not_found", "forbidden", "conflict"],
    async handler({ body, principal, context }) {
      const zone = body.timezone ?? principal.user.timezone;
      const result = await createBooking(context, {
        customerId: principal.user.id,
        sessionTypeId: body.sessionTypeId,
        startsAt: body.startsAt,
        topic: body.note,
        customerTimezone: zone,
      });
      if (!result.ok) {
        if (result.reason === "not-found" || result.reason === "inactive") throw notOffered();
        if (result.reason === "own-session") throw forbidden(result.message);
        if (result.reason === "invalid-input") {
          throw new ApiError("validation_failed", result.message, { problems: [{ path: "body", message: result.message }] });
        }
        throw await timeConflict(context, result.message, {
          sessionTypeId: body.sessionTypeId,
          startsAt: body.startsAt,
          zone,
        });
      }
      const booking = await bookingFor(context, principal.user.id, result.booking.id);
      return created(booking, { Location: `/api/v1/bookings/${booking.id}` });
    },
  }),
  defineOperation({
    id: "listBookings",
    method: "get",
    path: "/bookings",
    tag,
    summary: "Your bookings",
    description:
      "A customer's own bookings, or a specialist's practice's, earliest start first; filter by status and by start (`from`, `to`).",
    auth: "required",
    query: listQuery,
    responses: { 200: { description: "A page of bookings.", schema: pageOf(bookingSummarySchema) } },
    async handler({ query, principal, context }) {
      const after = query.cursor ? decodeCursor(query.cursor, ["number", "string"]) : null;
      const page = await bookingsPage(context.db, {
        userId: principal.user.id,
        role: query.role ?? (principal.user.role === "specialist" ? "specialist" : "customer"),
        status: query.status,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        after: after ? { startsAt: new Date(after[0] as number), id: after[1] as string } : undefined,
        limit: query.limit,
      });
      const last = page.items.at(-1);
      return ok({
        data: page.items.map((item) => ({
          id: item.id,
          status: item.status,
          sessionTitle: item.title,
          minutes: item.minutes,
          startsAt: item.startsAt.toISOString(),
          endsAt: item.endsAt.toISOString(),
          price: { amount: item.priceMinor, currency: item.currency },
          otherPartyName: item.otherPartyName,
        })),
        nextCursor: page.more && last ? encodeCursor([last.startsAt.getTime(), last.id]) : null,
      });
    },
  }),
  defineOperation({
    id: "getBooking",
    method: "get",
    path: "/bookings/{id}",
    tag,
    summary: "One of your bookings",
    description: "As its booking page shows it, to its customer or its specialist; anyone else gets 404.",
    auth: "required",
    params: idParams,
    responses: { 200: { description: "The booking.", schema: bookingSchema } },
    errors: notFoundResponse,
    async handler({ params, principal, context }) {
      return ok(await bookingFor(context, principal.user.id, params.id));
    },
  }),
  defineOperation({
    id: "rescheduleBooking",
    method: "post",
    path: "/bookings/{id}/reschedule",
    tag,
    summary: "Move a booking to another time",
    description:
      "Either party may move an active booking; the customer only up to the specialist's cancellation deadline (403 after it). A time that isn't open, or was just taken, is a 409 `conflict` with that day's open times in `details.freshTimes`.",
    auth: "required",
    params: idParams,
    body: z.object({
      startsAt: rescheduleSchema.shape.startsAt.meta({ description: "The new start: one of the open times, in UTC.", format: "date-time" }),
    }),
    responses: { 200: { description: "Moved.", schema: bookingSchema } },
    errors: ["not_found", "forbidden", "conflict"],
    async handler({ params, body, principal, context }) {
      const result = await rescheduleBooking(context, { actorUserId: principal.user.id, bookingId: params.id, newStartsAt: body.startsAt });
      if (!result.ok) {
        if (result.reason === "not-found") throw bookingNotFound();
        if (result.reason === "not-allowed") throw forbidden(result.message);
        if (!timeFailures.has(result.reason)) {
          throw new ApiError("validation_failed", result.message, { problems: [{ path: "body.startsAt", message: result.message }] });
        }
        const detail = await getBookingFor(context.db, principal.user.id, params.id);
        if (!detail) throw bookingNotFound();
        throw await timeConflict(context, result.message, {
          sessionTypeId: detail.booking.sessionTypeId,
          startsAt: body.startsAt,
          zone: detail.viewerRole === "customer" ? detail.booking.customerTimezone : detail.specialist.timezone,
        });
      }
      return ok(await bookingFor(context, principal.user.id, params.id));
    },
  }),
  defineOperation({
    id: "previewCancellation",
    method: "get",
    path: "/bookings/{id}/cancellation",
    tag,
    summary: "What cancelling would refund",
    description:
      "The refund a cancellation by the caller would give right now, under the specialist's policy, as the booking page shows it.",
    auth: "required",
    params: idParams,
    responses: { 200: { description: "The refund preview.", schema: cancellationPreviewSchema } },
    errors: notFoundResponse,
    async handler({ params, principal, context }) {
      const detail = await getBookingFor(context.db, principal.user.id, params.id);
      if (!detail) throw bookingNotFound();
      const now = context.clock.now();
      const { booking } = detail;
      const cancellable = canCancel(detail, now);
      const quote = cancellable ? quoteCancellation(detail, now) : null;
      return ok({
        cancellable,
        refund: quote ? { amount: { amount: quote.amountMinor, currency: quote.currency }, rule: quote.rule } : null,
        summary: quote ? refundWording(quote) : null,
        policy: refundPolicyText(detail.rules, booking, { startsAt: booking.startsAt, now }),
        deadline: changeDeadline(detail).toISOString(),
      });
    },
  }),
  defineOperation({
    id: "cancelBooking",
    method: "post",
    path: "/bookings/{id}/cancel",
    tag,
    summary: "Cancel a booking",
    description:
      "Cancels an active booking that hasn't started, with the refund the policy gives (see GET /bookings/{id}/cancellation). The reason is sent to the other party.",
    auth: "required",
    params: idParams,
    body: z.object({ reason: cancelSchema.shape.reason }),
    responses: { 200: { description: "Cancelled, with the refund.", schema: cancellationSchema } },
    errors: ["not_found", "conflict"],
    async handler({ params, body, principal, context }) {
      const result = await cancelBooking(context, { actorUserId: principal.user.id, bookingId: params.id, reason: body.reason });
      if (!result.ok) {
        if (result.reason === "not-found") throw bookingNotFound();
        if (result.reason === "invalid-input") {
          throw new ApiError("validation_failed", result.message, { problems: [{ path: "body.reason", message: result.message }] });
        }
        throw conflict(result.message);
      }
      return ok({
        booking: await bookingFor(context, principal.user.id, params.id),
        refund: {
          amount: { amount: result.refund.amountMinor, currency: result.refund.currency },
          rule: result.refund.rule,
          error: result.refundError,
        },
      });
    },
  }),
  defineOperation({
    id: "getReceipt",
    method: "get",
    path: "/bookings/{id}/receipt",
    tag,
    summary: "A booking's receipt",
    description: "The receipt of the payment that pays for the booking, with its refunds; 404 until it is paid.",
    auth: "required",
    params: idParams,
    responses: { 200: { description: "The receipt.", schema: receiptSchema } },
    errors: notFoundResponse,
    async handler({ params, principal, context }) {
      const result = await getReceipt(context.db, { userId: principal.user.id, role: principal.user.role }, params.id);
      if (result.status === "not-found") throw bookingNotFound();
      if (result.status === "no-payment") throw new ApiError("not_found", "No payment was taken for this booking, so it has no receipt.");
      const { receipt } = result;
      const inCurrency = (amount: number) => ({ amount, currency: receipt.money.currency });
      return ok({
        bookingId: receipt.bookingId,
        number: formatReceiptNumber(receipt.receiptNumber),
        paidAt: receipt.paidAt.toISOString(),
        sessionTitle: receipt.sessionTitle,
        specialistName: receipt.specialistName,
        customerName: receipt.customerName,
        startsAt: receipt.startsAt.toISOString(),
        endsAt: receipt.endsAt.toISOString(),
        amountPaid: inCurrency(receipt.money.grossMinor),
        refunds: receipt.refunds.map((refund) => ({
          amount: { amount: refund.amountMinor, currency: refund.currency },
          at: refund.at.toISOString(),
          status: refund.status,
          counted: refund.counted,
        })),
        totalAfterRefunds: inCurrency(receipt.money.grossMinor - receipt.money.refundsMinor),
        specialistShare:
          receipt.viewerRole === "customer"
            ? null
            : { feeKept: inCurrency(receipt.money.feeMinor), net: inCurrency(receipt.money.netMinor) },
      });
    },
  }),
];
