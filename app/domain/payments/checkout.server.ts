// Starting payment for a pending booking. The amount, fee and currency always come from the
// booking row; the checkout expires with the hold, so nobody pays for time that was released.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, ne, sql } from "drizzle-orm";
import { bookings, payments, sessionTypes, specialists } from "../../../db/schema";

type Context = Pick<AppLoadContext, "db" | "clock" | "payments">;

export type StartCheckoutResult = { ok: true; url: string } | { ok: false; status: number; message: string };

/**
 * The provider's checkout URL for the customer's own `pending_payment` booking with a live hold.
 * An open checkout is reused (same idempotency key → same checkout); after a declined one, a new
 * attempt gets a new key. Someone else's booking answers 404, as if it didn't exist.
 */
export async function startCheckout(
  context: Context,
  input: { bookingId: string; customerId: string; origin: string },
): Promise<StartCheckoutResult> {
  const { db } = context;
  const [booking] = await db
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
    })
    .from(bookings)
    .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
    .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
    .where(eq(bookings.id, input.bookingId));
  if (!booking || booking.customerId !== input.customerId) {
    return { ok: false, status: 404, message: "This booking doesn't exist." };
  }
  if (booking.status === "confirmed" || booking.status === "completed") {
    return { ok: false, status: 409, message: "This booking is already paid." };
  }
  const now = context.clock.now();
  if (booking.status !== "pending_payment" || !booking.holdExpiresAt || booking.holdExpiresAt <= now) {
    return { ok: false, status: 410, message: "The time held for this booking has been released. Please book again." };
  }

  const provider = context.payments.name;
  // Attempts that ended (declined/expired) so far: the open one, if any, was created after all of them.
  const [{ ended } = { ended: 0 }] = await db
    .select({ ended: sql<number>`count(*)` })
    .from(payments)
    .where(and(eq(payments.bookingId, booking.id), eq(payments.provider, provider), ne(payments.status, "open")));
  const idempotencyKey = ended === 0 ? booking.id : `${booking.id}:retry-${ended}`;
  const origin = input.origin;
  const bookingUrl = `${origin}/bookings/${booking.id}`;
  const checkout = await context.payments.createCheckout({
    bookingId: booking.id,
    amountMinor: booking.priceMinor,
    feeMinor: booking.feeMinor,
    currency: booking.currency,
    description: `${booking.sessionTitle} with ${booking.specialistName}`,
    successUrl: `${bookingUrl}?paid=1`,
    cancelUrl: `${bookingUrl}?declined=1`,
    expiresAt: booking.holdExpiresAt,
    idempotencyKey,
  });
  // The same checkout twice (a double click, a reused open one) keeps its one row.
  await db
    .insert(payments)
    .values({
      bookingId: booking.id,
      provider,
      checkoutId: checkout.checkoutId,
      amountMinor: booking.priceMinor,
      feeMinor: booking.feeMinor,
      currency: booking.currency,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: [payments.provider, payments.checkoutId] });
  return { ok: true, url: checkout.url };
}
