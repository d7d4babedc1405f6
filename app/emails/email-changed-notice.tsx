import { EmailLayout, Paragraph, SmallPrint } from "./layout";

/** Sent to the previous address, so an owner who didn't make the change hears about it. */
export function EmailChangedNotice({ name, oldEmail, newEmail }: { name: string; oldEmail: string; newEmail: string }) {
  return (
    <EmailLayout preview="The email address of your Specialistly account was changed." heading="Your email address was changed">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        The email address of your Specialistly account was changed from {oldEmail} to {newEmail}. From now on, log in with the new address.
        We signed the account out on every device.
      </Paragraph>
      <SmallPrint>If you didn&apos;t make this change, reply to this email right away so we can help you secure your account.</SmallPrint>
    </EmailLayout>
  );
}
