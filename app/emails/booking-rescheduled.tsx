import type { MeetingDetails } from "../domain/booking/meeting-details";
import { ActionLink, Divider, EmailLayout, Paragraph, SmallPrint } from "./layout";
import { MeetingBlock } from "./meeting-details";

/** To both parties, once per move. */
export function BookingRescheduled({
  name,
  movedByReader,
  sessionTitle,
  otherParty,
  oldWhen,
  newWhen,
  otherPartyNewWhen,
  meeting,
  bookingUrl,
}: {
  name: string;
  /** Whether the reader moved it themselves (else the other party did). */
  movedByReader: boolean;
  sessionTitle: string;
  otherParty: string;
  oldWhen: string;
  newWhen: string;
  /** The new time in the other party's zone, when it differs. */
  otherPartyNewWhen: string | null;
  /** Where the session meets (the same link as before the move). */
  meeting: MeetingDetails | null;
  bookingUrl: string;
}) {
  return (
    <EmailLayout preview={`${sessionTitle} with ${otherParty} moved to ${newWhen}.`} heading="Your session has a new time">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        {movedByReader ? `You moved your ${sessionTitle} with ${otherParty}.` : `${otherParty} moved your ${sessionTitle}.`}
      </Paragraph>
      <Paragraph>
        Was: {oldWhen}
        <br />
        Now: {newWhen}
      </Paragraph>
      {otherPartyNewWhen ? (
        <Paragraph>
          For {otherParty} the new time is {otherPartyNewWhen}.
        </Paragraph>
      ) : null}
      {meeting ? <MeetingBlock meeting={meeting} /> : null}
      <ActionLink href={bookingUrl} label="See the booking" />
      <Divider />
      <SmallPrint>The attached calendar file updates the session already in your calendar.</SmallPrint>
    </EmailLayout>
  );
}
