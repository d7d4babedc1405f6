import { ActionLink, EmailLayout, Paragraph, SmallPrint } from "./layout";

/** To an endpoint's owner when its deliveries kept failing and it was turned off. */
export function WebhookEndpointDisabled({ name, url, settingsUrl }: { name: string; url: string; settingsUrl: string }) {
  return (
    <EmailLayout preview={`We stopped sending webhooks to ${url}.`} heading="A webhook endpoint was disabled">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        Deliveries to {url} have failed for over a day without one succeeding, so we disabled the endpoint. Its log shows what it answered.
      </Paragraph>
      <ActionLink href={settingsUrl} label="See the delivery log" />
      <SmallPrint>
        Events from now on aren't sent to it. Fix the receiver, then enable the endpoint again; waiting deliveries go out then.
      </SmallPrint>
    </EmailLayout>
  );
}
