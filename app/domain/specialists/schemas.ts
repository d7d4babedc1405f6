import * as z from "zod";
import { isValidTimeZone } from "../../lib/time-format";
import { maxAvatarBytes } from "./avatar-image";
import { maxBioLength } from "./bio";
import { parsePriceInput, sessionCurrencies } from "./price-input";
import { slugProblem } from "./slug";
import { isLanguageCode, isSpecialty } from "./specialties";

// Shared by the browser (instant field errors) and the server. What needs the database (a taken
// slug) or the bytes of an upload (the picture's real type) is checked in *.server.ts.

export const maxSpecialties = 5;

const unique = (values: string[]) => [...new Set(values)];

/**
 * Free text from a textarea. Browsers submit line breaks as CRLF; they are stored as "\n" and
 * counted as one character, as the textarea's own counter does.
 */
const multilineText = (max: number, message: string) =>
  z
    .string()
    .transform((text) => text.replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().max(max, message))
    .default("");

function pickedFrom(isAllowed: (value: string) => boolean, messages: { none: string; unknown: string; tooMany?: string }, max = Infinity) {
  return z
    .array(z.string())
    .transform(unique)
    .superRefine((values, ctx) => {
      if (values.length === 0) ctx.addIssue({ code: "custom", message: messages.none });
      else if (!values.every(isAllowed)) ctx.addIssue({ code: "custom", message: messages.unknown });
      else if (values.length > max && messages.tooMany) ctx.addIssue({ code: "custom", message: messages.tooMany });
    });
}

