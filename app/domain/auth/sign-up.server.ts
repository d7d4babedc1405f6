import type { AppLoadContext } from "@remix-run/server-runtime";
import type * as z from "zod";
import { credentials, users } from "../../../db/schema";
import { isUniqueViolation } from "../../lib/db-errors";
import { passwordProblem } from "./password-policy";
import { signUpSchema } from "./schemas";

/** The browser's schema plus the checks only the server can make. */
export const signUpServerSchema = signUpSchema.superRefine((input, ctx) => {
  const problem = passwordProblem(input.password, { email: input.email });
  if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
});

export type SignUpInput = z.infer<typeof signUpServerSchema>;

export type SignUpResult = { ok: true; userId: string } | { ok: false; field: "email"; message: string };

export async function signUp(context: Pick<AppLoadContext, "db" | "passwords">, input: SignUpInput): Promise<SignUpResult> {
  const userId = crypto.randomUUID();
  const passwordHash = await context.passwords.hash(input.password);
  try {
    // One batch: a user never exists without their credentials.
    await context.db.batch([
      context.db.insert(users).values({ id: userId, email: input.email, name: input.name, role: input.role, timezone: input.timezone }),
      context.db.insert(credentials).values({ userId, passwordHash }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) {
      return { ok: false, field: "email", message: "An account with this email already exists. Try logging in." };
    }
    throw error;
  }
  return { ok: true, userId };
}
