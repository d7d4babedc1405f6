import * as z from "zod";
import { reviewCommentMax } from "../../../db/schema";

// Shared by the browser and the server for the review and response forms.

export const reviewAspects = ["communication", "expertise", "value"] as const;
export type ReviewAspect = (typeof reviewAspects)[number];
export const aspectLabels: Record<ReviewAspect, string> = { communication: "Communication", expertise: "Expertise", value: "Value" };

const rating = (what: string) =>
  z.coerce
    .number({ error: `Rate ${what} from 1 to 5 stars.` })
    .int(`Rate ${what} from 1 to 5 stars.`)
    .min(1, `Rate ${what} from 1 to 5 stars.`)
    .max(5, `Rate ${what} from 1 to 5 stars.`);

export const reviewSchema = z.object({
  overall: rating("the session overall"),
  communication: rating("communication"),
  expertise: rating("expertise"),
  value: rating("value"),
  comment: z
    .string()
    .trim()
    .max(reviewCommentMax, `Keep the review to ${reviewCommentMax.toLocaleString("en")} characters or fewer.`)
    .optional()
    .transform((comment) => comment ?? ""),
});
export type ReviewInput = z.input<typeof reviewSchema>;

export const responseSchema = z.object({
  response: z
    .string({ error: "Write your response." })
    .trim()
    .min(1, "Write your response.")
    .max(reviewCommentMax, `Keep the response to ${reviewCommentMax.toLocaleString("en")} characters or fewer.`),
});
