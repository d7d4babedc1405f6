import { ActionLink, EmailLayout, Paragraph } from "./layout";

/** To the specialist, once, when a customer reviews a session. */
export function NewReview({
  name,
  customerName,
  sessionTitle,
  overall,
  comment,
  reviewUrl,
}: {
  name: string;
  customerName: string;
  sessionTitle: string;
  overall: number;
  comment: string;
  reviewUrl: string;
}) {
  return (
    <EmailLayout preview={`${customerName} rated your ${sessionTitle} ${overall} of 5.`} heading="You have a new review">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        {customerName} reviewed your {sessionTitle}: {overall} of 5 stars.
      </Paragraph>
      {comment ? <Paragraph>“{comment}”</Paragraph> : null}
      <ActionLink href={reviewUrl} label="Read and respond" />
    </EmailLayout>
  );
}
