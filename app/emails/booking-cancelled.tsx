import { Divider, EmailLayout, Paragraph, SmallPrint } from "./layout";

/** To both parties, once, when a booking is cancelled. */
export function BookingCancelled({
  name,
  cancelledBy,
  reason,
  sessionTitle,
  otherParty,
  when,
  refund,
  bookingUrl,
}: {
  name: string;
  /** "You" or the other party's name. */
  cancelledBy: string;
  reason: string;
  sessionTitle: string;
  otherParty: string;
  when: string;
  /** What the refund is, said for this reader. */
  refund: string;
  bookingUrl: string;
}) {
  return (
    <EmailLayout preview={`${sessionTitle} with ${otherParty} on ${when} is cancelled.`} heading="Your session is cancelled">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        {cancelledBy} cancelled the {sessionTitle} with {otherParty} on {when}.
      </Paragraph>
      <Paragraph>Reason given: “{reason}”</Paragraph>
      <Paragraph>{refund}</Paragraph>
      <Divider />
      <SmallPrint>The booking and its history stay at {bookingUrl}</SmallPrint>
    </EmailLayout>
  );
}
