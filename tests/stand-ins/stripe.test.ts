import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type StripeEvent, type StripeStandIn, startStripeStandIn } from "./stripe";

// The stand-in driven only through the real `stripe` SDK (fetch HTTP client, as the app uses it),
// its hosted pages through plain HTML forms, and its webhooks through a tiny receiving server
// that verifies each signature with the SDK's constructEventAsync.

const crypto = Stripe.createSubtleCryptoProvider();

interface Received {
  event: Stripe.Event;
  body: string;
}

let receiver: Server;
let receiverUrl = "";
let received: Received[] = [];
/** Statuses the receiver answers with, in turn, before falling back to 200. */
let answers: number[] = [];
let standIn: StripeStandIn;
let stripe: Stripe;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const signature = String(request.headers["stripe-signature"]);
      stripe.webhooks
        .constructEventAsync(body, signature, standIn.webhookSecret, 300, crypto)
        .then((event) => {
          received.push({ event, body });
          response.writeHead(answers.shift() ?? 200).end();
        })
        .catch(() => response.writeHead(400).end("bad signature"));
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/stripe`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

beforeEach(async () => {
  received = [];
  answers = [];
  standIn = await startStripeStandIn({ webhookUrl: receiverUrl, retryDelaysMs: [5, 5, 5] });
  stripe = sdk(standIn.secretKey);
});
afterEach(() => standIn.close());

function sdk(secretKey: string) {
  return new Stripe(secretKey, { ...standIn.sdkOptions, httpClient: Stripe.createFetchHttpClient(), maxNetworkRetries: 0 });
}

const inMinutes = (minutes: number) => Math.floor(Date.now() / 1000) + minutes * 60;

async function sessionParams(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}): Promise<Stripe.Checkout.SessionCreateParams> {
  const account = await standIn.createOnboardedAccount();
  return {
    mode: "payment",
    line_items: [{ price_data: { currency: "EUR", unit_amount: 5000, product_data: { name: "Career coaching, 60 min" } }, quantity: 1 }],
    success_url: "http://localhost:3000/bookings/b1/paid?session={CHECKOUT_SESSION_ID}",
    cancel_url: "http://localhost:3000/bookings/b1",
    customer_email: "ada@example.com",
    metadata: { bookingId: "b1" },
    expires_at: inMinutes(45),
    payment_intent_data: { application_fee_amount: 1000, transfer_data: { destination: account.id }, metadata: { bookingId: "b1" } },
    ...overrides,
  };
}

async function stripeError(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof Stripe.errors.StripeError)) throw new Error(`Expected a Stripe error, got ${String(error)}`);
  return error;
}

/** Submits the hosted page's form as a browser without JavaScript would. */
async function submit(pageUrl: string, action: string) {
  const page = await fetch(pageUrl);
  expect(await page.text()).toContain(`value="${action}"`);
  return fetch(pageUrl, { method: "POST", body: new URLSearchParams({ action }), redirect: "manual" });
}

async function paidSession(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  const session = await stripe.checkout.sessions.create(await sessionParams(overrides));
  await submit(session.url!, "pay");
  await standIn.idle();
  return stripe.checkout.sessions.retrieve(session.id);
}

const receivedTypes = () => received.map(({ event }) => event.type);

describe("authentication", () => {
  it("refuses another secret key with Stripe's 401", async () => {
    const error = await stripeError(sdk("sk_test_wrong_key_1234").checkout.sessions.retrieve("cs_test_x"));
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.statusCode).toBe(401);
    expect(error.message).toMatch(/^Invalid API Key provided: sk_test_\**1234$/);
  });
});

describe("checkout sessions", () => {
  it("creates an open, unpaid session with a hosted page, and retrieves it", async () => {
    const session = await stripe.checkout.sessions.create(await sessionParams());
    expect(session).toMatchObject({
      object: "checkout.session",
      status: "open",
      payment_status: "unpaid",
      amount_total: 5000,
      currency: "eur",
      mode: "payment",
      metadata: { bookingId: "b1" },
      customer_email: "ada@example.com",
      payment_intent: null,
      livemode: false,
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`${standIn.url}/c/pay/${session.id}`);
    expect(session.expires_at).toBeGreaterThan(inMinutes(44));
    expect(await stripe.checkout.sessions.retrieve(session.id)).toEqual(session);
  });

  it("refuses parameters as Stripe does, naming the parameter", async () => {
    const onboarded = await standIn.createOnboardedAccount();
    const fresh = await stripe.accounts.create({
      type: "express",
      country: "DE",
      capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
    });
    const cases: [Partial<Stripe.Checkout.SessionCreateParams>, string][] = [
      [{ expires_at: inMinutes(29) }, "expires_at"],
      [{ expires_at: inMinutes(24 * 60 + 1) }, "expires_at"],
      [
        { line_items: [{ price_data: { currency: "eur", unit_amount: 12.5, product_data: { name: "x" } }, quantity: 1 }] },
        "line_items[0][price_data][unit_amount]",
      ],
      [
        { line_items: [{ price_data: { currency: "eur", unit_amount: -1, product_data: { name: "x" } }, quantity: 1 }] },
        "line_items[0][price_data][unit_amount]",
      ],
      [
        { line_items: [{ price_data: { currency: "xyz", unit_amount: 100, product_data: { name: "x" } }, quantity: 1 }] },
        "line_items[0][price_data][currency]",
      ],
      [{ success_url: undefined }, "success_url"],
      [{ customer_email: "not-an-email" }, "customer_email"],
      [
        { payment_intent_data: { application_fee_amount: 5001, transfer_data: { destination: onboarded.id } } },
        "payment_intent_data[application_fee_amount]",
      ],
      [{ payment_intent_data: { application_fee_amount: 100 } }, "payment_intent_data[application_fee_amount]"],
      [
        { payment_intent_data: { application_fee_amount: 100, transfer_data: { destination: fresh.id } } },
        "payment_intent_data[transfer_data][destination]",
      ],
      [{ payment_intent_data: { transfer_data: { destination: "acct_missing" } } }, "payment_intent_data[transfer_data][destination]"],
      [{ metadata: { ["k".repeat(41)]: "v" } }, `metadata[${"k".repeat(41)}]`],
    ];
    for (const [overrides, param] of cases) {
      const error = await stripeError(stripe.checkout.sessions.create({ ...(await sessionParams()), ...overrides }));
      expect(error, param).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect({ status: error.statusCode, type: error.type, param: error.param }).toEqual({
        status: 400,
        type: "StripeInvalidRequestError",
        param,
      });
      expect(error.raw).toMatchObject({ type: "invalid_request_error" });
    }
    const unknown = await stripeError(stripe.checkout.sessions.create({ ...(await sessionParams()), ...({ colour: "blue" } as object) }));
    expect(unknown.param).toBe("colour");
    expect(unknown.message).toBe("Received unknown parameter: colour");
  });

  it("accepts a fee equal to the total", async () => {
    const account = await standIn.createOnboardedAccount();
    const session = await stripe.checkout.sessions.create(
      await sessionParams({ payment_intent_data: { application_fee_amount: 5000, transfer_data: { destination: account.id } } }),
    );
    expect(session.status).toBe("open");
  });

  it("answers an unknown session with 404 resource_missing", async () => {
    const error = await stripeError(stripe.checkout.sessions.retrieve("cs_test_missing"));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe("resource_missing");
    expect(error.message).toBe("No such checkout.session: 'cs_test_missing'");
  });

  it("expires an open session once, with checkout.session.expired", async () => {
    const session = await stripe.checkout.sessions.create(await sessionParams());
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ status: "expired", url: null });
    const again = await stripeError(stripe.checkout.sessions.expire(session.id));
    expect(again.statusCode).toBe(400);
    expect(again.message).toContain('status of "expired"');
    await standIn.idle();
    expect(receivedTypes()).toEqual(["checkout.session.expired"]);
    expect(received[0]!.event.data.object).toMatchObject({ id: session.id, status: "expired" });
    expect(received[0]!.event.request?.id).toMatch(/^req_/);
  });

  it("expires open sessions when the clock passes their expires_at", async () => {
    const session = await stripe.checkout.sessions.create(await sessionParams({ expires_at: inMinutes(31) }));
    await standIn.advanceClock(32 * 60);
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("expired");
    expect(receivedTypes()).toEqual(["checkout.session.expired"]);
  });
});

describe("idempotency", () => {
  it("replays the first response for the same key and body", async () => {
    const params = await sessionParams();
    const first = await stripe.checkout.sessions.create(params, { idempotencyKey: "booking-b1-attempt-1" });
    const second = await stripe.checkout.sessions.create(params, { idempotencyKey: "booking-b1-attempt-1" });
    expect(second.id).toBe(first.id);
    expect(standIn.requests.filter((request) => request.path === "/v1/checkout/sessions").map((request) => request.replayed)).toEqual([
      false,
      true,
    ]);
    const other = await stripe.checkout.sessions.create(params, { idempotencyKey: "booking-b1-attempt-2" });
    expect(other.id).not.toBe(first.id);
  });

  it("refuses the same key with another body (idempotency_error)", async () => {
    const params = await sessionParams();
    await stripe.checkout.sessions.create(params, { idempotencyKey: "k1" });
    const error = await stripeError(
      stripe.checkout.sessions.create({ ...params, metadata: { bookingId: "b2" } }, { idempotencyKey: "k1" }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain("Keys for idempotent requests can only be used with the same parameters");
  });

  it("doesn't save a request refused by validation", async () => {
    const params = await sessionParams();
    await stripeError(stripe.checkout.sessions.create({ ...params, expires_at: inMinutes(5) }, { idempotencyKey: "k2" }));
    const session = await stripe.checkout.sessions.create(params, { idempotencyKey: "k2" });
    expect(session.status).toBe("open");
  });
});

describe("hosted checkout page", () => {
  it("Pay: completes the session paid, creates the payment and charge, redirects to success_url", async () => {
    const session = await stripe.checkout.sessions.create(await sessionParams());
    const page = await (await fetch(session.url!)).text();
    expect(page).toContain("Stripe stand-in");
    expect(page).toContain("€50.00");
    expect(page).toContain("Career coaching, 60 min");
    const response = await submit(session.url!, "pay");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`http://localhost:3000/bookings/b1/paid?session=${session.id}`);

    const paid = await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent.latest_charge"] });
    expect(paid).toMatchObject({ status: "complete", payment_status: "paid", url: null, customer_details: { email: "ada@example.com" } });
    const intent = paid.payment_intent as Stripe.PaymentIntent;
    expect(intent).toMatchObject({
      status: "succeeded",
      amount: 5000,
      amount_received: 5000,
      application_fee_amount: 1000,
      metadata: { bookingId: "b1" },
    });
    expect(intent.id).toMatch(/^pi_/);
    expect(intent.latest_charge).toMatchObject({ object: "charge", paid: true, amount: 5000, payment_intent: intent.id });
    expect((await stripe.paymentIntents.retrieve(intent.id)).latest_charge).toMatch(/^ch_/);

    await standIn.idle();
    expect(receivedTypes()).toEqual(["checkout.session.completed"]);
    expect(received[0]!.event.data.object).toMatchObject({ id: session.id, payment_status: "paid", payment_intent: intent.id });
    expect(await (await fetch(session.url!.replace("/c/pay/", "/c/pay/"))).text()).toContain("This payment is complete.");
  });

  it("Pay by bank debit: completes unpaid, then settles later (or fails)", async () => {
    const settles = await stripe.checkout.sessions.create(await sessionParams());
    const fails = await stripe.checkout.sessions.create(await sessionParams());
    for (const session of [settles, fails]) expect((await submit(session.url!, "bank_debit")).status).toBe(303);
    expect(await stripe.checkout.sessions.retrieve(settles.id)).toMatchObject({ status: "complete", payment_status: "unpaid" });
    const notYet = await stripeError(stripe.refunds.create({ payment_intent: standIn.session(settles.id).payment_intent! }));
    expect(notYet.statusCode).toBe(400);

    await standIn.settleSession(settles.id, "succeeded");
    await standIn.settleSession(fails.id, "failed");
    expect((await stripe.checkout.sessions.retrieve(settles.id)).payment_status).toBe("paid");
    expect((await stripe.checkout.sessions.retrieve(fails.id)).payment_status).toBe("unpaid");
    expect(receivedTypes()).toEqual([
      "checkout.session.completed",
      "checkout.session.completed",
      "checkout.session.async_payment_succeeded",
      "checkout.session.async_payment_failed",
    ]);
  });

  it("Cancel: redirects to cancel_url and leaves the session open", async () => {
    const session = await stripe.checkout.sessions.create(await sessionParams());
    const response = await submit(session.url!, "cancel");
    expect(response.headers.get("location")).toBe("http://localhost:3000/bookings/b1");
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
  });

  it("shows an expired session as expired and won't take payment", async () => {
    const session = await stripe.checkout.sessions.create(await sessionParams());
    await standIn.expireSession(session.id);
    expect(await (await fetch(session.url!)).text()).toContain("This checkout session has expired.");
    const response = await fetch(session.url!, { method: "POST", body: new URLSearchParams({ action: "pay" }), redirect: "manual" });
    expect(response.status).toBe(409);
    expect((await stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe("unpaid");
  });
});

