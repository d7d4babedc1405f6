// What each party of a booking is told, on which channel, once, in their own zone (issue #9,
// item 2): every booking event, from the domain function that causes it to the delivered message.
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { notificationPreferences, notifications, outboxEmails, users, type User } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import type { JobMessage } from "../../../jobs/messages";
import { runCronTask } from "../../../jobs/cron";
import { formatSessionTime, formatShortSessionTime } from "../../lib/time-format";
import { startCheckout } from "../payments/checkout.server";
import { drain, jobContext } from "../payments/payments.test-support";
import { receiveWebhook } from "../payments/webhooks.server";
import { givenSpecialist, minute } from "./booking.test-support";
import { cancelBooking, rescheduleBooking } from "./change-booking.server";
import { createBooking } from "./create-booking.server";
import { completeFinishedBookings, expireHolds } from "./holds.server";
import { calendarUid } from "./ics";

const origin = "https://specialistly.example";
// Monday 1 June 2026, 12:00 UTC. The specialist works 09:00–17:00 Berlin; the customer lives in New York.
const start = new Date("2026-06-03T08:00:00Z");
const later = new Date("2026-06-04T09:00:00Z");

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let sent: JobMessage[];
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock(new Date("2026-06-01T12:00:00Z"));
  sent = [];
});
afterEach(() => database.cleanup());

const jobs = () => ({ ...jobContext(database.db, clock, sent), origin });
/** Delivers every queued notification (and runs every other job), as the worker would. */
const deliverAll = () => drain(sent, jobs());

async function given(priceMinor = 0) {
  const {
    user: specialistUser,
    specialist,
    types,
  } = await givenSpecialist(database.db, {
    timezone: "Europe/Berlin",
    sessions: [{ minutes: 60, priceMinor, currency: "USD" }],
  });
  const customer = await createUser(database.db, { name: "Cara Customer", timezone: "America/New_York" });
  return { specialistUser, specialist, type: types[0]!, customer };
}

async function book(customer: User, sessionTypeId: string, startsAt = start) {
  const result = await createBooking(jobs(), {
    customerId: customer.id,
    sessionTypeId,
    startsAt,
    topic: "Pricing",
    customerTimezone: "America/New_York",
  });
  if (!result.ok) throw new Error(result.message);
  return result.booking;
}

async function mailsTo(user: User, template?: string) {
  const rows = await database.db.select().from(outboxEmails).where(eq(outboxEmails.to, user.email));
  return rows.filter((row) => row.channel === "email" && (!template || row.template === template));
}

async function inApp(user: User, kind: string) {
  return database.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, user.id), eq(notifications.kind, kind), eq(notifications.channel, "in_app")));
}

function icsOf(mail: { attachments: { contentType: string; content: string }[] | null }) {
  const calendar = mail.attachments?.find((file) => file.contentType.startsWith("text/calendar"));
  if (!calendar) throw new Error("no calendar file attached");
  const unfolded = calendar.content.replaceAll("\r\n ", "");
  const field = (name: string) =>
    unfolded
      .split("\r\n")
      .find((line) => line.startsWith(`${name}:`))
      ?.slice(name.length + 1);
  return {
    uid: field("UID"),
    sequence: Number(field("SEQUENCE")),
    start: field("DTSTART"),
    method: field("METHOD"),
    contentType: calendar.contentType,
  };
}

/** Pays for a booking through the test provider's signed webhook, delivered `times` times. */
async function pay(bookingId: string, customerId: string, times = 1) {
  const context = jobs();
  const checkout = await startCheckout(context, { bookingId, customerId, origin });
  if (!checkout.ok) throw new Error(checkout.message);
  const checkoutId = checkout.url.split("/pay/test/")[1]!;
  for (let i = 0; i < times; i++) {
    const event = {
      eventId: `evt_${checkoutId}`,
      type: "checkout.completed" as const,
      checkoutId,
      paymentId: `pi_${checkoutId}`,
      amountMinor: 10_000,
      currency: "USD",
      occurredAt: clock.now(),
    };
    await receiveWebhook(context, context.payments, await context.payments.signedWebhookRequest(event, origin));
    await deliverAll();
  }
}

