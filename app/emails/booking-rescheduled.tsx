import { ActionLink, Divider, EmailLayout, Paragraph, SmallPrint } from "./layout";

/** To both parties, once per move. */
export function BookingRescheduled({
  name,
  movedBy,
  sessionTitle,
  otherParty,
  oldWhen,
  newWhen,
  otherPartyNewWhen,
  bookingUrl,
}: {
  name: string;
  /** "You" or the other party's name. */
  movedBy: string;
  sessionTitle: string;
  otherParty: string;
  oldWhen: string;
  newWhen: string;
  /** The new time in the other party's zone, when it differs. */
  otherPartyNewWhen: string | null;
  bookingUrl: string;
}) {
  return (
    <EmailLayout preview={`${sessionTitle} with ${otherParty} moved to ${newWhen}.`} heading="Your session has a new time">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        {movedBy} moved your {sessionTitle} with {otherParty}.
      </Paragraph>
      <Paragraph>
        Was: {oldWhen}
        <br />
        Now: {newWhen}
        {otherPartyNewWhen ? ` (for ${otherParty}: ${otherPartyNewWhen})` : ""}
      </Paragraph>
      <ActionLink href={bookingUrl} label="See the booking" />
      <Divider />
      <SmallPrint>The attached calendar file updates the session already in your calendar.</SmallPrint>
    </EmailLayout>
  );
}
