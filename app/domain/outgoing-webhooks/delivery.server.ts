// Delivering webhooks from the queue (ADR 0030). The delivery row is the truth: a job attempts a
// delivery only while it is pending and due, so repeated or stray jobs do nothing, and the
// every-minute sweep re-enqueues whatever is due (after a restart, a lost message, a new event).
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, lte, sql } from "drizzle-orm";
import { specialists, webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints } from "../../../db/schema";
import { enqueueAll, writeWithJobs } from "../../lib/write-with-jobs.server";
import { notify } from "../notifications/notifications.server";
import { findEndpoint, type EndpointScope, type WebhookActor } from "./endpoints.server";
import { disableAfterFailingMs, retryDelayAfter } from "./retry-schedule";
import { testEventType } from "./schemas";
import { webhookHeaders } from "./signing";

type Context = Pick<AppLoadContext, "db" | "clock" | "queue">;

/** How long a receiver has to answer. */
export const deliveryTimeoutMs = 10_000;
/** A claimed attempt's lease: longer than the timeout, so only a dead process's attempt is taken over. */
const claimLeaseMs = 60_000;
const snippetLength = 500;

const newDeliveryId = () => `msg_${crypto.randomUUID().replaceAll("-", "")}`;

/** Enqueues a job for every due delivery of an enabled endpoint (the every-minute cron). */
export async function enqueueDueDeliveries(context: Context) {
  const now = context.clock.now();
  const due = await context.db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(and(eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, now), eq(webhookEndpoints.status, "enabled")))
    .limit(1000);
  await enqueueAll(
    context.queue,
    due.map((row) => ({ type: "webhook-delivery" as const, deliveryId: row.id })),
  );
  return { enqueued: due.length };
}

/**
 * One attempt of a delivery, if it is still pending and due: a signed POST, logged, then success,
 * a retry scheduled on the backoff, or — once the retries are used up — failure, which disables
 * an endpoint that has been failing without a success for a day and tells its owner.
 */
export async function deliverWebhook(context: Context, deliveryId: string) {
  const { db, clock } = context;
  const claimedAt = clock.now();
  const [delivery] = await db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: new Date(claimedAt.getTime() + claimLeaseMs) })
    .where(
      and(
        eq(webhookDeliveries.id, deliveryId),
        eq(webhookDeliveries.status, "pending"),
        lte(webhookDeliveries.nextAttemptAt, claimedAt),
        sql`exists (select 1 from ${webhookEndpoints} where ${webhookEndpoints.id} = ${webhookDeliveries.endpointId} and ${webhookEndpoints.status} = 'enabled')`,
      ),
    )
    .returning();
  if (!delivery) return { attempted: false as const };
  const [endpoint] = await db
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      secret: webhookEndpoints.secret,
      createdBy: webhookEndpoints.createdBy,
      specialistUserId: specialists.userId,
    })
    .from(webhookEndpoints)
    .leftJoin(specialists, eq(specialists.id, webhookEndpoints.specialistId))
    .where(eq(webhookEndpoints.id, delivery.endpointId));
  if (!endpoint) return { attempted: false as const };

  const result = await post(endpoint.url, endpoint.secret, delivery.id, delivery.payload, clock.now());
  const now = clock.now();
  const attempts = delivery.attempts + 1;
  const retryIn = result.ok ? null : retryDelayAfter(attempts);
  const status = result.ok ? "succeeded" : retryIn === null ? "failed" : "pending";
  const owner = endpoint.specialistUserId ?? endpoint.createdBy;
  const disabled = sql`exists (select 1 from ${webhookEndpoints} where ${webhookEndpoints.id} = ${endpoint.id}
    and ${webhookEndpoints.status} = 'disabled' and ${webhookEndpoints.disabledAt} = ${now.getTime()})`;
  const notice =
    status === "failed" && owner
      ? notify(
          context,
          {
            userId: owner,
            kind: "webhook-endpoint-disabled",
            subject: { type: "webhook-endpoint", id: endpoint.id },
            occurrence: String(now.getTime()),
            payload: { endpointId: endpoint.id, url: endpoint.url, platform: endpoint.specialistUserId === null },
          },
          disabled,
        )
      : { statements: [], jobs: [] };

  await writeWithJobs(
    context,
    [
      db.insert(webhookDeliveryAttempts).values({
        deliveryId: delivery.id,
        attemptedAt: now,
        responseStatus: result.status,
        responseSnippet: result.snippet,
        error: result.error,
        durationMs: result.durationMs,
      }),
      db
        .update(webhookDeliveries)
        .set({
          status,
          attempts,
          nextAttemptAt: retryIn === null ? null : new Date(now.getTime() + retryIn),
          lastResponseStatus: result.status,
          lastError: result.error,
          finishedAt: status === "pending" ? null : now,
        })
        .where(eq(webhookDeliveries.id, delivery.id)),
      db
        .update(webhookEndpoints)
        .set({ failingSince: result.ok ? null : sql`coalesce(${webhookEndpoints.failingSince}, ${now.getTime()})` })
        .where(eq(webhookEndpoints.id, endpoint.id)),
      ...(status === "failed"
        ? [
            db
              .update(webhookEndpoints)
              .set({
                status: "disabled",
                disabledAt: now,
                disabledReason: "Deliveries failed for over a day without a success.",
                updatedAt: now,
              })
              .where(
                and(
                  eq(webhookEndpoints.id, endpoint.id),
                  eq(webhookEndpoints.status, "enabled"),
                  lte(webhookEndpoints.failingSince, new Date(now.getTime() - disableAfterFailingMs)),
                ),
              ),
          ]
        : []),
      ...notice.statements,
    ],
    notice.jobs,
  );
  // The row already says when; the message only saves waiting for the sweep.
  if (retryIn !== null) await context.queue.enqueue({ type: "webhook-delivery", deliveryId: delivery.id }, { delayMs: retryIn });
  return { attempted: true as const, status, responseStatus: result.status };
}