describe("refunds", () => {
  it("refunds in parts, giving back the fee and reversing the transfer in proportion (rounded down, cumulative)", async () => {
    const account = await standIn.createOnboardedAccount();
    const session = await paidSession({ payment_intent_data: { application_fee_amount: 333, transfer_data: { destination: account.id } } });
    const paymentIntent = session.payment_intent as string;
    const options = { reverse_transfer: true, refund_application_fee: true } as const;

    const first = await stripe.refunds.create({
      payment_intent: paymentIntent,
      amount: 1250,
      reason: "requested_by_customer",
      metadata: { bookingId: "b1" },
      ...options,
    });
    expect(first).toMatchObject({
      object: "refund",
      amount: 1250,
      currency: "eur",
      status: "succeeded",
      reason: "requested_by_customer",
      payment_intent: paymentIntent,
    });
    expect(first.id).toMatch(/^re_/);
    expect(first.transfer_reversal).toMatch(/^trr_/);
    expect(standIn.money(paymentIntent)).toMatchObject({ amountRefunded: 1250, applicationFeeRefunded: 83, transferReversed: 1166 });

    const rest = await stripe.refunds.create({ payment_intent: paymentIntent, ...options });
    expect(rest.amount).toBe(3750);
    expect(standIn.money(paymentIntent)).toEqual({
      amount: 5000,
      amountRefunded: 5000,
      applicationFee: 333,
      applicationFeeRefunded: 333,
      transferred: 4667,
      transferReversed: 4667,
    });
    expect(await stripe.refunds.retrieve(first.id)).toEqual(first);

    await standIn.idle();
    expect(receivedTypes()).toEqual(["checkout.session.completed", "charge.refunded", "charge.refunded"]);
    expect(received[2]!.event.data.object).toMatchObject({ object: "charge", amount_refunded: 5000, refunded: true });
  });

  it("shows the charge, application fee and transfer the refunds changed", async () => {
    const session = await paidSession();
    const intent = await stripe.paymentIntents.retrieve(session.payment_intent as string);
    await stripe.refunds.create({ payment_intent: intent.id, amount: 2000, refund_application_fee: true, reverse_transfer: true });
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({ amount: 5000, amount_refunded: 2000, refunded: false, application_fee_amount: 1000 });
    expect(await stripe.applicationFees.retrieve(charge.application_fee as string)).toMatchObject({
      amount: 1000,
      amount_refunded: 400,
      refunded: false,
    });
    expect(await stripe.transfers.retrieve(charge.transfer as string)).toMatchObject({
      amount: 4000,
      amount_reversed: 1600,
      reversed: false,
    });
    const missingCharge = await stripeError(stripe.charges.retrieve("ch_missing"));
    expect(missingCharge.code).toBe("resource_missing");
  });

  it("refuses what Stripe refuses", async () => {
    const session = await paidSession();
    const paymentIntent = session.payment_intent as string;
    const tooMuch = await stripeError(stripe.refunds.create({ payment_intent: paymentIntent, amount: 5001 }));
    expect({ code: tooMuch.code, param: tooMuch.param, status: tooMuch.statusCode }).toEqual({
      code: "amount_too_large",
      param: "amount",
      status: 400,
    });
    expect(tooMuch.message).toBe("Refund amount (€50.01) is greater than unrefunded amount on charge (€50.00)");

    const reason = await stripeError(
      stripe.refunds.create({ payment_intent: paymentIntent, reason: "changed_mind" as Stripe.RefundCreateParams.Reason }),
    );
    expect(reason.param).toBe("reason");

    const unknown = await stripeError(stripe.refunds.create({ payment_intent: "pi_missing" }));
    expect({ status: unknown.statusCode, code: unknown.code, param: unknown.param }).toEqual({
      status: 404,
      code: "resource_missing",
      param: "payment_intent",
    });

    await stripe.refunds.create({ payment_intent: paymentIntent });
    const again = await stripeError(stripe.refunds.create({ payment_intent: paymentIntent, amount: 1 }));
    expect(again.code).toBe("charge_already_refunded");

    const missingRefund = await stripeError(stripe.refunds.retrieve("re_missing"));
    expect(missingRefund.statusCode).toBe(404);
  });

  it("comes back pending when configured, then settles with refund.updated and charge.refund.updated", async () => {
    const session = await paidSession();
    const paymentIntent = session.payment_intent as string;
    standIn.setRefundOutcome("pending");
    const settles = await stripe.refunds.create({ payment_intent: paymentIntent, amount: 1000 });
    const fails = await stripe.refunds.create({ payment_intent: paymentIntent, amount: 4000 });
    expect([settles.status, fails.status]).toEqual(["pending", "pending"]);
    expect(standIn.money(paymentIntent).amountRefunded).toBe(5000);

    await standIn.settleRefund(settles.id, "succeeded");
    await standIn.settleRefund(fails.id, "failed");
    expect((await stripe.refunds.retrieve(settles.id)).status).toBe("succeeded");
    expect(await stripe.refunds.retrieve(fails.id)).toMatchObject({ status: "failed", failure_reason: "declined" });
    expect(standIn.money(paymentIntent).amountRefunded).toBe(1000);
    expect(receivedTypes().slice(3)).toEqual([
      "refund.updated",
      "charge.refund.updated",
      "refund.updated",
      "charge.refund.updated",
      "refund.failed",
    ]);
    expect(received[3]!.event.data).toMatchObject({
      object: { id: settles.id, status: "succeeded" },
      previous_attributes: { status: "pending" },
    });
  });
});

