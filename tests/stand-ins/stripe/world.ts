import {
  type Charge,
  type CheckoutSession,
  type Dispute,
  type PaymentRecord,
  type Refund,
  type SessionRecord,
  newId,
  snapshot,
} from "./objects";
import {
  type Params,
  allowOnly,
  boolean,
  currency,
  email,
  formatAmount,
  integer,
  invalid,
  list,
  metadata,
  missing,
  oneOf,
  optionalString,
  record,
  requireParam,
  string,
  url,
} from "./params";
import { Connect } from "./connect";
import type { StripeEvent, StripeEventType } from "./webhooks";

// What Stripe does with the objects the app touches: Checkout Sessions (destination charges with an
// application fee), the payment they lead to, refunds (with transfer reversal and fee refund in
// proportion) and disputes; Connect (accounts, onboarding, payouts) is in connect.ts. Each change
// that Stripe reports by webhook produces the same event here.

export interface EventContext {
  requestId: string | null;
  idempotencyKey: string | null;
}
const noRequest: EventContext = { requestId: null, idempotencyKey: null };

const refundReasons = ["duplicate", "fraudulent", "requested_by_customer"] as const;
const minute = 60;
const hour = 60 * minute;

export class StripeWorld {
  readonly sessions = new Map<string, SessionRecord>();
  readonly payments = new Map<string, PaymentRecord>();
  readonly refunds = new Map<string, Refund>();
  readonly disputes = new Map<string, Dispute>();
  readonly connect: Connect;
  /** How the next refunds come back: "succeeded" as Stripe's card refunds usually do, or "pending". */
  refundOutcome: "succeeded" | "pending" = "succeeded";

  constructor(
    private readonly baseUrl: () => string,
    readonly now: () => number,
    private readonly apiVersion: string,
    private readonly emit: (event: StripeEvent) => void,
  ) {
    this.connect = new Connect(baseUrl, now, (type, object, extra) => this.event(type, object, noRequest, extra));
  }

  event(type: StripeEventType, object: object, context: EventContext = noRequest, extra: Partial<StripeEvent> = {}): StripeEvent {
    const event: StripeEvent = {
      id: newId("evt_1"),
      object: "event",
      api_version: this.apiVersion,
      created: this.now(),
      data: { object: snapshot(object) as Record<string, unknown> },
      livemode: false,
      pending_webhooks: 1,
      request: { id: context.requestId, idempotency_key: context.idempotencyKey },
      type,
      ...extra,
    };
    this.emit(event);
    return event;
  }

  // --- Checkout Sessions -------------------------------------------------------------------

  createSession(params: Params): CheckoutSession {
    allowOnly(params, {
      mode: true,
      line_items: {
        "*": { price_data: { currency: true, unit_amount: true, product_data: { name: true, description: true } }, quantity: true },
      },
      success_url: true,
      cancel_url: true,
      customer_email: true,
      metadata: { "*": true },
      expires_at: true,
      client_reference_id: true,
      locale: true,
      payment_method_types: { "*": true },
      submit_type: true,
      customer_creation: true,
      expand: { "*": true },
      payment_intent_data: {
        application_fee_amount: true,
        transfer_data: { destination: true },
        metadata: { "*": true },
        description: true,
        receipt_email: true,
      },
    });
    const mode = requireParam(params, "mode");
    if (mode !== "payment") throw invalid("mode", `The stand-in only models mode=payment (got ${String(mode)}).`);
    const items = list(requireParam(params, "line_items"), "line_items").map((raw, index) => {
      const param = `line_items[${index}]`;
      const item = record(raw, param);
      if (item.price !== undefined) throw invalid(`${param}[price]`, "The stand-in only models price_data.");
      const priceData = record(requireParam(item, "price_data", `${param}[price_data]`), `${param}[price_data]`);
      const itemCurrency = currency(
        requireParam(priceData, "currency", `${param}[price_data][currency]`),
        `${param}[price_data][currency]`,
      );
      const unitAmount = integer(
        requireParam(priceData, "unit_amount", `${param}[price_data][unit_amount]`),
        `${param}[price_data][unit_amount]`,
      );
      const product = record(
        requireParam(priceData, "product_data", `${param}[price_data][product_data]`),
        `${param}[price_data][product_data]`,
      );
      const name = string(
        requireParam(product, "name", `${param}[price_data][product_data][name]`),
        `${param}[price_data][product_data][name]`,
      );
      if (item.quantity === undefined)
        throw invalid(`${param}[quantity]`, `Quantity is required. Add \`quantity\` to \`${param}\``, "parameter_missing");
      const quantity = integer(item.quantity, `${param}[quantity]`, { min: 1 });
      return { currency: itemCurrency, unitAmount, quantity, name };
    });
    if (items.length === 0) throw invalid("line_items", "line_items must contain at least one item.");
    const sessionCurrency = items[0]!.currency;
    if (items.some((item) => item.currency !== sessionCurrency)) throw invalid("line_items", "All line items must have the same currency.");
    const amountTotal = items.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0);

