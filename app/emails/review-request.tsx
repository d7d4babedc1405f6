import { ActionLink, Divider, EmailLayout, Paragraph, UnsubscribeNote } from "./layout";

/** To the customer, once, after a session ended. */
export function ReviewRequest({
  name,
  sessionTitle,
  specialistName,
  when,
  reviewUrl,
  unsubscribeUrl,
}: {
  name: string;
  sessionTitle: string;
  specialistName: string;
  when: string;
  reviewUrl: string;
  unsubscribeUrl: string | null;
}) {
  return (
    <EmailLayout preview={`How was your session with ${specialistName}?`} heading={`How was your session with ${specialistName}?`}>
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        Your {sessionTitle} with {specialistName} on {when} has ended. A few words about it help others choose, and help {specialistName}{" "}
        too.
      </Paragraph>
      <ActionLink href={reviewUrl} label="Leave a review" />
      {unsubscribeUrl ? (
        <>
          <Divider />
          <UnsubscribeNote href={unsubscribeUrl} what="review requests" />
        </>
      ) : null}
    </EmailLayout>
  );
}
