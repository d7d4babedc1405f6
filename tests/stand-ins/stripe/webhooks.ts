import Stripe from "stripe";

// Stripe's webhook side: Event objects, the Stripe-Signature header (made by the SDK's own
// generateTestHeaderString), and delivery to one endpoint. Delivery is immediate (in order, after
// the response that caused it) or held until the test releases it, optionally duplicated and in a
// seeded shuffled order. A non-2xx answer is retried a few times with a short backoff, as Stripe
// retries (over days, there) until it gets a 2xx.

export type StripeEventType =
  | "checkout.session.completed"
  | "checkout.session.async_payment_succeeded"
  | "checkout.session.async_payment_failed"
  | "checkout.session.expired"
  | "charge.refunded"
  | "charge.refund.updated"
  | "refund.updated"
  | "refund.failed"
  | "charge.dispute.created"
  | "account.updated"
  | "payout.paid"
  | "payout.failed";

/** A Stripe Event as delivered (the SDK's `Stripe.Event`, with the types the stand-in emits). */
export interface StripeEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: StripeEventType;
  /** Set for events that happened on a connected account (account.updated, payouts). */
  account?: string;
}

/** Each attempt to deliver an event, retries included. */
export interface DeliveryAttempt {
  eventId: string;
  type: StripeEventType;
  attempt: number;
  /** The endpoint's HTTP status, or null when it couldn't be reached. */
  status: number | null;
  error?: string;
}

/** How an event reaches the app: `fetch` to a running server, or a test's in-process handler. */
export type Deliver = (request: Request) => Promise<Response>;

export interface SignOptions {
  /** Seconds since the epoch the signature claims (default: the stand-in's clock). */
  timestamp?: number;
  /** Sign with another secret (to forge). */
  secret?: string;
  /** Sign this body instead of the event's JSON (to tamper). */
  payload?: string;
}

export interface WebhookSettings {
  url: string | null;
  secret: string;
  /** Events of connected accounts are signed with this secret (a Connect endpoint's); default `secret`. */
  connectSecret?: string;
  deliver: Deliver;
  mode: "immediate" | "held";
  /** Delays before each retry; its length is the number of retries. */
  retryDelaysMs: number[];
}

export class WebhookSender {
  readonly events: StripeEvent[] = [];
  readonly deliveries: DeliveryAttempt[] = [];
  held: StripeEvent[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly settings: WebhookSettings,
    private readonly now: () => number,
  ) {}

  sign(event: StripeEvent, options: SignOptions = {}): { body: string; header: string } {
    const body = options.payload ?? JSON.stringify(event, null, 2);
    const secret = options.secret ?? (event.account ? (this.settings.connectSecret ?? this.settings.secret) : this.settings.secret);
    const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: options.timestamp ?? this.now() });
    return { body, header };
  }

  signedRequest(event: StripeEvent, options: SignOptions & { url?: string } = {}): Request {
    const url = options.url ?? this.settings.url;
    if (!url) throw new Error("The Stripe stand-in has no webhook URL: pass webhookUrl or call setWebhookTarget");
    const { body, header } = this.sign(event, options);
    return new Request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        "stripe-signature": header,
        "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      },
      body,
    });
  }

  /** Records an event and delivers it (after the current response) or holds it. */
  emit(event: StripeEvent): void {
    this.events.push(event);
    if (!this.settings.url) return;
    if (this.settings.mode === "held") this.held.push(event);
    // Delivered after the current response; each attempt's outcome is recorded in `deliveries`.
    else void this.enqueue([event]);
  }

  /** Delivers the held events (each twice with `duplicate`, in a seeded shuffled order with `shuffleSeed`). */
  release({ duplicate = false, shuffleSeed }: { duplicate?: boolean; shuffleSeed?: number } = {}): Promise<DeliveryAttempt[]> {
    let batch = this.held.flatMap((event) => (duplicate ? [event, event] : [event]));
    this.held = [];
    if (shuffleSeed !== undefined) batch = shuffle(batch, shuffleSeed);
    const before = this.deliveries.length;
    return this.enqueue(batch).then(() => this.deliveries.slice(before));
  }

  /** Resolves once every delivery started so far (retries included) has finished. */
  idle(): Promise<void> {
    return this.queue;
  }

  private enqueue(events: StripeEvent[]): Promise<void> {
    this.queue = this.queue.then(async () => {
      for (const event of events) await this.deliverWithRetries(event);
    });
    return this.queue;
  }

  private async deliverWithRetries(event: StripeEvent) {
    const delays = this.settings.retryDelaysMs;
    for (let attempt = 1; attempt <= delays.length + 1; attempt += 1) {
      const record: DeliveryAttempt = { eventId: event.id, type: event.type, attempt, status: null };
      try {
        const response = await this.settings.deliver(this.signedRequest(event));
        record.status = response.status;
        await response.body?.cancel();
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
      }
      this.deliveries.push(record);
      if (record.status !== null && record.status >= 200 && record.status < 300) return;
      const delay = delays[attempt - 1];
      if (delay === undefined) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Fisher–Yates with a small seeded generator (mulberry32), so a failing order can be replayed. */
export function shuffle<T>(items: T[], seed: number): T[] {
  const result = [...items];
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let index = result.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [result[index], result[other]] = [result[other]!, result[index]!];
  }
  return result;
}
