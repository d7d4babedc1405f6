import { desc } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { outboxEmails } from "../../../db/schema";
import type { Mailer } from "./mailer";

/** Without a mail provider, mail is kept in the database and listed at /dev/outbox. */
export function createOutboxMailer(db: Database): Mailer {
  return {
    async send(message) {
      // A retried delivery of the same message is kept once.
      await db.insert(outboxEmails).values(message).onConflictDoNothing({ target: outboxEmails.messageKey });
    },
  };
}

export async function listOutbox(db: Database, limit = 50) {
  return db.select().from(outboxEmails).orderBy(desc(outboxEmails.createdAt)).limit(limit);
}
