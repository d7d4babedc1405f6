// The loaders and actions of the webhook pages, shared by /specialist/webhooks (scope "specialist")
// and /admin/webhooks (scope "platform"): parse, call the domain, answer.
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type AppLoadContext } from "@remix-run/server-runtime";
import * as z from "zod";
import { formatDate, formatDayTime } from "../../lib/time-format";
import { requireRole } from "../auth/auth.server";
import { redeliverWebhook, sendTestWebhook } from "./delivery.server";
import {
  createEndpoint,
  deleteEndpoint,
  endpointDetail,
  listEndpoints,
  rotateEndpointSecret,
  setEndpointEnabled,
  updateEndpoint,
  type EndpointFailure,
  type EndpointScope,
} from "./endpoints.server";
import { endpointFormSchema } from "./schemas";

const roles = { specialist: ["specialist"], platform: ["admin"] } as const;

export const webhookPagePaths: Record<EndpointScope, string> = { specialist: "/specialist/webhooks", platform: "/admin/webhooks" };

async function actorFor(scope: EndpointScope, request: Request, context: AppLoadContext) {
  const { user } = await requireRole(request, context, roles[scope]);
  return { actor: { userId: user.id, role: user.role }, timezone: user.timezone };
}

/** A refusal the page can't show as a form error. */
function refusal(failure: Exclude<EndpointFailure, { reason: "invalid" }>, scope: EndpointScope): never {
  // A specialist without a profile has no endpoints yet: their profile comes first, as for session types.
  if (failure.reason === "forbidden" && scope === "specialist") throw redirect("/specialist/profile?profileFirst=1");
  throw new Response(failure.message, { status: failure.reason === "forbidden" ? 403 : 404 });
}

export async function webhookListLoader(scope: EndpointScope, request: Request, context: AppLoadContext) {
  const { actor, timezone } = await actorFor(scope, request, context);
  const listed = await listEndpoints(context, actor, scope);
  if (!listed.ok) refusal(listed, scope);
  return {
    basePath: webhookPagePaths[scope],
    platform: scope === "platform",
    endpoints: listed.endpoints.map((endpoint) => ({
      id: endpoint.id,
      url: endpoint.url,
      description: endpoint.description,
      events: endpoint.events,
      enabled: endpoint.status === "enabled",
      createdOn: formatDate(endpoint.createdAt, timezone),
    })),
  };
}

export async function webhookListAction(scope: EndpointScope, request: Request, context: AppLoadContext) {
  const { actor } = await actorFor(scope, request, context);
  const submission = parseWithZod(await request.formData(), { schema: endpointFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const created = await createEndpoint(context, actor, scope, submission.value);
  if (!created.ok) {
    if (created.reason === "invalid") return data(submission.reply({ fieldErrors: created.fieldErrors }), { status: 400 });
    refusal(created, scope);
  }
  return redirect(`${webhookPagePaths[scope]}/${created.endpoint.id}?done=created`);
}

export async function webhookDetailLoader(scope: EndpointScope, request: Request, context: AppLoadContext, id: string) {
  const { actor, timezone } = await actorFor(scope, request, context);
  const detail = await endpointDetail(context, actor, scope, id);
  if (!detail.ok) refusal(detail, scope);
  const { endpoint } = detail;
  return {
    basePath: webhookPagePaths[scope],
    endpoint: {
      id: endpoint.id,
      url: endpoint.url,
      description: endpoint.description ?? "",
      events: endpoint.events,
      secret: endpoint.secret,
      enabled: endpoint.status === "enabled",
      disabledReason: endpoint.disabledReason,
      disabledAt: endpoint.disabledAt ? formatDayTime(endpoint.disabledAt, timezone) : null,
    },
    deliveries: detail.deliveries.map((delivery) => ({
      id: delivery.id,
      eventType: delivery.eventType,
      status: delivery.status,
      createdAt: formatDayTime(delivery.createdAt, timezone),
      nextAttemptAt: delivery.status === "pending" && delivery.nextAttemptAt ? formatDayTime(delivery.nextAttemptAt, timezone) : null,
      attempts: delivery.attempts.map((attempt) => ({
        id: attempt.id,
        at: formatDayTime(attempt.attemptedAt, timezone),
        responseStatus: attempt.responseStatus,
        snippet: attempt.responseSnippet,
        error: attempt.error,
        durationMs: attempt.durationMs,
      })),
    })),
  };
}

const simpleIntentSchema = z.object({
  intent: z.enum(["test", "redeliver", "enable", "disable", "rotate", "delete"], { error: "Choose an action." }),
  deliveryId: z.string().trim().min(1).optional(),
});

export async function webhookDetailAction(scope: EndpointScope, request: Request, context: AppLoadContext, id: string) {
  const { actor } = await actorFor(scope, request, context);
  const formData = await request.formData();
  const base = `${webhookPagePaths[scope]}/${id}`;
  if (formData.get("intent") === "save") {
    const submission = parseWithZod(formData, { schema: endpointFormSchema });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const saved = await updateEndpoint(context, actor, scope, id, submission.value);
    if (!saved.ok) {
      if (saved.reason === "invalid") return data(submission.reply({ fieldErrors: saved.fieldErrors }), { status: 400 });
      refusal(saved, scope);
    }
    return redirect(`${base}?done=saved`);
  }
  const parsed = simpleIntentSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return data({ actionError: parsed.error.issues[0]?.message ?? "Choose an action." }, { status: 400 });
  const { intent, deliveryId } = parsed.data;
  const result =
    intent === "test"
      ? await sendTestWebhook(context, actor, scope, id)
      : intent === "redeliver"
        ? await redeliverWebhook(context, actor, scope, id, deliveryId ?? "")
        : intent === "rotate"
          ? await rotateEndpointSecret(context, actor, scope, id)
          : intent === "delete"
            ? await deleteEndpoint(context, actor, scope, id)
            : await setEndpointEnabled(context, actor, scope, id, intent === "enable");
  if (!result.ok) {
    if (result.reason === "forbidden") refusal(result, scope);
    // A delivery that isn't there is the form's mistake; the endpoint not being there is a 404.
    if (result.reason === "not-found" && intent !== "redeliver") refusal(result, scope);
    return data({ actionError: result.message }, { status: 400 });
  }
  if (intent === "delete") return redirect(`${webhookPagePaths[scope]}?done=deleted`);
  return redirect(`${base}?done=${intent}`);
}
