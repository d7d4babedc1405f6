// The test checkout page's data and its buttons. A button doesn't touch the booking: it delivers a
// signed event to receiveWebhook, exactly as a real provider's webhook would arrive.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq } from "drizzle-orm";
import { bookings, payments, sessionTypes, specialists, type PaymentStatus } from "../../../db/schema";
import { formatMoney } from "../../lib/money";
import { isTestPaymentProvider, testProviderName } from "./test-provider.server";
import { receiveWebhook } from "./webhooks.server";

type Context = Pick<AppLoadContext, "db" | "clock" | "queue" | "payments">;

export interface TestCheckout {
  checkoutId: string;
  bookingId: string;
  description: string;
  amountMinor: number;
  amount: string;
  currency: string;
  status: PaymentStatus;
  expiresAt: Date | null;
  /** Past the booking's hold: the checkout no longer takes payment. */
  expired: boolean;
}

/** The checkout behind /pay/test/<id>; null when there is none or the test provider isn't in use. */
export async function loadTestCheckout(context: Context, checkoutId: string): Promise<TestCheckout | null> {
  if (!isTestPaymentProvider(context.payments)) return null;
  const [row] = await context.db
    .select({
      bookingId: payments.bookingId,
      amountMinor: payments.amountMinor,
      currency: payments.currency,
      status: payments.status,
      holdExpiresAt: bookings.holdExpiresAt,
      sessionTitle: sessionTypes.title,
      specialistName: specialists.displayName,
    })
    .from(payments)
    .innerJoin(bookings, eq(bookings.id, payments.bookingId))
    .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
    .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
    .where(and(eq(payments.provider, testProviderName), eq(payments.checkoutId, checkoutId)));
  if (!row) return null;
  const expiresAt = row.holdExpiresAt;
  return {
    checkoutId,
    bookingId: row.bookingId,
    description: `${row.sessionTitle} with ${row.specialistName}`,
    amountMinor: row.amountMinor,
    amount: formatMoney(row.amountMinor, row.currency),
    currency: row.currency,
    status: row.status,
    expiresAt,
    // The checkout expires with the hold (as Stripe's expires_at would).
    expired: !expiresAt || expiresAt <= context.clock.now(),
  };
}

export type TestCheckoutOutcome = "pay" | "decline";

export type CompleteTestCheckoutResult = { ok: true; bookingId: string } | { ok: false; status: 404 | 410; message: string };

/** "Pay" or "Decline": delivers the matching signed event through the webhook path. */
export async function completeTestCheckout(
  context: Context,
  input: { checkoutId: string; outcome: TestCheckoutOutcome; origin: string },
): Promise<CompleteTestCheckoutResult> {
  const provider = context.payments;
  const checkout = await loadTestCheckout(context, input.checkoutId);
  if (!checkout || !isTestPaymentProvider(provider)) return { ok: false, status: 404, message: "This checkout doesn't exist." };
  if (checkout.status !== "open") return { ok: true, bookingId: checkout.bookingId };
  if (checkout.expired) return { ok: false, status: 410, message: "This checkout has expired. No payment was taken." };

  const paid = input.outcome === "pay";
  // One event per checkout and outcome: a double click delivers the same event twice, stored once.
  const request = await provider.signedWebhookRequest(
    {
      eventId: `evt_test_${input.outcome}_${checkout.checkoutId}`,
      type: paid ? "checkout.completed" : "checkout.declined",
      checkoutId: checkout.checkoutId,
      bookingId: checkout.bookingId,
      ...(paid
        ? {
            paymentId: `pi_test_${checkout.checkoutId.replace(/^cs_test_/, "")}`,
            amountMinor: checkout.amountMinor,
            currency: checkout.currency,
          }
        : {}),
      occurredAt: context.clock.now(),
    },
    input.origin,
  );
  const received = await receiveWebhook(context, provider, request);
  if (received.status !== 200) throw new Error(`The test provider's own event was refused: ${received.message}`);
  return { ok: true, bookingId: checkout.bookingId };
}
