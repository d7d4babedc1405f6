import type { MeetingDetails } from "../domain/booking/meeting-details";
import { ActionLink, SmallPrint } from "./layout";

/** Where the session meets, labelled as on the booking page: the join button, then Zoom's meeting ID and passcode. */
export function MeetingBlock({ meeting }: { meeting: MeetingDetails }) {
  return (
    <>
      <ActionLink href={meeting.url} label={meeting.joinLabel} />
      <SmallPrint>
        {meeting.label}: {meeting.url}
        {meeting.meetingId ? ` · Meeting ID: ${meeting.meetingId}` : ""}
        {meeting.passcode ? ` · Passcode: ${meeting.passcode}` : ""}
      </SmallPrint>
    </>
  );
}
