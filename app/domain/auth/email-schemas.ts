import * as z from "zod";
import { emailSchema, newPasswordSchema } from "./schemas";

// Forms of the emailed-link flows; shared by the browser and the server.

export const forgotPasswordSchema = z.object({ email: emailSchema });

const linkTokenSchema = z.string({ error: "This link is incomplete. Open it again from the email." }).trim().min(1);

export const confirmLinkSchema = z.object({ token: linkTokenSchema });

export const resetPasswordSchema = z.object({
  token: linkTokenSchema,
  password: newPasswordSchema,
});
