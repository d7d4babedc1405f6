import type { Mailer } from "../../app/integrations/mail/mailer";
import type { PaymentProvider } from "../../app/domain/payments/payment-provider";
import { deliverNotification } from "../../app/domain/notifications/notifications.server";
import { processWebhookEvent } from "../../app/domain/payments/process-webhook.server";
import { completeRefund } from "../../app/domain/payments/refunds.server";
import { PermanentJobError, type JobContext } from "./context";
import { runCronTask } from "./cron";
import { jobMessageSchema } from "./messages";

export class InvalidJobError extends PermanentJobError {
  override name = "InvalidJobError";
}

/** Webhook jobs refund and notification jobs mail, so runtimes also pass their payment provider and mailer. */
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
      const { payments } = context;
      // A wiring mistake, not a bad message: retried (and visible) rather than dropped.
      if (!payments) throw new Error("Webhook jobs need the payment provider");
      return processWebhookEvent({ ...context, payments }, job.webhookEventId);
    }
    case "notification": {
      const { mailer } = context;
      if (!mailer) throw new Error("Notification jobs need the mailer");
      return deliverNotification({ ...context, mailer }, job.notificationId);
    }
    case "refund": {
      const { payments } = context;
      if (!payments) throw new Error("Refund jobs need the payment provider");
      const result = await completeRefund({ ...context, payments }, job.refundId);
      // The failure is recorded on the refund; throwing asks the queue to try again later.
      if (!result.ok) throw new Error(`Refund ${job.refundId}: ${result.message}`);
      return result;
    }
  }
}
