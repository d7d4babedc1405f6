import { randomBytes } from "node:crypto";
import type Stripe from "stripe";

// The objects the stand-in keeps, each a subset of the SDK's own type (Pick keeps the field names
// and value types honest). Expandable fields always hold ids here.

export type CheckoutSession = Pick<
  Stripe.Checkout.Session,
  | "id"
  | "object"
  | "amount_subtotal"
  | "amount_total"
  | "cancel_url"
  | "client_reference_id"
  | "created"
  | "currency"
  | "customer"
  | "customer_details"
  | "customer_email"
  | "expires_at"
  | "livemode"
  | "locale"
  | "metadata"
  | "mode"
  | "payment_method_types"
  | "payment_status"
  | "status"
  | "success_url"
  | "ui_mode"
  | "url"
> & {
  payment_intent: string | null;
  total_details: { amount_discount: number; amount_shipping: number; amount_tax: number };
};

export type PaymentIntent = Pick<
  Stripe.PaymentIntent,
  | "id"
  | "object"
  | "amount"
  | "amount_capturable"
  | "amount_received"
  | "application_fee_amount"
  | "capture_method"
  | "created"
  | "currency"
  | "customer"
  | "description"
  | "livemode"
  | "metadata"
  | "payment_method_types"
  | "receipt_email"
  | "status"
> & { latest_charge: string | null; transfer_data: { destination: string } | null };

export type Charge = Pick<
  Stripe.Charge,
  | "id"
  | "object"
  | "amount"
  | "amount_captured"
  | "amount_refunded"
  | "application_fee_amount"
  | "captured"
  | "created"
  | "currency"
  | "description"
  | "disputed"
  | "livemode"
  | "metadata"
  | "paid"
  | "receipt_email"
  | "refunded"
  | "status"
> & {
  application_fee: string | null;
  balance_transaction: string;
  payment_intent: string;
  payment_method_details: { type: string };
  transfer: string | null;
  transfer_data: { destination: string; amount: number | null } | null;
};

export type Refund = Pick<
  Stripe.Refund,
  "id" | "object" | "amount" | "created" | "currency" | "metadata" | "reason" | "receipt_number" | "status" | "failure_reason"
> & {
  balance_transaction: string;
  charge: string;
  payment_intent: string;
  source_transfer_reversal: null;
  transfer_reversal: string | null;
};

export type ApplicationFee = Pick<
  Stripe.ApplicationFee,
  "id" | "object" | "amount" | "amount_refunded" | "created" | "currency" | "livemode" | "refunded"
> & { account: string; charge: string };

export type Transfer = Pick<
  Stripe.Transfer,
  "id" | "object" | "amount" | "amount_reversed" | "created" | "currency" | "livemode" | "metadata" | "reversed"
> & { destination: string; source_transaction: string };

export type Account = Pick<
  Stripe.Account,
  | "id"
  | "object"
  | "charges_enabled"
  | "country"
  | "created"
  | "default_currency"
  | "details_submitted"
  | "email"
  | "metadata"
  | "payouts_enabled"
  | "type"
> & {
  capabilities: Record<string, "active" | "inactive" | "pending">;
  requirements: {
    alternatives: [];
    current_deadline: null;
    currently_due: string[];
    disabled_reason: string | null;
    errors: [];
    eventually_due: string[];
    past_due: string[];
    pending_verification: string[];
  };
  controller: { type: "application"; is_controller: true; stripe_dashboard: { type: "express" } };
};

export type Dispute = Pick<
  Stripe.Dispute,
  "id" | "object" | "amount" | "created" | "currency" | "is_charge_refundable" | "livemode" | "metadata" | "reason" | "status"
> & { charge: string; payment_intent: string };

export type Payout = Pick<
  Stripe.Payout,
  | "id"
  | "object"
  | "amount"
  | "arrival_date"
  | "automatic"
  | "created"
  | "currency"
  | "description"
  | "failure_code"
  | "failure_message"
  | "livemode"
  | "metadata"
  | "method"
  | "status"
  | "type"
> & { destination: string };

export interface AccountLinkRecord {
  token: string;
  account: string;
  refreshUrl: string;
  returnUrl: string;
  expiresAt: number;
  used: boolean;
}

export interface SessionRecord {
  session: CheckoutSession;
  lineItems: { name: string; unitAmount: number; quantity: number }[];
  paymentIntentData: {
    applicationFeeAmount: number | null;
    destination: string | null;
    metadata: Record<string, string>;
    description: string | null;
  };
}

/** Everything about one paid (or paying) payment intent. */
export interface PaymentRecord {
  intent: PaymentIntent;
  charge: Charge | null;
  fee: ApplicationFee | null;
  transfer: Transfer | null;
  sessionId: string;
  refunds: string[];
}

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export function newId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

/** A JSON copy, so a response or an event keeps the object as it was at that moment. */
export function snapshot<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** What Stripe asks an Express account for before it can take charges. */
export const expressRequirements = [
  "business_profile.mcc",
  "business_profile.url",
  "business_type",
  "external_account",
  "representative.first_name",
  "representative.last_name",
  "tos_acceptance.date",
  "tos_acceptance.ip",
];

const defaultCurrencies: Record<string, string> = {
  US: "usd",
  GB: "gbp",
  CA: "cad",
  AU: "aud",
  NZ: "nzd",
  CH: "chf",
  SE: "sek",
  NO: "nok",
  DK: "dkk",
  PL: "pln",
  CZ: "czk",
  HU: "huf",
  RO: "ron",
  BG: "bgn",
  JP: "jpy",
  SG: "sgd",
  HK: "hkd",
  MX: "mxn",
  BR: "brl",
  IN: "inr",
  MY: "myr",
  TH: "thb",
  AE: "aed",
};
const euroCountries = "AT BE CY DE EE ES FI FR GR HR IE IT LT LU LV MT NL PT SI SK".split(" ");
/** Countries where Stripe offers Connect Express accounts (the stand-in's list). */
export const supportedCountries = new Set([...Object.keys(defaultCurrencies), ...euroCountries, "LI", "GI"]);

export function defaultCurrency(country: string): string {
  return defaultCurrencies[country] ?? (euroCountries.includes(country) ? "eur" : country === "LI" ? "chf" : "gbp");
}
