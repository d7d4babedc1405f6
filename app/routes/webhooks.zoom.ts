import type { ActionFunctionArgs } from "@remix-run/server-runtime";
import { receiveZoomWebhook } from "~/domain/video/zoom-events.server";

// Zoom's Event Subscription endpoint (POST only), on when the Zoom app's Secret Token is set.
// CSRF-exempt (under /webhooks/): the x-zm-signature authenticates it (ADR 0026).
export async function action({ request, context }: ActionFunctionArgs) {
  const secretToken = context.env.ZOOM_WEBHOOK_SECRET_TOKEN;
  if (!secretToken) {
    return Response.json({ error: "Zoom webhooks aren't configured here (ZOOM_WEBHOOK_SECRET_TOKEN is unset)." }, { status: 404 });
  }
  if (request.method !== "POST") return Response.json({ error: "Method not allowed." }, { status: 405, headers: { allow: "POST" } });
  const result = await receiveZoomWebhook(context, secretToken, request);
  if (result.status === 400) return Response.json({ error: result.message }, { status: 400 });
  return Response.json(result.body);
}
