import * as z from "zod";
import { SpecialistApproved, SpecialistRejected } from "../../../emails/specialist-approval";
import { defineKind } from "../kind";

// The admin's decision on a specialist's profile (ADR 0019). One preference for both: they read as
// one thing, "what happened to my profile".
const preference = "specialist-approval";
const label = "Profile approval (specialists)";
const practicePath = "/specialist/profile";

export const specialistApproved = defineKind({
  label,
  preference,
  audience: ["specialist"],
  payload: z.object({ specialistId: z.string(), slug: z.string(), listed: z.boolean() }),
  channels: { email: {}, in_app: {} },
  email: (data, { recipient, origin }) => ({
    subject: "Your profile is approved",
    element: (
      <SpecialistApproved
        name={recipient.name}
        listed={data.listed}
        profileUrl={`${origin}${data.listed ? `/s/${data.slug}` : practicePath}`}
      />
    ),
  }),
  inApp: (data) => ({
    title: "Your profile is approved",
    body: data.listed
      ? "It is in the directory now and clients can book you."
      : "It lists once it is published with an active session type and weekly hours.",
    href: data.listed ? `/s/${data.slug}` : practicePath,
  }),
});

export const specialistRejected = defineKind({
  label,
  preference,
  audience: ["specialist"],
  payload: z.object({ specialistId: z.string(), reason: z.string() }),
  channels: { email: {}, in_app: {} },
  email: (data, { recipient, origin }) => ({
    subject: "Your profile wasn't approved",
    element: <SpecialistRejected name={recipient.name} reason={data.reason} profileUrl={`${origin}${practicePath}`} />,
  }),
  inApp: (data) => ({
    title: "Your profile wasn't approved",
    body: data.reason.slice(0, 140),
    href: practicePath,
  }),
});
