import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../db/factories";
import { bookings, notifications, payments, payouts, refunds, specialists, webhookEvents } from "../../db/schema";
import { startStripeStandIn, type StripeStandIn } from "../../tests/stand-ins/stripe";
import { expectConsoleError } from "../../tests/console";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { cancelBooking } from "../domain/booking/change-booking.server";
import { stripeApp } from "../domain/payments/stripe.test-support";

let standIn: StripeStandIn;
let database: TestDatabase;
let world: Awaited<ReturnType<typeof stripeApp>>;

beforeAll(async () => {
  standIn = await startStripeStandIn();
});
afterAll(async () => {
  await standIn.close();
});
beforeEach(async () => {
  database = await createTestDatabase();
  standIn.setWebhookDelivery("immediate");
  standIn.setRefundOutcome("succeeded");
  standIn.clearFailures();
  world = await stripeApp(database, standIn);
});
afterEach(() => database.cleanup());

const bookingRow = async (id: string) => (await database.db.select().from(bookings).where(eq(bookings.id, id)))[0]!;
const paymentsOf = (bookingId: string) => database.db.select().from(payments).where(eq(payments.bookingId, bookingId));
const refundsOf = (bookingId: string) => database.db.select().from(refunds).where(eq(refunds.bookingId, bookingId));
const lastRequest = (path: string) => standIn.requests.filter((request) => request.path === path).at(-1)!;

