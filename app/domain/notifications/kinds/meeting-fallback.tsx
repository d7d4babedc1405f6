import { and, eq, inArray } from "drizzle-orm";
import * as z from "zod";
import { bookings } from "../../../../db/schema";
import { MeetingFallback } from "../../../emails/meeting-fallback";
import { formatSessionTime } from "../../../lib/time-format";
import { bookingUrl } from "../booking-session";
import { defineKind } from "../kind";

const providerMeeting = { zoom: "a Zoom meeting", google_meet: "a Google Meet" } as const;

/** To both parties, once per booking, when its Zoom meeting or Meet event couldn't be made and the default room link is used. */
export const meetingFallback = defineKind({
  label: "A session's video link changed",
  payload: z.object({
    bookingId: z.string(),
    sessionTitle: z.string(),
    otherPartyName: z.string(),
    startsAt: z.iso.datetime(),
    meetingUrl: z.string(),
    // Notices recorded before Google Meet existed were all about Zoom.
    provider: z.enum(["zoom", "google_meet"]).default("zoom"),
  }),
  // Email is required: an old Zoom link (or none) would otherwise leave a party unable to join.
  channels: { email: { required: true }, in_app: {} },
  email: (data, { recipient, origin }) => ({
    subject: `New video link: ${data.sessionTitle} with ${data.otherPartyName}`,
    element: (
      <MeetingFallback
        name={recipient.name}
        sessionTitle={data.sessionTitle}
        otherPartyName={data.otherPartyName}
        when={formatSessionTime(new Date(data.startsAt), recipient.timezone)}
        meetingUrl={data.meetingUrl}
        providerMeeting={providerMeeting[data.provider]}
        bookingUrl={bookingUrl(origin, data.bookingId)}
      />
    ),
  }),
  inApp: (data) => ({
    title: `New video link for ${data.sessionTitle}`,
    body: `We couldn't set up ${providerMeeting[data.provider]} for your session with ${data.otherPartyName}; it uses the default video room instead.`,
    href: `/bookings/${data.bookingId}`,
  }),
  stillRelevant: async (db, items) => {
    const confirmed = await db
      .select({ id: bookings.id, meetingUrl: bookings.meetingUrl })
      .from(bookings)
      .where(
        and(
          inArray(
            bookings.id,
            items.map((data) => data.bookingId),
          ),
          eq(bookings.status, "confirmed"),
        ),
      );
    const urlOf = new Map(confirmed.map((booking) => [booking.id, booking.meetingUrl]));
    return items.map((data) => urlOf.get(data.bookingId) === data.meetingUrl);
  },
});
