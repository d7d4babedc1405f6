import { BookingConfirmed } from "../../../emails/booking-confirmed";
import { formatSessionTime } from "../../../lib/time-format";
import { bookingUrl, calendarAttachment, otherPartyTime, sessionPayload } from "../booking-session";
import { defineKind } from "../kind";

/** To the customer when a free booking is made (it is confirmed at once). */
export const bookingConfirmed = defineKind({
  label: "Booking confirmations",
  preference: "booking-confirmed",
  payload: sessionPayload,
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
          amount={null}
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
