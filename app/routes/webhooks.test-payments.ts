import type { ActionFunctionArgs } from "@remix-run/server-runtime";
import { isTestPaymentProvider } from "~/domain/payments/test-provider.server";
import { receiveWebhook } from "~/domain/payments/webhooks.server";

// The test provider's webhook (POST only). CSRF-exempt (under /webhooks/): the signature authenticates it.
export async function action({ request, context }: ActionFunctionArgs) {
  if (!isTestPaymentProvider(context.payments)) return Response.json({ error: "Not found." }, { status: 404 });
  const result = await receiveWebhook(context, context.payments, request);
  if (result.status === 400) return Response.json({ error: result.message }, { status: 400 });
  return Response.json({ received: true, duplicate: result.duplicate });
}
