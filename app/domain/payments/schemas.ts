import * as z from "zod";

/** The test checkout page's two buttons. */
export const testCheckoutSchema = z.object({
  outcome: z.enum(["pay", "decline"], { error: "Choose Pay or Decline." }),
});
