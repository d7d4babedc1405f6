import { ActionLink, EmailLayout, Paragraph, SmallPrint } from "./layout";

/** To both parties when a session's Zoom meeting or Meet event couldn't be set up and it uses the default room instead. */
export function MeetingFallback({
  name,
  sessionTitle,
  otherPartyName,
  when,
  meetingUrl,
  providerMeeting,
  bookingUrl,
}: {
  name: string;
  sessionTitle: string;
  otherPartyName: string;
  when: string;
  meetingUrl: string;
  /** "a Zoom meeting" or "a Google Meet". */
  providerMeeting: string;
  bookingUrl: string;
}) {
  return (
    <EmailLayout preview={`${sessionTitle} has a new video link.`} heading="Your session has a new video link">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        We couldn't set up {providerMeeting} for {sessionTitle} with {otherPartyName} on {when}. The session still goes ahead: join it with
        this link instead.
      </Paragraph>
      <ActionLink href={meetingUrl} label="Join the video call" />
      <SmallPrint>
        The booking page always shows the current link: <a href={bookingUrl}>{bookingUrl}</a>
      </SmallPrint>
    </EmailLayout>
  );
}
