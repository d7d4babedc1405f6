import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { type Account, type CheckoutSession, type Dispute, type Payout, type Refund, newId, snapshot } from "./stripe/objects";
import { checkoutPage, expressDashboardPage, notFoundPage, onboardingPage } from "./stripe/pages";
import { type Params, type StripeErrorBody, StripeApiError, missing, parseForm } from "./stripe/params";
import { type Deliver, type DeliveryAttempt, type SignOptions, type StripeEvent, WebhookSender } from "./stripe/webhooks";
import { type EventContext, type PaymentMoney, StripeWorld, moneyOf } from "./stripe/world";

// A stand-in for the parts of Stripe's API the app uses, which the real `stripe` SDK talks to
// (point its host / port / protocol options at `url`): Checkout Sessions with destination charges
// and application fees, refunds, Connect Express accounts, Account Links and login links, with
// Stripe's validation, error shapes and idempotency; its hosted checkout and onboarding pages; and
// webhooks signed with the SDK's generateTestHeaderString. The control methods below do what a
// customer, a bank or Stripe itself would do, for tests.

export type { Deliver, DeliveryAttempt, SignOptions, StripeEvent } from "./stripe/webhooks";
export type { Account, CheckoutSession, Dispute, Payout, Refund } from "./stripe/objects";
export type { PaymentMoney } from "./stripe/world";

export interface StripeStandInOptions {
  /** The only secret key the API accepts (default: a random `sk_test_…`). */
  secretKey?: string;
  /** Where events are posted (e.g. http://localhost:3000/webhooks/stripe); none: events are only recorded. */
  webhookUrl?: string;
  /** The endpoint's signing secret (default: a random `whsec_…`). */
  webhookSecret?: string;
  /** Signs events of connected accounts (account.updated, payouts) as a separate Connect endpoint would; default webhookSecret. */
  connectWebhookSecret?: string;
  /** How a webhook reaches the app (default: fetch), e.g. a test's in-process Remix handler. */
  deliver?: Deliver;
  /** "immediate" (default): each event is posted right after the response or action that caused it. "held": kept until releaseEvents. */
  webhookDelivery?: "immediate" | "held";
  /** Waits before each retry of a delivery the app didn't answer with 2xx (default [20, 40, 80]: 3 retries). */
  retryDelaysMs?: number[];
  /** Listen on this port (default: any free port). */
  port?: number;
  /** Listen on this host (default 127.0.0.1). */
  host?: string;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  /** The form (POST) or query (GET) parameters, parsed as Stripe does. */
  params: Params;
  idempotencyKey: string | null;
  stripeAccount: string | null;
  status: number;
  /** True when the answer was a saved idempotent response. */
  replayed: boolean;
}

export interface InjectedFailure {
  status: number;
  type?: StripeErrorBody["type"];
  code?: string;
  message?: string;
}

export interface StripeStandIn {
  /** For STRIPE_API_URL, e.g. http://127.0.0.1:12111. */
  url: string;
  /** `new Stripe(secretKey, { ...sdkOptions, httpClient: Stripe.createFetchHttpClient() })`. */
  sdkOptions: { host: string; port: number; protocol: "http" };
  /** STRIPE_SECRET_KEY */
  secretKey: string;
  /** STRIPE_WEBHOOK_SECRET */
  webhookSecret: string;

  // --- Webhooks ---
  /** Where events go from now on (null: record only), and optionally how. */
  setWebhookTarget(url: string | null, deliver?: Deliver): void;
  setWebhookDelivery(mode: "immediate" | "held"): void;
  /** Every event created, in order, delivered or not. */
  events: StripeEvent[];
  /** Every delivery attempt, retries included. */
  deliveries: DeliveryAttempt[];
  /** Events waiting in "held" mode. */
  heldEvents(): StripeEvent[];
  /** Posts the held events, each twice with `duplicate`, in a seeded shuffled order with `shuffleSeed`; resolves with the attempts once done. */
  releaseEvents(options?: { duplicate?: boolean; shuffleSeed?: number }): Promise<DeliveryAttempt[]>;
  /** Resolves once every delivery started so far (retries included) has finished. */
  idle(): Promise<void>;
  /** The signed request Stripe would send for `event` (to replay it, forge it with another secret, age it with an old timestamp, tamper with its body). */
  signedRequest(event: StripeEvent, options?: SignOptions & { url?: string }): Request;
  /** Just the body and Stripe-Signature header for `event`. */
  signEvent(event: StripeEvent, options?: SignOptions): { body: string; header: string };

