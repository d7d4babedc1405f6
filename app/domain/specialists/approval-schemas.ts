import * as z from "zod";

// Shared by the browser and the server for the admin's reject form.

export const rejectionReasonMax = 1000;

export const rejectSchema = z.object({
  reason: z
    .string({ error: "Say why the profile isn't approved; the specialist will see it." })
    .trim()
    .min(1, "Say why the profile isn't approved; the specialist will see it.")
    .max(rejectionReasonMax, `Keep the reason to ${rejectionReasonMax.toLocaleString("en")} characters or fewer.`),
});
