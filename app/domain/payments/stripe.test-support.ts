// The app with Stripe configured, its SDK pointed at the local Stripe stand-in, webhooks delivered
// in process to the real request handler, and jobs run as the worker would.
import { eq } from "drizzle-orm";
import { createUser } from "../../../db/factories";
import { specialists } from "../../../db/schema";
import { createTestApp, signedInCookie } from "../../../tests/app-handler";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import type { StripeStandIn } from "../../../tests/stand-ins/stripe";
import type { TestDatabase } from "../../../tests/test-database";
import { runJob } from "../../../jobs";
import type { JobMessage } from "../../../jobs/messages";
import { createOutboxMailer, createOutboxSmsSender } from "../../integrations/mail/outbox-mailer.server";
import { createPaymentProvider } from "../../integrations/payments.server";
import { givenSpecialist } from "../booking/booking.test-support";
import { createBooking } from "../booking/create-booking.server";
import { parseNodeEnv } from "../../../server/env";

const dayMs = 24 * 60 * 60 * 1000;

export async function stripeApp(database: TestDatabase, standIn: StripeStandIn) {
  // Our clock starts at the stand-in's, so signatures and Checkout's expiry rules line up.
  const clock = createTestClock(new Date(standIn.now() * 1000));
  const stripeEnv = { STRIPE_SECRET_KEY: standIn.secretKey, STRIPE_WEBHOOK_SECRET: standIn.webhookSecret, STRIPE_API_URL: standIn.url };
  const app = await createTestApp({ db: database.db, clock, env: stripeEnv });
  standIn.setWebhookTarget("http://localhost/webhooks/stripe", (request) =>
    app.request("/webhooks/stripe", { method: "POST", headers: request.headers, body: request.body, duplex: "half" }),
  );
  const env = { ...parseNodeEnv({ NODE_ENV: "test", DATABASE_URL: "file:unused.db" }), ...stripeEnv };
  const payments = createPaymentProvider(env, clock);
  const sent: JobMessage[] = [];
  const jobContext = {
    db: database.db,
    clock,
    env,
    queue: recordingQueue(sent).queue,
    mailer: createOutboxMailer(database.db),
    sms: createOutboxSmsSender(database.db),
    payments,
    origin: "http://localhost",
  };

  /** Runs every job the requests and earlier jobs queued, as the worker would. */
  async function runJobs() {
    await standIn.idle();
    while (app.enqueued.length > 0 || sent.length > 0) {
      const message = app.enqueued.shift() ?? sent.shift();
      await runJob(jobContext, message);
    }
  }

  const cookieFor = (userId: string) => signedInCookie(database.db, userId, clock.now());

  /** A specialist whose Express account can take charges (onboarded at the stand-in). */
  async function onboardedSpecialist(
    options: { priceMinor?: number; currency?: string; sessions?: { minutes: number; priceMinor: number; currency: string }[] } = {},
  ) {
    const sessions = options.sessions ?? [{ minutes: 60, priceMinor: options.priceMinor ?? 10_000, currency: options.currency ?? "USD" }];
    const given = await givenSpecialist(database.db, { sessions });
    const account = await standIn.createOnboardedAccount({ country: "US", email: given.user.email });
    await database.db
      .update(specialists)
      .set({ stripeAccountId: account.id, chargesEnabled: true, payoutsEnabled: true, stripeDetailsSubmitted: true, stripeCountry: "US" })
      .where(eq(specialists.id, given.specialist.id));
    return { ...given, accountId: account.id };
  }

  /** Noon UTC `daysAhead` days on: inside every day's 09:00–17:00 London hours and past the notice. */
  function tomorrowNoon(daysAhead = 1) {
    const day = new Date(clock.now().getTime() + daysAhead * dayMs);
    day.setUTCHours(12, 0, 0, 0);
    return day;
  }

  /** A pending paid booking (three days ahead: cancellable with a full refund) by a signed-in customer of a specialist who can take charges. */
  async function pendingBooking(options: { priceMinor?: number; currency?: string; startsAt?: Date } = {}) {
    const given = await onboardedSpecialist(options);
    const customer = await createUser(database.db, { timezone: "Europe/London" });
    const created = await createBooking(
      { db: database.db, clock, queue: recordingQueue().queue, env },
      {
        customerId: customer.id,
        sessionTypeId: given.types[0]!.id,
        startsAt: options.startsAt ?? tomorrowNoon(3),
        topic: "",
        customerTimezone: "Europe/London",
      },
    );
    if (!created.ok) throw new Error(`Could not book: ${created.message}`);
    return { ...given, customer, booking: created.booking, cookie: await cookieFor(customer.id) };
  }

  /** A new signed-in customer books `sessionTypeId` at `startsAt`; the booking, or why it couldn't be made (e.g. the time is taken). */
  async function book(sessionTypeId: string, startsAt: Date) {
    const customer = await createUser(database.db, { timezone: "Europe/London" });
    const created = await createBooking(
      { db: database.db, clock, queue: recordingQueue().queue, env },
      { customerId: customer.id, sessionTypeId, startsAt, topic: "", customerTimezone: "Europe/London" },
    );
    return created.ok
      ? { ok: true as const, booking: created.booking, customer, cookie: await cookieFor(customer.id) }
      : { ok: false as const, message: created.message };
  }

  /** Starts checkout as the customer's Pay button does; the stand-in's session id. */
  async function startCheckout(bookingId: string, cookie: string) {
    const response = await app.post(`/bookings/${bookingId}/pay`, {}, { cookie });
    if (response.status !== 302) throw new Error(`Checkout did not start: ${response.status} ${await response.text()}`);
    const url = new URL(response.headers.get("location")!);
    // The hosted page is /c/pay/<session id>, as Stripe's is.
    const sessionId = url.pathname.split("/").pop() ?? "";
    if (!sessionId.startsWith("cs_")) throw new Error(`No checkout session in ${url}`);
    return { url, sessionId };
  }

  return {
    app,
    clock,
    env,
    payments,
    jobContext,
    runJobs,
    cookieFor,
    onboardedSpecialist,
    pendingBooking,
    book,
    startCheckout,
    tomorrowNoon,
  };
}