describe("connect", () => {
  it("creates an Express account that can't take charges until onboarded, onboards it on the hosted page", async () => {
    const account = await stripe.accounts.create({
      type: "express",
      country: "DE",
      email: "grace@example.com",
      capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
      metadata: { specialistId: "s1" },
    });
    expect(account).toMatchObject({
      object: "account",
      type: "express",
      country: "DE",
      default_currency: "eur",
      details_submitted: false,
      charges_enabled: false,
      payouts_enabled: false,
      metadata: { specialistId: "s1" },
    });
    expect(account.id).toMatch(/^acct_/);
    expect(account.requirements?.currently_due?.length).toBeGreaterThan(0);
    expect(await stripe.accounts.retrieve(account.id)).toEqual(account);

    const tooEarly = await stripeError(stripe.accounts.createLoginLink(account.id));
    expect(tooEarly.statusCode).toBe(400);

    const link = await stripe.accountLinks.create({
      account: account.id,
      refresh_url: "http://localhost:3000/specialist/payouts?refresh=1",
      return_url: "http://localhost:3000/specialist/payouts?return=1",
      type: "account_onboarding",
    });
    expect(link.object).toBe("account_link");
    expect(link.expires_at - link.created).toBe(300);
    const page = await (await fetch(link.url)).text();
    expect(page).toContain("Stripe stand-in");
    const response = await submit(link.url, "complete");
    expect(response.headers.get("location")).toBe("http://localhost:3000/specialist/payouts?return=1");

    const onboarded = await stripe.accounts.retrieve(account.id);
    expect(onboarded).toMatchObject({
      details_submitted: true,
      charges_enabled: true,
      payouts_enabled: true,
      requirements: { currently_due: [] },
    });
    await standIn.idle();
    expect(receivedTypes()).toEqual(["account.updated"]);
    expect(received[0]!.event).toMatchObject({
      account: account.id,
      data: { object: { id: account.id, charges_enabled: true }, previous_attributes: { charges_enabled: false } },
    });

    const login = await stripe.accounts.createLoginLink(account.id);
    expect((await fetch(login.url)).status).toBe(200);
    // Used once: the link now sends the user to refresh_url for a new one.
    expect((await fetch(link.url, { redirect: "manual" })).headers.get("location")).toBe(
      "http://localhost:3000/specialist/payouts?refresh=1",
    );
  });

  it("sends an expired link to refresh_url; refuses bad parameters and unknown accounts", async () => {
    const account = await stripe.accounts.create({ type: "express", country: "GB" });
    const link = await stripe.accountLinks.create({
      account: account.id,
      refresh_url: "http://localhost:3000/r",
      return_url: "http://localhost:3000/x",
      type: "account_onboarding",
    });
    await standIn.advanceClock(301);
    const response = await fetch(link.url, { redirect: "manual" });
    expect([response.status, response.headers.get("location")]).toEqual([303, "http://localhost:3000/r"]);

    const noReturn = await stripeError(
      stripe.accountLinks.create({ account: account.id, refresh_url: "http://localhost:3000/r", type: "account_onboarding" }),
    );
    expect(noReturn.param).toBe("return_url");
    const unknown = await stripeError(stripe.accounts.retrieve("acct_missing"));
    expect([unknown.statusCode, unknown.code]).toEqual([404, "resource_missing"]);
    const country = await stripeError(stripe.accounts.create({ type: "express", country: "ZZ" }));
    expect(country.param).toBe("country");
  });
});

