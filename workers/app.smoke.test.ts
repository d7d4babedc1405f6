import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { createSpecialist, createUser } from "../db/factories";
import { applyMigrations } from "../db/migrations";
import { eq, inArray } from "drizzle-orm";
import { startCheckout } from "../app/domain/payments/checkout.server";
import { givenPendingBooking } from "../app/domain/payments/payments.test-support";
import { createStripePaymentProvider, normalizeStripeEvent } from "../app/integrations/stripe.server";
import {
  bookings,
  credentials,
  cronRuns,
  meetingAttendance,
  notifications,
  payments as paymentRows,
  refunds,
  sessions,
  sessionTypes,
  specialists,
  users,
  webhookEvents,
  webhookDeliveries,
  webhookEndpoints,
  connectedAccounts,
  externalBusyTimes,
} from "../db/schema";
import { systemClock } from "../load-context";
import { seedDemoData } from "../app/demo/seed.server";
import { startEdgeStack, type EdgeStack } from "../scripts/edge-stack";
import { freePort } from "../scripts/processes";
import { startSendGridStandIn, type SendGridStandIn } from "../tests/stand-ins/sendgrid";
import { startStripeStandIn, type StripeEvent, type StripeStandIn } from "../tests/stand-ins/stripe";
import { standInNumber, startTwilioStandIn, type TwilioStandIn } from "../tests/stand-ins/twilio";
import { startZoomStandIn, type ZoomStandIn } from "../tests/stand-ins/zoom";
import { startGoogleStandIn, type GoogleStandIn } from "../tests/stand-ins/google";
import { finishGoogleConnect, startGoogleConnect, withGoogle } from "../app/domain/video/google-connection.server";
import { createSession } from "../app/domain/auth/sessions.server";
import { generateWebhookSecret } from "../app/domain/outgoing-webhooks/signing";
import { recordingQueue } from "../tests/queue";
import { parseAppEnv } from "../app/env.server";
import { finishZoomConnect, startZoomConnect } from "../app/domain/video/zoom-connection.server";
import { givenBooking, givenParties } from "../app/domain/notifications/reminders.test-support";
import { formatSessionTime } from "../app/lib/time-format";
import { cronSchedules, cronTasks } from "../jobs/cron";
import { createScryptPasswordHasher } from "../platform/scrypt-password-hasher";

// The Worker build in workerd (`wrangler dev`) against tools/libsql-dev-server: the edge topology, offline.
let dir: string;
let database: DatabaseHandle;
let stack: EdgeStack;
// The Worker sends mail and text messages through the real SendGrid and Twilio clients, to these.
let sendgrid: SendGridStandIn;
let twilio: TwilioStandIn;
// Payments go through the real stripe SDK in workerd, to this.
let stripe: StripeStandIn;
// Meetings are made on this Zoom stand-in, by the meeting job in the Worker's queue handler.
let zoom: ZoomStandIn;
const encryptionKey = Buffer.alloc(32, 3).toString("base64");
// Busy times are read from this Google stand-in, by the calendar-sync job in the Worker's queue handler.
let google: GoogleStandIn;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "specialistly-edge-"));
  const file = join(dir, "edge.db");
  database = openDatabase({ url: pathToFileURL(file).href });
  await applyMigrations(database.db);
  await seedDemoData(database.db, { passwords: createScryptPasswordHasher() });
  sendgrid = await startSendGridStandIn();
  twilio = await startTwilioStandIn();
  // No webhook target: the tests post its signed events to the Worker themselves.
  stripe = await startStripeStandIn();
  zoom = await startZoomStandIn();
  google = await startGoogleStandIn();
  // Twilio signs its callbacks for APP_URL, so the Worker's address is chosen first.
  const port = await freePort();
  stack = await startEdgeStack({
    file,
    port,
    stateDir: join(dir, "wrangler"),
    env: {
      APP_URL: `http://127.0.0.1:${port}`,
      SENDGRID_API_KEY: sendgrid.apiKey,
      MAIL_FROM: "Specialistly <hello@specialistly.test>",
      SENDGRID_API_URL: sendgrid.url,
      SENDGRID_WEBHOOK_PUBLIC_KEY: sendgrid.webhookPublicKey,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: standInNumber,
      TWILIO_API_URL: twilio.url,
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      STRIPE_API_URL: stripe.url,
      ...zoomEnv(),
      ...googleEnv(),
    },
  });
});

