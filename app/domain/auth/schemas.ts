import * as z from "zod";
import { isValidTimeZone } from "../../lib/time-format";

// Shared by the browser (instant field errors) and the server; checks that need the server
// (the common-password list, taken emails) are added in *.server.ts.

export const minPasswordLength = 10;
export const maxPasswordLength = 200;

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }))
  .transform((email) => email.toLowerCase());

export const nameSchema = z.string({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(100, "Use at most 100 characters.");

export const newPasswordSchema = z
  .string({ error: "Choose a password." })
  .min(minPasswordLength, `Use at least ${minPasswordLength} characters.`)
  .max(maxPasswordLength, `Use at most ${maxPasswordLength} characters.`);

export const timeZoneSchema = z.string().trim().default("UTC").refine(isValidTimeZone, { error: "Choose a time zone from the list." });

export const signUpSchema = z.object({
  name: nameSchema,
  email: emailSchema,
  password: newPasswordSchema,
  role: z.enum(["customer", "specialist"], { error: "Choose whether you're booking or offering sessions." }),
  timezone: timeZoneSchema,
});

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password." }).max(maxPasswordLength, "That password is too long."),
});