describe("booking confirmed / new booking", () => {
  test("a free booking: the customer gets the confirmation with the calendar file, the specialist the new booking, each once, in their own zone", async () => {
    const { specialistUser, type, customer } = await given();
    const booking = await book(customer, type.id);
    await deliverAll();
    await deliverAll();

    const [confirmation, ...moreConfirmations] = await mailsTo(customer, "booking-confirmed");
    expect(moreConfirmations).toEqual([]);
    expect(confirmation!.text).toContain(formatSessionTime(start, "America/New_York"));
    // The specialist's zone beside the customer's own.
    expect(confirmation!.text).toContain(formatSessionTime(start, "Europe/Berlin"));
    expect(confirmation!.text).toContain(booking.meetingUrl!);
    expect(icsOf(confirmation!)).toMatchObject({
      uid: calendarUid(booking.id, origin),
      sequence: 0,
      start: "20260603T080000Z",
      method: "PUBLISH",
    });
    expect(await inApp(customer, "booking-confirmed")).toHaveLength(1);

    const [news, ...moreNews] = await mailsTo(specialistUser, "booking-new");
    expect(moreNews).toEqual([]);
    expect(news!.text).toContain("Cara Customer");
    expect(news!.text).toContain(formatSessionTime(start, "Europe/Berlin"));
    expect(news!.text).toContain(formatSessionTime(start, "America/New_York"));
    expect(icsOf(news!).uid).toBe(calendarUid(booking.id, origin));
    expect(await inApp(specialistUser, "booking-new")).toHaveLength(1);
    // Nothing else: no receipt for a free session.
    expect((await mailsTo(customer)).map((mail) => mail.template)).toEqual(["booking-confirmed"]);
  });

  test("a booking that lost the time tells nobody anything", async () => {
    const { specialistUser, type, customer } = await given();
    await book(customer, type.id);
    const rival = await createUser(database.db);
    const lost = await createBooking(jobs(), {
      customerId: rival.id,
      sessionTypeId: type.id,
      startsAt: start,
      topic: "",
      customerTimezone: "UTC",
    });
    expect(lost).toMatchObject({ ok: false, reason: "conflict" });
    await deliverAll();
    expect(await mailsTo(rival)).toEqual([]);
    expect(await mailsTo(specialistUser, "booking-new")).toHaveLength(1);
  });

  test("a paid booking: confirmation with the calendar file, a receipt linking to the receipt page, the specialist's new booking; a repeated webhook changes nothing", async () => {
    const { specialistUser, type, customer } = await given(10_000);
    const booking = await book(customer, type.id);
    await deliverAll();
    expect(await mailsTo(customer)).toEqual([]);
    expect(await mailsTo(specialistUser)).toEqual([]);

    await pay(booking.id, customer.id, 2);
    const templates = (await mailsTo(customer)).map((mail) => mail.template).sort();
    expect(templates).toEqual(["booking-paid-confirmed", "booking-payment-received"]);
    const [confirmation] = await mailsTo(customer, "booking-paid-confirmed");
    expect(icsOf(confirmation!)).toMatchObject({ uid: calendarUid(booking.id, origin), sequence: 0 });
    expect(confirmation!.text).toContain(formatSessionTime(start, "America/New_York"));
    expect(confirmation!.text).toContain(`${origin}/bookings/${booking.id}/receipt`);
    const [receipt] = await mailsTo(customer, "booking-payment-received");
    expect(receipt!.text).toContain("$100");
    expect(receipt!.text).toContain(`${origin}/bookings/${booking.id}/receipt`);
    expect(receipt!.text).toContain(formatSessionTime(start, "America/New_York"));
    expect(await mailsTo(specialistUser, "booking-new")).toHaveLength(1);
    expect(await inApp(specialistUser, "booking-new")).toHaveLength(1);
  });

  test("receipts go by email even when the customer turned that email off", async () => {
    const { type, customer } = await given(10_000);
    await database.db
      .insert(notificationPreferences)
      .values({ userId: customer.id, kind: "booking-payment-received", channel: "email", enabled: false });
    const booking = await book(customer, type.id);
    await pay(booking.id, customer.id);
    expect(await mailsTo(customer, "booking-payment-received")).toHaveLength(1);
  });
});