function googleEnv() {
  return {
    ...google.appEnv(),
    ENCRYPTION_KEY: encryptionKey,
  };
}

function zoomEnv() {
  return {
    ZOOM_CLIENT_ID: zoom.clientId,
    ZOOM_CLIENT_SECRET: zoom.clientSecret,
    ZOOM_OAUTH_URL: zoom.url,
    ZOOM_API_URL: zoom.apiUrl,
    ZOOM_WEBHOOK_SECRET_TOKEN: zoom.webhookSecretToken,
    ENCRYPTION_KEY: encryptionKey,
  };
}

/** The specialist connects Zoom (connect → Allow on the stand-in → callback), their tokens sealed with the Worker's key. */
async function connectZoom(userId: string) {
  const context = { db: database.db, clock: systemClock, queue: recordingQueue().queue, env: parseAppEnv(zoomEnv()) };
  const start = await startZoomConnect(new Request("http://localhost/specialist/video/zoom", { method: "POST" }), context);
  const cookie = start.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
  const callback = new URL(zoom.consent(start.headers.get("location")!));
  const result = await finishZoomConnect(
    new Request(`http://localhost${callback.pathname}${callback.search}`, { headers: { cookie } }),
    context,
    userId,
  );
  if (!result.ok) throw new Error(result.message);
}

afterAll(async () => {
  await stack?.stop();
  await sendgrid?.close();
  await twilio?.close();
  await stripe?.close();
  await zoom?.close();
  await google?.close();
  database?.close();
  rmSync(dir, { recursive: true, force: true });
});

const day = 24 * 60 * 60_000;

/**
 * A pending paid booking three days ahead at 12:00 UTC with a specialist who can take charges, its
 * Stripe checkout (started here, as the Worker would), paid at the stand-in; the signed event that
 * says so is held for the test to deliver.
 */
async function givenPaidCheckout() {
  const startsAt = new Date(Math.floor(Date.now() / day) * day + 3 * day + 12 * 60 * 60_000);
  const { booking, customer, specialist } = await givenPendingBooking(database.db, systemClock, { startsAt });
  const account = await stripe.createOnboardedAccount({ country: "US" });
  await database.db.update(specialists).set({ stripeAccountId: account.id, chargesEnabled: true }).where(eq(specialists.id, specialist.id));
  const payments = createStripePaymentProvider({ secretKey: stripe.secretKey, webhookSecrets: [stripe.webhookSecret], apiUrl: stripe.url });
  const started = await startCheckout(
    { db: database.db, clock: systemClock, payments },
    { bookingId: booking.id, customerId: customer.id, origin: stack.url },
  );
  if (!started.ok) throw new Error(started.message);
  const sessionId = new URL(started.url).pathname.split("/").pop()!;
  await stripe.completeSession(sessionId);
  const event = stripe.events.find(
    (made) => made.type === "checkout.session.completed" && (made.data.object as { id: string }).id === sessionId,
  );
  if (!event) throw new Error(`The stand-in made no checkout.session.completed for ${sessionId}`);
  return { booking, customer, event };
}

/** The event as Stripe posts it to the Worker. */
function postToWorker(event: StripeEvent, options: { secret?: string } = {}) {
  return fetch(stripe.signedRequest(event, { url: `${stack.url}/webhooks/stripe`, ...options }));
}

