import { z } from "zod";
import { BookingConfirmed } from "../../../emails/booking-confirmed";
import { formatMoney } from "../../../lib/money";
import { formatSessionTime } from "../../../lib/time-format";
import { bookingUrl, calendarAttachment, otherPartyTime, sessionPayload } from "../booking-session";
import { defineKind } from "../kind";

/** To the customer when their payment confirms the booking (the free variant is booking-confirmed). */
export const bookingPaidConfirmed = defineKind({
  label: "Booking confirmations",
  preference: "booking-confirmed",
  payload: sessionPayload.extend({ amountMinor: z.number().int(), currency: z.string() }),
  channels: { email: { required: true }, in_app: {} },
  email: (data, { recipient, origin }) => {
    const startsAt = new Date(data.startsAt);
    return {
      subject: `Confirmed: ${data.sessionTitle} with ${data.specialistName}`,
      element: (
        <BookingConfirmed
          name={recipient.name}
          specialistName={data.specialistName}
          sessionTitle={data.sessionTitle}
          when={formatSessionTime(startsAt, recipient.timezone)}
          specialistWhen={otherPartyTime(startsAt, data, recipient.timezone)}
          amount={formatMoney(data.amountMinor, data.currency)}
          meetingUrl={data.meetingUrl}
          bookingUrl={bookingUrl(origin, data.bookingId)}
        />
      ),
      attachments: [calendarAttachment(data, origin)],
    };
  },
  inApp: (data, { recipient }) => ({
    title: `Confirmed: ${data.sessionTitle} with ${data.specialistName}`,
    body: formatSessionTime(new Date(data.startsAt), recipient.timezone),
    href: `/bookings/${data.bookingId}`,
  }),
});
