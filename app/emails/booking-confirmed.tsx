import type { MeetingDetails } from "../domain/booking/meeting-details";
import { Divider, EmailLayout, Paragraph, SmallPrint } from "./layout";
import { MeetingBlock } from "./meeting-details";

/** To the customer, once, when a booking is confirmed (free at once, paid when the payment arrives). */
export function BookingConfirmed({
  name,
  specialistName,
  sessionTitle,
  when,
  specialistWhen,
  amount,
  meeting,
  bookingUrl,
  receiptUrl,
}: {
  name: string;
  specialistName: string;
  sessionTitle: string;
  when: string;
  /** The same time in the specialist's zone, when it differs. */
  specialistWhen: string | null;
  /** What was paid; null for a free session. */
  amount: string | null;
  /** Where the session meets; null while a provider's meeting is being made (the booking page will show it). */
  meeting: MeetingDetails | null;
  bookingUrl: string;
  /** The printable receipt, for a paid session. */
  receiptUrl: string | null;
}) {
  return (
    <EmailLayout preview={`Your session with ${specialistName} is confirmed.`} heading="Your session is confirmed">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        {amount ? `We received your payment of ${amount}. ` : ""}Your {sessionTitle} with {specialistName} is booked for {when}.
        {specialistWhen ? ` For ${specialistName} that is ${specialistWhen}.` : ""}
      </Paragraph>
      {meeting ? <MeetingBlock meeting={meeting} /> : null}
      <Divider />
      <SmallPrint>
        The attached calendar file adds the session to your calendar. Keep this email: the link above is how you join at the start time.
      </SmallPrint>
      <SmallPrint>To move or cancel, open the booking: {bookingUrl}</SmallPrint>
      {receiptUrl ? <SmallPrint>Your receipt, to view or print: {receiptUrl}</SmallPrint> : null}
    </EmailLayout>
  );
}
