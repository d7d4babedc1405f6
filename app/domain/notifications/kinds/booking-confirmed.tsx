import * as z from "zod";
import { BookingConfirmed } from "../../../emails/booking-confirmed";
import { formatMoney } from "../../../lib/money";
import { formatSessionTime } from "../../../lib/time-format";
import { bookingUrl, calendarAttachment, otherPartyTime, receiptUrl, sessionPayload, type SessionPayload } from "../booking-session";
import { meetingDetails } from "../../booking/meeting-details";
import { defineKind } from "../kind";

/** The customer's confirmation; `paid` when a payment confirmed it (with the amount), else a free booking. */
function confirmationKind<P extends SessionPayload>(payload: z.ZodType<P>, amountOf: (data: P) => string | null) {
  return defineKind({
    label: "Booking confirmations",
    preference: "booking-confirmed",
    payload,
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
            amount={amountOf(data)}
            meeting={meetingDetails(data)}
            bookingUrl={bookingUrl(origin, data.bookingId)}
            receiptUrl={amountOf(data) ? receiptUrl(origin, data.bookingId) : null}
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
}

/** To the customer when a free booking is made (it is confirmed at once). */
export const bookingConfirmed = confirmationKind(sessionPayload, () => null);

/** To the customer when their payment confirms the booking. */
export const bookingPaidConfirmed = confirmationKind(
  sessionPayload.extend({ amountMinor: z.number().int(), currency: z.string() }),
  (data) => formatMoney(data.amountMinor, data.currency),
);