describe("rescheduled", () => {
  test("both parties are told who moved it from when to when, in their zones, with a calendar file of the same UID and a higher SEQUENCE", async () => {
    const { specialistUser, type, customer } = await given();
    const booking = await book(customer, type.id);
    await deliverAll();
    const moved = await rescheduleBooking(jobs(), { actorUserId: customer.id, bookingId: booking.id, newStartsAt: later });
    expect(moved).toMatchObject({ ok: true });
    await deliverAll();
    await deliverAll();

    const [forCustomer, ...moreForCustomer] = await mailsTo(customer, "booking-rescheduled");
    expect(moreForCustomer).toEqual([]);
    expect(forCustomer!.text).toContain("You moved");
    expect(forCustomer!.text).toContain(formatSessionTime(start, "America/New_York"));
    expect(forCustomer!.text).toContain(formatSessionTime(later, "America/New_York"));
    const [forSpecialist, ...moreForSpecialist] = await mailsTo(specialistUser, "booking-rescheduled");
    expect(moreForSpecialist).toEqual([]);
    expect(forSpecialist!.text).toContain("Cara Customer moved");
    expect(forSpecialist!.text).toContain(formatSessionTime(start, "Europe/Berlin"));
    expect(forSpecialist!.text).toContain(formatSessionTime(later, "Europe/Berlin"));

    const [confirmation] = await mailsTo(customer, "booking-confirmed");
    for (const mail of [forCustomer!, forSpecialist!]) {
      const ics = icsOf(mail);
      expect(ics.uid).toBe(icsOf(confirmation!).uid);
      expect(ics.sequence).toBeGreaterThan(icsOf(confirmation!).sequence);
      expect(ics.start).toBe("20260604T090000Z");
    }
    expect(await inApp(customer, "booking-rescheduled")).toHaveLength(1);
    expect((await inApp(specialistUser, "booking-rescheduled"))[0]).toBeDefined();
  });

  test("two moves tell twice, each calendar file newer than the last; a repeated move tells once", async () => {
    const { specialistUser, specialist, type, customer } = await given();
    const booking = await book(customer, type.id);
    const move = (newStartsAt: Date) => rescheduleBooking(jobs(), { actorUserId: specialistUser.id, bookingId: booking.id, newStartsAt });
    expect(await move(later)).toMatchObject({ ok: true });
    expect(await move(later)).toMatchObject({ ok: false });
    expect(await move(start)).toMatchObject({ ok: true });
    await deliverAll();

    const mails = await mailsTo(customer, "booking-rescheduled");
    expect(mails).toHaveLength(2);
    const sequences = mails.map((mail) => icsOf(mail).sequence).sort();
    expect(sequences).toEqual([1, 2]);
    expect(mails.every((mail) => mail.text.includes(`${specialist.displayName} moved`))).toBe(true);
  });

  test("concurrent identical moves: one wins, and each party is told once", async () => {
    const { specialistUser, type, customer } = await given();
    const booking = await book(customer, type.id);
    const results = await Promise.all(
      [0, 1, 2].map(() => rescheduleBooking(jobs(), { actorUserId: customer.id, bookingId: booking.id, newStartsAt: later })),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    await deliverAll();
    expect(await mailsTo(customer, "booking-rescheduled")).toHaveLength(1);
    expect(await mailsTo(specialistUser, "booking-rescheduled")).toHaveLength(1);
  });
});

describe("cancelled", () => {
  test("both parties: by whom, the reason, the refund; by email (even when turned off), SMS to an opted-in phone, in-app; once", async () => {
    const { specialistUser, type, customer } = await given(10_000);
    await database.db.update(users).set({ phone: "+12025550123", smsOptInAt: clock.now() }).where(eq(users.id, customer.id));
    await database.db
      .insert(notificationPreferences)
      .values({ userId: specialistUser.id, kind: "booking-cancelled", channel: "email", enabled: false });
    const booking = await book(customer, type.id);
    await pay(booking.id, customer.id);

    const cancel = () => cancelBooking(jobs(), { actorUserId: customer.id, bookingId: booking.id, reason: "Plans changed" });
    expect(await cancel()).toMatchObject({ ok: true, refund: { amountMinor: 10_000 } });
    expect(await cancel()).toMatchObject({ ok: false, reason: "already-cancelled" });
    await deliverAll();
    await deliverAll();

    const [forCustomer, ...moreForCustomer] = await mailsTo(customer, "booking-cancelled");
    expect(moreForCustomer).toEqual([]);
    expect(forCustomer!.text).toContain("You cancelled");
    expect(forCustomer!.text).toContain("Plans changed");
    expect(forCustomer!.text).toContain("$100");
    expect(forCustomer!.text).toContain(formatSessionTime(start, "America/New_York"));
    const [forSpecialist, ...moreForSpecialist] = await mailsTo(specialistUser, "booking-cancelled");
    expect(moreForSpecialist).toEqual([]);
    expect(forSpecialist!.text).toContain("Cara Customer cancelled");
    expect(forSpecialist!.text).toContain("Plans changed");
    expect(forSpecialist!.text).toContain("$100");
    expect(forSpecialist!.text).toContain(formatSessionTime(start, "Europe/Berlin"));

    const texts = (await database.db.select().from(outboxEmails).where(eq(outboxEmails.channel, "sms"))).filter(
      (row) => row.template === "booking-cancelled",
    );
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ to: "+12025550123" });
    expect(texts[0]!.text).toContain(formatShortSessionTime(start, "America/New_York"));
    // The specialist has no phone: no text message row at all.
    expect(
      await database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, specialistUser.id), eq(notifications.channel, "sms"))),
    ).toEqual([]);
    expect(await inApp(customer, "booking-cancelled")).toHaveLength(1);
    expect(await inApp(specialistUser, "booking-cancelled")).toHaveLength(1);
  });

  test("an unpaid booking cancelled: nothing to refund, said so", async () => {
    const { specialistUser, type, customer } = await given();
    const booking = await book(customer, type.id);
    expect(await cancelBooking(jobs(), { actorUserId: specialistUser.id, bookingId: booking.id, reason: "I'm ill" })).toMatchObject({
      ok: true,
    });
    await deliverAll();
    const [mail] = await mailsTo(customer, "booking-cancelled");
    expect(mail!.text).toContain("cancelled");
    expect(mail!.text).toContain("I'm ill");
    expect(mail!.text).toContain("nothing to refund");
  });
});

