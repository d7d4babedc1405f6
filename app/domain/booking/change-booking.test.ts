import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { recordingQueue } from "../../../tests/queue";
import { createUser } from "../../../db/factories";
import { bookingEvents, bookingRules, bookings, payments, slots, type User } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { rebuildSlotsForSpecialist } from "../availability/slots.server";
import { givenSpecialist } from "./booking.test-support";
import { getBookingFor } from "./bookings.server";
import { cancelBooking, quoteCancellation, rescheduleBooking } from "./change-booking.server";
import { createBooking } from "./create-booking.server";

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let customer: User;
// Monday 1 June 2026, 12:00 UTC (13:00 in London).
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock(new Date("2026-06-01T12:00:00Z"));
  customer = await createUser(database.db);
});
afterEach(() => database.cleanup());

const context = () => ({ db: database.db, clock, queue: recordingQueue().queue });
// Cancelling unpaid bookings never reaches the payment provider.
const cancelContext = () => ({ ...context(), payments: undefined as never });

async function book(customerId: string, sessionTypeId: string, startsAt: string) {
  const result = await createBooking(context(), {
    customerId,
    sessionTypeId,
    startsAt: new Date(startsAt),
    topic: "",
    customerTimezone: "UTC",
  });
  if (!result.ok) throw new Error(result.message);
  return result.booking;
}

async function stored(id: string) {
  const [row] = await database.db.select().from(bookings).where(eq(bookings.id, id));
  return row!;
}

async function events(id: string) {
  return database.db.select().from(bookingEvents).where(eq(bookingEvents.bookingId, id));
}