  // --- What customers, banks and Stripe do (each resolves after its events are delivered in immediate mode) ---
  /** An Express account that has finished onboarding: details submitted, charges and payouts enabled. No event. */
  createOnboardedAccount(options?: { country?: string; email?: string; metadata?: Record<string, string> }): Promise<Account>;
  /** The account holder finishes onboarding (as the onboarding page does): emits account.updated. */
  completeOnboarding(accountId: string): Promise<Account>;
  /** The customer pays on the checkout page without a browser: "card" pays now, "bank_debit" completes unpaid. Emits checkout.session.completed. */
  completeSession(sessionId: string, options?: { method?: "card" | "bank_debit"; email?: string }): Promise<CheckoutSession>;
  /** A bank debit settles or fails: checkout.session.async_payment_succeeded / _failed. */
  settleSession(sessionId: string, outcome: "succeeded" | "failed"): Promise<CheckoutSession>;
  /** Stripe expires an open session (as at its expires_at): checkout.session.expired. */
  expireSession(sessionId: string): Promise<CheckoutSession>;
  /** The customer disputes the payment: charge.dispute.created. */
  openDispute(paymentIntentId: string, options?: { reason?: string; amount?: number }): Promise<Dispute>;
  /** A payout to the account's bank: payout.paid or payout.failed (with `account` set). */
  createPayout(accountId: string, options: { amount: number; currency?: string; outcome?: "paid" | "failed" }): Promise<Payout>;
  /** How refunds created from now on come back: "succeeded" (default) or "pending". */
  setRefundOutcome(outcome: "succeeded" | "pending"): void;
  /** A pending refund settles: refund.updated and charge.refund.updated (and refund.failed when it fails). */
  settleRefund(refundId: string, outcome: "succeeded" | "failed", failureReason?: string): Promise<Refund>;
  /** Moves the stand-in's clock on (account links expire; open sessions past expires_at expire, with their events). */
  advanceClock(seconds: number): Promise<void>;
  /** The stand-in's clock, in seconds since the epoch. */
  now(): number;

  // --- Failures and inspection ---
  /** The next `count` API requests (after authentication) get this error instead of being processed. Not saved for idempotency. */
  failNext(count: number, failure: InjectedFailure): void;
  /** Drops failures asked for with failNext that haven't happened yet. */
  clearFailures(): void;
  /** Every API request received (hosted pages excluded). */
  requests: ReceivedRequest[];
  /** The state of a payment: amounts refunded, application fee refunded, transfer reversed. */
  money(paymentIntentId: string): PaymentMoney;
  /** The objects as they stand (copies). */
  session(id: string): CheckoutSession;
  account(id: string): Account;
  refund(id: string): Refund;

  /** Finishes the deliveries already started (a late one would reach the next test's receiver), then stops. */
  close(): Promise<void>;
}

type Handler = (input: { params: Params; match: string[]; context: EventContext; stripeAccount: string | null }) => unknown;

