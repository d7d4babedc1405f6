import { ActionLink, EmailLayout, Paragraph } from "./layout";

/** To a party of a session someone didn't come to: what was recorded and what happens to the money. */
export function SessionNoShow({
  name,
  heading,
  lines,
  bookingUrl,
}: {
  name: string;
  heading: string;
  lines: string[];
  bookingUrl: string;
}) {
  return (
    <EmailLayout preview={heading} heading={heading}>
      <Paragraph>Hi {name},</Paragraph>
      {lines.map((line) => (
        <Paragraph key={line}>{line}</Paragraph>
      ))}
      <ActionLink href={bookingUrl} label="See the booking" />
    </EmailLayout>
  );
}
