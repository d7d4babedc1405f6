import * as z from "zod";
import { NewReview } from "../../../emails/new-review";
import { reviewUrl } from "../booking-session";
import { defineKind } from "../kind";

/** To the specialist when a customer reviews one of their sessions. */
export const reviewNew = defineKind({
  label: "New reviews (specialists)",
  audience: ["specialist"],
  payload: z.object({
    reviewId: z.string(),
    bookingId: z.string(),
    customerName: z.string(),
    sessionTitle: z.string(),
    overall: z.number().int().min(1).max(5),
    comment: z.string(),
  }),
  channels: { email: {}, in_app: {} },
  email: (data, { recipient, origin }) => ({
    subject: `New review from ${data.customerName}: ${data.overall} of 5`,
    element: (
      <NewReview
        name={recipient.name}
        customerName={data.customerName}
        sessionTitle={data.sessionTitle}
        overall={data.overall}
        comment={data.comment}
        reviewUrl={reviewUrl(origin, data.bookingId)}
      />
    ),
  }),
  inApp: (data) => ({
    title: `New review from ${data.customerName}: ${data.overall} of 5`,
    body: data.comment ? data.comment.slice(0, 140) : data.sessionTitle,
    href: reviewUrl("", data.bookingId),
  }),
});
