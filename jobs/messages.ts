import * as z from "zod";

/** The most notifications one "notifications" job delivers: a burst shares each job's database work. */
export const notificationsPerJob = 25;

// Every message put on a queue (Node `jobs` table or Cloudflare Queue) has one of these shapes.
export const jobMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("cron"),
    task: z.string().min(1),
    /** The tick this run belongs to (epoch ms); with `task` it makes the run idempotent. */
    scheduledFor: z.number().int().nonnegative(),
  }),
  z.object({
    type: z.literal("webhook"),
    /** A stored webhook_events row; processing it is idempotent. */
    webhookEventId: z.string().min(1),
  }),
  z.object({
    type: z.literal("notification"),
    /** A notifications row; delivering it is idempotent. */
    notificationId: z.string().min(1),
  }),
  z.object({
    type: z.literal("notifications"),
    /** Notifications rows delivered together (a burst of reminders); each is delivered at most once. */
    notificationIds: z.array(z.string().min(1)).min(1).max(notificationsPerJob),
  }),
  z.object({
    type: z.literal("refund"),
    /** A refunds row not done yet; completing it is idempotent. */
    refundId: z.string().min(1),
  }),
  z.object({
    type: z.literal("meeting"),
    /** A booking whose video meeting should match it now; reconciling is idempotent. */
    bookingId: z.string().min(1),
  }),
  z.object({
    type: z.literal("calendar-sync"),
    /** A Google connection whose busy times should be read again; replacing them is idempotent. */
    connectedAccountId: z.string().min(1),
  }),
  z.object({
    type: z.literal("webhook-delivery"),
    /** A webhook_deliveries row; an attempt is made only while it is pending and due. */
    deliveryId: z.string().min(1),
  }),
]);

export type JobMessage = z.infer<typeof jobMessageSchema>;
