// Which mail and SMS providers this deployment uses: the real ones when their settings are
// present, otherwise the local outbox (DESIGN.md §7). Both runtimes build their adapters here.
import type { AppLoadContext } from "@remix-run/server-runtime";
import type { Database } from "../../db/database";
import { recordSmsOptOut } from "../domain/notifications/sms-events.server";
import type { AppEnv } from "../env.server";
import { createOutboxMailer, createOutboxSmsSender } from "./mail/outbox-mailer.server";
import { createSendGridMailer } from "./mail/sendgrid.server";
import type { SmsSender } from "./sms/sms-sender";
import { createTwilioSmsSender } from "./sms/twilio.server";

export function createMessaging(env: AppEnv, db: Database, clock: AppLoadContext["clock"]) {
  const mailer =
    env.SENDGRID_API_KEY && env.MAIL_FROM
      ? createSendGridMailer({ apiKey: env.SENDGRID_API_KEY, from: env.MAIL_FROM, apiUrl: env.SENDGRID_API_URL })
      : createOutboxMailer(db);
  return { mailer, sms: createSmsSender(env, db, clock) };
}

function createSmsSender(env: AppEnv, db: Database, clock: AppLoadContext["clock"]): SmsSender {
  // checkAppEnv makes the token, a sender and APP_URL come with the account SID.
  if (!env.TWILIO_ACCOUNT_SID || !env.TWILIO_AUTH_TOKEN || !env.APP_URL) return createOutboxSmsSender(db);
  return createTwilioSmsSender({
    accountSid: env.TWILIO_ACCOUNT_SID,
    authToken: env.TWILIO_AUTH_TOKEN,
    from: env.TWILIO_FROM,
    messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID,
    apiUrl: env.TWILIO_API_URL,
    statusCallbackUrl: `${env.APP_URL}/webhooks/twilio/status`,
    onUnsubscribedRecipient: (phone) => recordSmsOptOut({ db, clock }, phone),
  });
}
