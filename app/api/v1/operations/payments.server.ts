import * as z from "zod";
import { paymentStatuses, refundStatuses } from "../../../../db/schema";
import { startCheckout } from "../../../domain/payments/checkout.server";
import { paymentHistory } from "../../../domain/payments/payment-history.server";
import { appOrigin } from "../../../lib/app-origin";
import { ApiError } from "../errors";
import { defineOperation, ok } from "../operation";
import { cursorOf, decodeCursor, encodeCursor, instant, limitParam, pageOf } from "../pagination";

// Paying for a booking and the customer's payment history, through the functions behind
// /bookings/{id}/pay and the receipts: amounts always come from the booking and its payment rows.

const tag = "Payments";

const checkoutSchema = z
  .object({
    url: z.string().meta({
      description:
        "Where the customer pays: Stripe Checkout, or this app's labelled test checkout when Stripe isn't configured (local mode: no real money moves).",
    }),
    expiresAt: instant.meta({ description: "The checkout (and the hold on the time) ends then." }),
  })
  .meta({ id: "Checkout" });

const paymentRefundSchema = z
  .object({
    id: z.string(),
    amount: z.number().int().meta({ description: "In minor units." }),
    currency: z.string(),
    status: z.enum(refundStatuses).meta({ description: "`pending` until the money is on its way back; `failed` refunds are retried." }),
    createdAt: instant,
  })
  .meta({ id: "PaymentRefund" });

const paymentSchema = z
  .object({
    id: z.string(),
    bookingId: z.string(),
    sessionTitle: z.string(),
    specialistName: z.string(),
    status: z.enum(paymentStatuses).meta({
      description: "`open`: checkout started; `processing`: a bank payment still settling; `paid`; `failed` (declined); `expired`.",
    }),
    kept: z.boolean().meta({ description: "Whether this payment pays for its booking (a second completed payment is refunded)." }),
    amount: z.number().int().meta({ description: "What was asked, in minor units (4500 is 45.00)." }),
    fee: z.number().int().meta({ description: "The platform's fee within `amount`, in minor units." }),
    currency: z.string().meta({ description: "ISO 4217, e.g. USD." }),
    createdAt: instant,
    paidAt: instant.nullable(),
    receiptNumber: z.number().int().nullable().meta({ description: "The receipt's number once the payment is kept." }),
    refunds: z
      .array(paymentRefundSchema)
      .meta({ description: "Every refund of this payment, oldest first (there is no separate refunds endpoint)." }),
  })
  .meta({ id: "Payment" });

export const paymentOperations = [
  defineOperation({
    id: "startCheckout",
    method: "post",
    path: "/bookings/{id}/checkout",
    tag,
    summary: "Start paying for a booking",
    description:
      "For your own booking awaiting payment: the checkout to send the customer to. An open checkout is reused, so calling twice is safe. 409 when the booking isn't awaiting payment (already paid, a bank payment still settling, the hold released) or the specialist can't take payments yet.",
    auth: "required",
    params: z.object({ id: z.string().min(1).max(100) }),
    responses: { 200: { description: "Where to pay.", schema: checkoutSchema } },
    errors: ["not_found", "conflict", "provider_unavailable"],
    async handler({ params, principal, context, request }) {
      const result = await startCheckout(context, {
        bookingId: params.id,
        customerId: principal.user.id,
        origin: appOrigin(request, context),
      });
      if (result.ok) return ok({ url: result.url, expiresAt: result.expiresAt.toISOString() });
      if (result.reason === "not-found") throw new ApiError("not_found", result.message);
      if (result.reason === "provider-unavailable") throw new ApiError("provider_unavailable", result.message);
      throw new ApiError("conflict", result.message, { reason: result.reason });
    },
  }),
  defineOperation({
    id: "listPayments",
    method: "get",
    path: "/payments",
    tag,
    summary: "Your payment history",
    description: "Every payment you started for your bookings, newest first, each with its refunds inline.",
    auth: "required",
    query: z.object({ limit: limitParam, cursor: cursorOf(["number", "string"]) }),
    responses: { 200: { description: "A page of your payments.", schema: pageOf(paymentSchema) } },
    async handler({ query, principal, context }) {
      const key = query.cursor ? decodeCursor(query.cursor, ["number", "string"]) : null;
      const rows = await paymentHistory(context.db, principal.user.id, {
        after: key ? { createdAt: new Date(key[0] as number), paymentId: key[1] as string } : undefined,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return ok({
        data: page.map((row) => ({
          id: row.id,
          bookingId: row.bookingId,
          sessionTitle: row.sessionTitle,
          specialistName: row.specialistName,
          status: row.status,
          kept: row.kept,
          amount: row.amountMinor,
          fee: row.feeMinor,
          currency: row.currency,
          createdAt: row.createdAt.toISOString(),
          paidAt: row.paidAt?.toISOString() ?? null,
          receiptNumber: row.receiptNumber,
          refunds: row.refunds.map((refund) => ({
            id: refund.id,
            amount: refund.amountMinor,
            currency: refund.currency,
            status: refund.status,
            createdAt: refund.createdAt.toISOString(),
          })),
        })),
        nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt.getTime(), last.id]) : null,
      });
    },
  }),
];
