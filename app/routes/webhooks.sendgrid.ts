import type { ActionFunctionArgs } from "@remix-run/server-runtime";
import { receiveSendGridEvents } from "~/domain/notifications/email-events.server";

// SendGrid's Event Webhook (POST only), on when its verification key is configured.
// CSRF-exempt (under /webhooks/): the ECDSA signature authenticates it.
export async function action({ request, context }: ActionFunctionArgs) {
  const publicKey = context.env.SENDGRID_WEBHOOK_PUBLIC_KEY;
  if (!publicKey) return Response.json({ error: "Not found." }, { status: 404 });
  if (request.method !== "POST") return Response.json({ error: "Method not allowed." }, { status: 405, headers: { allow: "POST" } });
  const result = await receiveSendGridEvents(context, publicKey, request);
  if (result.status === 400) return Response.json({ error: result.message }, { status: 400 });
  return Response.json({ received: true, stored: result.stored, duplicates: result.duplicates });
}
