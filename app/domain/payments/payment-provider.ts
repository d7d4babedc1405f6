// The one seam between the app and a payment service (the labelled test provider, or Stripe).
// Everything the rest of the app needs is expressed here, in the provider's neutral terms.

export interface CreateCheckoutInput {
  bookingId: string;
  amountMinor: number;
  feeMinor: number;
  currency: string;
  description: string;
  successUrl: string;
  cancelUrl: string;
  /** When the provider stops accepting payment (the booking's hold ends with it). */
  expiresAt: Date;
  /** Same key → same checkout at the provider, so a retried request never opens a second one. */
  idempotencyKey: string;
  /** Prefilled on the checkout page. */
  customerEmail?: string;
  /** The specialist's connected account the money goes to (providers with payouts only). */
  destinationAccountId?: string;
}

export interface RefundInput {
  /** The provider's payment id (Stripe: pi_…). */
  paymentId: string;
  amountMinor: number;
  idempotencyKey: string;
  /** Our refunds row, so the provider's later events about it can be matched. */
  refundId: string;
  reason: string;
}

/** The provider's own state of a refund it accepted. */
export type ProviderRefundStatus = "pending" | "requires_action" | "succeeded" | "failed" | "canceled";

export const checkoutEventTypes = ["checkout.completed", "checkout.processing", "checkout.declined", "checkout.expired"] as const;
export type CheckoutEventType = (typeof checkoutEventTypes)[number];

interface EventBase {
  eventId: string;
  occurredAt: Date;
  /** The provider's name for the event type, stored as is (e.g. "checkout.session.completed"). */
  providerType?: string;
}

/** A provider's webhook event, reduced to what processing needs. */
export type NormalizedEvent =
  | (EventBase & {
      /** completed: paid; processing: completed, the money settles later; declined: the payment failed. */
      type: CheckoutEventType;
      checkoutId: string;
      /** Ours, as the checkout's metadata carries it (lets an event that outruns our own write find its booking). */
      bookingId?: string;
      paymentId?: string;
      amountMinor?: number;
      currency?: string;
    })
  | (EventBase & {
      type: "refund.updated";
      providerRefundId: string;
      /** Ours, from the refund's metadata. */
      refundId?: string;
      status: ProviderRefundStatus;
      failureReason?: string;
    })
  | (EventBase & {
      /** A payment's refunded total, whoever refunded it (e.g. from the provider's dashboard). */
      type: "payment.refunded";
      paymentId: string;
      amountRefundedMinor: number;
      currency: string;
    })
  | (EventBase & { type: "payment.disputed"; paymentId: string; disputeId: string; status: string; reason: string })
  | (EventBase & { type: "account.updated"; account: ConnectedAccount })
  | (EventBase & { type: "payout.updated"; payout: Payout })
  /** Stored and acknowledged, with no effect. */
  | (EventBase & { type: "unhandled" });

export interface ConnectedAccount {
  accountId: string;
  country: string | null;
  detailsSubmitted: boolean;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  /** What the account holder still has to provide. */
  requirementsDue: string[];
}

export interface Payout {
  accountId: string;
  payoutId: string;
  amountMinor: number;
  currency: string;
  status: "pending" | "in_transit" | "paid" | "failed" | "canceled";
  arrivalAt: Date;
}

/** Specialists' own accounts at the provider, which checkouts pay into (Stripe Connect Express). */
export interface PayoutAccounts {
  createAccount(input: { email: string; country: string; specialistId: string; idempotencyKey: string }): Promise<ConnectedAccount>;
  retrieveAccount(accountId: string): Promise<ConnectedAccount>;
  /** The provider's onboarding page; `refreshUrl` is where an expired link sends the specialist. */
  onboardingLink(input: { accountId: string; returnUrl: string; refreshUrl: string }): Promise<{ url: string }>;
  /** A one-time sign-in to the provider's dashboard for the account (only once details are submitted). */
  dashboardLink(accountId: string): Promise<{ url: string }>;
}

export interface PaymentProvider {
  /** Stored in payments.provider and webhook_events.provider. */
  name: string;
  createCheckout(input: CreateCheckoutInput): Promise<{ checkoutId: string; url: string }>;
  refund(input: RefundInput): Promise<{ providerRefundId: string; status: ProviderRefundStatus }>;
  /** The event a signed webhook request carries, or null when its signature doesn't verify. */
  verifyWebhook(request: Request): Promise<NormalizedEvent | null>;
  /** Present when money goes to specialists' own accounts: they must connect one before taking paid bookings. */
  payoutAccounts?: PayoutAccounts;
}
