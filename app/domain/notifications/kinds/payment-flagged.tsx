import * as z from "zod";
import { PaymentFlagged } from "../../../emails/payment-flagged";
import { defineKind } from "../kind";

/** To admins: a payment needs a person (a mismatch refunded instead of confirming, a dispute, a failed refund). */
export const paymentFlagged = defineKind({
  label: "Payments that need review (admins)",
  audience: ["admin"],
  payload: z.object({ bookingId: z.string(), problem: z.string(), refund: z.string().optional() }),
  channels: { email: { required: true } },
  email: (data, { recipient }) => ({
    subject: `Payment needs review: booking ${data.bookingId}`,
    element: <PaymentFlagged name={recipient.name} bookingId={data.bookingId} problem={data.problem} refund={data.refund} />,
  }),
});
