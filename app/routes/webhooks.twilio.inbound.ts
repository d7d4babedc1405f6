import type { ActionFunctionArgs } from "@remix-run/server-runtime";
import { receiveTwilioWebhook } from "~/domain/notifications/sms-events.server";

// Replies to our Twilio number (POST, form body): STOP / START change who gets text messages.
// CSRF-exempt (under /webhooks/): X-Twilio-Signature authenticates it. Stored, then applied from
// the queue; the empty TwiML answer sends no reply (Twilio confirms STOP and START itself).
export async function action({ request, context }: ActionFunctionArgs) {
  const result = await receiveTwilioWebhook(context, request, "inbound");
  if (result.status === 404) return Response.json({ error: "Not found." }, { status: 404 });
  if (result.status === 400) return Response.json({ error: result.message }, { status: 400 });
  return new Response('<?xml version="1.0" encoding="UTF-8"?><Response/>', { headers: { "content-type": "text/xml; charset=utf-8" } });
}