describe("checkout through Stripe", () => {
  test("a destination charge to the specialist with the platform fee, from the booking row; the hold lasts as long as the checkout", async () => {
    const { booking, cookie, accountId, customer } = await world.pendingBooking({ priceMinor: 12_345, currency: "EUR" });
    const { url, sessionId } = await world.startCheckout(booking.id, cookie);
    expect(url.origin).toBe(standIn.url);

    const request = lastRequest("/v1/checkout/sessions");
    expect(request.params).toMatchObject({
      mode: "payment",
      line_items: [{ quantity: "1", price_data: { currency: "eur", unit_amount: "12345" } }],
      payment_intent_data: { application_fee_amount: String(booking.feeMinor), transfer_data: { destination: accountId } },
      metadata: { booking_id: booking.id },
      customer_email: customer.email,
    });
    expect(booking.feeMinor).toBe(2_469);
    expect(request.idempotencyKey).toMatch(new RegExp(`^checkout-${booking.id}-0-\\d+$`));
    const session = standIn.session(sessionId);
    const held = await bookingRow(booking.id);
    // Stripe wants ≥ 30 minutes; the hold was extended to end with the checkout.
    expect(session.expires_at * 1000).toBe(held.holdExpiresAt!.getTime());
    expect(session.expires_at * 1000 - world.clock.now().getTime()).toBeGreaterThanOrEqual(30 * 60_000);

    // Asking again (a double click, a reload) goes back to the same open checkout.
    const checkoutsBefore = standIn.requests.filter((r) => r.path === "/v1/checkout/sessions").length;
    const again = await world.startCheckout(booking.id, cookie);
    expect(again.sessionId).toBe(sessionId);
    expect(standIn.requests.filter((r) => r.path === "/v1/checkout/sessions")).toHaveLength(checkoutsBefore);
  });

  test("paying confirms the booking once, with a receipt number; duplicates and replays change nothing", async () => {
    const { booking, cookie } = await world.pendingBooking();
    const { sessionId } = await world.startCheckout(booking.id, cookie);
    await standIn.completeSession(sessionId);
    await world.runJobs();

    expect((await bookingRow(booking.id)).status).toBe("confirmed");
    const [payment] = await paymentsOf(booking.id);
    expect(payment).toMatchObject({ provider: "stripe", status: "paid", kept: true, receiptNumber: 1, amountMinor: 10_000 });
    expect(payment!.paymentId).toMatch(/^pi_/);

    const completed = standIn.events.find((event) => event.type === "checkout.session.completed")!;
    const replay = await world.app.request("/webhooks/stripe", standIn.signedRequest(completed));
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ duplicate: true });
    await world.runJobs();
    const confirmations = await database.db.select().from(notifications).where(eq(notifications.kind, "booking-paid-confirmed"));
    expect(confirmations.filter((notice) => notice.channel === "email")).toHaveLength(1);
  });

  test("a bank debit is processing until it settles; a failed one leaves the booking unpaid", async () => {
    const first = await world.pendingBooking();
    const { sessionId } = await world.startCheckout(first.booking.id, first.cookie);
    await standIn.completeSession(sessionId, { method: "bank_debit" });
    await world.runJobs();
    expect((await paymentsOf(first.booking.id))[0]!.status).toBe("processing");
    expect((await bookingRow(first.booking.id)).status).toBe("pending_payment");
    // Meanwhile paying again is refused with the reason, not a second charge.
    const again = await world.app.post(`/bookings/${first.booking.id}/pay`, {}, { cookie: first.cookie });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("being processed by your bank");
    await standIn.settleSession(sessionId, "succeeded");
    await world.runJobs();
    expect((await bookingRow(first.booking.id)).status).toBe("confirmed");

    const second = await world.pendingBooking({ startsAt: world.tomorrowNoon(4) });
    const failing = await world.startCheckout(second.booking.id, second.cookie);
    await standIn.completeSession(failing.sessionId, { method: "bank_debit" });
    await standIn.settleSession(failing.sessionId, "failed");
    await world.runJobs();
    expect((await paymentsOf(second.booking.id))[0]!.status).toBe("failed");
    expect((await bookingRow(second.booking.id)).status).toBe("pending_payment");
  });

  test("never starts for a specialist whose account can't take charges, and says why", async () => {
    const { booking, cookie, specialist } = await world.pendingBooking();
    await database.db.update(specialists).set({ chargesEnabled: false }).where(eq(specialists.id, specialist.id));
    const checkoutsBefore = standIn.requests.filter((r) => r.path === "/v1/checkout/sessions").length;
    const response = await world.app.post(`/bookings/${booking.id}/pay`, {}, { cookie });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("can&#x27;t take payments yet");
    expect(standIn.requests.filter((r) => r.path === "/v1/checkout/sessions")).toHaveLength(checkoutsBefore);
  });

  test("Stripe being down answers 503, keeps the hold, and a retry works", async () => {
    expectConsoleError(/could not start: Stripe could not create a checkout/);
    const { booking, cookie } = await world.pendingBooking();
    standIn.failNext(3, { status: 500, type: "api_error", message: "Stripe is having a moment" });
    const response = await world.app.post(`/bookings/${booking.id}/pay`, {}, { cookie });
    expect(response.status).toBe(503);
    expect((await bookingRow(booking.id)).status).toBe("pending_payment");
    expect(await paymentsOf(booking.id)).toEqual([]);
    await world.startCheckout(booking.id, cookie);
    expect(await paymentsOf(booking.id)).toHaveLength(1);
  });
});

