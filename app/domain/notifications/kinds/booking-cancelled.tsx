import * as z from "zod";
import { BookingCancelled } from "../../../emails/booking-cancelled";
import { formatMoney } from "../../../lib/money";
import { formatSessionTime, formatShortSessionTime } from "../../../lib/time-format";
import { bookingUrl } from "../booking-session";
import { defineKind, type Recipient } from "../kind";

const payload = z.object({
  bookingId: z.string(),
  sessionTitle: z.string(),
  otherPartyName: z.string(),
  startsAt: z.iso.datetime(),
  cancelledBy: z.object({ userId: z.string(), name: z.string() }),
  /** Cancelled by an admin, named as the platform, rather than by either party. */
  byPlatform: z.boolean().default(false),
  reason: z.string(),
  /** What goes back to the customer (the cancellation quote); 0 when nothing was paid or nothing is due. */
  refundMinor: z.number().int().nonnegative(),
  currency: z.string(),
  /** Whether anything was paid: "no refund" reads differently from "nothing to refund". */
  paid: z.boolean(),
  /** Who reads it: the customer is told what they get back, the specialist what goes back. */
  recipientRole: z.enum(["customer", "specialist"]),
});
type CancelledData = z.infer<typeof payload>;

const byReader = (data: CancelledData, recipient: Recipient) => data.cancelledBy.userId === recipient.id;

function headline(data: CancelledData, recipient: Recipient) {
  if (byReader(data, recipient)) return `You cancelled ${data.sessionTitle} with ${data.otherPartyName}`;
  return data.byPlatform
    ? `${data.cancelledBy.name} cancelled ${data.sessionTitle} with ${data.otherPartyName}`
    : `${data.otherPartyName} cancelled ${data.sessionTitle}`;
}

function refundLine(data: CancelledData) {
  if (!data.paid) return "Nothing was paid, so there is nothing to refund.";
  const amount = formatMoney(data.refundMinor, data.currency);
  if (data.refundMinor === 0)
    return data.recipientRole === "customer"
      ? "Under the cancellation policy, no refund is due."
      : "Under your cancellation policy, the customer gets no refund.";
  return data.recipientRole === "customer"
    ? `We are refunding ${amount} to you. Refunds usually reach your account within 5–10 business days.`
    : `The customer is refunded ${amount}.`;
}

/** To both parties, once. Cancellations always go by email; by text message too to those who opted in. */
export const bookingCancelled = defineKind({
  label: "Cancelled bookings",
  payload,
  channels: { email: { required: true }, sms: {}, in_app: {} },
  email: (data, { recipient, origin }) => ({
    subject: `Cancelled: ${data.sessionTitle} with ${data.otherPartyName}`,
    element: (
      <BookingCancelled
        name={recipient.name}
        cancelledByReader={byReader(data, recipient)}
        cancelledByPlatform={data.byPlatform ? data.cancelledBy.name : null}
        reason={data.reason}
        sessionTitle={data.sessionTitle}
        otherParty={data.otherPartyName}
        when={formatSessionTime(new Date(data.startsAt), recipient.timezone)}
        refund={refundLine(data)}
        bookingUrl={bookingUrl(origin, data.bookingId)}
      />
    ),
  }),
  sms: (data, { recipient, origin }) => {
    const refund = data.paid && data.refundMinor > 0 ? ` Refund: ${formatMoney(data.refundMinor, data.currency)}.` : "";
    return `Specialistly: ${headline(data, recipient)}, ${formatShortSessionTime(new Date(data.startsAt), recipient.timezone)}.${refund} ${bookingUrl(origin, data.bookingId)} Reply STOP to opt out.`;
  },
  inApp: (data, { recipient }) => ({
    title: headline(data, recipient),
    body: `${formatShortSessionTime(new Date(data.startsAt), recipient.timezone)} · “${data.reason}” · ${refundLine(data)}`,
    href: `/bookings/${data.bookingId}`,
  }),
});
