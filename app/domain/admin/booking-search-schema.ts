// The admin booking search's fields, shared by the browser and the server.
import * as z from "zod";
import { bookingStatuses } from "../../../db/schema";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .optional()
    .transform((value) => (value ? value : undefined));

/** The search form's fields, as the query string carries them; empty fields don't filter. */
export const bookingSearchSchema = z.object({
  booking: optionalText(100),
  email: optionalText(254).transform((value) => value?.toLowerCase()),
  specialist: optionalText(100),
  status: z
    .union([z.enum(bookingStatuses), z.literal("")], { error: "Choose a status from the list." })
    .optional()
    .transform((value) => (value ? value : undefined)),
  page: z.coerce.number({ error: "The page is a number." }).int().min(1).max(10_000).default(1),
});
export type BookingSearch = z.infer<typeof bookingSearchSchema>;