describe("refunds through Stripe", () => {
  async function paidBooking() {
    const given = await world.pendingBooking();
    const { sessionId } = await world.startCheckout(given.booking.id, given.cookie);
    await standIn.completeSession(sessionId);
    await world.runJobs();
    const [payment] = await paymentsOf(given.booking.id);
    return { ...given, payment: payment! };
  }

  test("a cancellation before the deadline refunds everything, reversing the transfer and giving back the fee", async () => {
    const { booking, customer, payment } = await paidBooking();
    const result = await cancelBooking(
      { ...world.jobContext },
      { bookingId: booking.id, actorUserId: customer.id, reason: "plans changed" },
    );
    expect(result.ok).toBe(true);
    await world.runJobs();

    const refund = lastRequest("/v1/refunds");
    expect(refund.params).toMatchObject({
      payment_intent: payment.paymentId,
      amount: "10000",
      reverse_transfer: "true",
      refund_application_fee: "true",
    });
    expect(refund.idempotencyKey).toMatch(/^refund-/);
    const [row] = await refundsOf(booking.id);
    expect(row).toMatchObject({ amountMinor: 10_000, feeRefundedMinor: 2_000, status: "succeeded", providerStatus: "succeeded" });
    expect(row!.providerRefundId).toMatch(/^re_/);
    const money = standIn.money(payment.paymentId!);
    expect(money).toMatchObject({ amountRefunded: 10_000, applicationFeeRefunded: 2_000 });
  });

  test("a refund Stripe settles later is tracked to its end; one that fails is kept and shown to admins", async () => {
    const admin = await createUser(database.db, { role: "admin" });
    standIn.setRefundOutcome("pending");
    const { booking, customer } = await paidBooking();
    await cancelBooking({ ...world.jobContext }, { bookingId: booking.id, actorUserId: customer.id, reason: "changed my mind" });
    await world.runJobs();
    const [pending] = await refundsOf(booking.id);
    expect(pending).toMatchObject({ status: "succeeded", providerStatus: "pending" });

    await standIn.settleRefund(pending!.providerRefundId!, "failed", "expired_or_canceled_card");
    await world.runJobs();
    const [failed] = await refundsOf(booking.id);
    expect(failed).toMatchObject({ providerStatus: "failed", failureReason: "expired_or_canceled_card" });
    const told = await database.db.select().from(notifications).where(eq(notifications.userId, admin.id));
    expect(told.map((notice) => notice.kind)).toContain("payment-flagged");
  });

  test("a refund Stripe refuses is recorded as failed with its error, and admins are told", async () => {
    expectConsoleError(/failed at the provider: Stripe could not refund/);
    const admin = await createUser(database.db, { role: "admin" });
    const { booking, customer } = await paidBooking();
    standIn.failNext(10, {
      status: 400,
      type: "invalid_request_error",
      code: "charge_already_refunded",
      message: "Charge has already been refunded.",
    });
    await cancelBooking({ ...world.jobContext }, { bookingId: booking.id, actorUserId: customer.id, reason: "changed my mind" }).catch(
      () => undefined,
    );
    await world.runJobs().catch(() => undefined);
    const [refund] = await refundsOf(booking.id);
    expect(refund).toMatchObject({ status: "failed" });
    expect(refund!.lastError).toContain("charge_already_refunded");
    const told = await database.db.select().from(notifications).where(eq(notifications.userId, admin.id));
    expect(told.length).toBeGreaterThan(0);
  });

  test("a refund made in Stripe's dashboard shows up in the booking's refunds, once", async () => {
    const { booking, payment } = await paidBooking();
    const charge = standIn.events.find((event) => event.type === "checkout.session.completed")!;
    expect(charge).toBeDefined();
    // As if refunded in the dashboard: Stripe reports the charge's refunded total.
    const event = {
      ...charge,
      id: "evt_dashboard_refund",
      type: "charge.refunded",
      data: { object: { id: "ch_x", object: "charge", payment_intent: payment.paymentId, amount_refunded: 2_500, currency: "usd" } },
    } as unknown as typeof charge;
    for (const _ of [1, 2]) expect((await world.app.request("/webhooks/stripe", standIn.signedRequest(event))).status).toBe(200);
    await world.runJobs();
    const rows = await refundsOf(booking.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ amountMinor: 2_500, feeRefundedMinor: 0, providerStatus: "succeeded" });
  });
});

