import type { Mailer } from "../../app/integrations/mail/mailer";
import type { PaymentProvider } from "../../app/domain/payments/payment-provider";
import { processWebhookEvent } from "../../app/domain/payments/process-webhook.server";
import { PermanentJobError, type JobContext } from "./context";
import { runCronTask } from "./cron";
import { jobMessageSchema } from "./messages";

export class InvalidJobError extends PermanentJobError {
  override name = "InvalidJobError";
}

/** Webhook jobs mail and refund, so runtimes also pass their mailer and payment provider. */
export type RunJobContext = JobContext & { mailer?: Mailer; payments?: PaymentProvider };

/** Runs one queued message; throws to ask the queue for a retry. */
export async function runJob(context: RunJobContext, message: unknown) {
  const parsed = jobMessageSchema.safeParse(message);
  if (!parsed.success) {
    throw new InvalidJobError(`Malformed job message: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`);
  }
  const job = parsed.data;
  switch (job.type) {
    case "cron":
      return runCronTask(context, job.task, job.scheduledFor);
    case "webhook": {
      const { mailer, payments } = context;
      // A wiring mistake, not a bad message: retried (and visible) rather than dropped.
      if (!mailer || !payments) throw new Error("Webhook jobs need the mailer and the payment provider");
      return processWebhookEvent({ db: context.db, clock: context.clock, mailer, payments }, job.webhookEventId);
    }
  }
}
