import { ActionLink, EmailLayout, Paragraph, SmallPrint } from "./layout";

export function PasswordChangedNotice({ name, resetUrl }: { name: string; resetUrl: string }) {
  return (
    <EmailLayout preview="The password of your Specialistly account was changed." heading="Your password was changed">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        The password of your Specialistly account was just changed, and we signed the account out on every device. If this was you,
        there&apos;s nothing else to do.
      </Paragraph>
      <SmallPrint>If you didn&apos;t change it, reset your password now to lock anyone else out:</SmallPrint>
      <ActionLink href={resetUrl} label="Reset my password" />
    </EmailLayout>
  );
}
