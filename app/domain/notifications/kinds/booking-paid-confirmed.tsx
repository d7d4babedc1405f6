import { z } from "zod";
import { BookingPaidConfirmed } from "../../../emails/booking-paid-confirmed";
import { formatMoney } from "../../../lib/money";
import { formatSessionTime } from "../../../lib/time-format";
import { defineKind } from "../kind";

export const bookingPaidConfirmed = defineKind({
  label: "Booking confirmed after payment",
  payload: z.object({
    bookingId: z.string(),
    specialistName: z.string(),
    sessionTitle: z.string(),
    startsAt: z.iso.datetime(),
    amountMinor: z.number().int(),
    currency: z.string(),
    meetingUrl: z.string(),
  }),
  channels: { email: { required: true }, in_app: {} },
  email: (data, { recipient }) => ({
    subject: `Confirmed: ${data.sessionTitle} with ${data.specialistName}`,
    element: (
      <BookingPaidConfirmed
        name={recipient.name}
        specialistName={data.specialistName}
        sessionTitle={data.sessionTitle}
        when={formatSessionTime(new Date(data.startsAt), recipient.timezone)}
        amount={formatMoney(data.amountMinor, data.currency)}
        meetingUrl={data.meetingUrl}
      />
    ),
  }),
  inApp: (data, { recipient }) => ({
    title: `Confirmed: ${data.sessionTitle} with ${data.specialistName}`,
    body: formatSessionTime(new Date(data.startsAt), recipient.timezone),
    href: `/bookings/${data.bookingId}`,
  }),
});