describe("rescheduleBooking", () => {
  test("moves the booking to an open time, records why, and frees the old time", async () => {
    const { types, specialist } = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 0 }] });
    await rebuildSlotsForSpecialist(context(), specialist.id);
    const booking = await book(customer.id, types[0]!.id, "2026-06-03T09:00:00Z");

    const moved = await rescheduleBooking(context(), {
      actorUserId: customer.id,
      bookingId: booking.id,
      newStartsAt: new Date("2026-06-04T13:00:00Z"),
    });
    expect(moved.ok).toBe(true);
    const row = await stored(booking.id);
    expect(row.startsAt).toEqual(new Date("2026-06-04T13:00:00Z"));
    expect(row.endsAt).toEqual(new Date("2026-06-04T14:00:00Z"));
    expect(row.status).toBe("confirmed");
    expect(await events(booking.id)).toMatchObject([
      { fromStatus: "confirmed", toStatus: "confirmed", actor: "customer", reason: "rescheduled from 2026-06-03T09:00:00.000Z" },
    ]);
    // The old time is open again, both for booking and in the slots read model.
    const slotRows = await database.db
      .select()
      .from(slots)
      .where(eq(slots.startsAt, new Date("2026-06-03T09:00:00Z")));
    expect(slotRows).toHaveLength(1);
    expect((await book((await createUser(database.db)).id, types[0]!.id, "2026-06-03T09:00:00Z")).status).toBe("confirmed");
  });

  test("a time taken by another booking is a conflict and leaves the booking where it was", async () => {
    const { types } = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 0 }], rules: { bufferAfterMinutes: 30 } });
    const booking = await book(customer.id, types[0]!.id, "2026-06-03T09:00:00Z");
    await book((await createUser(database.db)).id, types[0]!.id, "2026-06-04T09:00:00Z");

    // 10:00 starts inside the other booking's 30-minute buffer.
    const result = await rescheduleBooking(context(), {
      actorUserId: customer.id,
      bookingId: booking.id,
      newStartsAt: new Date("2026-06-04T10:00:00Z"),
    });
    expect(result).toMatchObject({ ok: false, reason: "conflict" });
    expect((await stored(booking.id)).startsAt).toEqual(new Date("2026-06-03T09:00:00Z"));
    expect(await events(booking.id)).toEqual([]);
  });

  test("moving next to another booking keeps both buffers between them", async () => {
    const { types } = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 0 }], rules: { bufferAfterMinutes: 30 } });
    const booking = await book(customer.id, types[0]!.id, "2026-06-03T09:00:00Z");
    await book((await createUser(database.db)).id, types[0]!.id, "2026-06-04T10:00:00Z");
    const move = (newStartsAt: string) =>
      rescheduleBooking(context(), { actorUserId: customer.id, bookingId: booking.id, newStartsAt: new Date(newStartsAt) });

    // 09:00–10:00 would end right as the other starts, leaving no room for its own 30 minutes after.
    expect(await move("2026-06-04T09:00:00Z")).toMatchObject({ ok: false, reason: "conflict" });
    expect((await stored(booking.id)).startsAt).toEqual(new Date("2026-06-03T09:00:00Z"));
    expect(await move("2026-06-04T08:30:00Z")).toMatchObject({ ok: true });
  });

  test("a booking can move by less than its length: its own old time never conflicts with it", async () => {
    const { types } = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 0 }], rules: { bufferAfterMinutes: 30 } });
    const booking = await book(customer.id, types[0]!.id, "2026-06-03T09:00:00Z");
    const moved = await rescheduleBooking(context(), {
      actorUserId: customer.id,
      bookingId: booking.id,
      newStartsAt: new Date("2026-06-03T09:30:00Z"),
    });
    expect(moved).toMatchObject({ ok: true });
    expect((await stored(booking.id)).startsAt).toEqual(new Date("2026-06-03T09:30:00Z"));
  });

  test("validates the new time like a new booking", async () => {
    const { types } = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 0 }] });
    const booking = await book(customer.id, types[0]!.id, "2026-06-03T09:00:00Z");
    const attempt = (newStartsAt: string) =>
      rescheduleBooking(context(), { actorUserId: customer.id, bookingId: booking.id, newStartsAt: new Date(newStartsAt) });

    expect(await attempt("2026-06-04T19:00:00Z")).toMatchObject({ ok: false, reason: "outside-availability" });
    expect(await attempt("2026-06-04T09:10:00Z")).toMatchObject({ ok: false, reason: "outside-availability" });
    expect(await attempt("2026-06-01T13:00:00Z")).toMatchObject({ ok: false, reason: "too-soon" });
    expect(await attempt("2026-09-01T09:00:00Z")).toMatchObject({ ok: false, reason: "too-far" });
    expect(await attempt("not a date")).toMatchObject({ ok: false, reason: "invalid-input" });
    expect((await stored(booking.id)).startsAt).toEqual(new Date("2026-06-03T09:00:00Z"));
  });

  test("only the parties may move it; the customer only before the deadline, the specialist always", async () => {
    const { types, user: specialistUser } = await givenSpecialist(database.db, {
      sessions: [{ minutes: 60, priceMinor: 0 }],
      rules: { minNoticeMinutes: 60 },
    });
    const booking = await book(customer.id, types[0]!.id, "2026-06-02T09:00:00Z");
    const stranger = await createUser(database.db);
    const move = (actorUserId: string, newStartsAt: string) =>
      rescheduleBooking(context(), { actorUserId, bookingId: booking.id, newStartsAt: new Date(newStartsAt) });

    expect(await move(stranger.id, "2026-06-03T09:00:00Z")).toMatchObject({ ok: false, reason: "not-found" });
    // 24 h deadline: 09:00 UTC the day before is the last moment; one minute later is too late.
    clock.set(new Date("2026-06-01T09:01:00Z"));
    expect(await move(customer.id, "2026-06-03T09:00:00Z")).toMatchObject({ ok: false, reason: "not-allowed" });
    expect((await stored(booking.id)).startsAt).toEqual(new Date("2026-06-02T09:00:00Z"));
    expect(await move(specialistUser.id, "2026-06-03T09:00:00Z")).toMatchObject({ ok: true });
    expect(await events(booking.id)).toMatchObject([{ actor: "specialist", actorUserId: specialistUser.id }]);
  });
});