describe("hold expired", () => {
  test("the customer is told once, in their zone, however often and late the cron runs", async () => {
    const { specialistUser, type, customer } = await given(10_000);
    const booking = await book(customer, type.id);
    clock.advance(29 * minute);
    expect(await expireHolds(jobs())).toBe(0);
    clock.advance(5 * minute);
    const tick = Math.floor(clock.now().getTime() / minute) * minute;
    await runCronTask(jobs(), "expire-holds", tick);
    await runCronTask(jobs(), "expire-holds", tick);
    await runCronTask(jobs(), "expire-holds", tick + minute);
    expect(await expireHolds(jobs())).toBe(0);
    await deliverAll();
    await deliverAll();

    const [mail, ...more] = await mailsTo(customer, "booking-hold-expired");
    expect(more).toEqual([]);
    expect(mail!.text).toContain(formatSessionTime(start, "America/New_York"));
    expect(await inApp(customer, "booking-hold-expired")).toHaveLength(1);
    expect(await mailsTo(specialistUser)).toEqual([]);
    expect(booking.status).toBe("pending_payment"); // what was held: never confirmed, so the specialist never heard of it
  });
});

describe("review request", () => {
  test("after the session ends the customer is asked once, by email and in-app, linked to the review form", async () => {
    const { specialistUser, type, customer } = await given();
    const booking = await book(customer, type.id);
    clock.set(new Date(start.getTime() + 30 * minute));
    expect(await completeFinishedBookings(jobs())).toBe(0);
    clock.set(new Date(start.getTime() + 61 * minute));
    const tick = Math.floor(clock.now().getTime() / minute) * minute;
    await runCronTask(jobs(), "complete-bookings", tick);
    await runCronTask(jobs(), "complete-bookings", tick);
    expect(await completeFinishedBookings(jobs())).toBe(0);
    await deliverAll();
    await deliverAll();

    const [mail, ...more] = await mailsTo(customer, "booking-review-request");
    expect(more).toEqual([]);
    expect(mail!.text).toContain(`${origin}/bookings/${booking.id}/review`);
    expect(mail!.text).toContain(formatSessionTime(start, "America/New_York"));
    expect(mail!.headers).toMatchObject({ "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect(await inApp(customer, "booking-review-request")).toHaveLength(1);
    expect(await mailsTo(specialistUser, "booking-review-request")).toEqual([]);
  });
});

describe("late payment refunded", () => {
  test("reads in the customer's own zone", async () => {
    const { type, customer } = await given(10_000);
    const booking = await book(customer, type.id);
    const context = jobs();
    const checkout = await startCheckout(context, { bookingId: booking.id, customerId: customer.id, origin });
    if (!checkout.ok) throw new Error(checkout.message);
    clock.advance(31 * minute);
    await expireHolds(context);
    // Someone else takes the time, then the payment arrives: it goes back in full.
    const rival = await createUser(database.db);
    expect(
      await createBooking(jobs(), { customerId: rival.id, sessionTypeId: type.id, startsAt: start, topic: "", customerTimezone: "UTC" }),
    ).toMatchObject({ ok: true });
    const checkoutId = checkout.url.split("/pay/test/")[1]!;
    const event = {
      eventId: "evt_late",
      type: "checkout.completed" as const,
      checkoutId,
      paymentId: "pi_late",
      amountMinor: 10_000,
      currency: "USD",
      occurredAt: clock.now(),
    };
    await receiveWebhook(context, context.payments, await context.payments.signedWebhookRequest(event, origin));
    await deliverAll();

    const [mail] = await mailsTo(customer, "booking-payment-refunded");
    expect(mail!.text).toContain("$100");
    expect(mail!.text).toContain(formatSessionTime(start, "America/New_York"));
  });
});
