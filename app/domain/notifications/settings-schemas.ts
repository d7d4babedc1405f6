import * as z from "zod";

// The notification settings forms, shared by the browser (instant field errors) and the server.
// Whether a number is a real mobile number is checked on the server only (phone.server.ts), to
// keep the phone metadata out of every page's JavaScript.

export const phoneFormSchema = z.object({
  intent: z.literal("phone"),
  country: z.string().trim().max(2, "Choose a country from the list.").optional(),
  phone: z.string().trim().max(40, "That is too long for a phone number.").optional(),
  smsOptIn: z.boolean().optional(),
});

export const preferencesFormSchema = z.object({
  intent: z.literal("preferences"),
  /** "<preference>:<channel>" for each ticked box. */
  enabled: z.array(z.string().max(120)).max(200).default([]),
});
