// Every provider's webhook arrives the same way (DESIGN.md §4.3): verified by its route, stored
// here with its job in one atomic write, acknowledged, then processed from the queue. A slow or
// failing step never makes the provider resend, and a resent event is recognised by its id.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, inArray, isNull, lt, lte, sql } from "drizzle-orm";
import { webhookEvents } from "../../../db/schema";
import { writeWithJobs, type JobInWrite } from "../../lib/write-with-jobs.server";

type Context = Pick<AppLoadContext, "db" | "clock" | "queue">;

export interface InboundEvent {
  /** The provider's own id for the event: the same id twice is one event. */
  eventId: string;
  type: string;
  payload: unknown;
}

export type StoredInboundEvent = typeof webhookEvents.$inferSelect;

/** After this many failed runs an event waits for a person (its error is kept); the sweeper stops re-arming it. */
export const maxWebhookAttempts = 10;

/**
 * Stores `events` of `provider` and their jobs in one atomic write. A repeat of an event not
 * processed yet re-arms its job (the first may have been lost with a crashed process); a repeat
 * of a processed one is only acknowledged.
 */
export async function storeInboundEvents(context: Context, provider: string, events: InboundEvent[]) {
  if (events.length === 0) return { stored: 0, duplicates: 0 };
  const now = context.clock.now();
  const rows = events.map((event) => ({ id: crypto.randomUUID(), provider, receivedAt: now, ...event }));
  const statements = rows.map((row) =>
    context.db
      .insert(webhookEvents)
      .values(row)
      .onConflictDoNothing({ target: [webhookEvents.provider, webhookEvents.eventId] }),
  );
  const jobs: JobInWrite[] = rows.map((row) => ({
    message: { type: "webhook", webhookEventId: row.id },
    when: sql`exists (select 1 from ${webhookEvents} where ${webhookEvents.id} = ${row.id})`,
  }));
  const results = await writeWithJobs(context, [statements[0]!, ...statements.slice(1)], jobs);
  const repeated = rows.filter((_, index) => results[index]!.rowsAffected === 0).map((row) => row.eventId);
  if (repeated.length > 0) {
    const unprocessed = await context.db
      .select({ id: webhookEvents.id })
      .from(webhookEvents)
      .where(and(eq(webhookEvents.provider, provider), inArray(webhookEvents.eventId, repeated), isNull(webhookEvents.processedAt)));
    await Promise.all(unprocessed.map((row) => context.queue.enqueue({ type: "webhook", webhookEventId: row.id })));
  }
  return { stored: rows.length - repeated.length, duplicates: repeated.length };
}

/**
 * Runs one stored event through `apply`; a no-op once processed. On failure records the error
 * and rethrows, so the queue retries.
 */
export async function processInboundEvent(
  context: Pick<AppLoadContext, "db" | "clock">,
  webhookEventId: string,
  apply: (event: StoredInboundEvent) => Promise<unknown>,
) {
  // An apply that returns `{ ignored: reason }` had no effect; the reason is kept with the event.
  const { db } = context;
  const [stored] = await db.select().from(webhookEvents).where(eq(webhookEvents.id, webhookEventId));
  if (!stored) throw new Error(`No webhook event ${webhookEventId}`);
  if (stored.processedAt) return { processed: false as const };
  try {
    const outcome = await apply(stored);
    const ignoredReason = isIgnored(outcome) ? outcome.ignored : null;
    await db
      .update(webhookEvents)
      .set({ processedAt: context.clock.now(), lastError: null, ignoredReason })
      .where(eq(webhookEvents.id, stored.id));
    return { processed: true as const };
  } catch (error) {
    await db
      .update(webhookEvents)
      .set({ attempts: sql`${webhookEvents.attempts} + 1`, lastError: error instanceof Error ? error.message : String(error) })
      .where(eq(webhookEvents.id, stored.id));
    throw error;
  }
}

function isIgnored(outcome: unknown): outcome is { ignored: string } {
  return typeof outcome === "object" && outcome !== null && typeof (outcome as { ignored?: unknown }).ignored === "string";
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
