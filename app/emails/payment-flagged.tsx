import { EmailLayout, Paragraph, SmallPrint } from "./layout";

/** To admins: a payment did not match what was asked, so it was refunded instead of confirming anything. */
export function PaymentFlagged({
  name,
  bookingId,
  problem,
  refund,
}: {
  name: string;
  bookingId: string;
  problem: string;
  refund: string;
}) {
  return (
    <EmailLayout preview={`A payment needs review: ${problem}`} heading="A payment needs review">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        A payment for booking {bookingId} was flagged: {problem}. It did not confirm the booking; we refunded {refund}.
      </Paragraph>
      <SmallPrint>Look for the payment's flag in the database (payments.flag) until the admin console lists them.</SmallPrint>
    </EmailLayout>
  );
}