describe("/webhooks/stripe", () => {
  test("a forged, tampered or stale signature is 400 and stores nothing", async () => {
    const { booking, cookie } = await world.pendingBooking();
    standIn.setWebhookDelivery("held");
    const { sessionId } = await world.startCheckout(booking.id, cookie);
    await standIn.completeSession(sessionId);
    const [event] = standIn.heldEvents();
    const forged = standIn.signedRequest(event!, { secret: "whsec_not_ours" });
    const stale = standIn.signedRequest(event!, { timestamp: Math.floor(world.clock.now().getTime() / 1000) - 301 });
    const signed = standIn.signEvent(event!);
    const tamperedBody = signed.body.replace(/"amount_total":\s*\d+/, '"amount_total": 1');
    expect(tamperedBody).not.toBe(signed.body);
    const tampered = new Request("http://localhost/webhooks/stripe", {
      method: "POST",
      headers: { "stripe-signature": signed.header, "content-type": "application/json" },
      body: tamperedBody,
    });
    const unsigned = new Request("http://localhost/webhooks/stripe", { method: "POST", body: signed.body });
    for (const [name, request] of Object.entries({ forged, stale, tampered, unsigned })) {
      const response = await world.app.request("/webhooks/stripe", request);
      expect(response.status, name).toBe(400);
    }
    expect(await database.db.select().from(webhookEvents)).toEqual([]);
  });

  test("an event type the app doesn't use is stored and acknowledged; one for a checkout started elsewhere is marked ignored", async () => {
    const { booking, cookie } = await world.pendingBooking();
    standIn.setWebhookDelivery("held");
    const { sessionId } = await world.startCheckout(booking.id, cookie);
    await standIn.completeSession(sessionId);
    const [completed] = standIn.heldEvents();
    const unknownType = { ...completed!, id: "evt_unknown_type", type: "customer.created" } as unknown as typeof completed;
    const elsewhere = {
      ...completed!,
      id: "evt_elsewhere",
      data: { object: { ...(completed!.data.object as object), id: "cs_test_elsewhere", metadata: {}, client_reference_id: null } },
    } as typeof completed;
    for (const event of [unknownType, elsewhere])
      expect((await world.app.request("/webhooks/stripe", standIn.signedRequest(event!))).status).toBe(200);
    await world.runJobs();
    const stored = await database.db.select().from(webhookEvents);
    expect(stored.map((row) => [row.type, row.ignoredReason])).toEqual(
      expect.arrayContaining([
        ["customer.created", "customer.created events are not used"],
        ["checkout.session.completed", "no checkout cs_test_elsewhere was started here"],
      ]),
    );
    expect((await bookingRow(booking.id)).status).toBe("pending_payment");
  });

  test("is not there without Stripe settings", async () => {
    const { createTestApp } = await import("../../tests/app-handler");
    const plain = await createTestApp({ db: database.db });
    expect((await plain.request("/webhooks/stripe", { method: "POST", body: "{}" })).status).toBe(404);
  });
});

describe("disputes, accounts and payouts", () => {
  test("a dispute flags the payment and tells admins", async () => {
    const admin = await createUser(database.db, { role: "admin" });
    const { booking, cookie } = await world.pendingBooking();
    const { sessionId } = await world.startCheckout(booking.id, cookie);
    await standIn.completeSession(sessionId);
    await world.runJobs();
    const [payment] = await paymentsOf(booking.id);
    const dispute = await standIn.openDispute(payment!.paymentId!, { reason: "fraudulent" });
    await world.runJobs();
    const [flagged] = await paymentsOf(booking.id);
    expect(flagged).toMatchObject({ disputeId: dispute.id, disputeStatus: "needs_response" });
    expect(flagged!.flag).toContain("disputed");
    const told = await database.db.select().from(notifications).where(eq(notifications.userId, admin.id));
    expect(told.some((notice) => notice.kind === "payment-flagged")).toBe(true);
  });

  test("account updates and payouts are kept, newest state winning whatever the order", async () => {
    const { specialist, accountId } = await world.onboardedSpecialist();
    await database.db
      .update(specialists)
      .set({ chargesEnabled: false, stripeAccountSyncedAt: null })
      .where(eq(specialists.id, specialist.id));
    standIn.setWebhookDelivery("held");
    await standIn.completeOnboarding(accountId);
    await standIn.createPayout(accountId, { amount: 8_000, currency: "usd", outcome: "paid" });
    await standIn.releaseEvents({ duplicate: true, shuffleSeed: 7 });
    await world.runJobs();
    const [row] = await database.db.select().from(specialists).where(eq(specialists.id, specialist.id));
    expect(row).toMatchObject({ chargesEnabled: true, payoutsEnabled: true, stripeDetailsSubmitted: true });
    const rows = await database.db.select().from(payouts).where(eq(payouts.specialistId, specialist.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ amountMinor: 8_000, currency: "USD", status: "paid" });
  });
});