async function statusOf(bookingId: string) {
  return (await database.db.select({ status: bookings.status }).from(bookings).where(eq(bookings.id, bookingId)))[0]?.status;
}

/** Mail SendGrid accepted for `email`. */
function mailTo(email: string) {
  return sendgrid.accepted.filter((mail) => mail.to === email);
}

/** The kinds of the notifications SendGrid accepted for `email` (the mailer sends each one's id). */
async function templatesTo(email: string) {
  const ids = mailTo(email).flatMap((mail) => (mail.customArgs.notification_id ? [mail.customArgs.notification_id] : []));
  if (ids.length === 0) return [];
  return (await database.db.select({ kind: notifications.kind }).from(notifications).where(inArray(notifications.id, ids)))
    .map((row) => row.kind)
    .sort();
}

/** What a customer gets once a payment confirms their booking: the confirmation and the receipt. */
const paidBookingMail = ["booking-paid-confirmed", "booking-payment-received"];

// Runs before the suite below, whose last test stops the database server.
describe("the Worker under concurrent load", () => {
  test("32 connections at once on database-backed pages: no errors, and the Worker answers afterwards", async () => {
    const [listed] = await database.db
      .select({ slug: specialists.slug, typeId: sessionTypes.id })
      .from(specialists)
      .innerJoin(sessionTypes, eq(sessionTypes.specialistId, specialists.id))
      .where(eq(specialists.published, true))
      .limit(1);
    const pages = ["/", `/s/${listed!.slug}`, `/s/${listed!.slug}/book/${listed!.typeId}`];
    const connections = 32;
    const failures: string[] = [];

    // Every connection visits each page once, in its own order, so all 32 stay busy together.
    await Promise.all(
      Array.from({ length: connections }, async (_, connection) => {
        for (let round = 0; round < pages.length; round++) {
          const page = pages[(connection + round) % pages.length]!;
          try {
            // Generous: a request that never ends must fail the test, not hang it.
            const response = await fetch(`${stack.url}${page}`, { signal: AbortSignal.timeout(90_000) });
            const body = await response.text();
            if (response.status !== 200) failures.push(`${page} → ${response.status}: ${body.slice(0, 200)}`);
          } catch (error) {
            failures.push(`${page} → ${String(error)}`);
          }
        }
      }),
    );

    expect({ failed: failures.length, first: failures.slice(0, 3) }).toEqual({ failed: 0, first: [] });
    for (const page of pages) expect((await fetch(`${stack.url}${page}`)).status, page).toBe(200);
  });
});