interface AttemptResult {
  ok: boolean;
  status: number | null;
  snippet: string | null;
  error: string | null;
  durationMs: number;
}

async function post(url: string, secret: string, id: string, payload: unknown, at: Date): Promise<AttemptResult> {
  const body = JSON.stringify(payload);
  const started = Date.now();
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { ...(await webhookHeaders(secret, id, at, body)), "user-agent": "Specialistly-Webhooks/1" },
      body,
      // A redirect could lead anywhere, including inside our network: it counts as an answer.
      redirect: "manual",
      signal: AbortSignal.timeout(deliveryTimeoutMs),
    });
    const text = await response.text().catch(() => "");
    const ok = response.status >= 200 && response.status < 300;
    return {
      ok,
      status: response.status,
      snippet: text.slice(0, snippetLength) || null,
      error: ok ? null : `HTTP ${response.status}`,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    return {
      ok: false,
      status: null,
      snippet: null,
      error: timedOut ? `No answer within ${deliveryTimeoutMs / 1000} s` : error instanceof Error ? error.message : String(error),
      durationMs: Date.now() - started,
    };
  }
}

/** A `webhook.test` message, delivered (and retried) like any other. */
export async function sendTestWebhook(context: Context, actor: WebhookActor, scope: EndpointScope, endpointId: string) {
  const found = await findEndpoint(context, actor, scope, endpointId);
  if (!found.ok) return found;
  if (found.endpoint.status !== "enabled")
    return { ok: false as const, reason: "disabled" as const, message: "Enable the endpoint to send it a test." };
  const now = context.clock.now();
  const id = newDeliveryId();
  await writeWithJobs(
    context,
    [
      context.db.insert(webhookDeliveries).values({
        id,
        endpointId,
        eventType: testEventType,
        eventKey: `${testEventType}:${id}`,
        payload: { type: testEventType, timestamp: now.toISOString(), data: { endpointId, message: "A test from Specialistly." } },
        nextAttemptAt: now,
        createdAt: now,
      }),
    ],
    [
      {
        message: { type: "webhook-delivery", deliveryId: id },
        when: sql`exists (select 1 from ${webhookDeliveries} where ${webhookDeliveries.id} = ${id})`,
      },
    ],
  );
  return { ok: true as const, deliveryId: id };
}

/**
 * Sends a finished delivery again, with the same `webhook-id` (receivers that already have it can
 * ignore it); a failure is retried on the backoff from the attempts it has already had.
 */
export async function redeliverWebhook(
  context: Context,
  actor: WebhookActor,
  scope: EndpointScope,
  endpointId: string,
  deliveryId: string,
) {
  const found = await findEndpoint(context, actor, scope, endpointId);
  if (!found.ok) return found;
  if (found.endpoint.status !== "enabled")
    return { ok: false as const, reason: "disabled" as const, message: "Enable the endpoint to redeliver." };
  const now = context.clock.now();
  const [reopened] = await writeWithJobs(
    context,
    [
      context.db
        .update(webhookDeliveries)
        .set({ status: "pending", nextAttemptAt: now, finishedAt: null })
        .where(
          and(
            eq(webhookDeliveries.id, deliveryId),
            eq(webhookDeliveries.endpointId, endpointId),
            sql`${webhookDeliveries.status} <> 'pending'`,
          ),
        ),
    ],
    [
      {
        message: { type: "webhook-delivery", deliveryId },
        when: sql`exists (select 1 from ${webhookDeliveries} where ${webhookDeliveries.id} = ${deliveryId} and ${webhookDeliveries.nextAttemptAt} = ${now.getTime()} and ${webhookDeliveries.status} = 'pending')`,
      },
    ],
  );
  if (reopened.rowsAffected === 0) {
    return { ok: false as const, reason: "not-found" as const, message: "That delivery isn't in this endpoint's finished deliveries." };
  }
  return { ok: true as const };
}
