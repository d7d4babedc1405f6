// Who may get text messages (DESIGN.md §7): a number that opted out gets none until it opts back in.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, isNull } from "drizzle-orm";
import { users } from "../../../db/schema";

/** The number replied STOP (or Twilio refused it for that): no text messages to it until it replies START. */
export async function recordSmsOptOut(context: Pick<AppLoadContext, "db" | "clock">, phoneNumber: string) {
  await context.db
    .update(users)
    .set({ smsOptedOutAt: context.clock.now() })
    .where(and(eq(users.phone, phoneNumber), isNull(users.smsOptedOutAt)));
}
