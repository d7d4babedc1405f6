import { ActionLink, Divider, EmailLayout, Paragraph, SmallPrint } from "./layout";

export function VerifyEmail({ name, url, expiresIn }: { name: string; url: string; expiresIn: string }) {
  return (
    <EmailLayout preview="Confirm your email address to finish setting up Specialistly." heading="Confirm your email address">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>Welcome to Specialistly. Please confirm that this is your email address:</Paragraph>
      <ActionLink href={url} label="Confirm email address" />
      <SmallPrint>This link expires in {expiresIn} and can be used once.</SmallPrint>
      <Divider />
      <SmallPrint>If you didn&apos;t create a Specialistly account, you can ignore this email.</SmallPrint>
    </EmailLayout>
  );
}
