import type { MeetingDetails } from "../domain/booking/meeting-details";
import { Divider, EmailLayout, Paragraph, SmallPrint, UnsubscribeNote } from "./layout";
import { MeetingBlock } from "./meeting-details";

/** 24 hours or 1 hour before a session, to each party. */
export function SessionReminder({
  name,
  lead,
  sessionTitle,
  otherParty,
  when,
  otherPartyWhen,
  meeting,
  bookingUrl,
  unsubscribeUrl,
}: {
  name: string;
  /** "within a day" or "in an hour" */
  lead: string;
  sessionTitle: string;
  otherParty: string;
  when: string;
  /** The same time in the other party's zone, when it differs. */
  otherPartyWhen: string | null;
  /** Where the session meets; null while it has no link yet. */
  meeting: MeetingDetails | null;
  bookingUrl: string;
  unsubscribeUrl: string | null;
}) {
  return (
    <EmailLayout preview={`${sessionTitle} with ${otherParty} starts ${lead}.`} heading={`Your session starts ${lead}`}>
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        Your {sessionTitle} with {otherParty} is on {when}.{otherPartyWhen ? ` For ${otherParty} that is ${otherPartyWhen}.` : ""}
      </Paragraph>
      {meeting ? <MeetingBlock meeting={meeting} /> : null}
      <SmallPrint>Need to move or cancel? Manage the booking at {bookingUrl}</SmallPrint>
      {unsubscribeUrl ? (
        <>
          <Divider />
          <UnsubscribeNote href={unsubscribeUrl} what="session reminders" />
        </>
      ) : null}
    </EmailLayout>
  );
}