describe("the Worker under wrangler dev", () => {
  test("serves the home page with data read through the libSQL server", async () => {
    const response = await fetch(`${stack.url}/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Specialists on Specialistly");
    expect(html.match(/src="\/avatars\/[a-z0-9-]+"/g)).toHaveLength(12);
  });

  test("the directory's text search in workerd reads the terms index through the libSQL server", async () => {
    const [listed] = await database.db
      .select({ slug: specialists.slug, name: specialists.displayName })
      .from(specialists)
      .where(eq(specialists.published, true))
      .limit(1);
    // The surname, upper-cased and cut short: folded and matched as the start of a word.
    const typed = listed!.name.split(" ").at(-1)!.slice(0, 4).toUpperCase();
    const response = await fetch(`${stack.url}/specialists?q=${encodeURIComponent(typed)}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`/s/${listed!.slug}`);
  });

  test("answers /healthz after a real query", async () => {
    const response = await fetch(`${stack.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", db: "ok" });
  });

  test("serves static assets from Workers assets", async () => {
    const response = await fetch(`${stack.url}/favicon.svg`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<svg");
  });

  test("/__scheduled runs the cron handler, whose task runs through the queue", async () => {
    const user = await createUser(database.db);
    const past = new Date(Date.now() - 60_000);
    await database.db
      .insert(sessions)
      .values({ id: "expired-on-edge", userId: user.id, secretHash: "x", lastVerifiedAt: past, expiresAt: past });

    const response = await fetch(`${stack.url}/__scheduled?cron=${encodeURIComponent("* * * * *")}`);
    expect(response.status).toBe(200);

    // Every task on the every-minute schedule runs once for the tick.
    const everyMinute = cronTasks.filter((task) => task.schedule === cronSchedules.everyMinute).map((task) => task.name);
    await expect
      .poll(async () => (await database.db.select().from(cronRuns)).filter((run) => run.finishedAt !== null).length, {
        timeout: 30_000,
        interval: 250,
      })
      .toBe(everyMinute.length);
    const runs = await database.db.select().from(cronRuns);
    expect(runs.map((run) => run.name).sort()).toEqual(everyMinute.sort());
    expect(everyMinute).toEqual(
      expect.arrayContaining(["expire-holds", "purge-expired-sessions", "send-reminders", "advance-passed-open-times"]),
    );
    expect(await database.db.select().from(sessions)).toEqual([]);
  });

  test("a Stripe webhook in workerd: signature verified with Web Crypto, stored with its job, processed from the queue, the confirmation delivered by a notification job", async () => {
    const { booking, customer, event } = await givenPaidCheckout();
    const forged = await postToWorker(event, { secret: "whsec_not_the_workers" });
    expect(forged.status).toBe(400);
    expect(await database.db.select().from(webhookEvents).where(eq(webhookEvents.eventId, event.id))).toEqual([]);
    const response = await postToWorker(event);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false });

    await expect.poll(() => statusOf(booking.id), { timeout: 30_000, interval: 250 }).toBe("confirmed");
    await expect.poll(() => templatesTo(customer.email), { timeout: 30_000, interval: 250 }).toEqual(paidBookingMail);
  });

  test("in workerd a payment confirming a booking on a Zoom session gets its Zoom meeting from the meeting job", async () => {
    const { booking, event } = await givenPaidCheckout();
    await database.db.update(sessionTypes).set({ videoProvider: "zoom" }).where(eq(sessionTypes.id, booking.sessionTypeId));
    const [owner] = await database.db
      .select({ userId: specialists.userId })
      .from(specialists)
      .where(eq(specialists.id, booking.specialistId));
    await connectZoom(owner!.userId);

    expect((await postToWorker(event)).status).toBe(200);
    const meetingOf = async () =>
      (
        await database.db
          .select({ provider: bookings.meetingProvider, url: bookings.meetingUrl })
          .from(bookings)
          .where(eq(bookings.id, booking.id))
      )[0];
    await expect.poll(meetingOf, { timeout: 30_000, interval: 250 }).toMatchObject({ provider: "zoom" });
    const [meeting] = [...zoom.meetings.values()];
    expect(meeting).toMatchObject({ start_time: `${booking.startsAt.toISOString().slice(0, 19)}Z`, settings: { waiting_room: true } });
    expect((await meetingOf())?.url).toBe(meeting!.join_url);
  });

  test("in workerd Sync now reads the specialist's Google busy times in the calendar-sync job", async () => {
    const { user, specialist } = await createSpecialist(database.db);
    const context = { db: database.db, clock: systemClock, queue: recordingQueue().queue, env: parseAppEnv(googleEnv()) };
    const start = await startGoogleConnect(new Request("http://localhost/specialist/video", { method: "POST" }), context);
    const flow = start.headers
      .getSetCookie()
      .map((value) => value.split(";")[0])
      .join("; ");
    const callback = new URL(google.consent(start.headers.get("location")!));
    const connected = await finishGoogleConnect(
      new Request(`http://localhost${callback.pathname}${callback.search}`, { headers: { cookie: flow } }),
      context,
      user.id,
    );
    expect(connected.ok).toBe(true);
    const startsAt = new Date(Date.now() + 2 * day);
    startsAt.setUTCHours(10, 0, 0, 0);
    const endsAt = new Date(startsAt.getTime() + 60 * 60_000);
    const inserted = await withGoogle(context, user.id, (api) =>
      api.insertEvent("primary", { summary: "Busy", description: "", startsAt, endsAt, timeZone: "UTC", attendees: [] }),
    );
    expect(inserted.ok).toBe(true);

    const { token } = await createSession(database.db, user.id, new Date());
    const response = await fetch(`${stack.url}/specialist/video/calendars`, {
      method: "POST",
      body: new URLSearchParams({ intent: "sync" }),
      headers: { cookie: `session=${token}`, origin: stack.url, "sec-fetch-site": "same-origin" },
      redirect: "manual",
    });
    expect(response.status).toBe(302);
    const busyOf = () =>
      database.db
        .select({ startsAt: externalBusyTimes.startsAt, endsAt: externalBusyTimes.endsAt })
        .from(externalBusyTimes)
        .where(eq(externalBusyTimes.specialistId, specialist.id));
    await expect.poll(busyOf, { timeout: 30_000, interval: 250 }).toEqual([{ startsAt, endsAt }]);
    const [account] = await database.db.select().from(connectedAccounts).where(eq(connectedAccounts.userId, user.id));
    expect(account).toMatchObject({ busySyncError: null });
    expect(account?.busySyncedAt).not.toBeNull();
  });

  test("the every-minute cron re-sends work a crash stranded between the database write and the Queues send", async () => {
    const { booking, customer, event } = await givenPaidCheckout();
    const longAgo = new Date(Date.now() - 10 * 60_000);
    // A stored event whose job never reached the queue, and a notice whose delivery job was lost.
    const normalized = normalizeStripeEvent(event as unknown as Parameters<typeof normalizeStripeEvent>[0]);
    await database.db.insert(webhookEvents).values({
      provider: "stripe",
      eventId: event.id,
      type: event.type,
      payload: { ...normalized, occurredAt: normalized.occurredAt.toISOString() },
      receivedAt: longAgo,
    });
    const someone = await createUser(database.db);
    await database.db.insert(notifications).values({
      userId: someone.id,
      channel: "email",
      kind: "payment-flagged",
      subjectType: "payment",
      subjectId: "stranded",
      payload: { name: someone.name, bookingId: "b-1", problem: "a test", refund: "$1.00" },
      sendAt: longAgo,
    });
    // A booking on a Zoom session confirmed long ago whose meeting job never reached the queue.
    const { booking: onZoom } = await givenPaidCheckout();
    await database.db.update(sessionTypes).set({ videoProvider: "zoom" }).where(eq(sessionTypes.id, onZoom.sessionTypeId));
    const [zoomOwner] = await database.db
      .select({ userId: specialists.userId })
      .from(specialists)
      .where(eq(specialists.id, onZoom.specialistId));
    await connectZoom(zoomOwner!.userId);
    await database.db.update(bookings).set({ status: "confirmed", updatedAt: longAgo }).where(eq(bookings.id, onZoom.id));

    // An earlier test may have ticked in this same minute, and a tick runs each task once: forget it.
    await database.db.delete(cronRuns);
    const response = await fetch(`${stack.url}/__scheduled?cron=${encodeURIComponent("* * * * *")}`);
    expect(response.status).toBe(200);
    const meetingProviderOf = async () =>
      (await database.db.select({ provider: bookings.meetingProvider }).from(bookings).where(eq(bookings.id, onZoom.id)))[0]?.provider;
    await expect.poll(meetingProviderOf, { timeout: 30_000, interval: 250 }).toBe("zoom");
    await expect.poll(() => statusOf(booking.id), { timeout: 30_000, interval: 250 }).toBe("confirmed");
    await expect.poll(() => templatesTo(customer.email), { timeout: 30_000, interval: 250 }).toEqual(paidBookingMail);
    await expect.poll(() => templatesTo(someone.email), { timeout: 30_000, interval: 250 }).toEqual(["payment-flagged"]);

    // A refund recorded but never asked for (its job lost): the next tick's refund job completes it.
    const [payment] = await database.db.select().from(paymentRows).where(eq(paymentRows.bookingId, booking.id));
    const [refund] = await database.db
      .insert(refunds)
      .values({
        paymentId: payment!.id,
        bookingId: booking.id,
        amountMinor: 100,
        currency: payment!.currency,
        reason: "edge-check",
        updatedAt: longAgo,
      })
      .returning();
    await database.db.delete(cronRuns);
    expect((await fetch(`${stack.url}/__scheduled?cron=${encodeURIComponent("* * * * *")}`)).status).toBe(200);
    const refundStatus = async () => (await database.db.select().from(refunds).where(eq(refunds.id, refund!.id)))[0]?.status;
    await expect.poll(refundStatus, { timeout: 30_000, interval: 250 }).toBe("succeeded");
    // Through the stripe SDK in workerd: Stripe refunded it, reversing the transfer.
    expect(stripe.money(payment!.paymentId!)).toMatchObject({ amountRefunded: 100 });
  });

  test("workerd's cron handler sends a due reminder: recorded by the cron task, delivered from the queue through SendGrid", async () => {
    const parties = await givenParties(database.db, { customer: { email: "edge-reminded@example.test" } });
    const startsAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 30 * 60_000);
    await givenBooking(database.db, parties, startsAt);

    // An earlier test may have ticked in this same minute, and a tick runs each task once: forget it.
    await database.db.delete(cronRuns);
    const response = await fetch(`${stack.url}/__scheduled?cron=${encodeURIComponent("* * * * *")}`);
    expect(response.status).toBe(200);
    await expect.poll(() => templatesTo(parties.customer.email), { timeout: 60_000, interval: 250 }).toEqual(["reminder-1h"]);
    await expect.poll(() => templatesTo(parties.specialistUser.email), { timeout: 60_000, interval: 250 }).toEqual(["reminder-1h"]);
    const [mail] = mailTo(parties.customer.email);
    expect(mail?.headers).toMatchObject({ "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect(mail?.content.find((part) => part.type === "text/plain")?.value).toContain(
      formatSessionTime(startsAt, parties.customer.timezone),
    );
  });

  test("in workerd a reminder goes by SMS through Twilio, its delivery report is recorded, and a STOP reply opts the number out", async () => {
    const phone = "+14155550123";
    const parties = await givenParties(database.db, { customer: { email: "edge-texted@example.test", phone, smsOptInAt: new Date() } });
    const startsAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 30 * 60_000);
    await givenBooking(database.db, parties, startsAt);
    await database.db.delete(cronRuns);
    expect((await fetch(`${stack.url}/__scheduled?cron=${encodeURIComponent("* * * * *")}`)).status).toBe(200);

    const textTo = () => twilio.messages.find((message) => message.to === phone);
    await expect.poll(() => textTo()?.body, { timeout: 60_000, interval: 250 }).toContain("Reply STOP to opt out");
    const smsRow = async () =>
      (await database.db.select().from(notifications).where(eq(notifications.userId, parties.customer.id))).find(
        (row) => row.channel === "sms",
      );
    await expect.poll(async () => (await smsRow())?.providerMessageId, { timeout: 30_000, interval: 250 }).toBe(textTo()!.sid);

    expect((await twilio.sendStatus(textTo()!.sid, "delivered")).status).toBeLessThan(300);
    await expect.poll(async () => (await smsRow())?.status, { timeout: 30_000, interval: 250 }).toBe("delivered");

    expect((await twilio.sendInbound({ from: phone, body: "STOP" }, `${stack.url}/webhooks/twilio/inbound`)).status).toBe(200);
    const optedOut = async () =>
      (await database.db.select({ at: users.smsOptedOutAt }).from(users).where(eq(users.id, parties.customer.id)))[0]?.at;
    await expect.poll(optedOut, { timeout: 30_000, interval: 250 }).toBeInstanceOf(Date);
  });

  test("in workerd a signed SendGrid bounce is stored, processed, and stops email to that address", async () => {
    const parties = await givenParties(database.db, { customer: { email: "edge-bounced@example.test" } });
    const startsAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 30 * 60_000);
    await givenBooking(database.db, parties, startsAt);
    await database.db.delete(cronRuns);
    expect((await fetch(`${stack.url}/__scheduled?cron=${encodeURIComponent("* * * * *")}`)).status).toBe(200);
    await expect.poll(() => mailTo(parties.customer.email).length, { timeout: 60_000, interval: 250 }).toBe(1);

    const bounce = sendgrid.event(mailTo(parties.customer.email)[0]!, "bounce", { type: "bounce", reason: "550 5.1.1 no such user" });
    const signed = sendgrid.signBatch([bounce]);
    const unsigned = await fetch(`${stack.url}/webhooks/sendgrid`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: signed.body,
    });
    expect(unsigned.status).toBe(400);
    const response = await fetch(`${stack.url}/webhooks/sendgrid`, { method: "POST", headers: signed.headers, body: signed.body });
    expect(response.status).toBe(200);
    const bounced = async () => (await database.db.select().from(users).where(eq(users.id, parties.customer.id)))[0];
    await expect.poll(async () => (await bounced())?.emailBounceReason, { timeout: 30_000, interval: 250 }).toBe("550 5.1.1 no such user");
  });

  test("in workerd a signed Zoom webhook is verified, stored and applied from the queue: the participant's attendance", async () => {
    const parties = await givenParties(database.db, { customer: { email: "edge-zoom@example.test" } });
    const booking = await givenBooking(database.db, parties, new Date(Math.floor(Date.now() / day) * day + 2 * day));
    await database.db.update(bookings).set({ meetingProvider: "zoom", meetingId: "83012345678" }).where(eq(bookings.id, booking.id));
    const joinTime = `${new Date().toISOString().slice(0, 19)}Z`;
    const event = {
      event: "meeting.participant_joined",
      event_ts: Date.now(),
      payload: {
        account_id: zoom.user.account_id,
        object: {
          id: "83012345678",
          uuid: "edgeZoomMeetingUuid==",
          host_id: zoom.user.id,
          topic: "Intro call",
          type: 2,
          duration: 30,
          participant: {
            user_id: "16778240",
            user_name: "Edge Guest",
            id: "",
            participant_uuid: "edge-participant",
            email: "",
            join_time: joinTime,
          },
        },
      },
    };
    const signed = zoom.signWebhook(event);
    const forged = await fetch(`${stack.url}/webhooks/zoom`, {
      method: "POST",
      headers: { ...signed.headers, "x-zm-signature": `v0=${"0".repeat(64)}` },
      body: signed.body,
    });
    expect(forged.status).toBe(400);
    const response = await fetch(`${stack.url}/webhooks/zoom`, { method: "POST", headers: signed.headers, body: signed.body });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false });
    const attendance = () => database.db.select().from(meetingAttendance).where(eq(meetingAttendance.bookingId, booking.id));
    await expect
      .poll(async () => (await attendance()).map((row) => [row.participantName, row.role, row.joinedAt.toISOString()]), {
        timeout: 30_000,
        interval: 250,
      })
      .toEqual([["Edge Guest", "customer", new Date(joinTime).toISOString()]]);
    // The event is marked processed after its effect is written, so wait for that too.
    await expect
      .poll(async () => {
        const [stored] = await database.db.select().from(webhookEvents).where(eq(webhookEvents.provider, "zoom"));
        return stored?.processedAt ?? null;
      })
      .not.toBeNull();
  });

  test("in workerd the every-minute cron delivers a due outgoing webhook, signed so the standardwebhooks package verifies it", async () => {
    const secret = generateWebhookSecret();
    const verified: unknown[] = [];
    const receiver = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
        try {
          verified.push(new Webhook(secret).verify(body, headers));
          response.writeHead(204).end();
        } catch {
          response.writeHead(401).end("bad signature");
        }
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      // Registered directly: the http:// receiver is allowed only where WEBHOOK_ALLOW_INSECURE_URLS is set.
      const [endpoint] = await database.db
        .insert(webhookEndpoints)
        .values({
          url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
          secret,
          events: ["booking.created"],
        })
        .returning();
      const payload = { type: "webhook.test", timestamp: new Date().toISOString(), data: { endpointId: endpoint!.id } };
      await database.db.insert(webhookDeliveries).values({
        id: "msg_edge",
        endpointId: endpoint!.id,
        eventType: "webhook.test",
        eventKey: "webhook.test:edge",
        payload,
        nextAttemptAt: new Date(Date.now() - 1000),
      });
      await database.db.delete(cronRuns);
      expect((await fetch(`${stack.url}/__scheduled?cron=${encodeURIComponent("* * * * *")}`)).status).toBe(200);
      const statusOfDelivery = async () =>
        (await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, "msg_edge")))[0]?.status;
      await expect.poll(statusOfDelivery, { timeout: 30_000, interval: 250 }).toBe("succeeded");
      expect(verified).toEqual([payload]);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  test("signs a customer up in workerd: scrypt, email rendering, session cookie", async () => {
    const signUp = await fetch(`${stack.url}/signup`, {
      method: "POST",
      redirect: "manual",
      headers: { "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        name: "Edge Customer",
        email: "edge@example.test",
        password: "plum-ferry-quartz-71",
        role: "customer",
        timezone: "Asia/Tokyo",
      }),
    });
    expect(signUp.status).toBe(302);
    const cookie = signUp.headers.get("set-cookie")?.split(";")[0];
    expect(cookie).toMatch(/^session=/);
    const home = await fetch(`${stack.url}/`, { headers: { cookie: cookie! } });
    expect(await home.text()).toContain("Edge Customer");
    const [credential] = await database.db.select().from(credentials);
    expect(credential?.passwordHash).toMatch(/^scrypt\$16384\$8\$5\$/);
    const mail = mailTo("edge@example.test");
    expect(mail).toHaveLength(1);
    expect(mail[0]?.content.find((part) => part.type === "text/html")?.value).toContain("<html");
  });

  test("the REST API in workerd: sign up for a token pair, call /me with the access token, rotate the refresh token, reuse is refused", async () => {
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${stack.url}/api/v1${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    const signUp = await post("/auth/signup", {
      name: "Edge Client",
      email: "api@example.test",
      password: "plum-ferry-quartz-72",
      role: "customer",
    });
    expect(signUp.status).toBe(201);
    const pair = (await signUp.json()) as { accessToken: string; refreshToken: string };
    const me = await fetch(`${stack.url}/api/v1/me`, { headers: { authorization: `Bearer ${pair.accessToken}` } });
    expect(await me.json()).toMatchObject({ email: "api@example.test", role: "customer" });
    const refreshed = await post("/auth/refresh", { refreshToken: pair.refreshToken });
    expect(refreshed.status).toBe(200);
    const reused = await post("/auth/refresh", { refreshToken: pair.refreshToken });
    expect(reused.status).toBe(401);
    expect(await reused.json()).toMatchObject({ error: { code: "unauthorized", details: { reason: "reused" } } });
    const document = await fetch(`${stack.url}/api/v1/openapi.json`);
    expect(await document.json()).toMatchObject({ openapi: "3.1.0" });
  });

  test("reports 503 with the reason when the database goes away", async () => {
    await stack.database.close();
    const response = await fetch(`${stack.url}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: "error", db: "unreachable" });
  });
});
