import * as z from "zod";
import { BookingRescheduled } from "../../../emails/booking-rescheduled";
import { formatSessionTime, formatShortSessionTime } from "../../../lib/time-format";
import { bookingUrl, calendarAttachment, otherPartyTime, sessionPayload } from "../booking-session";
import { meetingDetails } from "../../booking/meeting-details";
import { defineKind, type Recipient } from "../kind";

const payload = sessionPayload.extend({
  previousStartsAt: z.iso.datetime(),
  movedBy: z.object({ userId: z.string(), name: z.string() }),
});

const byReader = (data: z.infer<typeof payload>, recipient: Recipient) => data.movedBy.userId === recipient.id;

function headline(data: z.infer<typeof payload>, recipient: Recipient) {
  return byReader(data, recipient)
    ? `You moved ${data.sessionTitle} with ${data.otherPartyName}`
    : `${data.otherPartyName} moved ${data.sessionTitle}`;
}

/** To both parties, once per move, with the calendar file that replaces the old event. */
export const bookingRescheduled = defineKind({
  label: "Bookings moved to a new time",
  payload,
  channels: { email: {}, in_app: {} },
  email: (data, { recipient, origin }) => {
    const startsAt = new Date(data.startsAt);
    return {
      subject: `Moved: ${data.sessionTitle} with ${data.otherPartyName} is now ${formatShortSessionTime(startsAt, recipient.timezone)}`,
      element: (
        <BookingRescheduled
          name={recipient.name}
          movedByReader={byReader(data, recipient)}
          sessionTitle={data.sessionTitle}
          otherParty={data.otherPartyName}
          oldWhen={formatSessionTime(new Date(data.previousStartsAt), recipient.timezone)}
          newWhen={formatSessionTime(startsAt, recipient.timezone)}
          otherPartyNewWhen={otherPartyTime(startsAt, data, recipient.timezone)}
          meeting={meetingDetails(data)}
          bookingUrl={bookingUrl(origin, data.bookingId)}
        />
      ),
      attachments: [calendarAttachment(data, origin)],
    };
  },
  inApp: (data, { recipient }) => ({
    title: headline(data, recipient),
    body: `${formatShortSessionTime(new Date(data.previousStartsAt), recipient.timezone)} → ${formatShortSessionTime(new Date(data.startsAt), recipient.timezone)}`,
    href: `/bookings/${data.bookingId}`,
  }),
});
