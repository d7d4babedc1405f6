import * as z from "zod";
import { isValidTimeZone } from "../../lib/time-format";
import { maxTopicLength } from "./schemas";

// Shared by the browser and the server for the booking, reschedule and cancel forms.

export const maxCancelReasonLength = 500;

/** Shown with the fresh open times when the chosen time was taken meanwhile (HTTP 409). */
export const conflictMessage = "Someone just booked that time — here are the times still open";

/** When the specialist's own calendar marks the chosen time busy (HTTP 409). */
export const busyMessage = "The specialist is busy at that time — please choose another time";

const instantSchema = z
  .string({ error: "Choose a time." })
  .trim()
  .pipe(z.iso.datetime({ error: "Choose one of the listed times." }))
  .transform((value) => new Date(value));

export const bookSchema = z.object({
  startsAt: instantSchema,
  topic: z
    .string()
    .trim()
    .max(maxTopicLength, `Keep the topic to ${maxTopicLength} characters or fewer.`)
    .optional()
    .transform((topic) => topic ?? ""),
  customerTimezone: z.string({ error: "Choose your time zone." }).trim().refine(isValidTimeZone, "Choose a valid time zone."),
});

export const rescheduleSchema = z.object({ startsAt: instantSchema });

export const cancelSchema = z.object({
  intent: z.literal("cancel"),
  reason: z
    .string({ error: "Tell the other party why you're cancelling." })
    .trim()
    .min(1, "Tell the other party why you're cancelling.")
    .max(maxCancelReasonLength, `Keep the reason to ${maxCancelReasonLength} characters or fewer.`),
});
