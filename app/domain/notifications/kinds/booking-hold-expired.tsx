import * as z from "zod";
import { HoldExpired } from "../../../emails/hold-expired";
import { formatSessionTime } from "../../../lib/time-format";
import { defineKind } from "../kind";

/** To the customer, once, when the time held for an unpaid booking is released. */
export const bookingHoldExpired = defineKind({
  label: "Held times released (unpaid bookings)",
  payload: z.object({
    bookingId: z.string(),
    sessionTitle: z.string(),
    specialistName: z.string(),
    specialistSlug: z.string(),
    startsAt: z.iso.datetime(),
  }),
  channels: { email: {}, in_app: {} },
  email: (data, { recipient, origin }) => ({
    subject: `Not booked: the time for ${data.sessionTitle} with ${data.specialistName} was released`,
    element: (
      <HoldExpired
        name={recipient.name}
        sessionTitle={data.sessionTitle}
        specialistName={data.specialistName}
        when={formatSessionTime(new Date(data.startsAt), recipient.timezone)}
        bookAgainUrl={`${origin}/s/${data.specialistSlug}`}
      />
    ),
  }),
  inApp: (data, { recipient }) => ({
    title: `Time released: ${data.sessionTitle} with ${data.specialistName}`,
    body: `No payment arrived for ${formatSessionTime(new Date(data.startsAt), recipient.timezone)}; nothing was charged.`,
    href: `/bookings/${data.bookingId}`,
  }),
});
