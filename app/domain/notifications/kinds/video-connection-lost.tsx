import * as z from "zod";
import { VideoConnectionLost } from "../../../emails/video-connection-lost";
import { defineKind } from "../kind";

const providerLabels = { zoom: "Zoom", google: "Google" } as const;

/** To the specialist when a connected video account stops working; they must reconnect it. */
export const videoConnectionLost = defineKind({
  label: "A video connection stopped working (specialists)",
  audience: ["specialist"],
  payload: z.object({ provider: z.enum(["zoom", "google"]) }),
  // Email is required: without the connection their sessions quietly lose their meetings.
  channels: { email: { required: true }, in_app: {} },
  email: (data, { recipient, origin }) => ({
    subject: `Reconnect ${providerLabels[data.provider]} to keep your session links`,
    element: (
      <VideoConnectionLost name={recipient.name} provider={providerLabels[data.provider]} reconnectUrl={`${origin}/specialist/video`} />
    ),
  }),
  inApp: (data) => ({
    title: `${providerLabels[data.provider]} is disconnected`,
    body: `${providerLabels[data.provider]} stopped accepting our access to your account. Reconnect it to keep getting meeting links.`,
    href: "/specialist/video",
  }),
});
