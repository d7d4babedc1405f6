// The Stripe payment provider: Checkout Sessions as destination charges to the specialist's
// Express account with the platform fee, refunds that reverse the transfer and give back the fee,
// Connect onboarding, and signed webhooks reduced to the app's neutral events. One code path on
// Node and Workers: the SDK's fetch HTTP client and its Web Crypto signature check.
import Stripe from "stripe";
import type {
  ConnectedAccount,
  NormalizedEvent,
  PaymentProvider,
  Payout,
  PayoutAccounts,
  ProviderRefundStatus,
} from "../domain/payments/payment-provider";
import { isPermanentStatus, ProviderError } from "./provider-error";

export const stripeProviderName = "stripe";
export const stripeSignatureHeader = "stripe-signature";
/** Stripe's own default: a signature older than five minutes is refused (replays). */
export const stripeSignatureToleranceSeconds = 300;

export interface StripeSettings {
  secretKey: string;
  /** The signing secrets of the endpoints that post here (the platform's and the Connect one); any may verify. */
  webhookSecrets: string[];
  /** Another API base (the local stand-in); Stripe's own by default. */
  apiUrl?: string;
  clock?: { now(): Date };
}

function createStripeClient(settings: Pick<StripeSettings, "secretKey" | "apiUrl">) {
  const api = settings.apiUrl ? new URL(settings.apiUrl) : null;
  return new Stripe(settings.secretKey, {
    httpClient: Stripe.createFetchHttpClient(),
    // Our own retries (queue, idempotency keys) decide; the SDK retrying too would only hide failures.
    maxNetworkRetries: 1,
    timeout: 20_000,
    telemetry: false,
    ...(api
      ? {
          host: api.hostname,
          port: api.port || (api.protocol === "https:" ? 443 : 80),
          protocol: api.protocol === "https:" ? "https" : "http",
        }
      : {}),
  });
}

export interface StripePaymentProvider extends PaymentProvider {
  name: typeof stripeProviderName;
  payoutAccounts: PayoutAccounts;
}

export function createStripePaymentProvider(settings: StripeSettings): StripePaymentProvider {
  // Built on first use: most requests never talk to Stripe.
  let client: Stripe | undefined;
  const stripeClient = () => (client ??= createStripeClient(settings));
  const crypto = Stripe.createSubtleCryptoProvider();
  // The SDK takes the receiving time in milliseconds.
  const receivedAt = () => (settings.clock?.now() ?? new Date()).getTime();

  return {
    name: stripeProviderName,

    createCheckout: (input) =>
      call("create a checkout", async () => {
        const session = await stripeClient().checkout.sessions.create(
          {
            mode: "payment",
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: input.currency.toLowerCase(),
                  unit_amount: input.amountMinor,
                  product_data: { name: input.description },
                },
              },
            ],
            payment_intent_data: {
              ...(input.destinationAccountId
                ? { application_fee_amount: input.feeMinor, transfer_data: { destination: input.destinationAccountId } }
                : {}),
              metadata: { booking_id: input.bookingId },
            },
            client_reference_id: input.bookingId,
            metadata: { booking_id: input.bookingId },
            ...(input.customerEmail ? { customer_email: input.customerEmail } : {}),
            success_url: input.successUrl,
            cancel_url: input.cancelUrl,
            expires_at: Math.floor(input.expiresAt.getTime() / 1000),
          },
          { idempotencyKey: input.idempotencyKey },
        );
        if (!session.url) throw new Error(`Stripe returned checkout ${session.id} without a URL`);
        return { checkoutId: session.id, url: session.url };
      }),

    refund: (input) =>
      call("refund", async () => {
        const refund = await stripeClient().refunds.create(
          {
            payment_intent: input.paymentId,
            amount: input.amountMinor,
            // Destination charges: take the money back from the specialist and give back our fee in proportion.
            reverse_transfer: true,
            refund_application_fee: true,
            metadata: { refund_id: input.refundId, reason: input.reason },
          },
          { idempotencyKey: input.idempotencyKey },
        );
        return { providerRefundId: refund.id, status: refundStatus(refund.status) };
      }),

    async verifyWebhook(request) {
      const header = request.headers.get(stripeSignatureHeader);
      if (!header) return null;
      const body = await request.text();
      for (const secret of settings.webhookSecrets) {
        try {
          const event = await Stripe.webhooks.constructEventAsync(
            body,
            header,
            secret,
            stripeSignatureToleranceSeconds,
            crypto,
            receivedAt(),
          );
          return normalizeStripeEvent(event);
        } catch {
          // Signed with another of our secrets, forged, or stale: try the next secret.
        }
      }
      return null;
    },

    payoutAccounts: {
      createAccount: (input) =>
        call("create a payout account", async () =>
          toConnectedAccount(
            await stripeClient().accounts.create(
              {
                type: "express",
                country: input.country,
                email: input.email,
                capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
                metadata: { specialist_id: input.specialistId },
              },
              { idempotencyKey: input.idempotencyKey },
            ),
          ),
        ),
      retrieveAccount: (accountId) =>
        call("read the payout account", async () => toConnectedAccount(await stripeClient().accounts.retrieve(accountId))),
      onboardingLink: (input) =>
        call("start onboarding", async () => {
          const link = await stripeClient().accountLinks.create({
            account: input.accountId,
            type: "account_onboarding",
            return_url: input.returnUrl,
            refresh_url: input.refreshUrl,
          });
          return { url: link.url };
        }),
      dashboardLink: (accountId) =>
        call("open the Stripe dashboard", async () => ({ url: (await stripeClient().accounts.createLoginLink(accountId)).url })),
    },
  };
}