describe("cancelBooking", () => {
  test("cancels once with a reason, records it and reopens the time", async () => {
    const { types, specialist } = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 0 }] });
    const booking = await book(customer.id, types[0]!.id, "2026-06-03T09:00:00Z");
    await rebuildSlotsForSpecialist(context(), specialist.id);
    const cancel = (reason: string) => cancelBooking(cancelContext(), { actorUserId: customer.id, bookingId: booking.id, reason });

    expect(await cancel("  ")).toMatchObject({ ok: false, reason: "invalid-input" });
    expect(await cancel("x".repeat(501))).toMatchObject({ ok: false, reason: "invalid-input" });
    expect((await stored(booking.id)).status).toBe("confirmed");

    expect(await cancel("Something came up")).toMatchObject({
      ok: true,
      refund: { amountMinor: 0, rule: "nothing-paid" },
      refundError: null,
    });
    expect((await stored(booking.id)).status).toBe("cancelled");
    expect(await events(booking.id)).toMatchObject([
      { fromStatus: "confirmed", toStatus: "cancelled", actor: "customer", reason: "Something came up" },
    ]);
    const slotRows = await database.db
      .select()
      .from(slots)
      .where(eq(slots.startsAt, new Date("2026-06-03T09:00:00Z")));
    expect(slotRows).toHaveLength(1);

    expect(await cancel("Again")).toMatchObject({ ok: false, reason: "already-cancelled" });
    expect(await events(booking.id)).toHaveLength(1);
  });

  test("strangers can't cancel", async () => {
    const { types } = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 0 }] });
    const booking = await book(customer.id, types[0]!.id, "2026-06-03T09:00:00Z");
    const stranger = await createUser(database.db);
    expect(await cancelBooking(cancelContext(), { actorUserId: stranger.id, bookingId: booking.id, reason: "Mine now" })).toMatchObject({
      ok: false,
      reason: "not-found",
    });
    expect((await stored(booking.id)).status).toBe("confirmed");
  });
});

describe("quoteCancellation", () => {
  test("a paid booking: full before the deadline, the late percentage after, full when the specialist cancels", async () => {
    const { types, user: specialistUser } = await givenSpecialist(database.db, {
      sessions: [{ minutes: 60, priceMinor: 9_999, currency: "EUR" }],
    });
    const booking = await book(customer.id, types[0]!.id, "2026-06-03T09:00:00Z");
    // Paid meanwhile (as the payment webhook would), with a 50% late refund.
    await database.db.update(bookings).set({ status: "confirmed", holdExpiresAt: null }).where(eq(bookings.id, booking.id));
    await database.db.update(bookingRules).set({ lateCancellationRefundPercent: 50 });

    const quote = async (userId: string) => quoteCancellation((await getBookingFor(database.db, userId, booking.id))!, clock.now());
    // Not paid yet: nothing to give back.
    expect(await quote(customer.id)).toMatchObject({ amountMinor: 0, rule: "nothing-paid" });

    await database.db.insert(payments).values({
      bookingId: booking.id,
      provider: "test",
      checkoutId: "cs_1",
      paymentId: "pi_1",
      amountMinor: 9_999,
      feeMinor: 2_000,
      currency: "EUR",
      status: "paid",
    });
    expect(await quote(customer.id)).toEqual({ actor: "customer", amountMinor: 9_999, currency: "EUR", rule: "full-before-deadline" });
    clock.set(new Date("2026-06-02T10:00:00Z"));
    expect(await quote(customer.id)).toEqual({ actor: "customer", amountMinor: 4_999, currency: "EUR", rule: "partial-after-deadline" });
    expect(await quote(specialistUser.id)).toMatchObject({ amountMinor: 9_999, rule: "full-specialist-cancelled" });
  });
});
