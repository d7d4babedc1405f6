import { EmailLayout, Paragraph, SmallPrint } from "./layout";

/** Sent once when a payment arrived for a booking that could no longer be honoured. */
export function BookingPaymentRefunded({
  name,
  specialistName,
  when,
  amount,
  explanation,
}: {
  name: string;
  specialistName: string;
  when: string;
  amount: string;
  explanation: string;
}) {
  return (
    <EmailLayout preview={`We refunded your payment of ${amount}.`} heading="Your payment was refunded">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        {explanation} We refunded your payment of {amount} in full for the session with {specialistName} on {when}.
      </Paragraph>
      <SmallPrint>Refunds usually reach your account within 5–10 business days. You can book another time any time.</SmallPrint>
    </EmailLayout>
  );
}
