// The one seam between the app and a payment service (the test provider now, Stripe later).
// Everything the rest of the app needs is expressed here, in the provider's neutral terms.

export interface CreateCheckoutInput {
  bookingId: string;
  amountMinor: number;
  feeMinor: number;
  currency: string;
  description: string;
  successUrl: string;
  cancelUrl: string;
  /** When the provider stops accepting payment (aligned with the booking's hold). */
  expiresAt: Date;
  /** Same key → same checkout at the provider, so a retried request never opens a second one. */
  idempotencyKey: string;
}

export interface RefundInput {
  paymentId: string;
  amountMinor: number;
  idempotencyKey: string;
  reason: string;
}

export type NormalizedEventType = "checkout.completed" | "checkout.declined" | "checkout.expired";

export const normalizedEventTypes = ["checkout.completed", "checkout.declined", "checkout.expired"] as const satisfies readonly NormalizedEventType[];

/** A provider's webhook event, reduced to what processing needs. */
export interface NormalizedEvent {
  eventId: string;
  type: NormalizedEventType;
  checkoutId: string;
  paymentId?: string;
  amountMinor?: number;
  currency?: string;
  occurredAt: Date;
}

export interface PaymentProvider {
  /** Stored in payments.provider and webhook_events.provider. */
  name: string;
  createCheckout(input: CreateCheckoutInput): Promise<{ checkoutId: string; url: string }>;
  refund(input: RefundInput): Promise<{ refundId: string }>;
  /** The event a signed webhook request carries, or null when its signature doesn't verify. */
  verifyWebhook(request: Request): Promise<NormalizedEvent | null>;
}
