import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { auditLog, bookingEvents, bookingRules, bookings, notifications, payments, refunds, slots, type User } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { rebuildSlotsForSpecialist } from "../availability/slots.server";
import { cancelBooking } from "../booking/change-booking.server";
import { bookingCancelled } from "../notifications/kinds/booking-cancelled";
import { adminContext, givenAdmin, givenBooking, givenPaidSpecialist, priceMinor, startOfTest } from "./admin.test-support";
import { cancelBookingAsAdmin } from "./cancel-booking.server";

let database: TestDatabase;
const clock = createTestClock();
let admin: User;
let customer: User;
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(startOfTest);
  admin = await givenAdmin(database.db);
  customer = await createUser(database.db, { name: "Cara Customer" });
});
afterEach(() => database.cleanup());

const context = () => adminContext(database.db, clock);
const start = "2026-06-03T09:00:00Z";

async function given(options: { paid?: boolean } = {}) {
  const setup = await givenPaidSpecialist(database.db);
  const booking = await givenBooking(database.db, clock, {
    customerId: customer.id,
    sessionTypeId: setup.sessionType.id,
    startsAt: start,
    ...options,
  });
  return { ...setup, booking };
}

async function written(bookingId: string) {
  const [[booking], events, refundRows, audits, notices] = await database.db.batch([
    database.db.select().from(bookings).where(eq(bookings.id, bookingId)),
    database.db.select().from(bookingEvents).where(eq(bookingEvents.bookingId, bookingId)),
    database.db.select().from(refunds).where(eq(refunds.bookingId, bookingId)),
    database.db.select().from(auditLog).where(eq(auditLog.subjectId, bookingId)),
    database.db.select().from(notifications).where(eq(notifications.subjectId, bookingId)),
  ]);
  return { booking: booking!, events, refunds: refundRows, audits, notices };
}