/** Stripe's errors as the app's: a 4xx (other than 408/409/429) can't succeed on retry. */
async function call<T>(what: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) {
      const status = error.statusCode ?? null;
      const permanent = status !== null && isPermanentStatus(status) && status !== 409;
      throw new ProviderError(`Stripe could not ${what}: ${error.message}${error.code ? ` (${error.code})` : ""}`, {
        permanent,
        status,
        cause: error,
      });
    }
    throw new ProviderError(`Stripe could not ${what}: ${error instanceof Error ? error.message : String(error)}`, {
      permanent: false,
      cause: error,
    });
  }
}

const refundStatuses: ProviderRefundStatus[] = ["pending", "requires_action", "succeeded", "failed", "canceled"];

function refundStatus(status: string | null): ProviderRefundStatus {
  return refundStatuses.find((known) => known === status) ?? "pending";
}

function idOf(value: string | { id: string } | null | undefined): string | undefined {
  if (!value) return undefined;
  return typeof value === "string" ? value : value.id;
}

function toConnectedAccount(account: Stripe.Account): ConnectedAccount {
  return {
    accountId: account.id,
    country: account.country ?? null,
    detailsSubmitted: account.details_submitted ?? false,
    chargesEnabled: account.charges_enabled ?? false,
    payoutsEnabled: account.payouts_enabled ?? false,
    requirementsDue: account.requirements?.currently_due ?? [],
  };
}

const payoutStatuses: Payout["status"][] = ["pending", "in_transit", "paid", "failed", "canceled"];

/** A verified Stripe event in the app's terms; types the app doesn't use become "unhandled". */
export function normalizeStripeEvent(event: Stripe.Event): NormalizedEvent {
  const base = { eventId: event.id, occurredAt: new Date(event.created * 1000), providerType: event.type };
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired": {
      const session = event.data.object;
      const paid = session.payment_status === "paid";
      const type =
        event.type === "checkout.session.expired"
          ? "checkout.expired"
          : event.type === "checkout.session.async_payment_failed"
            ? "checkout.declined"
            : paid
              ? "checkout.completed"
              : "checkout.processing";
      return {
        ...base,
        type,
        checkoutId: session.id,
        bookingId: session.metadata?.booking_id ?? session.client_reference_id ?? undefined,
        paymentId: idOf(session.payment_intent),
        amountMinor: session.amount_total ?? undefined,
        currency: session.currency?.toUpperCase(),
      };
    }
    case "refund.updated":
    case "refund.failed":
    case "charge.refund.updated": {
      const refund = event.data.object;
      return {
        ...base,
        type: "refund.updated",
        providerRefundId: refund.id,
        refundId: refund.metadata?.refund_id,
        status: refundStatus(refund.status),
        failureReason: refund.failure_reason ?? undefined,
      };
    }
    case "charge.refunded": {
      const charge = event.data.object;
      const paymentId = idOf(charge.payment_intent);
      if (!paymentId) return { ...base, type: "unhandled" };
      return {
        ...base,
        type: "payment.refunded",
        paymentId,
        amountRefundedMinor: charge.amount_refunded,
        currency: charge.currency.toUpperCase(),
      };
    }
    case "charge.dispute.created": {
      const dispute = event.data.object;
      const paymentId = idOf(dispute.payment_intent);
      if (!paymentId) return { ...base, type: "unhandled" };
      return { ...base, type: "payment.disputed", paymentId, disputeId: dispute.id, status: dispute.status, reason: dispute.reason };
    }
    case "account.updated":
      return { ...base, type: "account.updated", account: toConnectedAccount(event.data.object) };
    case "payout.created":
    case "payout.updated":
    case "payout.paid":
    case "payout.failed":
    case "payout.canceled": {
      const payout = event.data.object;
      const status = payoutStatuses.find((known) => known === payout.status);
      // Payouts of the platform's own balance carry no connected account: not a specialist's.
      if (!event.account || !status) return { ...base, type: "unhandled" };
      return {
        ...base,
        type: "payout.updated",
        payout: {
          accountId: event.account,
          payoutId: payout.id,
          amountMinor: payout.amount,
          currency: payout.currency.toUpperCase(),
          status,
          arrivalAt: new Date(payout.arrival_date * 1000),
        },
      };
    }
    default:
      return { ...base, type: "unhandled" };
  }
}
