import * as z from "zod";
import { webhookEventTypes } from "../../../db/schema";

/** The fields of an endpoint's form (create and settings); the URL's rules are `endpointUrlProblem`'s. */
export const endpointFormSchema = z.object({
  url: z.string({ error: "Enter the endpoint's URL." }).trim().min(1, { error: "Enter the endpoint's URL." }).max(2000, {
    error: "Keep the URL under 2,000 characters.",
  }),
  description: z
    .string()
    .trim()
    .max(200, { error: "Keep the description under 200 characters." })
    .optional()
    .transform((value) => value || null),
  events: z
    .array(z.enum(webhookEventTypes, { error: "Choose events from the list." }), { error: "Choose at least one event." })
    .min(1, { error: "Choose at least one event." })
    .transform((events) => [...new Set(events)]),
});

export type EndpointForm = z.infer<typeof endpointFormSchema>;

export const webhookEventLabels: Record<(typeof webhookEventTypes)[number], string> = {
  "booking.created": "Booking created",
  "booking.confirmed": "Booking confirmed",
  "booking.rescheduled": "Booking rescheduled",
  "booking.cancelled": "Booking cancelled",
  "booking.completed": "Booking completed",
  "review.created": "Review published",
};

/** The `type` of a "Send test" message. */
export const testEventType = "webhook.test";
