// Which mail and SMS providers this deployment uses: the real ones when their settings are
// present, otherwise the local outbox (DESIGN.md §7). Both runtimes build their adapters here.
import type { Database } from "../../db/database";
import type { AppEnv } from "../env.server";
import { createOutboxMailer, createOutboxSmsSender } from "./mail/outbox-mailer.server";
import { createSendGridMailer } from "./mail/sendgrid.server";

export function createMessaging(env: AppEnv, db: Database) {
  const mailer =
    env.SENDGRID_API_KEY && env.MAIL_FROM
      ? createSendGridMailer({ apiKey: env.SENDGRID_API_KEY, from: env.MAIL_FROM, apiUrl: env.SENDGRID_API_URL })
      : createOutboxMailer(db);
  return { mailer, sms: createOutboxSmsSender(db) };
}
