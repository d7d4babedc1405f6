import type { ActionFunctionArgs } from "@remix-run/server-runtime";
import { receiveWebhook } from "~/domain/payments/webhooks.server";
import { stripeProviderName } from "~/integrations/stripe.server";

// Stripe's webhook (POST only). CSRF-exempt (under /webhooks/): the signature authenticates it.
// Verified on the raw body, stored, then acknowledged; a job applies it (DESIGN.md §4.3).
export async function action({ request, context }: ActionFunctionArgs) {
  if (context.payments.name !== stripeProviderName) {
    return Response.json({ error: "Stripe is not configured here (STRIPE_SECRET_KEY is unset)." }, { status: 404 });
  }
  if (request.method !== "POST") return Response.json({ error: "Method not allowed." }, { status: 405, headers: { allow: "POST" } });
  const result = await receiveWebhook(context, context.payments, request);
  if (result.status === 400) return Response.json({ error: result.message }, { status: 400 });
  return Response.json({ received: true, duplicate: result.duplicate });
}