export async function startStripeStandIn(options: StripeStandInOptions = {}): Promise<StripeStandIn> {
  const secretKey = options.secretKey ?? `sk_test_standin_${randomBytes(12).toString("hex")}`;
  const webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(24).toString("hex")}`;
  let clockOffset = 0;
  const now = () => Math.floor(Date.now() / 1000) + clockOffset;
  let baseUrl = "";

  const sender = new WebhookSender(
    {
      url: options.webhookUrl ?? null,
      secret: webhookSecret,
      connectSecret: options.connectWebhookSecret,
      deliver: options.deliver ?? ((request) => fetch(request)),
      mode: options.webhookDelivery ?? "immediate",
      retryDelaysMs: options.retryDelaysMs ?? [20, 40, 80],
    },
    now,
  );
  // Events caused by an HTTP request wait until its response has been sent, as Stripe's do.
  let outbox: StripeEvent[] | null = null;
  const world = new StripeWorld(
    () => baseUrl,
    now,
    Stripe.API_VERSION,
    (event) => (outbox ? outbox.push(event) : sender.emit(event)),
  );

  const idempotent = new Map<string, { method: string; path: string; params: string; status: number; body: string }>();
  const failures: InjectedFailure[] = [];
  const requests: ReceivedRequest[] = [];

  const routes: { method: string; pattern: RegExp; handle: Handler }[] = [
    { method: "POST", pattern: /^\/v1\/checkout\/sessions$/, handle: ({ params }) => world.createSession(params) },
    { method: "GET", pattern: /^\/v1\/checkout\/sessions\/([^/]+)$/, handle: ({ match }) => world.session(match[0]!).session },
    {
      method: "POST",
      pattern: /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/,
      handle: ({ match, context }) => world.expireSession(match[0]!, context),
    },
    { method: "POST", pattern: /^\/v1\/refunds$/, handle: ({ params, context }) => world.createRefund(params, context) },
    { method: "GET", pattern: /^\/v1\/refunds\/([^/]+)$/, handle: ({ match }) => world.refund(match[0]!) },
    { method: "GET", pattern: /^\/v1\/payment_intents\/([^/]+)$/, handle: ({ match }) => world.payment(match[0]!, "intent").intent },
    { method: "GET", pattern: /^\/v1\/charges\/([^/]+)$/, handle: ({ match }) => world.paymentByCharge(match[0]!, "charge").charge },
    {
      method: "GET",
      pattern: /^\/v1\/application_fees\/([^/]+)$/,
      handle: ({ match }) =>
        [...world.payments.values()].find((payment) => payment.fee?.id === match[0])?.fee ??
        raise(missing("application_fee", match[0]!, "id")),
    },
    {
      method: "GET",
      pattern: /^\/v1\/transfers\/([^/]+)$/,
      handle: ({ match }) =>
        [...world.payments.values()].find((payment) => payment.transfer?.id === match[0])?.transfer ??
        raise(missing("transfer", match[0]!, "transfer")),
    },
    {
      method: "GET",
      pattern: /^\/v1\/disputes\/([^/]+)$/,
      handle: ({ match }) => world.disputes.get(match[0]!) ?? raise(missing("dispute", match[0]!, "dispute")),
    },
    {
      method: "GET",
      pattern: /^\/v1\/payouts\/([^/]+)$/,
      handle: ({ match }) => world.connect.payouts.get(match[0]!) ?? raise(missing("payout", match[0]!, "payout")),
    },
    { method: "POST", pattern: /^\/v1\/accounts$/, handle: ({ params }) => world.connect.createAccount(params) },
    { method: "GET", pattern: /^\/v1\/accounts\/([^/]+)$/, handle: ({ match }) => world.connect.account(match[0]!) },
    { method: "POST", pattern: /^\/v1\/accounts\/([^/]+)\/login_links$/, handle: ({ match }) => world.connect.createLoginLink(match[0]!) },
    { method: "POST", pattern: /^\/v1\/account_links$/, handle: ({ params }) => world.connect.createAccountLink(params) },
  ];

  /** `expand[]` for the ids the app may want whole: a session's payment_intent, an intent's latest_charge. */
  function expand(object: unknown, paths: unknown): unknown {
    if (!Array.isArray(paths) || typeof object !== "object" || object === null) return object;
    const result = snapshot(object) as Record<string, unknown>;
    for (const path of paths) {
      const [field, ...rest] = String(path).split(".");
      const id = result[field!];
      if (typeof id !== "string") continue;
      const found = id.startsWith("pi_")
        ? world.payments.get(id)?.intent
        : id.startsWith("ch_")
          ? [...world.payments.values()].find((one) => one.charge?.id === id)?.charge
          : undefined;
      if (found) result[field!] = rest.length ? expand(found, [rest.join(".")]) : snapshot(found);
    }
    return result;
  }

  function sendJson(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
    response
      .writeHead(status, {
        "content-type": "application/json",
        "request-id": newId("req_", 14),
        "stripe-version": Stripe.API_VERSION,
        ...headers,
      })
      .end(body);
  }
  const errorBody = (error: StripeErrorBody) => JSON.stringify({ error }, null, 2);

  async function handleApi(request: IncomingMessage, response: ServerResponse, path: string, query: string) {
    const method = request.method ?? "GET";
    const raw = await readBody(request);
    const params = method === "GET" ? parseForm(query) : parseForm(raw);
    const idempotencyKey = header(request, "idempotency-key");
    const stripeAccount = header(request, "stripe-account");
    const log: ReceivedRequest = { method, path, params, idempotencyKey, stripeAccount, status: 0, replayed: false };
    requests.push(log);
    const requestId = newId("req_", 14);
    const reply = (status: number, body: string, headers?: Record<string, string>) => {
      log.status = status;
      sendJson(response, status, body, { "request-id": requestId, ...headers });
    };

    const authorization = header(request, "authorization");
    const key = /^Bearer (.+)$/.exec(authorization ?? "")?.[1];
    if (!key) {
      return reply(
        401,
        errorBody({
          type: "invalid_request_error",
          message:
            "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
        }),
      );
    }
    if (key !== secretKey) {
      return reply(
        401,
        errorBody({
          type: "invalid_request_error",
          message: `Invalid API Key provided: ${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`,
        }),
      );
    }
    const failure = failures.shift();
    if (failure) {
      const type =
        failure.type ?? (failure.status === 429 ? "rate_limit_error" : failure.status >= 500 ? "api_error" : "invalid_request_error");
      return reply(
        failure.status,
        errorBody({
          type,
          message: failure.message ?? "An error occurred with our connection to Stripe.",
          ...(failure.code ? { code: failure.code } : {}),
        }),
      );
    }

    const route = routes.find((one) => one.method === method && one.pattern.test(path));
    if (!route) {
      const known = routes.some((one) => one.pattern.test(path));
      return reply(
        known ? 405 : 404,
        errorBody({
          type: "invalid_request_error",
          message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        }),
      );
    }

    // Idempotency keys belong to one secret key; a saved response is replayed only for the same request.
    const savedKey = idempotencyKey && method === "POST" ? `${key}\u0000${idempotencyKey}` : null;
    const canonical = JSON.stringify(params);
    const saved = savedKey ? idempotent.get(savedKey) : undefined;
    if (saved) {
      if (saved.method !== method || saved.path !== path || saved.params !== canonical) {
        return reply(
          400,
          errorBody({
            type: "idempotency_error",
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          }),
          { "stripe-should-retry": "false" },
        );
      }
      log.replayed = true;
      return reply(saved.status, saved.body, {
        "idempotent-replayed": "true",
        ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
      });
    }

    const match = route.pattern.exec(path)!.slice(1).map(decodeURIComponent);
    const context: EventContext = { requestId, idempotencyKey };
    outbox = [];
    let events: StripeEvent[] = [];
    try {
      const result = expand(route.handle({ params, match, context, stripeAccount }), params.expand);
      const body = JSON.stringify(result, null, 2);
      // Stripe saves a result once the endpoint has run; a request refused by validation isn't saved.
      if (savedKey) idempotent.set(savedKey, { method, path, params: canonical, status: 200, body });
      reply(200, body, idempotencyKey ? { "idempotency-key": idempotencyKey } : {});
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      reply(error.status, errorBody(error.body));
    } finally {
      events = outbox;
      outbox = null;
    }
    for (const event of events) sender.emit(event);
  }

  async function handlePage(request: IncomingMessage, response: ServerResponse, path: string) {
    const html = (status: number, body: string) => response.writeHead(status, { "content-type": "text/html; charset=utf-8" }).end(body);
    const redirect = (location: string) => response.writeHead(303, { location }).end();
    const form = request.method === "POST" ? new URLSearchParams(await readBody(request)) : null;
    // The action's events go out once its redirect has been written, as after an API response.
    const thenRedirect = (action: () => unknown, location: string) => {
      outbox = [];
      let events: StripeEvent[];
      try {
        action();
      } finally {
        events = outbox;
        outbox = null;
      }
      redirect(location);
      for (const event of events) sender.emit(event);
    };

    const checkout = /^\/c\/pay\/([^/]+)$/.exec(path);
    if (checkout) {
      const record = world.sessions.get(decodeURIComponent(checkout[1]!));
      if (!record) return html(404, notFoundPage());
      if (!form) return html(200, checkoutPage(record));
      const { session } = record;
      if (session.status !== "open") return html(409, checkoutPage(record, "This checkout session can no longer be paid."));
      const action = form.get("action");
      if (action === "cancel" && session.cancel_url) return redirect(session.cancel_url);
      if (action !== "pay" && action !== "bank_debit") return html(400, checkoutPage(record, "Choose how to pay."));
      const location = session.success_url!.replaceAll("{CHECKOUT_SESSION_ID}", session.id);
      return thenRedirect(() => world.completeSession(session.id, action === "pay" ? "card" : "bank_debit"), location);
    }

    const onboarding = /^\/setup\/e\/([^/]+)\/([^/]+)$/.exec(path);
    if (onboarding) {
      const link = world.connect.accountLinks.get(decodeURIComponent(onboarding[2]!));
      if (!link || link.account !== decodeURIComponent(onboarding[1]!)) return html(404, notFoundPage());
      // An Account Link is single-use and short-lived: a stale one sends the user to refresh_url for a new one.
      if (link.used || link.expiresAt <= now()) return redirect(link.refreshUrl);
      if (!form) return html(200, onboardingPage(link, world.connect.accounts.get(link.account)?.email ?? null));
      link.used = true;
      const complete = form.get("action") === "complete" && !world.connect.account(link.account).details_submitted;
      return thenRedirect(() => complete && world.connect.completeOnboarding(link.account), link.returnUrl);
    }

    const dashboard = /^\/express\/([^/]+)\/[^/]+$/.exec(path);
    if (dashboard && world.connect.accounts.has(decodeURIComponent(dashboard[1]!)))
      return html(200, expressDashboardPage(decodeURIComponent(dashboard[1]!)));
    return html(404, notFoundPage());
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://stand-in");
    const handler = url.pathname.startsWith("/v1/")
      ? handleApi(request, response, url.pathname, url.search.slice(1))
      : handlePage(request, response, url.pathname);
    void handler.catch((error: unknown) => {
      outbox = null;
      if (!response.headersSent) sendJson(response, 500, errorBody({ type: "api_error", message: `Stand-in error: ${String(error)}` }));
    });
  });

  // Control calls act now; in immediate mode they resolve once their events have been delivered.
  const act = async <T>(action: () => T): Promise<T> => {
    const result = action();
    await sender.idle();
    return snapshot(result);
  };

  const standIn: StripeStandIn = {
    url: "",
    sdkOptions: { host: "", port: 0, protocol: "http" },
    secretKey,
    webhookSecret,
    setWebhookTarget(url, deliver) {
      sender.settings.url = url;
      if (deliver) sender.settings.deliver = deliver;
    },
    setWebhookDelivery(mode) {
      sender.settings.mode = mode;
    },
    events: sender.events,
    deliveries: sender.deliveries,
    heldEvents: () => [...sender.held],
    releaseEvents: (releaseOptions) => sender.release(releaseOptions),
    idle: () => sender.idle(),
    signedRequest: (event, signOptions) => sender.signedRequest(event, signOptions),
    signEvent: (event, signOptions) => sender.sign(event, signOptions),
    createOnboardedAccount: ({ country = "DE", email, metadata } = {}) =>
      act(() => {
        const account = world.connect.createAccount({
          type: "express",
          country,
          ...(email ? { email } : {}),
          ...(metadata ? { metadata } : {}),
          capabilities: { card_payments: { requested: "true" }, transfers: { requested: "true" } },
        });
        return world.connect.completeOnboarding(account.id, { emit: false });
      }),
    completeOnboarding: (accountId) => act(() => world.connect.completeOnboarding(accountId)),
    completeSession: (sessionId, { method = "card", email } = {}) => act(() => world.completeSession(sessionId, method, email)),
    settleSession: (sessionId, outcome) => act(() => world.settleSession(sessionId, outcome)),
    expireSession: (sessionId) => act(() => world.expireSession(sessionId)),
    openDispute: (paymentIntentId, disputeOptions) => act(() => world.openDispute(paymentIntentId, disputeOptions)),
    createPayout: (accountId, payoutOptions) => act(() => world.connect.createPayout(accountId, payoutOptions)),
    setRefundOutcome(outcome) {
      world.refundOutcome = outcome;
    },
    settleRefund: (refundId, outcome, failureReason) => act(() => world.settleRefund(refundId, outcome, failureReason)),
    advanceClock: (seconds) =>
      act(() => {
        clockOffset += seconds;
        world.expireDueSessions();
      }),
    now,
    failNext(count, failure) {
      for (let index = 0; index < count; index += 1) failures.push(failure);
    },
    clearFailures() {
      failures.length = 0;
    },
    requests,
    money: (paymentIntentId) => moneyOf(world.payment(paymentIntentId, "payment_intent")),
    session: (id) => snapshot(world.session(id).session),
    account: (id) => snapshot(world.connect.account(id)),
    refund: (id) => snapshot(world.refund(id)),
    close: async () => {
      await sender.idle();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  baseUrl = `http://${address.address}:${address.port}`;
  standIn.url = baseUrl;
  standIn.sdkOptions = { host: address.address, port: address.port, protocol: "http" };
  return standIn;
}

function raise(error: StripeApiError): never {
  throw error;
}

function header(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

async function readBody(request: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
