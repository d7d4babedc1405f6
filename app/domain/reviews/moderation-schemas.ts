import * as z from "zod";
import { reviewReportNoteMax, reviewReportReasons } from "../../../db/schema";

// Shared by the browser and the server for the report and moderation forms.

export const reportReasonLabels: Record<(typeof reviewReportReasons)[number], string> = {
  spam: "Spam or advertising",
  offensive: "Offensive or abusive",
  "not-about-the-session": "Not about the session",
  other: "Something else",
};

export const reportSchema = z.object({
  reason: z.enum(reviewReportReasons, { error: "Choose why you're reporting this review." }),
  note: z
    .string()
    .trim()
    .max(reviewReportNoteMax, `Keep the note to ${reviewReportNoteMax} characters or fewer.`)
    .optional()
    .transform((note) => (note ? note : null)),
});

export const hideSchema = z.object({
  reason: z
    .string({ error: "Say why the review is hidden; its author will see it." })
    .trim()
    .min(1, "Say why the review is hidden; its author will see it.")
    .max(reviewReportNoteMax, `Keep the reason to ${reviewReportNoteMax} characters or fewer.`),
});
