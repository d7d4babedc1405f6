import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { bookings, notifications, specialists } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { cancelBooking } from "../booking/change-booking.server";
import { startCheckout } from "../payments/checkout.server";
import { bookedStart, drain, givenPendingBooking, jobContext, recordingQueue, startOfTest } from "../payments/payments.test-support";
import { receiveWebhook } from "../payments/webhooks.server";
import { auditedWrite } from "./audit.server";
import { bookingSearchSchema } from "./booking-search-schema";
import { adminBookingDetail, bookingPageSize, searchBookings } from "./bookings.server";
import { retryFailed } from "./operations.server";

let database: TestDatabase;
const clock = createTestClock(startOfTest);
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(startOfTest);
});
afterEach(() => database.cleanup());

const admin = { role: "admin" };
const search = (fields: Record<string, string>) => searchBookings({ db: database.db }, admin, bookingSearchSchema.parse(fields));
const idsOf = async (fields: Record<string, string>) => (await search(fields))!.rows.map((row) => row.id);

async function twoBookings() {
  const ann = await createUser(database.db, { email: "ann.smith@example.test", name: "Ann Smith", timezone: "Europe/London" });
  const bob = await createUser(database.db, { email: "bob@example.test", name: "Bob Jones" });
  const first = await givenPendingBooking(database.db, clock, { customer: ann });
  const second = await givenPendingBooking(database.db, clock, { customer: bob, startsAt: new Date(bookedStart.getTime() + 86_400_000) });
  await database.db
    .update(specialists)
    .set({ displayName: "Zelda Zimmer", slug: "zelda-zimmer" })
    .where(eq(specialists.id, second.specialist.id));
  return { first: first.booking, second: second.booking, firstSpecialist: first.specialist };
}

describe("searchBookings", () => {
  test("finds by exact id, part of the customer's email, part of the specialist's name or slug, and status; newest start first", async () => {
    const { first, second, firstSpecialist } = await twoBookings();
    expect(await idsOf({})).toEqual([second.id, first.id]);
    expect(await idsOf({ booking: first.id })).toEqual([first.id]);
    expect(await idsOf({ booking: first.id.slice(0, 8) })).toEqual([]);
    expect(await idsOf({ email: "ANN.SM" })).toEqual([first.id]);
    expect(await idsOf({ email: "nobody" })).toEqual([]);
    expect(await idsOf({ specialist: "zimm" })).toEqual([second.id]);
    expect(await idsOf({ specialist: firstSpecialist.slug })).toEqual([first.id]);
    expect(await idsOf({ specialist: "zelda-zim" })).toEqual([second.id]);
    expect(await idsOf({ email: "bob", specialist: "zelda" })).toEqual([second.id]);
    expect(await idsOf({ email: "ann", specialist: "zelda" })).toEqual([]);
    expect(await idsOf({ status: "pending_payment" })).toHaveLength(2);
    expect(await idsOf({ status: "confirmed" })).toEqual([]);
    // LIKE's wildcards in the input are taken literally.
    expect(await idsOf({ email: "%" })).toEqual([]);
    expect(await idsOf({ email: "ann_smith" })).toEqual([]);
  });

  test("pages through the results", async () => {
    const { first } = await twoBookings();
    const [template] = await database.db.select().from(bookings).where(eq(bookings.id, first.id));
    const { id: _id, ...rest } = template!;
    await database.db.insert(bookings).values(
      Array.from({ length: bookingPageSize }, (_, index) => ({
        ...rest,
        status: "cancelled" as const,
        startsAt: new Date(Date.UTC(2026, 0, 1 + index, 9)),
        endsAt: new Date(Date.UTC(2026, 0, 1 + index, 10)),
      })),
    );
    const page1 = (await search({}))!;
    const page2 = (await search({ page: "2" }))!;
    expect(page1.rows).toHaveLength(bookingPageSize);
    expect(page1.hasNext).toBe(true);
    expect(page2.rows).toHaveLength(2);
    expect(page2.hasNext).toBe(false);
    expect(new Set([...page1.rows, ...page2.rows].map((row) => row.id)).size).toBe(bookingPageSize + 2);
    expect(page2.rows.at(-1)!.startsAt).toEqual(new Date(Date.UTC(2026, 0, 1, 9)));
  });

  test("refuses non-admins, and bad input doesn't parse", async () => {
    await twoBookings();
    expect(await searchBookings({ db: database.db }, { role: "customer" }, bookingSearchSchema.parse({}))).toBeNull();
    expect(bookingSearchSchema.safeParse({ status: "lost" }).success).toBe(false);
    expect(bookingSearchSchema.safeParse({ page: "0" }).success).toBe(false);
    expect(bookingSearchSchema.safeParse({ email: "x".repeat(255) }).success).toBe(false);
  });
});

