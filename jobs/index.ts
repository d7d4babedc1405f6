import type { Mailer } from "../app/integrations/mail/mailer";
import type { SmsSender } from "../app/integrations/sms/sms-sender";
import type { PaymentProvider } from "../app/domain/payments/payment-provider";
import { applySendGridEvent } from "../app/domain/notifications/email-events.server";
import { deliverNotification, deliverNotifications } from "../app/domain/notifications/notifications.server";
import { applyTwilioEvent, twilioProvider } from "../app/domain/notifications/sms-events.server";
import { applyPaymentEvent } from "../app/domain/payments/process-webhook.server";
import { processInboundEvent, type StoredInboundEvent } from "../app/domain/webhooks/inbound-events.server";
import { completeRefund } from "../app/domain/payments/refunds.server";
import { syncMeeting } from "../app/domain/video/meetings.server";
import { applyZoomEvent, zoomWebhookProvider } from "../app/domain/video/zoom-events.server";
import { syncCalendarBusyTimes } from "../app/domain/calendar/calendar-sync.server";
import { deliverWebhook } from "../app/domain/outgoing-webhooks/delivery.server";
import type { AppEnv } from "../app/env.server";
import { PermanentJobError, type JobContext } from "./context";
import { runCronTask } from "./cron";
import { jobMessageSchema } from "./messages";

export class InvalidJobError extends PermanentJobError {
  override name = "InvalidJobError";
}

/**
 * Webhook jobs refund and notification jobs send, so runtimes also pass their providers and public
 * origin (for links); meeting jobs call Zoom with the app's settings (`appEnv`) and give up on
 * Zoom on the queue's last delivery of the message (`finalAttempt`, ADR 0023).
 */
export type RunJobContext = JobContext & {
  mailer?: Mailer;
  sms?: SmsSender;
  payments?: PaymentProvider;
  origin?: string;
  appEnv?: AppEnv;
  finalAttempt?: boolean;
};

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
    case "webhook":
      return processInboundEvent(context, job.webhookEventId, (event) => applyInboundEvent(context, event));
    case "notification":
      return deliverNotification(deliveryContext(context), job.notificationId);
    case "notifications": {
      const deliveries = await deliverNotifications(deliveryContext(context), job.notificationIds);
      const retrying = deliveries.filter((delivery) => delivery.outcome === "retry");
      // The queue's retry claims only the ones still queued: the others are done.
      if (retrying.length > 0) {
        const first = retrying[0]!.error;
        throw new Error(
          `${retrying.length} of ${deliveries.length} notifications will be retried; the first: ${first instanceof Error ? first.message : String(first)}`,
        );
      }
      return deliveries;
    }
    case "refund": {
      const { payments } = context;
      if (!payments) throw new Error("Refund jobs need the payment provider");
      const result = await completeRefund({ ...context, payments }, job.refundId);
      // The failure is recorded on the refund; throwing asks the queue to try again later.
      if (!result.ok) throw new Error(`Refund ${job.refundId}: ${result.message}`);
      return result;
    }
    case "meeting": {
      const { appEnv } = context;
      if (!appEnv) throw new Error("Meeting jobs need the app's settings");
      return syncMeeting({ ...context, env: appEnv }, job.bookingId, { finalAttempt: context.finalAttempt, origin: context.origin });
    }
    case "calendar-sync": {
      const { appEnv } = context;
      if (!appEnv) throw new Error("Calendar sync jobs need the app's settings");
      return syncCalendarBusyTimes({ ...context, env: appEnv }, job.connectedAccountId);
    }
    case "webhook-delivery":
      return deliverWebhook(context, job.deliveryId);
  }
}

/** Each runtime passes its public origin: jobs have no request to take it from. */
function deliveryContext(context: RunJobContext) {
  const { mailer, sms, origin } = context;
  if (!mailer || !sms || !origin) throw new Error("Notification jobs need the mailer, the SMS sender and the app's origin");
  return { ...context, mailer, sms, origin };
}

/** Each provider's stored events go to the domain that understands them. */
async function applyInboundEvent(context: RunJobContext, event: StoredInboundEvent) {
  switch (event.provider) {
    case "sendgrid":
      return applySendGridEvent(context, event);
    case twilioProvider:
      return applyTwilioEvent(context, event);
    case zoomWebhookProvider:
      return applyZoomEvent(context, event);
    default: {
      const { payments } = context;
      // A wiring mistake, not a bad message: retried (and visible) rather than dropped.
      if (!payments) throw new Error("Webhook jobs need the payment provider");
      return applyPaymentEvent({ ...context, payments }, event);
    }
  }
}
