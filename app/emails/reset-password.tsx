import { ActionLink, Divider, EmailLayout, Paragraph, SmallPrint } from "./layout";

export function ResetPassword({ name, url, expiresIn }: { name: string; url: string; expiresIn: string }) {
  return (
    <EmailLayout preview="Choose a new password for your Specialistly account." heading="Reset your password">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>Someone asked to reset the password of your Specialistly account. To choose a new one:</Paragraph>
      <ActionLink href={url} label="Choose a new password" />
      <SmallPrint>This link expires in {expiresIn} and can be used once.</SmallPrint>
      <Divider />
      <SmallPrint>If you didn&apos;t ask for this, you can ignore this email: your password stays the same.</SmallPrint>
    </EmailLayout>
  );
}
