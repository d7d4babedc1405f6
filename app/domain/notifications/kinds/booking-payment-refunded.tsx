import * as z from "zod";
import { BookingPaymentRefunded } from "../../../emails/booking-payment-refunded";
import { formatMoney } from "../../../lib/money";
import { formatSessionTime } from "../../../lib/time-format";
import { defineKind } from "../kind";

export const bookingPaymentRefunded = defineKind({
  label: "Payment refunded",
  payload: z.object({
    bookingId: z.string(),
    specialistName: z.string(),
    startsAt: z.iso.datetime(),
    amountMinor: z.number().int(),
    currency: z.string(),
    explanation: z.string(),
  }),
  channels: { email: { required: true }, in_app: {} },
  email: (data, { recipient }) => ({
    subject: `Refunded: your payment for the session with ${data.specialistName}`,
    element: (
      <BookingPaymentRefunded
        name={recipient.name}
        specialistName={data.specialistName}
        when={formatSessionTime(new Date(data.startsAt), recipient.timezone)}
        amount={formatMoney(data.amountMinor, data.currency)}
        explanation={data.explanation}
      />
    ),
  }),
  inApp: (data) => ({
    title: `Refunded ${formatMoney(data.amountMinor, data.currency)}`,
    body: data.explanation,
    href: `/bookings/${data.bookingId}`,
  }),
});
