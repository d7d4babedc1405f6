import { ActionLink, EmailLayout, Paragraph } from "./layout";

/** To the specialist when an admin approves their profile. */
export function SpecialistApproved({ name, listed, profileUrl }: { name: string; listed: boolean; profileUrl: string }) {
  return (
    <EmailLayout preview="An admin approved your profile." heading="Your profile is approved">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        {listed
          ? "An admin approved your profile: it is in the directory now and clients can book you."
          : "An admin approved your profile. It lists once it is published with an active session type and weekly hours: your profile page says what is missing."}
      </Paragraph>
      <ActionLink href={profileUrl} label={listed ? "See your profile" : "Go to your profile"} />
    </EmailLayout>
  );
}

/** To the specialist when an admin doesn't approve their profile, with the admin's reason. */
export function SpecialistRejected({ name, reason, profileUrl }: { name: string; reason: string; profileUrl: string }) {
  return (
    <EmailLayout preview="Your profile wasn't approved yet; here is why." heading="Your profile wasn't approved">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>An admin looked at your profile and didn't approve it yet. Their reason:</Paragraph>
      <Paragraph>“{reason}”</Paragraph>
      <Paragraph>Edit your profile, then resubmit it for review from the profile page.</Paragraph>
      <ActionLink href={profileUrl} label="Edit and resubmit" />
    </EmailLayout>
  );
}
