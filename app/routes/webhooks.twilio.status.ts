import type { ActionFunctionArgs } from "@remix-run/server-runtime";
import { receiveTwilioWebhook } from "~/domain/notifications/sms-events.server";

// Twilio's delivery reports for the text messages we send (POST, form body). CSRF-exempt (under
// /webhooks/): X-Twilio-Signature authenticates it. Stored, then applied from the queue.
export async function action({ request, context }: ActionFunctionArgs) {
  const result = await receiveTwilioWebhook(context, request, "status");
  if (result.status === 404) return Response.json({ error: "Not found." }, { status: 404 });
  if (result.status === 400) return Response.json({ error: result.message }, { status: 400 });
  return new Response(null, { status: 204 });
}
