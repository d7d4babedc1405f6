import { desc } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { outboxEmails } from "../../../db/schema";
import type { SmsSender } from "../sms/sms-sender";
import type { Mailer } from "./mailer";

/** Without a mail provider, mail is kept in the database and listed at /dev/outbox. */
export function createOutboxMailer(db: Database): Mailer {
  return {
    name: "outbox",
    async send(message) {
      const { attachments, headers, ...rest } = message;
      // A retried delivery of the same message is kept once.
      await db
        .insert(outboxEmails)
        .values({ ...rest, channel: "email", headers: headers ?? null, attachments: attachments ?? null })
        .onConflictDoNothing({ target: outboxEmails.messageKey });
      return { providerMessageId: null };
    },
  };
}

/** Without an SMS provider, text messages go to the same outbox, marked as SMS. */
export function createOutboxSmsSender(db: Database): SmsSender {
  return {
    name: "outbox",
    async send(message) {
      await db
        .insert(outboxEmails)
        .values({
          to: message.to,
          subject: "",
          html: "",
          text: message.body,
          template: message.template,
          messageKey: message.messageKey,
          channel: "sms",
        })
        .onConflictDoNothing({ target: outboxEmails.messageKey });
      return { providerMessageId: null };
    },
  };
}

export async function listOutbox(db: Database, limit = 50) {
  return db.select().from(outboxEmails).orderBy(desc(outboxEmails.createdAt)).limit(limit);
}
