import * as z from "zod";
import { WebhookEndpointDisabled } from "../../../emails/webhook-endpoint-disabled";
import { defineKind } from "../kind";

/** To an endpoint's owner when persistent failure disabled it (ADR 0030). */
export const webhookEndpointDisabled = defineKind({
  label: "A webhook endpoint was disabled after failing (specialists and admins)",
  audience: ["specialist", "admin"],
  payload: z.object({ endpointId: z.string(), url: z.string(), platform: z.boolean() }),
  // Required: their integration silently stops hearing about bookings until they act.
  channels: { email: { required: true }, in_app: {} },
  email: (data, { recipient, origin }) => ({
    subject: "A webhook endpoint was disabled after failing for a day",
    element: <WebhookEndpointDisabled name={recipient.name} url={data.url} settingsUrl={`${origin}${settingsPath(data)}`} />,
  }),
  inApp: (data) => ({
    title: "Webhook endpoint disabled",
    body: `Deliveries to ${data.url} failed for over a day, so it was disabled.`,
    href: settingsPath(data),
  }),
});

function settingsPath(data: { endpointId: string; platform: boolean }) {
  return `${data.platform ? "/admin" : "/specialist"}/webhooks/${data.endpointId}`;
}
