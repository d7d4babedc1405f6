import { ActionLink, Divider, EmailLayout, Paragraph, SmallPrint } from "./layout";

/** Sent once when a payment confirms a booking. */
export function BookingPaidConfirmed({
  name,
  specialistName,
  sessionTitle,
  when,
  amount,
  meetingUrl,
}: {
  name: string;
  specialistName: string;
  sessionTitle: string;
  when: string;
  amount: string;
  meetingUrl: string;
}) {
  return (
    <EmailLayout preview={`Your session with ${specialistName} is confirmed.`} heading="Your session is confirmed">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        We received your payment of {amount}. Your {sessionTitle} with {specialistName} is booked for {when}.
      </Paragraph>
      <ActionLink href={meetingUrl} label="Join the video call" />
      <Divider />
      <SmallPrint>Keep this email: the link above is how you join at the start time.</SmallPrint>
    </EmailLayout>
  );
}
