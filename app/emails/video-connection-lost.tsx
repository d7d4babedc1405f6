import { ActionLink, EmailLayout, Paragraph, SmallPrint } from "./layout";

/** To the specialist when their video provider stops accepting our access (revoked or expired). */
export function VideoConnectionLost({ name, provider, reconnectUrl }: { name: string; provider: string; reconnectUrl: string }) {
  return (
    <EmailLayout preview={`${provider} is no longer connected to Specialistly.`} heading={`Reconnect ${provider}`}>
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        {provider} stopped accepting Specialistly's access to your account, perhaps because the app was removed in {provider} or the access
        expired. Until you reconnect, new sessions can't get {provider} meetings.
      </Paragraph>
      <ActionLink href={reconnectUrl} label={`Reconnect ${provider}`} />
      <SmallPrint>Nothing was deleted: your bookings are unchanged.</SmallPrint>
    </EmailLayout>
  );
}