    const successUrl = url(requireParam(params, "success_url"), "success_url");
    const cancelUrl = params.cancel_url === undefined ? null : url(params.cancel_url, "cancel_url");
    const customerEmail = params.customer_email === undefined ? null : email(params.customer_email, "customer_email");
    const created = this.now();
    let expiresAt = created + 24 * hour;
    if (params.expires_at !== undefined) {
      expiresAt = integer(params.expires_at, "expires_at");
      if (expiresAt < created + 30 * minute) {
        throw invalid("expires_at", "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.");
      }
      if (expiresAt > created + 24 * hour) {
        throw invalid("expires_at", "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.");
      }
    }

    const intentData = record(params.payment_intent_data, "payment_intent_data");
    const transferData = record(intentData.transfer_data, "payment_intent_data[transfer_data]");
    let destination: string | null = null;
    if (intentData.transfer_data !== undefined) {
      const param = "payment_intent_data[transfer_data][destination]";
      destination = string(requireParam(transferData, "destination", param), param);
      const account = this.connect.accounts.get(destination);
      if (!account) throw invalid(param, `No such destination: '${destination}'`, "resource_missing");
      if (account.capabilities.transfers !== "active") {
        throw invalid(
          param,
          `Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments`,
          "insufficient_capabilities_for_transfer",
        );
      }
    }
    let applicationFeeAmount: number | null = null;
    if (intentData.application_fee_amount !== undefined) {
      const param = "payment_intent_data[application_fee_amount]";
      applicationFeeAmount = integer(intentData.application_fee_amount, param);
      if (!destination) {
        throw invalid(
          param,
          "Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).",
        );
      }
      if (applicationFeeAmount > amountTotal) {
        throw invalid(
          param,
          `The application fee amount (${formatAmount(applicationFeeAmount, sessionCurrency)}) cannot be greater than the total amount (${formatAmount(amountTotal, sessionCurrency)}).`,
        );
      }
    }

