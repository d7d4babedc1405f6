// What the mail provider tells us after it accepted a message (DESIGN.md §4.3–4.4): SendGrid's
// Event Webhook is verified, stored and acknowledged here, then applied from the queue. A hard
// bounce (or a drop for a known-bad address) fails the notification and stops email to that
// address until its owner changes it; soft bounces, blocks and deferrals change nothing, since
// SendGrid keeps trying. Events may come twice and in any order: a late "delivered" never
// undoes a bounce.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, inArray, isNull } from "drizzle-orm";
import * as z from "zod";
import type { Database } from "../../../db/database";
import { notifications, users } from "../../../db/schema";
import { signatureHeader, timestampHeader, verifySendGridSignature } from "../../integrations/mail/sendgrid-webhook";
import { storeInboundEvents, type StoredInboundEvent } from "../webhooks/inbound-events.server";

/** A signed batch older (or further in the future) than this is refused: a replay, or a wrong clock. */
export const sendGridSignatureToleranceMs = 10 * 60_000;

/** The events that change anything here; opens, clicks and the rest are acknowledged, not stored. */
const actedOn = new Set(["delivered", "bounce", "dropped"]);

// Custom arguments arrive as top-level fields of each event.
const sendGridEventSchema = z.looseObject({
  event: z.string().min(1),
  sg_event_id: z.string().min(1),
  email: z.string(),
  timestamp: z.number().optional(),
  sg_message_id: z.string().optional(),
  notification_id: z.string().optional(),
  /** For bounces: "bounce" (hard) or "blocked" (soft). */
  type: z.string().optional(),
  reason: z.string().optional(),
  status: z.string().optional(),
});

type SendGridEvent = z.infer<typeof sendGridEventSchema>;

export type ReceiveSendGridResult = { status: 200; stored: number; duplicates: number } | { status: 400; message: string };

/** Bad signature, stale timestamp or malformed batch → 400 with nothing stored; otherwise stored once each. */
export async function receiveSendGridEvents(
  context: Pick<AppLoadContext, "db" | "clock" | "queue">,
  publicKey: string,
  request: Request,
): Promise<ReceiveSendGridResult> {
  const signature = request.headers.get(signatureHeader);
  const timestamp = request.headers.get(timestampHeader);
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return { status: 400, message: "Missing or malformed signature headers." };
  const body = await request.text();
  if (!(await verifySendGridSignature(publicKey, signature, timestamp, body))) return { status: 400, message: "Invalid signature." };
  if (Math.abs(context.clock.now().getTime() - Number(timestamp) * 1000) > sendGridSignatureToleranceMs) {
    return { status: 400, message: "Stale timestamp." };
  }
  let events: SendGridEvent[];
  try {
    events = z.array(sendGridEventSchema).parse(JSON.parse(body));
  } catch {
    return { status: 400, message: "Expected a JSON array of SendGrid events." };
  }
  const stored = await storeInboundEvents(
    context,
    "sendgrid",
    events.filter((event) => actedOn.has(event.event)).map((event) => ({ eventId: event.sg_event_id, type: event.event, payload: event })),
  );
  return { status: 200, ...stored };
}

type Outcome = { delivered: true } | { delivered: false; error: string; badAddress: string | null };

/** What an event means for the notification and the address; null when nothing changes. */
function outcomeOf(event: SendGridEvent): Outcome | null {
  switch (event.event) {
    case "delivered":
      return { delivered: true };
    case "bounce": {
      if (event.type && event.type !== "bounce") return null;
      const reason = event.reason || event.status || "the receiving server rejected the address";
      return { delivered: false, error: `Hard bounce: ${reason}`, badAddress: reason };
    }
    case "dropped": {
      const reason = event.reason || "dropped";
      // SendGrid drops mail to addresses on its bounce list or that it found invalid; other drops
      // (an unsubscribe, a spam report) say nothing about the address working.
      const addressProblem = /^(bounced address|invalid)$/i.test(reason.trim());
      return { delivered: false, error: `Dropped by SendGrid: ${reason}`, badAddress: addressProblem ? reason : null };
    }
    default:
      return null;
  }
}

/** Applies one stored SendGrid event (run by the job queue); idempotent. */
export async function applySendGridEvent(context: Pick<AppLoadContext, "db" | "clock">, stored: StoredInboundEvent) {
  const event = sendGridEventSchema.parse(stored.payload);
  const outcome = outcomeOf(event);
  if (!outcome) return { applied: false as const };
  const { db } = context;
  const notificationId = await matchNotification(db, event);

  if (outcome.delivered) {
    if (notificationId) {
      await db
        .update(notifications)
        .set({ status: "delivered" })
        .where(and(eq(notifications.id, notificationId), inArray(notifications.status, ["queued", "sent"])));
    }
    return { applied: true as const };
  }

  const at = event.timestamp ? new Date(event.timestamp * 1000) : context.clock.now();
  const statements = [];
  if (notificationId) {
    statements.push(
      db
        .update(notifications)
        .set({ status: "failed", lastError: outcome.error.slice(0, 1000), lockedUntil: null })
        .where(and(eq(notifications.id, notificationId), inArray(notifications.status, ["queued", "sent", "delivered"]))),
    );
  }
  if (outcome.badAddress) {
    // The address, not the recipient of the notification: someone who has since changed theirs is unaffected.
    statements.push(
      db
        .update(users)
        .set({ emailBouncedAt: at, emailBounceReason: outcome.badAddress.slice(0, 500) })
        .where(and(eq(users.email, event.email.trim().toLowerCase()), isNull(users.emailBouncedAt))),
    );
  }
  if (statements.length > 0) await db.batch([statements[0]!, ...statements.slice(1)]);
  return { applied: true as const };
}

/** By our custom argument; else by SendGrid's message id, which starts with the X-Message-Id it gave us. */
async function matchNotification(db: Database, event: SendGridEvent): Promise<string | null> {
  const byArgument = event.notification_id
    ? await db
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(eq(notifications.id, event.notification_id), eq(notifications.channel, "email")))
    : [];
  if (byArgument[0]) return byArgument[0].id;
  const providerMessageId = event.sg_message_id?.split(".")[0];
  if (!providerMessageId) return null;
  const [byMessageId] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.providerMessageId, providerMessageId), eq(notifications.channel, "email")))
    .limit(1);
  return byMessageId?.id ?? null;
}

/** Why email to the user stopped, for their settings page; null when it hasn't. */
export async function emailBounceOf(db: Database, userId: string) {
  const [row] = await db.select({ at: users.emailBouncedAt, reason: users.emailBounceReason }).from(users).where(eq(users.id, userId));
  return row?.at ? { at: row.at, reason: row.reason } : null;
}
