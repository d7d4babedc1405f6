import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, isNull, ne } from "drizzle-orm";
import { createElement, type ReactElement } from "react";
import { credentials, users, verificationPurposes } from "../../../db/schema";
import { ConfirmEmailChange } from "../../emails/confirm-email-change";
import { EmailChangedNotice } from "../../emails/email-changed-notice";
import { PasswordChangedNotice } from "../../emails/password-changed-notice";
import { renderEmail } from "../../emails/render.server";
import { ResetPassword } from "../../emails/reset-password";
import { VerifyEmail } from "../../emails/verify-email";
import { isUniqueViolation } from "../../lib/db-errors";
import { normalizeEmail } from "./auth.server";
import {
  checkEmailToken,
  consumeEmailToken,
  describeLifetime,
  issueEmailToken,
  lastEmailTokenIssuedAt,
  revokeEmailTokens,
  type EmailTokenCheck,
  type EmailTokenProblem,
} from "./email-tokens.server";
import { passwordProblem } from "./password-policy";
import { emailSchema } from "./schemas";
import { invalidateUserSessions } from "./sessions.server";

type MailContext = Pick<AppLoadContext, "db" | "clock" | "mailer">;
type PasswordContext = MailContext & Pick<AppLoadContext, "passwords">;
type Recipient = { id: string; email: string; name: string };
type Failure = { ok: false; message: string };

/** A second link of the same kind within this time is not sent, so nobody can flood an inbox. */
export const emailResendCooldownMs = 60 * 1000;

export async function sendEmailVerification(context: MailContext, user: Recipient, origin: string): Promise<void> {
  const { token } = await issueEmailToken(context.db, {
    userId: user.id,
    purpose: "verify_email",
    email: user.email,
    now: context.clock.now(),
  });
  await sendEmail(context, {
    to: user.email,
    subject: "Confirm your email address for Specialistly",
    template: "verify-email",
    element: createElement(VerifyEmail, {
      name: user.name,
      url: linkTo(origin, "/verify-email", token),
      expiresIn: describeLifetime("verify_email"),
    }),
  });
}

export type ResendVerificationResult = "sent" | "already-verified" | "too-soon";

/** The signed-in user's "send me a new link" button. */
export async function resendEmailVerification(
  context: MailContext,
  user: Recipient & { emailVerifiedAt: Date | null },
  origin: string,
): Promise<ResendVerificationResult> {
  if (user.emailVerifiedAt) return "already-verified";
  if (await sentRecently(context, user.id, "verify_email")) return "too-soon";
  await sendEmailVerification(context, user, origin);
  return "sent";
}

/** What the confirm page shows before anything is used up (mail scanners open links too). */
export async function inspectVerificationLink(
  context: Pick<AppLoadContext, "db" | "clock">,
  token: string,
): Promise<{ ok: true; purpose: "verify_email" | "change_email"; email: string } | Failure> {
  const check = await checkEmailToken(context.db, token, ["verify_email", "change_email"], context.clock.now());
  if (!check.ok) return { ok: false, message: linkProblemMessage(check.problem) };
  return { ok: true, purpose: check.purpose === "change_email" ? "change_email" : "verify_email", email: check.email };
}

export async function verifyEmailToken(
  context: MailContext,
  token: string,
): Promise<{ ok: true; purpose: "verify_email" | "change_email"; userId: string } | Failure> {
  const now = context.clock.now();
  const claim = await consumeEmailToken(context.db, token, ["verify_email", "change_email"], now);
  if (!claim.ok) return { ok: false, message: linkProblemMessage(claim.problem) };
  return claim.purpose === "change_email" ? completeEmailChange(context, claim, now) : markEmailVerified(context, claim, now);
}

async function markEmailVerified(context: MailContext, claim: ClaimedToken, now: Date) {
  // A link sent to an address the account no longer uses proves nothing about the current one.
  const updated = await context.db
    .update(users)
    .set({ emailVerifiedAt: now })
    .where(and(eq(users.id, claim.userId), eq(users.email, claim.email)))
    .returning({ id: users.id });
  if (updated.length === 0) {
    return { ok: false as const, message: "This link was sent to an email address that is no longer on your account." };
  }
  return { ok: true as const, purpose: "verify_email" as const, userId: claim.userId };
}

async function completeEmailChange(context: MailContext, claim: ClaimedToken, now: Date) {
  const [user] = await context.db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, claim.userId))
    .limit(1);
  if (!user) return { ok: false as const, message: linkProblemMessage("invalid") };
  const taken = {
    ok: false as const,
    message: `Another account started using ${claim.email} in the meantime, so your account still uses ${user.email}.`,
  };
  if (await emailTakenByAnotherUser(context, claim.email, user.id)) return taken;
  try {
    // A bounce belonged to the old address: the new one gets email again.
    await context.db
      .update(users)
      .set({ email: claim.email, emailVerifiedAt: now, emailBouncedAt: null, emailBounceReason: null })
      .where(eq(users.id, user.id));
  } catch (error) {
    if (isUniqueViolation(error)) return taken;
    throw error;
  }
  // Links sent to the old address must not act on the account any more, and every device logs in again.
  await revokeEmailTokens(context.db, user.id, verificationPurposes);
  await invalidateUserSessions(context.db, user.id);
  await sendEmail(context, {
    to: user.email,
    subject: "Your Specialistly email address was changed",
    template: "email-changed-notice",
    element: createElement(EmailChangedNotice, { name: user.name, oldEmail: user.email, newEmail: claim.email }),
  });
  return { ok: true as const, purpose: "change_email" as const, userId: user.id };
}

