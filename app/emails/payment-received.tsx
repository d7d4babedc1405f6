import { ActionLink, EmailLayout, Paragraph, SmallPrint } from "./layout";

/** The customer's receipt, once per payment kept for a booking. */
export function PaymentReceived({
  name,
  amount,
  paidOn,
  sessionTitle,
  specialistName,
  when,
  receiptUrl,
}: {
  name: string;
  amount: string;
  paidOn: string;
  sessionTitle: string;
  specialistName: string;
  when: string;
  receiptUrl: string;
}) {
  return (
    <EmailLayout preview={`Receipt: ${amount} paid for ${sessionTitle}.`} heading="Payment received">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        We received your payment of {amount} on {paidOn} for the {sessionTitle} with {specialistName} on {when}.
      </Paragraph>
      <ActionLink href={receiptUrl} label="See the payment details" />
      <SmallPrint>Keep this email as your receipt.</SmallPrint>
    </EmailLayout>
  );
}
