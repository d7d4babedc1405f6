import * as z from "zod";
import { PaymentReceived } from "../../../emails/payment-received";
import { formatMoney } from "../../../lib/money";
import { formatSessionTime } from "../../../lib/time-format";
import { receiptUrl } from "../booking-session";
import { defineKind } from "../kind";

/** The customer's receipt for the payment kept for a booking. Receipts always go by email. */
export const bookingPaymentReceived = defineKind({
  label: "Payment receipts",
  payload: z.object({
    bookingId: z.string(),
    sessionTitle: z.string(),
    specialistName: z.string(),
    startsAt: z.iso.datetime(),
    amountMinor: z.number().int(),
    currency: z.string(),
    paidAt: z.iso.datetime(),
  }),
  channels: { email: { required: true } },
  email: (data, { recipient, origin }) => ({
    subject: `Receipt: ${formatMoney(data.amountMinor, data.currency)} for ${data.sessionTitle} with ${data.specialistName}`,
    element: (
      <PaymentReceived
        name={recipient.name}
        amount={formatMoney(data.amountMinor, data.currency)}
        paidOn={formatSessionTime(new Date(data.paidAt), recipient.timezone)}
        sessionTitle={data.sessionTitle}
        specialistName={data.specialistName}
        when={formatSessionTime(new Date(data.startsAt), recipient.timezone)}
        receiptUrl={receiptUrl(origin, data.bookingId)}
      />
    ),
  }),
});
