import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { bookingEvents, bookings, type User } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { givenSpecialist } from "./booking.test-support";
import { bookingsPage, getBookingFor, listBookingsFor } from "./bookings.server";
import { createBooking } from "./create-booking.server";

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let customer: User;
let otherCustomer: User;
// Monday 1 June 2026, 12:00 UTC (13:00 in London).
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock(new Date("2026-06-01T12:00:00Z"));
  customer = await createUser(database.db, { name: "Cara Customer" });
  otherCustomer = await createUser(database.db, { name: "Otto Other" });
});
afterEach(() => database.cleanup());

async function book(customerId: string, sessionTypeId: string, startsAt: string) {
  const result = await createBooking(
    { db: database.db, clock, queue: recordingQueue().queue },
    { customerId, sessionTypeId, startsAt: new Date(startsAt), topic: "", customerTimezone: "UTC" },
  );
  if (!result.ok) throw new Error(result.message);
  return result.booking;
}

describe("listBookingsFor", () => {
  test("a customer sees only their own bookings, split into upcoming and past", async () => {
    const { types, specialist } = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 0 }] });
    const soon = await book(customer.id, types[0]!.id, "2026-06-03T09:00:00Z");
    const first = await book(customer.id, types[0]!.id, "2026-06-02T09:00:00Z");
    const cancelled = await book(customer.id, types[0]!.id, "2026-06-04T09:00:00Z");
    await database.db.update(bookings).set({ status: "cancelled" }).where(eq(bookings.id, cancelled.id));
    await book(otherCustomer.id, types[0]!.id, "2026-06-05T09:00:00Z");

    const lists = await listBookingsFor(database.db, customer.id, "customer", clock.now());
    expect(lists.upcoming.map((booking) => booking.id)).toEqual([first.id, soon.id]);
    expect(lists.past.map((booking) => booking.id)).toEqual([cancelled.id]);
    expect(lists.upcoming[0]).toMatchObject({ title: "60 minutes", otherPartyName: specialist.displayName, status: "confirmed" });

    // Once a session has ended it moves to the past tab.
    clock.set(new Date("2026-06-02T10:30:00Z"));
    const later = await listBookingsFor(database.db, customer.id, "customer", clock.now());
    expect(later.upcoming.map((booking) => booking.id)).toEqual([soon.id]);
    expect(later.past.map((booking) => booking.id)).toEqual([cancelled.id, first.id]);
  });

  test("a specialist sees the bookings of their practice, with the customer's name", async () => {
    const mine = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 0 }] });
    const theirs = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 0 }] });
    const booking = await book(customer.id, mine.types[0]!.id, "2026-06-02T09:00:00Z");
    await book(otherCustomer.id, theirs.types[0]!.id, "2026-06-02T09:00:00Z");

    const lists = await listBookingsFor(database.db, mine.user.id, "specialist", clock.now());
    expect(lists.upcoming.map((row) => [row.id, row.otherPartyName])).toEqual([[booking.id, "Cara Customer"]]);
    expect(lists.past).toEqual([]);
    // Their customer-side list (they booked nothing) stays empty.
    expect((await listBookingsFor(database.db, mine.user.id, "customer", clock.now())).upcoming).toEqual([]);
  });
});

describe("getBookingFor", () => {
  test("the customer and the specialist's user see the booking with its history; anyone else gets null", async () => {
    const { types, user: specialistUser } = await givenSpecialist(database.db, {
      sessions: [{ minutes: 60, priceMinor: 0 }],
      rules: {},
    });
    const booking = await book(customer.id, types[0]!.id, "2026-06-02T09:00:00Z");
    await database.db.insert(bookingEvents).values({
      bookingId: booking.id,
      fromStatus: "confirmed",
      toStatus: "cancelled",
      actor: "customer",
      actorUserId: customer.id,
      reason: "Sick",
      at: clock.now(),
    });

    const asCustomer = await getBookingFor(database.db, customer.id, booking.id);
    expect(asCustomer).toMatchObject({ viewerRole: "customer", title: "60 minutes", customerName: "Cara Customer", paid: false });
    expect(asCustomer?.rules).toEqual({ cancellationDeadlineHours: 24, lateCancellationRefundPercent: 0 });
    expect(asCustomer?.history).toEqual([
      { fromStatus: "confirmed", toStatus: "cancelled", actor: "customer", reason: "Sick", at: clock.now() },
    ]);
    expect((await getBookingFor(database.db, specialistUser.id, booking.id))?.viewerRole).toBe("specialist");
    expect(await getBookingFor(database.db, otherCustomer.id, booking.id)).toBeNull();
    expect(await getBookingFor(database.db, customer.id, "not-a-booking")).toBeNull();
  });
});

describe("bookingsPage", () => {
  test("pages through bookings that start at the same instant without skipping or repeating one", async () => {
    // Three specialists, so one customer can hold three bookings at 09:00.
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      const { types } = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 0 }] });
      ids.push((await book(customer.id, types[0]!.id, "2026-06-03T09:00:00Z")).id);
    }
    const seen: string[] = [];
    let after: { startsAt: Date; id: string } | undefined;
    for (let page = 0; page < 3; page++) {
      const { items, more } = await bookingsPage(database.db, { userId: customer.id, role: "customer", limit: 1, after });
      seen.push(...items.map((item) => item.id));
      expect(more).toBe(page < 2);
      after = items[0] && { startsAt: items[0].startsAt, id: items[0].id };
    }
    expect(seen).toEqual([...ids].sort());
  });
});
