import { Divider, EmailLayout, Paragraph, SmallPrint } from "./layout";

/** To both parties, once, when a booking is cancelled. */
export function BookingCancelled({
  name,
  cancelledByReader,
  cancelledByPlatform,
  reason,
  sessionTitle,
  otherParty,
  when,
  refund,
  bookingUrl,
}: {
  name: string;
  /** Whether the reader cancelled it themselves (else the other party did). */
  cancelledByReader: boolean;
  /** The platform's name when an admin cancelled it (then neither party did). */
  cancelledByPlatform: string | null;
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
        {cancelledByReader
          ? `You cancelled your ${sessionTitle} with ${otherParty}`
          : cancelledByPlatform
            ? `${cancelledByPlatform} cancelled your ${sessionTitle} with ${otherParty}`
            : `${otherParty} cancelled your ${sessionTitle}`}{" "}
        on {when}.
      </Paragraph>
      <Paragraph>Reason given: “{reason}”</Paragraph>
      <Paragraph>{refund}</Paragraph>
      <Divider />
      <SmallPrint>The booking and its history stay at {bookingUrl}</SmallPrint>
    </EmailLayout>
  );
}
