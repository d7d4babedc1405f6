// Webhook endpoints and who may touch them: a specialist their own (hearing their bookings and
// reviews), an admin the platform's (specialist_id null, hearing everything). ADR 0030.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, desc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import { specialists, webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints, type UserRole } from "../../../db/schema";
import { endpointUrlProblem } from "./endpoint-url";
import type { EndpointForm } from "./schemas";
import { generateWebhookSecret } from "./signing";

type Context = Pick<AppLoadContext, "db" | "clock"> & { env: Pick<AppLoadContext["env"], "WEBHOOK_ALLOW_INSECURE_URLS"> };

/** Whose endpoints a page manages. */
export type EndpointScope = "specialist" | "platform";

export interface WebhookActor {
  userId: string;
  role: UserRole;
}

export type EndpointFailure =
  | { ok: false; reason: "forbidden" | "not-found"; message: string }
  | { ok: false; reason: "invalid"; message: string; fieldErrors: Partial<Record<keyof EndpointForm, string[]>> };

const forbidden = { ok: false, reason: "forbidden", message: "Your account can't manage these webhooks." } as const;
const notFound = { ok: false, reason: "not-found", message: "No webhook endpoint of yours has that address." } as const;

/** The endpoints `actor` may manage in `scope`, as a condition; null when they may manage none. */
async function ownership(
  context: Pick<Context, "db">,
  actor: WebhookActor,
  scope: EndpointScope,
): Promise<{ specialistId: string | null; where: SQL } | null> {
  if (scope === "platform") return actor.role === "admin" ? { specialistId: null, where: isNull(webhookEndpoints.specialistId) } : null;
  if (actor.role !== "specialist") return null;
  const [own] = await context.db.select({ id: specialists.id }).from(specialists).where(eq(specialists.userId, actor.userId)).limit(1);
  return own ? { specialistId: own.id, where: eq(webhookEndpoints.specialistId, own.id) } : null;
}

function checkUrl(context: Context, form: EndpointForm): EndpointFailure | null {
  const problem = endpointUrlProblem(form.url, { allowInsecure: context.env.WEBHOOK_ALLOW_INSECURE_URLS });
  return problem ? { ok: false, reason: "invalid", message: problem, fieldErrors: { url: [problem] } } : null;
}

export async function listEndpoints(context: Pick<Context, "db">, actor: WebhookActor, scope: EndpointScope) {
  const owner = await ownership(context, actor, scope);
  if (!owner) return forbidden;
  const endpoints = await context.db.select().from(webhookEndpoints).where(owner.where).orderBy(desc(webhookEndpoints.createdAt));
  return { ok: true as const, endpoints };
}

export async function createEndpoint(context: Context, actor: WebhookActor, scope: EndpointScope, form: EndpointForm) {
  const owner = await ownership(context, actor, scope);
  if (!owner) return forbidden;
  const invalid = checkUrl(context, form);
  if (invalid) return invalid;
  const now = context.clock.now();
  const [endpoint] = await context.db
    .insert(webhookEndpoints)
    .values({
      specialistId: owner.specialistId,
      createdBy: actor.userId,
      url: form.url,
      description: form.description,
      secret: generateWebhookSecret(),
      events: form.events,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return { ok: true as const, endpoint: endpoint! };
}

/** The endpoint `id` if `actor` may manage it in `scope`. */
export async function findEndpoint(context: Pick<Context, "db">, actor: WebhookActor, scope: EndpointScope, id: string) {
  const owner = await ownership(context, actor, scope);
  if (!owner) return forbidden;
  const [endpoint] = await context.db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), owner.where))
    .limit(1);
  return endpoint ? { ok: true as const, endpoint } : notFound;
}

/** An endpoint with its latest deliveries and their attempts (the delivery log). */
export async function endpointDetail(context: Pick<Context, "db">, actor: WebhookActor, scope: EndpointScope, id: string) {
  const found = await findEndpoint(context, actor, scope, id);
  if (!found.ok) return found;
  const deliveries = await context.db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, id))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(50);
  const attempts =
    deliveries.length === 0
      ? []
      : await context.db
          .select()
          .from(webhookDeliveryAttempts)
          .where(
            inArray(
              webhookDeliveryAttempts.deliveryId,
              deliveries.map((delivery) => delivery.id),
            ),
          )
          .orderBy(desc(webhookDeliveryAttempts.attemptedAt));
  return {
    ok: true as const,
    endpoint: found.endpoint,
    deliveries: deliveries.map((delivery) => ({ ...delivery, attempts: attempts.filter((attempt) => attempt.deliveryId === delivery.id) })),
  };
}

export async function updateEndpoint(context: Context, actor: WebhookActor, scope: EndpointScope, id: string, form: EndpointForm) {
  const found = await findEndpoint(context, actor, scope, id);
  if (!found.ok) return found;
  const invalid = checkUrl(context, form);
  if (invalid) return invalid;
  await context.db
    .update(webhookEndpoints)
    .set({ url: form.url, description: form.description, events: form.events, updatedAt: context.clock.now() })
    .where(eq(webhookEndpoints.id, id));
  return { ok: true as const };
}

/** Enabling starts afresh: the failure streak that disabled it is forgotten, and waiting deliveries go out again. */
export async function setEndpointEnabled(
  context: Pick<Context, "db" | "clock">,
  actor: WebhookActor,
  scope: EndpointScope,
  id: string,
  enabled: boolean,
) {
  const found = await findEndpoint(context, actor, scope, id);
  if (!found.ok) return found;
  const now = context.clock.now();
  await context.db
    .update(webhookEndpoints)
    .set(
      enabled
        ? { status: "enabled", disabledAt: null, disabledReason: null, failingSince: null, updatedAt: now }
        : { status: "disabled", disabledAt: now, disabledReason: "Disabled by hand.", updatedAt: now },
    )
    .where(eq(webhookEndpoints.id, id));
  return { ok: true as const };
}

/** A new secret; the old one stops working at once (receivers must update theirs). */
export async function rotateEndpointSecret(context: Pick<Context, "db" | "clock">, actor: WebhookActor, scope: EndpointScope, id: string) {
  const found = await findEndpoint(context, actor, scope, id);
  if (!found.ok) return found;
  await context.db
    .update(webhookEndpoints)
    .set({ secret: generateWebhookSecret(), updatedAt: context.clock.now() })
    .where(eq(webhookEndpoints.id, id));
  return { ok: true as const };
}

/** Deletes the endpoint with its deliveries and their log. */
export async function deleteEndpoint(context: Pick<Context, "db">, actor: WebhookActor, scope: EndpointScope, id: string) {
  const found = await findEndpoint(context, actor, scope, id);
  if (!found.ok) return found;
  await context.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return { ok: true as const };
}
