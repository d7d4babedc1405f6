// Which payment provider this deployment uses: Stripe when its key is set, otherwise the clearly
// labelled test checkout (DESIGN.md §7). Both runtimes build theirs here.
import type { Clock } from "../../load-context";
import type { PaymentProvider } from "../domain/payments/payment-provider";
import { createTestPaymentProvider } from "../domain/payments/test-provider.server";
import type { AppEnv } from "../env.server";
import { createStripePaymentProvider } from "./stripe.server";

export function createPaymentProvider(env: AppEnv, clock?: Clock): PaymentProvider {
  // checkAppEnv makes the webhook secret come with the key.
  if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) return createTestPaymentProvider({ env, clock });
  return createStripePaymentProvider({
    secretKey: env.STRIPE_SECRET_KEY,
    webhookSecrets: [env.STRIPE_WEBHOOK_SECRET, ...(env.STRIPE_CONNECT_WEBHOOK_SECRET ? [env.STRIPE_CONNECT_WEBHOOK_SECRET] : [])],
    apiUrl: env.STRIPE_API_URL,
    clock,
  });
}