describe("adminBookingDetail", () => {
  test("assembles the parties, the history, the payment, the refund, the notices and the audit rows of a paid, cancelled booking", async () => {
    const { sent, queue } = recordingQueue();
    const jobs = jobContext(database.db, clock, sent);
    const context = { ...jobs, queue };
    // Five days ahead: cancelled well before the default deadline, so refunded in full.
    const { booking, customer } = await givenPendingBooking(database.db, clock, {
      startsAt: new Date(bookedStart.getTime() + 5 * 86_400_000),
    });
    const started = await startCheckout(context, { bookingId: booking.id, customerId: customer.id, origin: "http://localhost" });
    if (!started.ok) throw new Error(started.message);
    const checkoutId = started.url.split("/pay/test/")[1]!;
    const request = await context.payments.signedWebhookRequest(
      {
        eventId: "evt_paid",
        type: "checkout.completed",
        checkoutId,
        paymentId: "pi_admin_detail",
        amountMinor: 10_000,
        currency: "USD",
        occurredAt: clock.now(),
      },
      "http://localhost",
    );
    await receiveWebhook(context, context.payments, request);
    await drain(sent, jobs);
    clock.advance(60_000);
    const cancelled = await cancelBooking(context, { bookingId: booking.id, actorUserId: customer.id, reason: "Plans changed" });
    expect(cancelled.ok).toBe(true);
    await drain(sent, jobs);
    const adminUser = await createUser(database.db, { role: "admin", name: "Ada Admin" });
    const audit = auditedWrite(
      database.db,
      {
        actorId: adminUser.id,
        action: "booking.note",
        subjectType: "booking",
        subjectId: booking.id,
        before: null,
        after: null,
        reason: "Checked",
        at: clock.now(),
      },
      sql`1`,
    );
    await audit.insert;
    // An admin retries one of its notices that failed: that is an action on the booking too.
    const [cancelNotice] = await database.db
      .update(notifications)
      .set({ status: "failed", lastError: "refused" })
      .where(and(eq(notifications.kind, "booking-cancelled"), eq(notifications.channel, "email")))
      .returning();
    clock.advance(1_000);
    expect(await retryFailed(context, { actorUserId: adminUser.id, kind: "notification", id: cancelNotice!.id })).toMatchObject({
      ok: true,
    });

    const detail = (await adminBookingDetail({ db: database.db }, admin, booking.id))!;
    expect(detail.booking).toMatchObject({
      id: booking.id,
      status: "cancelled",
      priceMinor: 10_000,
      currency: "USD",
      customerTimezone: "Europe/London",
      customer: { id: customer.id, email: customer.email },
    });
    expect(detail.history.map((event) => [event.fromStatus, event.toStatus, event.actor])).toEqual([
      ["pending_payment", "confirmed", "payment-provider"],
      ["confirmed", "cancelled", "customer"],
    ]);
    expect(detail.history[1]).toMatchObject({ reason: "Plans changed", actorName: customer.name });
    expect(detail.payments).toEqual([
      expect.objectContaining({ status: "paid", kept: true, amountMinor: 10_000, paymentId: "pi_admin_detail", checkoutId, dispute: null }),
    ]);
    expect(detail.refunds).toEqual([expect.objectContaining({ amountMinor: 10_000, status: "succeeded", attempts: 1, lastError: null })]);
    const kinds = detail.notifications.map((notice) => `${notice.kind}/${notice.channel}`);
    // The receipt's notice is about the payment, not the booking: it is listed too.
    expect(kinds).toEqual(
      expect.arrayContaining(["booking-paid-confirmed/email", "booking-payment-received/email", "booking-cancelled/email"]),
    );
    expect(detail.notifications.find((notice) => notice.kind === "booking-paid-confirmed")).toMatchObject({ status: "sent" });
    expect(detail.audit).toEqual([
      expect.objectContaining({ action: "booking.note", actorName: "Ada Admin", reason: "Checked" }),
      expect.objectContaining({ action: "notification.retry", actorName: "Ada Admin" }),
    ]);
  });

  test("is null for a non-admin and for an unknown booking", async () => {
    const { first } = await twoBookings();
    expect(await adminBookingDetail({ db: database.db }, { role: "specialist" }, first.id)).toBeNull();
    expect(await adminBookingDetail({ db: database.db }, admin, "no-such-booking")).toBeNull();
    expect(await adminBookingDetail({ db: database.db }, admin, first.id)).not.toBeNull();
  });
});
