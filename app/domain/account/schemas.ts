import * as z from "zod";
import { isValidTimeZone } from "../../lib/time-format";
import { emailSchema, maxPasswordLength, nameSchema, newPasswordSchema } from "../auth/schemas";

// Shared by the browser (instant field errors) and the server; checks that need the database
// or the password policy's word list live in account.server.ts.

const currentPasswordSchema = z.string({ error: "Enter your current password." }).max(maxPasswordLength, "That password is too long.");

export const profileSchema = z.object({
  name: nameSchema,
  timezone: z
    .string({ error: "Choose a time zone from the list." })
    .trim()
    .refine(isValidTimeZone, { error: "Choose a time zone from the list." }),
});

export const emailChangeSchema = z.object({
  newEmail: emailSchema,
  currentPassword: currentPasswordSchema,
});

/** A user without a password (signed up with Google) sets one without proving an old one. */
export function passwordChangeSchema(hasPassword: boolean) {
  return z
    .object({
      currentPassword: hasPassword ? currentPasswordSchema : z.undefined().catch(undefined),
      newPassword: newPasswordSchema,
      confirmPassword: z.string({ error: "Type the new password again." }),
    })
    .refine((input) => input.newPassword === input.confirmPassword, {
      path: ["confirmPassword"],
      error: "The two passwords don't match.",
    });
}

export const deleteAccountSchema = z.object({
  confirmation: z
    .string({ error: "Type your email address or current password to confirm." })
    .max(maxPasswordLength, "That is too long to be your email address or password."),
});
