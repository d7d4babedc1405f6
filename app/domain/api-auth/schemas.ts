import * as z from "zod";
import { apiTokenScopes } from "../../../db/schema";

export const personalTokenNameMaxLength = 60;

/** Settings → API: create a personal token (shared by the form and its action). */
export const createPersonalTokenSchema = z.object({
  intent: z.literal("create"),
  name: z
    .string({ error: "Name the token after what will use it." })
    .trim()
    .min(1, "Name the token after what will use it.")
    .max(personalTokenNameMaxLength, `Keep the name to ${personalTokenNameMaxLength} characters.`),
  scope: z.enum(apiTokenScopes, { error: "Choose what the token may do." }),
});

/** Settings → API: revoke one of your tokens. */
export const revokePersonalTokenSchema = z.object({
  intent: z.literal("revoke"),
  tokenId: z.string({ error: "Choose a token to revoke." }).min(1).max(100),
});
