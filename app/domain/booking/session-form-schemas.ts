import * as z from "zod";
import { sessionNoteVisibilities } from "../../../db/schema";

// The session section's forms (notes, recordings, no-show), shared by the browser and the server.

export const maxSessionNoteLength = 10_000;

export const sessionNoteSchema = z.object({
  intent: z.literal("save-note"),
  visibility: z.enum(sessionNoteVisibilities, { error: "Choose private or shared." }),
  // Empty clears the note.
  body: z
    .string()
    .optional()
    .transform((body) => (body ?? "").trim())
    .pipe(z.string().max(maxSessionNoteLength, `Keep the note to ${maxSessionNoteLength.toLocaleString("en")} characters or fewer.`)),
});

export const recordingShareSchema = z.object({
  intent: z.enum(["share-recording", "unshare-recording"]),
  recordingId: z.string({ error: "Choose a recording." }).trim().min(1, "Choose a recording."),
});

export const customerNoShowSchema = z.object({ intent: z.literal("mark-customer-no-show") });

export const sessionIntents = ["save-note", "share-recording", "unshare-recording", "mark-customer-no-show"] as const;
export type SessionIntent = (typeof sessionIntents)[number];

export function isSessionIntent(intent: unknown): intent is SessionIntent {
  return typeof intent === "string" && (sessionIntents as readonly string[]).includes(intent);
}
