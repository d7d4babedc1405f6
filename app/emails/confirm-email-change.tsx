import { ActionLink, Divider, EmailLayout, Paragraph, SmallPrint } from "./layout";

export function ConfirmEmailChange({ name, newEmail, url, expiresIn }: { name: string; newEmail: string; url: string; expiresIn: string }) {
  return (
    <EmailLayout preview="Confirm your new email address for Specialistly." heading="Confirm your new email address">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>You asked to use {newEmail} for your Specialistly account. Nothing changes until you confirm:</Paragraph>
      <ActionLink href={url} label="Confirm new email address" />
      <SmallPrint>
        This link expires in {expiresIn} and can be used once. After confirming, you&apos;ll log in with this address.
      </SmallPrint>
      <Divider />
      <SmallPrint>If you didn&apos;t ask for this, you can ignore this email: your account keeps its current address.</SmallPrint>
    </EmailLayout>
  );
}
