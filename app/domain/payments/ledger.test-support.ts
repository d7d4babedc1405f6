// Paid bookings for the money views' tests, made through the real test payment path: a booking,
// the test checkout, its signed "paid" event through the webhook, the queued job; then refunds
// through the real refund code (a refusing provider leaves a failed one).
import { eq } from "drizzle-orm";
import { createUser } from "../../../db/factories";
import type { Database } from "../../../db/database";
import { payments, type SessionType, type User } from "../../../db/schema";
import type { Clock } from "../../../load-context";
import { recordingQueue } from "../../../tests/queue";
import type { JobMessage } from "../../../jobs/messages";
import { createBooking } from "../booking/create-booking.server";
import { startCheckout } from "./checkout.server";
import { drain, jobContext } from "./payments.test-support";
import { refundPayment } from "./refunds.server";
import { receiveWebhook } from "./webhooks.server";

const origin = "http://localhost";

/** Books `sessionType` at `startsAt` for `customer` (a new one by default) and pays for it; returns the booking id. */
export async function givenPaidBooking(db: Database, clock: Clock, input: { sessionType: SessionType; startsAt: Date; customer?: User }) {
  const customer = input.customer ?? (await createUser(db, { timezone: "Europe/London" }));
  const sent: JobMessage[] = [];
  const jobs = jobContext(db, clock, sent);
  const created = await createBooking(
    { db, clock, queue: recordingQueue().queue },
    {
      customerId: customer.id,
      sessionTypeId: input.sessionType.id,
      startsAt: input.startsAt,
      topic: "",
      customerTimezone: customer.timezone,
    },
  );
  if (!created.ok) throw new Error(`Could not book: ${created.message}`);
  const bookingId = created.booking.id;
  const checkout = await startCheckout(jobs, { bookingId, customerId: customer.id, origin });
  if (!checkout.ok) throw new Error(checkout.message);
  const checkoutId = checkout.url.split("/pay/test/")[1]!;
  const event = {
    eventId: `evt_paid_${checkoutId}`,
    type: "checkout.completed" as const,
    checkoutId,
    paymentId: `pi_${checkoutId}`,
    amountMinor: created.booking.priceMinor,
    currency: created.booking.currency,
    occurredAt: clock.now(),
  };
  const received = await receiveWebhook(jobs, jobs.payments, await jobs.payments.signedWebhookRequest(event, origin));
  if (received.status !== 200) throw new Error(received.message);
  await drain(sent, jobs);
  const [payment] = await db.select().from(payments).where(eq(payments.bookingId, bookingId));
  if (!payment?.kept) throw new Error(`Booking ${bookingId} was not paid`);
  return { bookingId, customer, payment };
}

/** Refunds part of a booking's kept payment; `refused` makes the provider refuse it (the refund stays failed). */
export async function givenRefund(
  db: Database,
  clock: Clock,
  input: { paymentId: string; amountMinor: number; reason: string; refused?: boolean },
) {
  const jobs = jobContext(db, clock);
  const provider = input.refused
    ? {
        ...jobs.payments,
        refund: () => Promise.reject(new Error("card_declined")),
      }
    : jobs.payments;
  return refundPayment(
    { ...jobs, payments: provider },
    { paymentId: input.paymentId, amountMinor: input.amountMinor, reason: input.reason },
  );
}
