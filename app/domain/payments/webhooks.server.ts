// Receiving a provider's webhook (DESIGN.md §4.3): verify, store, enqueue, acknowledge. The
// work happens later in the queue (process-webhook.server.ts), so a slow or failing step never
// makes the provider resend, and a resent event is recognised by its id.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, isNull, lt, lte, sql } from "drizzle-orm";
import { webhookEvents } from "../../../db/schema";
import { writeWithJobs } from "../../lib/write-with-jobs.server";
import type { NormalizedEvent, PaymentProvider } from "./payment-provider";

type Context = Pick<AppLoadContext, "db" | "clock" | "queue">;

export type ReceiveWebhookResult =
  | { status: 200; event: NormalizedEvent; duplicate: boolean }
  | { status: 400; message: string };

/** How a stored event's payload looks (dates as ISO strings). */
export type StoredEvent = Omit<NormalizedEvent, "occurredAt"> & { occurredAt: string };

/** After this many failed runs an event waits for a person (its error is kept); the sweeper stops re-arming it. */
export const maxWebhookAttempts = 10;

/**
 * Bad signature → 400 with nothing stored. A new event is stored and its job enqueued in one
 * atomic write. A repeat of an event that is not processed yet re-arms its job (the first one may
 * have been lost with a crashed process); a repeat of a processed one is only acknowledged.
 */
export async function receiveWebhook(
  context: Context,
  provider: PaymentProvider,
  request: Request,
): Promise<ReceiveWebhookResult> {
  const event = await provider.verifyWebhook(request);
  if (!event) return { status: 400, message: "Invalid signature." };

  const id = crypto.randomUUID();
  const payload: StoredEvent = { ...event, occurredAt: event.occurredAt.toISOString() };
  const [stored] = await writeWithJobs(
    context,
    [
      context.db
        .insert(webhookEvents)
        .values({ id, provider: provider.name, eventId: event.eventId, type: event.type, payload, receivedAt: context.clock.now() })
        .onConflictDoNothing({ target: [webhookEvents.provider, webhookEvents.eventId] }),
    ],
    [
      {
        message: { type: "webhook", webhookEventId: id },
        when: sql`exists (select 1 from ${webhookEvents} where ${webhookEvents.id} = ${id})`,
      },
    ],
  );
  if (stored.rowsAffected === 1) return { status: 200, event, duplicate: false };

  const [existing] = await context.db
    .select({ id: webhookEvents.id, processedAt: webhookEvents.processedAt })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.provider, provider.name), eq(webhookEvents.eventId, event.eventId)));
  if (existing && !existing.processedAt) await context.queue.enqueue({ type: "webhook", webhookEventId: existing.id });
  return { status: 200, event, duplicate: true };
}

/** Unprocessed events received over `olderThanMs` ago that may still succeed: their job may be lost. */
export async function strandedWebhookEvents(context: Pick<AppLoadContext, "db" | "clock">, olderThanMs: number, limit: number) {
  const rows = await context.db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(
      and(
        isNull(webhookEvents.processedAt),
        lte(webhookEvents.receivedAt, new Date(context.clock.now().getTime() - olderThanMs)),
        lt(webhookEvents.attempts, maxWebhookAttempts),
      ),
    )
    .limit(limit);
  return rows.map((row) => row.id);
}
