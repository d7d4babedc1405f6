import { EmailLayout, Paragraph, SmallPrint } from "./layout";

/** To admins: a payment needs a person (paid the wrong amount, disputed, or its refund failed). */
export function PaymentFlagged({
  name,
  bookingId,
  problem,
  refund,
}: {
  name: string;
  bookingId: string;
  problem: string;
  /** What was refunded instead of confirming the booking, when that is what happened. */
  refund?: string;
}) {
  return (
    <EmailLayout preview={`A payment needs review: ${problem}`} heading="A payment needs review">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        A payment for booking {bookingId} was flagged: {problem}.{refund ? ` It did not confirm the booking; we refunded ${refund}.` : ""}
      </Paragraph>
      <SmallPrint>Look for the payment's flag in the database (payments.flag) until the admin console lists them.</SmallPrint>
    </EmailLayout>
  );
}
