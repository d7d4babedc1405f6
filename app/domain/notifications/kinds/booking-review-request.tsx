import * as z from "zod";
import { ReviewRequest } from "../../../emails/review-request";
import { formatSessionTime } from "../../../lib/time-format";
import { reviewUrl } from "../booking-session";
import { defineKind } from "../kind";

/** To the customer, once, after a session ended. */
export const bookingReviewRequest = defineKind({
  label: "Review requests after a session",
  payload: z.object({
    bookingId: z.string(),
    sessionTitle: z.string(),
    specialistName: z.string(),
    startsAt: z.iso.datetime(),
  }),
  channels: { email: {}, in_app: {} },
  unsubscribable: true,
  email: (data, { recipient, origin, unsubscribeUrl }) => ({
    subject: `How was your session with ${data.specialistName}?`,
    element: (
      <ReviewRequest
        name={recipient.name}
        sessionTitle={data.sessionTitle}
        specialistName={data.specialistName}
        when={formatSessionTime(new Date(data.startsAt), recipient.timezone)}
        reviewUrl={reviewUrl(origin, data.bookingId)}
        unsubscribeUrl={unsubscribeUrl}
      />
    ),
  }),
  inApp: (data, { recipient }) => ({
    title: `How was your session with ${data.specialistName}?`,
    body: `${data.sessionTitle}, ${formatSessionTime(new Date(data.startsAt), recipient.timezone)}`,
    href: reviewUrl("", data.bookingId),
  }),
});
