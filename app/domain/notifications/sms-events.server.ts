// What Twilio tells us about text messages (DESIGN.md §4.3, §7): delivery reports for the messages
// we sent and replies to our number. Each is verified by its route, stored once, acknowledged, and
// applied here from the queue; applying one twice, or in any order, ends the same way.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, isNull } from "drizzle-orm";
import * as z from "zod";
import { notifications, users } from "../../../db/schema";
import type { AppEnv } from "../../env.server";
import { isValidTwilioSignature } from "../../integrations/sms/twilio-signature";
import { storeInboundEvents, type StoredInboundEvent } from "../webhooks/inbound-events.server";

export const twilioProvider = "twilio";

/** Replies that opt a number out of, or back into, text messages (Twilio's default keywords). */
const optOutKeywords = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]);
const optInKeywords = new Set(["START", "UNSTOP"]);

const messageSid = z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, { error: "expected a Twilio message SID" });
const phone = z.string().trim().min(1).max(64);

const statusCallback = z.object({
  MessageSid: messageSid,
  MessageStatus: z.string().trim().min(1).max(40),
  ErrorCode: z.string().trim().max(10).optional(),
});
const inboundMessage = z.object({
  MessageSid: messageSid,
  From: phone,
  To: phone,
  Body: z.string().max(1600).default(""),
  /** Set by Twilio's Advanced Opt-Out when the reply matched one of its (possibly custom) keywords. */
  OptOutType: z.string().trim().max(20).optional(),
});

const statusPayload = z.object({ messageSid, status: z.string(), errorCode: z.string().nullable() });
const inboundPayload = z.object({ messageSid, from: z.string(), to: z.string(), body: z.string(), optOutType: z.string().nullable() });

export type TwilioWebhook = "status" | "inbound";
export type ReceiveTwilioResult = { status: 404 } | { status: 400; message: string } | { status: 200; duplicate: boolean };

/** Twilio's webhooks exist only with its settings: the token signs them, and APP_URL is the address they are signed for. */
function webhookSettings(env: AppEnv) {
  return env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.APP_URL ? { authToken: env.TWILIO_AUTH_TOKEN, appUrl: env.APP_URL } : null;
}

/** Verifies and stores one of Twilio's webhook requests; a bad signature or body stores nothing. */
export async function receiveTwilioWebhook(
  context: Pick<AppLoadContext, "db" | "clock" | "queue" | "env">,
  request: Request,
  webhook: TwilioWebhook,
): Promise<ReceiveTwilioResult> {
  const settings = webhookSettings(context.env);
  if (!settings) return { status: 404 };
  const params = new URLSearchParams(await request.text());
  const url = new URL(request.url);
  // Twilio signs the public URL it was given, which a proxy in front of the app may rewrite.
  const signedUrl = `${settings.appUrl}${url.pathname}${url.search}`;
  if (!(await isValidTwilioSignature(settings.authToken, signedUrl, params, request.headers.get("x-twilio-signature")))) {
    return { status: 400, message: "Invalid signature." };
  }
  const fields = Object.fromEntries(params);
  if (webhook === "status") {
    const parsed = statusCallback.safeParse(fields);
    if (!parsed.success) return { status: 400, message: problem(parsed.error) };
    const { MessageSid, MessageStatus, ErrorCode } = parsed.data;
    const payload: z.infer<typeof statusPayload> = { messageSid: MessageSid, status: MessageStatus, errorCode: ErrorCode || null };
    return stored(
      await storeInboundEvents(context, twilioProvider, [{ eventId: `${MessageSid}:${MessageStatus}`, type: "message-status", payload }]),
    );
  }
  const parsed = inboundMessage.safeParse(fields);
  if (!parsed.success) return { status: 400, message: problem(parsed.error) };
  const { MessageSid, From, To, Body, OptOutType } = parsed.data;
  const payload: z.infer<typeof inboundPayload> = {
    messageSid: MessageSid,
    from: From,
    to: To,
    body: Body,
    optOutType: OptOutType || null,
  };
  return stored(await storeInboundEvents(context, twilioProvider, [{ eventId: MessageSid, type: "inbound-message", payload }]));
}

function problem(error: z.ZodError) {
  return error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
}

function stored(result: { duplicates: number }): ReceiveTwilioResult {
  return { status: 200, duplicate: result.duplicates > 0 };
}

/** A stored Twilio event, from the queue. */
export async function applyTwilioEvent(context: Pick<AppLoadContext, "db" | "clock">, event: StoredInboundEvent) {
  switch (event.type) {
    case "message-status":
      return applyMessageStatus(context, statusPayload.parse(event.payload));
    case "inbound-message":
      return applyInboundMessage(context, inboundPayload.parse(event.payload));
    default:
      throw new Error(`Unknown Twilio event type "${event.type}"`);
  }
}

/** Twilio's final statuses; the others (queued, sending, sent …) add nothing to "sent". */
const finalStatuses: Record<string, "delivered" | "failed"> = { delivered: "delivered", undelivered: "failed", failed: "failed" };

async function applyMessageStatus(context: Pick<AppLoadContext, "db">, data: z.infer<typeof statusPayload>) {
  const outcome = finalStatuses[data.status];
  if (!outcome) return;
  const { db } = context;
  const [row] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.providerMessageId, data.messageSid), eq(notifications.channel, "sms")));
  // The report can overtake the delivery recording the message's id: failing lets the queue try again later.
  if (!row) throw new Error(`No text message with Twilio id ${data.messageSid} (yet)`);
  // Only a sent message moves on: a report arriving after another final one changes nothing.
  await db
    .update(notifications)
    .set(
      outcome === "delivered"
        ? { status: "delivered" }
        : { status: "failed", lastError: `Twilio reported ${data.status} (error ${data.errorCode ?? "unknown"})` },
    )
    .where(and(eq(notifications.id, row.id), eq(notifications.status, "sent")));
}

async function applyInboundMessage(context: Pick<AppLoadContext, "db" | "clock">, data: z.infer<typeof inboundPayload>) {
  const word = data.body.trim().toUpperCase();
  if (data.optOutType === "STOP" || optOutKeywords.has(word)) return recordSmsOptOut(context, data.from);
  if (data.optOutType === "START" || optInKeywords.has(word)) return clearSmsOptOut(context, data.from);
}

/** The number replied STOP (or Twilio refused it for that): no text messages to it until it replies START. */
export async function recordSmsOptOut(context: Pick<AppLoadContext, "db" | "clock">, phoneNumber: string) {
  await context.db
    .update(users)
    .set({ smsOptedOutAt: context.clock.now() })
    .where(and(eq(users.phone, phoneNumber), isNull(users.smsOptedOutAt)));
}

/** START: the number takes text messages again; each user's own opt-in stays as they set it. */
export async function clearSmsOptOut(context: Pick<AppLoadContext, "db">, phoneNumber: string) {
  await context.db.update(users).set({ smsOptedOutAt: null }).where(eq(users.phone, phoneNumber));
}
