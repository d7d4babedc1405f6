import * as z from "zod";

/** The calendar feed settings' buttons: turn the feed on, give it a new address, or turn it off. */
export const calendarFeedSchema = z.object({
  intent: z.enum(["enable", "rotate", "disable"], { error: "Choose what to do with your calendar feed." }),
});
