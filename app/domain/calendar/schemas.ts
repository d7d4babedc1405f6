import * as z from "zod";

// Shared by the browser and the server for the busy-calendar form on /specialist/video.
export const busyCalendarsSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    // Unticked boxes send nothing: no calendar at all is a valid choice (nothing counts as busy).
    calendarId: z
      .array(z.string().trim().min(1).max(500))
      .max(250, "Choose at most 250 calendars.")
      .optional()
      .transform((ids) => ids ?? []),
  }),
  z.object({ intent: z.literal("sync") }),
]);

/** The busy-calendar part of the Google card on /specialist/video. */
export interface BusyCalendarsView {
  calendars: { calendarId: string; name: string; primary: boolean; selected: boolean }[];
  /** When busy times were last read, formatted in the specialist's zone; null before the first sync. */
  syncedAt: string | null;
  error: string | null;
}
