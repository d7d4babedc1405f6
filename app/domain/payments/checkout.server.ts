// Starting payment for a pending booking. The amount, fee and currency always come from the
// booking row; the checkout and the hold end together, so nobody pays for time that was released.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, desc, eq, gt, ne, or, sql } from "drizzle-orm";
import { bookings, payments, sessionTypes, specialists, users } from "../../../db/schema";
import { isProviderError } from "../../integrations/provider-error";

type Context = Pick<AppLoadContext, "db" | "clock" | "payments">;

export type StartCheckoutFailure = "not-found" | "paid" | "processing" | "released" | "payouts-not-ready" | "provider-unavailable";

export type StartCheckoutResult =
  { ok: true; url: string; expiresAt: Date } | { ok: false; reason: StartCheckoutFailure; status: number; message: string };

const minuteMs = 60_000;
/** Stripe Checkout stays open at least 30 minutes; the hold is extended to match when less is left. */
const minimumCheckoutMinutes = 30;

/**
 * The provider's checkout URL for the customer's own `pending_payment` booking with a live hold.
 * An open checkout is reused; after a declined or expired one, a new attempt gets a new key.
 * Someone else's booking answers 404, as if it didn't exist.
 */
export async function startCheckout(
  context: Context,
  input: { bookingId: string; customerId: string; origin: string },
): Promise<StartCheckoutResult> {
  const { db } = context;
  const provider = context.payments;
  const now = context.clock.now();
  const [[booking], [open], [{ ended } = { ended: 0 }]] = await db.batch([
    db
      .select({
        id: bookings.id,
        customerId: bookings.customerId,
        status: bookings.status,
        holdExpiresAt: bookings.holdExpiresAt,
        priceMinor: bookings.priceMinor,
        feeMinor: bookings.feeMinor,
        currency: bookings.currency,
        sessionTitle: sessionTypes.title,
        specialistName: specialists.displayName,
        stripeAccountId: specialists.stripeAccountId,
        chargesEnabled: specialists.chargesEnabled,
        customerEmail: users.email,
      })
      .from(bookings)
      .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
      .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
      .innerJoin(users, eq(users.id, bookings.customerId))
      .where(eq(bookings.id, input.bookingId)),
    // A checkout still open for a while: sent to it again rather than opening a second one.
    // A bank payment still settling comes first: paying again would take the money twice.
    db
      .select({ url: payments.checkoutUrl, status: payments.status, expiresAt: payments.expiresAt })
      .from(payments)
      .where(
        and(
          eq(payments.bookingId, input.bookingId),
          eq(payments.provider, provider.name),
          or(
            eq(payments.status, "processing"),
            and(eq(payments.status, "open"), gt(payments.expiresAt, new Date(now.getTime() + minuteMs))),
          ),
        ),
      )
      .orderBy(desc(eq(payments.status, "processing")), desc(payments.createdAt))
      .limit(1),
    // Attempts that ended (declined, expired) so far: each new attempt gets its own key.
    db
      .select({ ended: sql<number>`count(*)` })
      .from(payments)
      .where(and(eq(payments.bookingId, input.bookingId), eq(payments.provider, provider.name), ne(payments.status, "open"))),
  ]);
  if (!booking || booking.customerId !== input.customerId) {
    return { ok: false, reason: "not-found", status: 404, message: "This booking doesn't exist." };
  }
  if (booking.status === "confirmed" || booking.status === "completed") {
    return { ok: false, reason: "paid", status: 409, message: "This booking is already paid." };
  }
  if (booking.status !== "pending_payment" || !booking.holdExpiresAt || booking.holdExpiresAt <= now) {
    return { ok: false, reason: "released", status: 410, message: "The time held for this booking has been released. Please book again." };
  }
  // Money goes to the specialist's own account: without one that can take charges, nothing starts.
  if (provider.payoutAccounts && (!booking.stripeAccountId || !booking.chargesEnabled)) {
    return {
      ok: false,
      reason: "payouts-not-ready",
      status: 409,
      message: `${booking.specialistName} can't take payments yet, so this booking can't be paid. No money was taken; please choose another specialist or try again later.`,
    };
  }
  if (open?.status === "processing") {
    return {
      ok: false,
      reason: "processing",
      status: 409,
      message: "Your payment is being processed by your bank. The booking confirms as soon as it clears; there is no need to pay again.",
    };
  }
  if (open?.url && open.expiresAt) return { ok: true, url: open.url, expiresAt: open.expiresAt };

  // Rounded up to the minute, so a double click within it sends the provider the same request.
  // A minute more than the provider's minimum, so the request still meets it when it arrives.
  const minimumEnd = Math.ceil((now.getTime() + (minimumCheckoutMinutes + 1) * minuteMs) / minuteMs) * minuteMs;
  const expiresAt = new Date(Math.max(booking.holdExpiresAt.getTime(), minimumEnd));
  if (expiresAt > booking.holdExpiresAt) {
    const extended = await db
      .update(bookings)
      .set({ holdExpiresAt: expiresAt, updatedAt: now })
      .where(and(eq(bookings.id, booking.id), eq(bookings.status, "pending_payment"), gt(bookings.holdExpiresAt, now)))
      .returning({ id: bookings.id });
    if (extended.length === 0) {
      return {
        ok: false,
        reason: "released",
        status: 410,
        message: "The time held for this booking has been released. Please book again.",
      };
    }
  }

  const bookingUrl = `${input.origin}/bookings/${booking.id}`;
  let checkout: { checkoutId: string; url: string };
  try {
    checkout = await provider.createCheckout({
      bookingId: booking.id,
      amountMinor: booking.priceMinor,
      feeMinor: booking.feeMinor,
      currency: booking.currency,
      description: `${booking.sessionTitle} with ${booking.specialistName}`,
      successUrl: `${bookingUrl}?paid=1`,
      cancelUrl: `${bookingUrl}?declined=1`,
      expiresAt,
      idempotencyKey: `checkout-${booking.id}-${ended}-${expiresAt.getTime() / 1000}`,
      customerEmail: booking.customerEmail,
      destinationAccountId: booking.stripeAccountId ?? undefined,
    });
  } catch (error) {
    if (!isProviderError(error)) throw error;
    console.error(`Checkout for booking ${booking.id} could not start:`, error.message);
    return {
      ok: false,
      reason: "provider-unavailable",
      status: 503,
      message: "Payment couldn't be started just now. No money was taken, and your time is still held: please try again in a minute.",
    };
  }
  // The same checkout twice (a double click) keeps its one row.
  await db
    .insert(payments)
    .values({
      bookingId: booking.id,
      provider: provider.name,
      checkoutId: checkout.checkoutId,
      checkoutUrl: checkout.url,
      expiresAt,
      amountMinor: booking.priceMinor,
      feeMinor: booking.feeMinor,
      currency: booking.currency,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [payments.provider, payments.checkoutId],
      // An event that outran this write created the row without the URL.
      set: { checkoutUrl: checkout.url, expiresAt },
    });
  return { ok: true, url: checkout.url, expiresAt };
}