describe("webhooks", () => {
  it("signs events so the SDK verifies them, and refuses forged or stale ones", async () => {
    await paidSession();
    const event = received[0]!.event;
    expect(event).toMatchObject({ object: "event", api_version: Stripe.API_VERSION, livemode: false, type: "checkout.session.completed" });
    expect(event.id).toMatch(/^evt_/);

    const verify = async (request: Request) =>
      stripe.webhooks.constructEventAsync(
        await request.text(),
        request.headers.get("stripe-signature")!,
        standIn.webhookSecret,
        300,
        crypto,
      );
    const stored = standIn.events[0]!;
    expect((await verify(standIn.signedRequest(stored))).id).toBe(event.id);
    await expect(verify(standIn.signedRequest(stored, { secret: "whsec_forged" }))).rejects.toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    await expect(verify(standIn.signedRequest(stored, { timestamp: standIn.now() - 301 }))).rejects.toThrow(/tolerance/);
    const { header } = standIn.signEvent(stored);
    await expect(
      stripe.webhooks.constructEventAsync(JSON.stringify({ ...stored, type: "x" }), header, standIn.webhookSecret, 300, crypto),
    ).rejects.toThrow();
  });

  it("holds events, then delivers them duplicated and in a seeded shuffled order", async () => {
    standIn.setWebhookDelivery("held");
    for (let index = 0; index < 4; index += 1) await paidSession();
    expect(received).toEqual([]);
    const created = standIn.heldEvents().map((event) => event.id);
    expect(created).toHaveLength(4);

    await standIn.releaseEvents({ duplicate: true, shuffleSeed: 42 });
    const order = received.map(({ event }) => event.id);
    expect([...order].sort()).toEqual([...created, ...created].sort());
    expect(order).not.toEqual(created.flatMap((id) => [id, id]));
    expect(standIn.heldEvents()).toEqual([]);
  });

  it("retries an event the app answers with 500, and records each attempt", async () => {
    answers = [500, 500];
    const session = await paidSession();
    expect(standIn.deliveries.map(({ attempt, status }) => [attempt, status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect(received.map(({ event }) => (event.data.object as { id: string }).id)).toEqual([session.id, session.id, session.id]);
  });

  it("gives up after the last retry", async () => {
    answers = [503, 503, 503, 503, 503];
    await paidSession();
    expect(standIn.deliveries.map(({ status }) => status)).toEqual([503, 503, 503, 503]);
  });

  it("emits disputes and payouts (payouts as the connected account's)", async () => {
    const session = await paidSession();
    const dispute = await standIn.openDispute(session.payment_intent as string);
    expect(dispute).toMatchObject({ object: "dispute", status: "needs_response", amount: 5000, payment_intent: session.payment_intent });
    const account = await standIn.createOnboardedAccount({ country: "GB" });
    await standIn.createPayout(account.id, { amount: 12000 });
    await standIn.createPayout(account.id, { amount: 500, outcome: "failed" });

    expect(await stripe.disputes.retrieve(dispute.id)).toEqual(dispute);
    const [disputed, paid, failed] = received.slice(1).map(({ event }) => event as StripeEvent & Stripe.Event);
    expect(disputed).toMatchObject({
      type: "charge.dispute.created",
      data: { object: { id: dispute.id, charge: expect.stringMatching(/^ch_/) } },
    });
    expect(disputed!.account).toBeUndefined();
    expect(paid).toMatchObject({
      type: "payout.paid",
      account: account.id,
      data: { object: { amount: 12000, currency: "gbp", status: "paid" } },
    });
    expect(failed).toMatchObject({
      type: "payout.failed",
      account: account.id,
      data: { object: { status: "failed", failure_code: "account_closed" } },
    });
  });
});

describe("injected failures", () => {
  it("fails the next requests with the given status, then recovers", async () => {
    standIn.failNext(1, { status: 500 });
    const error = await stripeError(stripe.accounts.create({ type: "express", country: "DE" }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(error.statusCode).toBe(500);
    expect((await stripe.accounts.create({ type: "express", country: "DE" })).object).toBe("account");
    expect(standIn.requests.map((request) => request.status)).toEqual([500, 200]);
  });

  it("lets the SDK's own retry get through a transient 503 with one object made (the failure isn't saved for the key)", async () => {
    const retrying = new Stripe(standIn.secretKey, {
      ...standIn.sdkOptions,
      httpClient: Stripe.createFetchHttpClient(),
      maxNetworkRetries: 1,
    });
    standIn.failNext(1, { status: 503 });
    const account = await retrying.accounts.create({ type: "express", country: "DE" });
    const [failed, retried] = standIn.requests;
    expect([failed!.status, retried!.status]).toEqual([503, 200]);
    expect(retried!.idempotencyKey).toBe(failed!.idempotencyKey);
    expect(retried!.idempotencyKey).toBeTruthy();
    expect((await stripe.accounts.retrieve(account.id)).id).toBe(account.id);
  });
});
