// Receiving a provider's webhook (DESIGN.md §4.3): verify, store, enqueue, acknowledge. The
// work happens later in the queue (process-webhook.server.ts), so a slow or failing step never
// makes the provider resend, and a resent event is recognised by its id.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { eq } from "drizzle-orm";
import { webhookEvents } from "../../../db/schema";
import type { NormalizedEvent, PaymentProvider } from "./payment-provider";

type Context = Pick<AppLoadContext, "db" | "clock" | "queue">;

export type ReceiveWebhookResult =
  | { status: 200; event: NormalizedEvent; duplicate: boolean }
  | { status: 400; message: string };

/** How a stored event's payload looks (dates as ISO strings). */
export type StoredEvent = Omit<NormalizedEvent, "occurredAt"> & { occurredAt: string };

/** Bad signature → 400 with nothing stored; a new event is stored and enqueued once; a repeat is acknowledged. */
export async function receiveWebhook(
  context: Context,
  provider: PaymentProvider,
  request: Request,
): Promise<ReceiveWebhookResult> {
  const event = await provider.verifyWebhook(request);
  if (!event) return { status: 400, message: "Invalid signature." };

  const payload: StoredEvent = { ...event, occurredAt: event.occurredAt.toISOString() };
  const [stored] = await context.db
    .insert(webhookEvents)
    .values({
      provider: provider.name,
      eventId: event.eventId,
      type: event.type,
      payload,
      receivedAt: context.clock.now(),
    })
    .onConflictDoNothing({ target: [webhookEvents.provider, webhookEvents.eventId] })
    .returning({ id: webhookEvents.id });
  if (!stored) return { status: 200, event, duplicate: true };

  try {
    await context.queue.enqueue({ type: "webhook", webhookEventId: stored.id });
  } catch (error) {
    // Not acknowledged: forget the row so the provider's retry stores and enqueues it afresh.
    await context.db.delete(webhookEvents).where(eq(webhookEvents.id, stored.id));
    throw error;
  }
  return { status: 200, event, duplicate: false };
}