export async function requestEmailChange(
  context: MailContext,
  user: Recipient,
  newEmail: string,
  origin: string,
): Promise<{ ok: true } | Failure> {
  const parsed = emailSchema.safeParse(newEmail);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Enter a valid email address." };
  const email = parsed.data;
  if (email === normalizeEmail(user.email)) return { ok: false, message: "That's already your email address." };
  if (await emailTakenByAnotherUser(context, email, user.id)) {
    return { ok: false, message: "Another account already uses that email address." };
  }
  const { token } = await issueEmailToken(context.db, {
    userId: user.id,
    purpose: "change_email",
    email,
    now: context.clock.now(),
  });
  await sendEmail(context, {
    to: email,
    subject: "Confirm your new email address for Specialistly",
    template: "confirm-email-change",
    element: createElement(ConfirmEmailChange, {
      name: user.name,
      newEmail: email,
      url: linkTo(origin, "/verify-email", token),
      expiresIn: describeLifetime("change_email"),
    }),
  });
  return { ok: true };
}

/** Looks and answers the same whether or not the account exists, so it can't be used to probe emails. */
export async function requestPasswordReset(context: MailContext, email: string, origin: string): Promise<void> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) return;
  const [user] = await context.db
    .select({ id: users.id, email: users.email, name: users.name, status: users.status })
    .from(users)
    .where(eq(users.email, parsed.data))
    .limit(1);
  if (!user || user.status !== "active") return;
  if (await sentRecently(context, user.id, "reset_password")) return;
  const { token } = await issueEmailToken(context.db, {
    userId: user.id,
    purpose: "reset_password",
    email: user.email,
    now: context.clock.now(),
  });
  await sendEmail(context, {
    to: user.email,
    subject: "Reset your Specialistly password",
    template: "reset-password",
    element: createElement(ResetPassword, {
      name: user.name,
      url: linkTo(origin, "/reset-password", token),
      expiresIn: describeLifetime("reset_password"),
    }),
  });
}

export async function inspectPasswordResetLink(
  context: Pick<AppLoadContext, "db" | "clock">,
  token: string,
): Promise<{ ok: true; email: string } | Failure> {
  const check = await checkEmailToken(context.db, token, ["reset_password"], context.clock.now());
  return check.ok ? { ok: true, email: check.email } : { ok: false, message: linkProblemMessage(check.problem) };
}

export async function resetPassword(
  context: PasswordContext,
  token: string,
  newPassword: string,
  origin: string,
): Promise<{ ok: true; userId: string } | Failure> {
  // Check everything before using the link up, so a rejected password leaves it usable.
  const check = await checkEmailToken(context.db, token, ["reset_password"], context.clock.now());
  if (!check.ok) return { ok: false, message: linkProblemMessage(check.problem) };
  const problem = passwordProblem(newPassword, { email: check.email });
  if (problem) return { ok: false, message: problem };
  const passwordHash = await context.passwords.hash(newPassword);

  const now = context.clock.now();
  const claim = await consumeEmailToken(context.db, token, ["reset_password"], now);
  if (!claim.ok) return { ok: false, message: linkProblemMessage(claim.problem) };
  const [user] = await context.db.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, claim.userId)).limit(1);
  if (!user) return { ok: false, message: linkProblemMessage("invalid") };

  // Sessions go first: if a later write fails, the safe half (everyone signed out) has happened.
  await invalidateUserSessions(context.db, claim.userId);
  await context.db.batch([
    context.db
      .insert(credentials)
      .values({ userId: claim.userId, passwordHash, updatedAt: now })
      .onConflictDoUpdate({ target: credentials.userId, set: { passwordHash, updatedAt: now } }),
    // Receiving the link proved they own the address (if it is still the account's address).
    context.db
      .update(users)
      .set({ emailVerifiedAt: now })
      .where(and(eq(users.id, claim.userId), eq(users.email, claim.email), isNull(users.emailVerifiedAt))),
  ]);
  await revokeEmailTokens(context.db, claim.userId, ["reset_password"]);
  await sendEmail(context, {
    to: user.email,
    subject: "Your Specialistly password was changed",
    template: "password-changed-notice",
    element: createElement(PasswordChangedNotice, { name: user.name, resetUrl: new URL("/forgot-password", origin).href }),
  });
  return { ok: true, userId: claim.userId };
}

type ClaimedToken = Extract<EmailTokenCheck, { ok: true }>;

function linkProblemMessage(problem: EmailTokenProblem) {
  switch (problem) {
    case "expired":
      return "This link has expired.";
    case "used":
      return "This link has already been used.";
    case "invalid":
      return "This link isn't valid. It may be incomplete, or a newer link may have replaced it.";
  }
}

function linkTo(origin: string, path: string, token: string) {
  const url = new URL(path, origin);
  url.searchParams.set("token", token);
  return url.href;
}

async function sentRecently(context: MailContext, userId: string, purpose: "verify_email" | "reset_password") {
  const last = await lastEmailTokenIssuedAt(context.db, userId, purpose);
  return last !== null && context.clock.now().getTime() - last.getTime() < emailResendCooldownMs;
}

async function emailTakenByAnotherUser(context: Pick<AppLoadContext, "db">, email: string, userId: string) {
  const [other] = await context.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, email), ne(users.id, userId)))
    .limit(1);
  return Boolean(other);
}

async function sendEmail(
  context: Pick<AppLoadContext, "mailer">,
  message: { to: string; subject: string; template: string; element: ReactElement },
) {
  const { html, text } = await renderEmail(message.element);
  await context.mailer.send({ to: message.to, subject: message.subject, template: message.template, html, text });
}
