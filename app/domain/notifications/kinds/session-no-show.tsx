import * as z from "zod";
import { SessionNoShow } from "../../../emails/session-no-show";
import { formatMoney } from "../../../lib/money";
import { formatSessionTime } from "../../../lib/time-format";
import { bookingUrl } from "../booking-session";
import { defineKind } from "../kind";

const payload = z.object({
  bookingId: z.string(),
  sessionTitle: z.string(),
  otherPartyName: z.string(),
  startsAt: z.iso.datetime(),
  /** Who didn't come: the customer (marked by the specialist) or the specialist (found from Zoom's attendance). */
  noShow: z.enum(["customer", "specialist"]),
  recipientRole: z.enum(["customer", "specialist"]),
  /** What goes back to the customer (0: nothing paid, or a customer no-show). */
  refundMinor: z.number().int().nonnegative(),
  currency: z.string(),
});
type Payload = z.infer<typeof payload>;

function wording(data: Payload, zone: string): { title: string; lines: string[] } {
  const when = formatSessionTime(new Date(data.startsAt), zone);
  const refund = data.refundMinor > 0 ? formatMoney(data.refundMinor, data.currency) : null;
  if (data.noShow === "customer") {
    return {
      title: `Marked as a no-show: ${data.sessionTitle}`,
      lines: [
        `${data.otherPartyName} recorded that you didn't come to ${data.sessionTitle} on ${when}.`,
        `A missed session isn't refunded automatically. If you think this is a mistake, please get in touch with ${data.otherPartyName}.`,
      ],
    };
  }
  if (data.recipientRole === "customer") {
    return {
      title: `${data.otherPartyName} didn't join: ${data.sessionTitle}`,
      lines: [
        `${data.otherPartyName} never joined the meeting for ${data.sessionTitle} on ${when}.`,
        refund ? `We're refunding ${refund} to you in full.` : "Nothing was paid, so there's nothing to refund.",
      ],
    };
  }
  return {
    title: `You missed ${data.sessionTitle} with ${data.otherPartyName}`,
    lines: [
      `Zoom reported no join from you for ${data.sessionTitle} with ${data.otherPartyName} on ${when}, while ${data.otherPartyName} was there.`,
      refund ? `The customer gets a full refund of ${refund}.` : "Nothing was paid, so there's nothing to refund.",
    ],
  };
}

/** To the customer marked a no-show; to both parties when the specialist didn't join (with the full refund). */
export const sessionNoShow = defineKind({
  label: "Missed sessions (no-shows)",
  payload,
  // Email is required: it is about money the recipient does or doesn't get back.
  channels: { email: { required: true }, in_app: {} },
  email: (data, { recipient, origin }) => {
    const { title, lines } = wording(data, recipient.timezone);
    return {
      subject: title,
      element: <SessionNoShow name={recipient.name} heading={title} lines={lines} bookingUrl={bookingUrl(origin, data.bookingId)} />,
    };
  },
  inApp: (data, { recipient }) => {
    const { title, lines } = wording(data, recipient.timezone);
    return { title, body: lines.join(" "), href: `/bookings/${data.bookingId}` };
  },
});
