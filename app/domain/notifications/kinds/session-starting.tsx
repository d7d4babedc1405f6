import * as z from "zod";
import { formatSessionTime } from "../../../lib/time-format";
import { defineKind } from "../kind";

/** In the app only, to each party, when a confirmed session's start has come. */
export const sessionStarting = defineKind({
  label: "Session starting now",
  payload: z.object({
    bookingId: z.string(),
    sessionTitle: z.string(),
    otherPartyName: z.string(),
    startsAt: z.iso.datetime(),
    meetingUrl: z.string().nullable(),
  }),
  channels: { in_app: {} },
  inApp: (data, { recipient }) => ({
    title: `Starting now: ${data.sessionTitle} with ${data.otherPartyName}`,
    body: `${formatSessionTime(new Date(data.startsAt), recipient.timezone)}${data.meetingUrl ? ". Join from the booking page." : ""}`,
    href: `/bookings/${data.bookingId}`,
  }),
});