describe("cancelBookingAsAdmin", () => {
  test("refunds everything paid even when the policy gives nothing, tells both parties it was the platform, and audits it", async () => {
    const { booking, user: specialistUser } = await given();
    // After the deadline, with no late refund: the customer cancelling now would get nothing back.
    await database.db.update(bookingRules).set({ lateCancellationRefundPercent: 0 });
    clock.set(new Date("2026-06-03T06:00:00Z"));

    const result = await cancelBookingAsAdmin(context(), { actorUserId: admin.id, bookingId: booking.id, reason: "  Fraud report  " });
    expect(result).toEqual({ ok: true, refundError: null });

    const after = await written(booking.id);
    expect(after.booking.status).toBe("cancelled");
    expect(after.events).toMatchObject([
      { fromStatus: "confirmed", toStatus: "cancelled", actor: "admin", actorUserId: admin.id, reason: "Fraud report" },
    ]);
    expect(after.refunds).toMatchObject([
      { amountMinor: priceMinor, feeRefundedMinor: booking.feeMinor, currency: "EUR", status: "succeeded" },
    ]);
    expect(after.audits).toMatchObject([
      {
        actorId: admin.id,
        action: "booking.cancel",
        subjectType: "booking",
        before: { status: "confirmed" },
        after: { status: "cancelled", refundMinor: priceMinor, currency: "EUR" },
        reason: "Fraud report",
      },
    ]);
    const inApp = after.notices.filter((notice) => notice.channel === "in_app" && notice.kind === "booking-cancelled");
    expect(inApp.map((notice) => notice.userId).sort()).toEqual([customer.id, specialistUser.id].sort());
    const forCustomer = inApp.find((notice) => notice.userId === customer.id)!;
    const shown = bookingCancelled.inApp!(bookingCancelled.payload.parse(forCustomer.payload), {
      recipient: { id: customer.id, name: customer.name, timezone: "UTC" },
    } as never);
    expect(shown.title).toMatch(/^Specialistly cancelled 60 minutes with /);
    expect(shown.body).toContain("We are refunding €100 to you.");
  });

  test("gives back only what is left when part was refunded already", async () => {
    const { booking } = await given();
    const [payment] = await database.db.select().from(payments).where(eq(payments.bookingId, booking.id));
    await database.db.insert(refunds).values({
      paymentId: payment!.id,
      bookingId: booking.id,
      amountMinor: 3_000,
      currency: "EUR",
      reason: "goodwill",
      status: "succeeded",
    });
    expect(await cancelBookingAsAdmin(context(), { actorUserId: admin.id, bookingId: booking.id, reason: "Duplicate account" })).toEqual({
      ok: true,
      refundError: null,
    });
    const after = await written(booking.id);
    expect(after.refunds.find((refund) => refund.reason === "cancelled")).toMatchObject({ amountMinor: 7_000 });
    expect(after.audits[0]!.after).toMatchObject({ refundMinor: 7_000 });
  });

  test("an unpaid booking is cancelled with nothing to refund, and its time opens again", async () => {
    const { booking, specialist } = await given({ paid: false });
    await rebuildSlotsForSpecialist(context(), specialist.id);
    expect(await cancelBookingAsAdmin(context(), { actorUserId: admin.id, bookingId: booking.id, reason: "Test booking" })).toEqual({
      ok: true,
      refundError: null,
    });
    const after = await written(booking.id);
    expect(after.booking.status).toBe("cancelled");
    expect(after.refunds).toEqual([]);
    expect(
      await database.db
        .select()
        .from(slots)
        .where(eq(slots.startsAt, new Date(start))),
    ).toHaveLength(1);
  });

  test("no reason, a non-admin, a suspended admin, an unknown or already cancelled booking: a clear refusal and nothing written", async () => {
    const { booking, user: specialistUser } = await given();
    const suspendedAdmin = await createUser(database.db, { role: "admin", status: "suspended" });
    const cancel = (actorUserId: string, reason: string, bookingId = booking.id) =>
      cancelBookingAsAdmin(context(), { actorUserId, bookingId, reason });

    expect(await cancel(admin.id, "   ")).toMatchObject({ ok: false, reason: "invalid-input", message: expect.stringMatching(/reason/) });
    expect(await cancel(admin.id, "x".repeat(501))).toMatchObject({ ok: false, reason: "invalid-input" });
    expect(await cancel(specialistUser.id, "Mine")).toMatchObject({ ok: false, reason: "not-allowed" });
    expect(await cancel(customer.id, "Mine")).toMatchObject({ ok: false, reason: "not-allowed" });
    expect(await cancel(suspendedAdmin.id, "Still me")).toMatchObject({ ok: false, reason: "not-allowed" });
    expect(await cancel(admin.id, "Who?", "no-such-booking")).toMatchObject({ ok: false, reason: "not-found" });
    let after = await written(booking.id);
    expect(after.booking.status).toBe("confirmed");
    expect([after.events, after.refunds, after.audits, after.notices]).toEqual([[], [], [], []]);

    expect(await cancelBooking(context(), { actorUserId: customer.id, bookingId: booking.id, reason: "Plans changed" })).toMatchObject({
      ok: true,
    });
    expect(await cancel(admin.id, "Too late")).toMatchObject({ ok: false, reason: "already-cancelled" });
    after = await written(booking.id);
    expect(after.events).toHaveLength(1);
    expect(after.audits).toEqual([]);
  });

  test("two admins cancelling at once: one cancellation, one refund, one audit row", async () => {
    const { booking } = await given();
    const other = await givenAdmin(database.db);
    const results = await Promise.all(
      [admin, other, admin].map((actor) =>
        cancelBookingAsAdmin(context(), { actorUserId: actor.id, bookingId: booking.id, reason: "Dispute" }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    const after = await written(booking.id);
    expect(after.events).toHaveLength(1);
    expect(after.refunds).toHaveLength(1);
    expect(after.audits).toHaveLength(1);
  });
});
