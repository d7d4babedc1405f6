import { NewBooking } from "../../../emails/new-booking";
import { formatSessionTime } from "../../../lib/time-format";
import { bookingUrl, calendarAttachment, otherPartyTime, sessionPayload } from "../booking-session";
import { defineKind } from "../kind";

/** To the specialist when a booking of theirs is confirmed (free at once, paid on payment). */
export const bookingNew = defineKind({
  label: "New bookings (specialists)",
  payload: sessionPayload,
  channels: { email: {}, in_app: {} },
  email: (data, { recipient, origin }) => {
    const startsAt = new Date(data.startsAt);
    return {
      subject: `New booking: ${data.sessionTitle} with ${data.otherPartyName}`,
      element: (
        <NewBooking
          name={recipient.name}
          customerName={data.otherPartyName}
          sessionTitle={data.sessionTitle}
          when={formatSessionTime(startsAt, recipient.timezone)}
          customerWhen={otherPartyTime(startsAt, data, recipient.timezone)}
          topic={data.topic}
          bookingUrl={bookingUrl(origin, data.bookingId)}
        />
      ),
      attachments: [calendarAttachment(data, origin)],
    };
  },
  inApp: (data, { recipient }) => ({
    title: `New booking: ${data.sessionTitle} with ${data.otherPartyName}`,
    body: formatSessionTime(new Date(data.startsAt), recipient.timezone),
    href: `/bookings/${data.bookingId}`,
  }),
});