    const id = newId("cs_test_a1", 56);
    const session: CheckoutSession = {
      id,
      object: "checkout.session",
      amount_subtotal: amountTotal,
      amount_total: amountTotal,
      cancel_url: cancelUrl,
      client_reference_id: optionalString(params.client_reference_id, "client_reference_id"),
      created,
      currency: sessionCurrency,
      customer: null,
      customer_details: null,
      customer_email: customerEmail,
      expires_at: expiresAt,
      livemode: false,
      locale: null,
      metadata: metadata(params.metadata, "metadata"),
      mode: "payment",
      payment_intent: null,
      payment_method_types: ["card"],
      payment_status: "unpaid",
      status: "open",
      success_url: successUrl,
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      ui_mode: "hosted",
      url: `${this.baseUrl()}/c/pay/${id}`,
    };
    this.sessions.set(id, {
      session,
      lineItems: items.map(({ name, unitAmount, quantity }) => ({ name, unitAmount, quantity })),
      paymentIntentData: {
        applicationFeeAmount,
        destination,
        metadata: metadata(intentData.metadata, "payment_intent_data[metadata]"),
        description: optionalString(intentData.description, "payment_intent_data[description]"),
      },
    });
    return session;
  }

  session(id: string, param = "session"): SessionRecord {
    const found = this.sessions.get(id);
    if (!found) throw missing("checkout.session", id, param);
    return found;
  }

  expireSession(id: string, context: EventContext = noRequest): CheckoutSession {
    const { session } = this.session(id);
    if (session.status !== "open") {
      throw invalid(
        undefined,
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
      );
    }
    session.status = "expired";
    session.url = null;
    this.event("checkout.session.expired", session, context);
    return session;
  }

  /** The customer pays on the hosted page: by card (paid now) or bank debit (paid later, or not). */
  completeSession(id: string, method: "card" | "bank_debit", customerEmail?: string): CheckoutSession {
    const record = this.session(id);
    const { session } = record;
    if (session.status !== "open") throw new Error(`Checkout Session ${id} is ${session.status}, not open`);
    const email = customerEmail ?? session.customer_email ?? "customer@example.com";
    const intent: PaymentRecord["intent"] = {
      id: newId("pi_3"),
      object: "payment_intent",
      amount: session.amount_total!,
      amount_capturable: 0,
      amount_received: 0,
      application_fee_amount: record.paymentIntentData.applicationFeeAmount,
      capture_method: "automatic",
      created: this.now(),
      currency: session.currency!,
      customer: null,
      description: record.paymentIntentData.description,
      livemode: false,
      latest_charge: null,
      metadata: record.paymentIntentData.metadata,
      payment_method_types: [method === "card" ? "card" : "sepa_debit"],
      receipt_email: null,
      status: "processing",
      transfer_data: record.paymentIntentData.destination ? { destination: record.paymentIntentData.destination } : null,
    };
    this.payments.set(intent.id, { intent, charge: null, fee: null, transfer: null, sessionId: id, refunds: [] });
    session.status = "complete";
    session.url = null;
    session.payment_intent = intent.id;
    session.customer_details = {
      address: null,
      business_name: null,
      email,
      individual_name: null,
      name: null,
      phone: null,
      tax_exempt: "none",
      tax_ids: [],
    };
    if (method === "card") this.succeedPayment(intent.id, method);
    this.event("checkout.session.completed", session);
    return session;
  }

  /** A bank debit settles: the money arrives (succeeded) or the debit bounces (failed). */
  settleSession(id: string, outcome: "succeeded" | "failed"): CheckoutSession {
    const { session } = this.session(id);
    const payment = session.payment_intent ? this.payments.get(session.payment_intent) : undefined;
    if (session.status !== "complete" || session.payment_status !== "unpaid" || !payment || payment.intent.status !== "processing") {
      throw new Error(`Checkout Session ${id} has no payment waiting to settle`);
    }
    if (outcome === "succeeded") {
      this.succeedPayment(payment.intent.id, "sepa_debit");
      this.event("checkout.session.async_payment_succeeded", session);
    } else {
      payment.intent.status = "requires_payment_method";
      this.event("checkout.session.async_payment_failed", session);
    }
    return session;
  }

  private succeedPayment(intentId: string, method: string) {
    const payment = this.payments.get(intentId)!;
    const { intent } = payment;
    const record = this.sessions.get(payment.sessionId)!;
    const chargeId = newId("ch_3");
    const destination = intent.transfer_data?.destination ?? null;
    const feeAmount = intent.application_fee_amount ?? 0;
    if (destination) {
      payment.transfer = {
        id: newId("tr_1"),
        object: "transfer",
        amount: intent.amount - feeAmount,
        amount_reversed: 0,
        created: this.now(),
        currency: intent.currency,
        livemode: false,
        metadata: {},
        reversed: false,
        destination,
        source_transaction: chargeId,
      };
      if (intent.application_fee_amount !== null) {
        payment.fee = {
          id: newId("fee_1"),
          object: "application_fee",
          amount: feeAmount,
          amount_refunded: 0,
          created: this.now(),
          currency: intent.currency,
          livemode: false,
          refunded: false,
          account: destination,
          charge: chargeId,
        };
      }
    }
    const charge: Charge = {
      id: chargeId,
      object: "charge",
      amount: intent.amount,
      amount_captured: intent.amount,
      amount_refunded: 0,
      application_fee: payment.fee?.id ?? null,
      application_fee_amount: intent.application_fee_amount,
      balance_transaction: newId("txn_3"),
      captured: true,
      created: this.now(),
      currency: intent.currency,
      description: intent.description,
      disputed: false,
      livemode: false,
      metadata: {},
      paid: true,
      payment_intent: intent.id,
      payment_method_details: { type: method },
      receipt_email: null,
      refunded: false,
      status: "succeeded",
      transfer: payment.transfer?.id ?? null,
      transfer_data: destination ? { destination, amount: null } : null,
    };
    payment.charge = charge;
    intent.status = "succeeded";
    intent.amount_received = intent.amount;
    intent.latest_charge = chargeId;
    record.session.payment_status = "paid";
  }

  payment(id: string, param: string): PaymentRecord {
    const found = this.payments.get(id);
    if (!found) throw missing("payment_intent", id, param);
    return found;
  }

  paymentByCharge(id: string, param: string): PaymentRecord {
    const found = [...this.payments.values()].find((payment) => payment.charge?.id === id);
    if (!found) throw missing("charge", id, param);
    return found;
  }

  // --- Refunds ------------------------------------------------------------------------------

  createRefund(params: Params, context: EventContext): Refund {
    allowOnly(params, {
      payment_intent: true,
      charge: true,
      amount: true,
      reason: true,
      metadata: { "*": true },
      reverse_transfer: true,
      refund_application_fee: true,
      expand: { "*": true },
    });
    let payment: PaymentRecord;
    if (params.payment_intent !== undefined) payment = this.payment(string(params.payment_intent, "payment_intent"), "payment_intent");
    else if (params.charge !== undefined) payment = this.paymentByCharge(string(params.charge, "charge"), "charge");
    else throw invalid(undefined, "One of the following params should be provided for this request: payment_intent or charge.");
    const charge = payment.charge;
    if (!charge) throw invalid("payment_intent", `This PaymentIntent (${payment.intent.id}) does not have a successful charge to refund.`);
    if (charge.refunded) throw invalid("charge", `Charge ${charge.id} has already been refunded.`, "charge_already_refunded");
    const remaining = charge.amount - charge.amount_refunded;
    const amount = params.amount === undefined ? remaining : integer(params.amount, "amount", { min: 1 });
    if (amount > remaining) {
      throw invalid(
        "amount",
        `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
        "amount_too_large",
      );
    }
    const reason = params.reason === undefined || params.reason === "" ? null : oneOf(params.reason, refundReasons, "reason");
    const reverseTransfer = params.reverse_transfer === undefined ? false : boolean(params.reverse_transfer, "reverse_transfer");
    const refundFee =
      params.refund_application_fee === undefined ? false : boolean(params.refund_application_fee, "refund_application_fee");
    if (reverseTransfer && !payment.transfer)
      throw invalid("reverse_transfer", "You cannot reverse the transfer of a charge that has no transfer.");
    if (refundFee && !payment.fee)
      throw invalid("refund_application_fee", "You cannot refund the application fee of a charge that has none.");

    const refund: Refund = {
      id: newId("re_3"),
      object: "refund",
      amount,
      balance_transaction: newId("txn_3"),
      charge: charge.id,
      created: this.now(),
      currency: charge.currency,
      metadata: metadata(params.metadata, "metadata"),
      payment_intent: payment.intent.id,
      reason,
      receipt_number: null,
      source_transfer_reversal: null,
      status: this.refundOutcome,
      transfer_reversal: null,
    };
    const before = { refunded: charge.amount_refunded };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    // Stripe gives back the fee and reverses the transfer in proportion to the amount refunded,
    // rounded down, so the refunds of a charge add up to exactly the whole on a full refund.
    if (refundFee && payment.fee) {
      const share = Math.max(
        0,
        proportional(payment.fee.amount, charge.amount, this.refundedWith(payment, "fee") + amount) - payment.fee.amount_refunded,
      );
      payment.fee.amount_refunded += share;
      payment.fee.refunded = payment.fee.amount_refunded === payment.fee.amount;
    }
    if (reverseTransfer && payment.transfer) {
      const share = Math.max(
        0,
        proportional(payment.transfer.amount, charge.amount, this.refundedWith(payment, "transfer") + amount) -
          payment.transfer.amount_reversed,
      );
      payment.transfer.amount_reversed += share;
      payment.transfer.reversed = payment.transfer.amount_reversed === payment.transfer.amount;
      refund.transfer_reversal = newId("trr_1");
    }
    this.refundFlags.set(refund.id, { fee: refundFee, transfer: reverseTransfer });
    this.refunds.set(refund.id, refund);
    payment.refunds.push(refund.id);
    this.event("charge.refunded", charge, context, {
      data: { object: snapshot(charge), previous_attributes: { amount_refunded: before.refunded, refunded: false } },
    });
    return refund;
  }

  private readonly refundFlags = new Map<string, { fee: boolean; transfer: boolean }>();
  private refundedWith(payment: PaymentRecord, flag: "fee" | "transfer") {
    return payment.refunds
      .map((id) => this.refunds.get(id)!)
      .filter((refund) => refund.status !== "failed" && this.refundFlags.get(refund.id)?.[flag])
      .reduce((sum, refund) => sum + refund.amount, 0);
  }

  refund(id: string): Refund {
    const found = this.refunds.get(id);
    if (!found) throw missing("refund", id, "refund");
    return found;
  }

  /** A pending refund settles. A failed one gives the amount back to the charge, as Stripe does. */
  settleRefund(id: string, outcome: "succeeded" | "failed", failureReason = "declined"): Refund {
    const refund = this.refund(id);
    if (refund.status !== "pending") throw new Error(`Refund ${id} is ${refund.status}, not pending`);
    refund.status = outcome;
    if (outcome === "failed") {
      refund.failure_reason = failureReason;
      const payment = this.payments.get(refund.payment_intent)!;
      const charge = payment.charge!;
      charge.amount_refunded -= refund.amount;
      charge.refunded = false;
    }
    const previous = { previous_attributes: { status: "pending" } };
    this.event("refund.updated", refund, noRequest, { data: { object: snapshot(refund), ...previous } });
    this.event("charge.refund.updated", refund, noRequest, { data: { object: snapshot(refund), ...previous } });
    if (outcome === "failed") this.event("refund.failed", refund);
    return refund;
  }

  // --- Disputes ---------------------------------------------------------------------------

  openDispute(paymentIntentId: string, options: { reason?: string; amount?: number } = {}): Dispute {
    const payment = this.payment(paymentIntentId, "payment_intent");
    if (!payment.charge) throw new Error(`Payment ${paymentIntentId} has no charge to dispute`);
    payment.charge.disputed = true;
    const dispute: Dispute = {
      id: newId("du_1"),
      object: "dispute",
      amount: options.amount ?? payment.charge.amount - payment.charge.amount_refunded,
      charge: payment.charge.id,
      created: this.now(),
      currency: payment.charge.currency,
      is_charge_refundable: false,
      livemode: false,
      metadata: {},
      payment_intent: payment.intent.id,
      reason: options.reason ?? "fraudulent",
      status: "needs_response",
    };
    this.disputes.set(dispute.id, dispute);
    this.event("charge.dispute.created", dispute);
    return dispute;
  }

  /** Stripe expires an open session once its expires_at has passed. */
  expireDueSessions() {
    for (const { session } of this.sessions.values()) {
      if (session.status === "open" && session.expires_at <= this.now()) this.expireSession(session.id);
    }
  }
}

function proportional(whole: number, total: number, part: number) {
  return Math.floor((whole * part) / total);
}

/** Where a payment's money stands (Stripe shows these on the charge, the application fee and the transfer). */
export interface PaymentMoney {
  amount: number;
  amountRefunded: number;
  applicationFee: number;
  applicationFeeRefunded: number;
  transferred: number;
  transferReversed: number;
}

export function moneyOf(payment: PaymentRecord): PaymentMoney {
  return {
    amount: payment.intent.amount,
    amountRefunded: payment.charge?.amount_refunded ?? 0,
    applicationFee: payment.fee?.amount ?? 0,
    applicationFeeRefunded: payment.fee?.amount_refunded ?? 0,
    transferred: payment.transfer?.amount ?? 0,
    transferReversed: payment.transfer?.amount_reversed ?? 0,
  };
}
