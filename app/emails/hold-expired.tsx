import { ActionLink, EmailLayout, Paragraph, SmallPrint } from "./layout";

/** To the customer, once, when an unpaid booking's hold ran out. */
export function HoldExpired({
  name,
  sessionTitle,
  specialistName,
  when,
  bookAgainUrl,
}: {
  name: string;
  sessionTitle: string;
  specialistName: string;
  when: string;
  bookAgainUrl: string;
}) {
  return (
    <EmailLayout preview={`We released the time we held for ${sessionTitle}.`} heading="Your held time was released">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        We held {when} for your {sessionTitle} with {specialistName}, but no payment arrived in time, so the time is open to others again.
        Nothing was charged.
      </Paragraph>
      <ActionLink href={bookAgainUrl} label="Book a time again" />
      <SmallPrint>If you paid just now, we&apos;ll confirm the booking if the time is still free, or refund you in full.</SmallPrint>
    </EmailLayout>
  );
}