export const specialistProfileSchema = z.object({
  displayName: z
    .string({ error: "Enter the name clients will see." })
    .trim()
    .min(1, "Enter the name clients will see.")
    .max(100, "Use at most 100 characters."),
  slug: z
    .string({ error: "Choose the address of your profile." })
    .trim()
    .toLowerCase()
    .superRefine((slug, ctx) => {
      const problem = slugProblem(slug);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  headline: z.string().trim().max(120, "Use at most 120 characters.").default(""),
  bio: multilineText(maxBioLength, `Use at most ${maxBioLength.toLocaleString("en")} characters.`),
  specialties: pickedFrom(
    isSpecialty,
    {
      none: "Choose at least one specialty.",
      unknown: "Choose specialties from the list.",
      tooMany: `Choose at most ${maxSpecialties} specialties.`,
    },
    maxSpecialties,
  ),
  languages: pickedFrom(isLanguageCode, {
    none: "Choose at least one language you hold sessions in.",
    unknown: "Choose languages from the list.",
  }),
  timezone: z
    .string({ error: "Choose a time zone from the list." })
    .trim()
    .refine(isValidTimeZone, { error: "Choose a time zone from the list." }),
  avatar: z
    .file({ error: "Choose a PNG, JPEG or WebP picture." })
    .max(maxAvatarBytes, "That picture is larger than 512 KB. Please choose a smaller one.")
    .optional(),
});

export type SpecialistProfileInput = z.output<typeof specialistProfileSchema>;

/** Where a session type's bookings meet (db/schema.ts `videoProviders`). */
export const sessionVideoProviders = ["default", "zoom", "google_meet"] as const;

export const sessionTypeSchema = z
  .object({
    title: z
      .string({ error: "Give the session a title." })
      .trim()
      .min(1, "Give the session a title.")
      .max(80, "Use at most 80 characters."),
    description: multilineText(1000, "Use at most 1,000 characters."),
    minutes: z
      .number({ error: "Enter the length in minutes, like 60." })
      .int("Use whole minutes.")
      .min(15, "Sessions last at least 15 minutes.")
      .max(240, "Sessions last at most 240 minutes (4 hours).")
      .multipleOf(5, "Use a multiple of 5 minutes, like 45 or 60."),
    price: z.string({ error: "Enter a price (0 for a free session)." }).max(30, "Enter the price as a number, like 49.50."),
    currency: z.enum(sessionCurrencies, { error: "Choose a currency from the list." }),
    videoProvider: z.enum(sessionVideoProviders, { error: "Choose where the session meets." }).default("default"),
  })
  .transform(({ price, ...input }, ctx) => {
    const parsed = parsePriceInput(price, input.currency);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", path: ["price"], message: parsed.message });
      return z.NEVER;
    }
    return { ...input, priceMinor: parsed.amountMinor };
  });

export type SessionTypeInput = z.output<typeof sessionTypeSchema>;

export const refundPolicyChoices = ["none", "percentage"] as const;
/** Which reminders go out before each session. */
export const reminderChoices = ["both", "24h", "1h", "none"] as const;
export type ReminderChoice = (typeof reminderChoices)[number];

/** The form's choice for stored rules (the inverse of the schema's mapping). */
export function reminderChoice(rules: { remind24h: boolean; remind1h: boolean }): ReminderChoice {
  if (rules.remind24h) return rules.remind1h ? "both" : "24h";
  return rules.remind1h ? "1h" : "none";
}

const wholeNumber = (what: string, min: number, max: number, unit: string) =>
  z
    .number({ error: `Enter ${what} as a whole number.` })
    .int(`Enter ${what} as a whole number.`)
    .min(min, `Use at least ${min} ${unit}.`)
    .max(max, `Use at most ${max} ${unit}.`);

/** Longest minimum notice the booking_rules table allows: 30 days. */
export const maxMinNoticeMinutes = 43_200;

export const bookingRulesSchema = z
  .object({
    minNoticeHours: wholeNumber("the hours", 0, 720, "hours"),
    minNoticeMinutes: wholeNumber("the minutes", 0, 59, "minutes").default(0),
    horizonDays: wholeNumber("the number of days", 1, 365, "days"),
    bufferBeforeMinutes: wholeNumber("the minutes", 0, 240, "minutes").default(0),
    bufferAfterMinutes: wholeNumber("the minutes", 0, 240, "minutes").default(0),
    slotIntervalMinutes: wholeNumber("the minutes", 5, 240, "minutes").multipleOf(5, "Use a multiple of 5 minutes, like 15 or 30."),
    dailyCap: wholeNumber("the number of sessions", 1, 48, "sessions").optional(),
    cancellationDeadlineHours: wholeNumber("the hours", 0, 720, "hours"),
    lateRefund: z.enum(refundPolicyChoices, { error: "Choose what a late cancellation is refunded." }),
    lateRefundPercent: wholeNumber("the percentage", 1, 100, "%").optional(),
    reminders: z.enum(reminderChoices, { error: "Choose which reminders go out." }).default("both"),
  })
  .superRefine((input, ctx) => {
    if (input.minNoticeHours * 60 + input.minNoticeMinutes > maxMinNoticeMinutes) {
      ctx.addIssue({ code: "custom", path: ["minNoticeHours"], message: "The minimum notice can be at most 30 days (720 hours)." });
    }
    if (input.lateRefund === "percentage" && input.lateRefundPercent === undefined) {
      ctx.addIssue({ code: "custom", path: ["lateRefundPercent"], message: "Enter the percentage to refund, from 1 to 100." });
    }
  })
  .transform((input) => ({
    minNoticeMinutes: input.minNoticeHours * 60 + input.minNoticeMinutes,
    horizonDays: input.horizonDays,
    bufferBeforeMinutes: input.bufferBeforeMinutes,
    bufferAfterMinutes: input.bufferAfterMinutes,
    slotIntervalMinutes: input.slotIntervalMinutes,
    dailyCap: input.dailyCap ?? null,
    cancellationDeadlineHours: input.cancellationDeadlineHours,
    lateCancellationRefundPercent: input.lateRefund === "percentage" ? (input.lateRefundPercent ?? 0) : 0,
    remind24h: input.reminders === "both" || input.reminders === "24h",
    remind1h: input.reminders === "both" || input.reminders === "1h",
  }));

export type BookingRulesInput = z.output<typeof bookingRulesSchema>;
