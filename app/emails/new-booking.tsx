import { ActionLink, Divider, EmailLayout, Paragraph, SmallPrint } from "./layout";

/** To the specialist, once, when a customer's booking is confirmed. */
export function NewBooking({
  name,
  customerName,
  sessionTitle,
  when,
  customerWhen,
  topic,
  bookingUrl,
}: {
  name: string;
  customerName: string;
  sessionTitle: string;
  when: string;
  /** The same time in the customer's zone, when it differs. */
  customerWhen: string | null;
  topic: string;
  bookingUrl: string;
}) {
  return (
    <EmailLayout preview={`${customerName} booked ${sessionTitle}.`} heading="You have a new booking">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        {customerName} booked your {sessionTitle} for {when}.{customerWhen ? ` For ${customerName} that is ${customerWhen}.` : ""}
      </Paragraph>
      {topic ? <Paragraph>What they&apos;d like to talk about: {topic}</Paragraph> : null}
      <ActionLink href={bookingUrl} label="See the booking" />
      <Divider />
      <SmallPrint>The attached calendar file adds the session to your calendar.</SmallPrint>
    </EmailLayout>
  );
}
