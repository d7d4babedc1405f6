import * as z from "zod";
import type { User } from "../../../../db/schema";
import { userRoles } from "../../../../db/schema";
import { defineOperation, ok } from "../operation";

export const meSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(userRoles),
    timezone: z.string().meta({ description: "IANA time zone, e.g. Europe/Berlin." }),
    emailVerified: z.boolean(),
  })
  .meta({ id: "Me" });

export function meOf(user: Pick<User, "id" | "email" | "name" | "role" | "timezone" | "emailVerifiedAt">): z.input<typeof meSchema> {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    timezone: user.timezone,
    emailVerified: user.emailVerifiedAt !== null,
  };
}

export const meOperations = [
  defineOperation({
    id: "getMe",
    method: "get",
    path: "/me",
    tag: "Me",
    summary: "The signed-in account",
    auth: "required",
    responses: { 200: { description: "Who the token acts for.", schema: meSchema } },
    async handler({ principal }) {
      return ok(meOf(principal.user));
    },
  }),
];
