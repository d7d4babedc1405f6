import * as z from "zod";
import { PaymentFlagged } from "../../../emails/payment-flagged";
import { defineKind } from "../kind";

/** To admins: a payment that did not match was refunded instead of confirming anything. */
export const paymentFlagged = defineKind({
  label: "Payments that need review (admins)",
  audience: ["admin"],
  payload: z.object({ bookingId: z.string(), problem: z.string(), refund: z.string() }),
  channels: { email: { required: true } },
  email: (data, { recipient }) => ({
    subject: `Payment needs review: booking ${data.bookingId}`,
    element: <PaymentFlagged name={recipient.name} bookingId={data.bookingId} problem={data.problem} refund={data.refund} />,
  }),
});
