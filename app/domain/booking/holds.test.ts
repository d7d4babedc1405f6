import { and, asc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { recordingQueue } from "../../../tests/queue";
import { createUser } from "../../../db/factories";
import { bookings, slots, type BookingStatus, type SessionType } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { cronSchedules, cronTasks, runCronTask } from "../../../jobs/cron";
import { rebuildSlotsForSpecialist } from "../availability/slots.server";
import { givenSpecialist, minute } from "./booking.test-support";
import { createBooking } from "./create-booking.server";
import { completeFinishedBookings, expireHolds } from "./holds.server";

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
// Monday 1 June 2026, 12:00 UTC (13:00 in London).
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock(new Date("2026-06-01T12:00:00Z"));
});
afterEach(() => database.cleanup());

const context = () => ({ db: database.db, clock, queue: recordingQueue().queue });

async function book(type: SessionType, startsAt: string) {
  const customer = await createUser(database.db);
  return createBooking(context(), {
    customerId: customer.id,
    sessionTypeId: type.id,
    startsAt: new Date(startsAt),
    topic: "",
    customerTimezone: "UTC",
  });
}

/** Inserts a booking row directly, in any state. */
async function bookingRow(type: SessionType, values: { startsAt: Date; status: BookingStatus; holdExpiresAt?: Date | null }) {
  const customer = await createUser(database.db);
  const [row] = await database.db
    .insert(bookings)
    .values({
      specialistId: type.specialistId,
      customerId: customer.id,
      sessionTypeId: type.id,
      endsAt: new Date(values.startsAt.getTime() + type.minutes * minute),
      priceMinor: type.priceMinor,
      currency: type.currency,
      customerTimezone: "UTC",
      ...values,
    })
    .returning();
  return row!;
}

const statusOf = async (id: string) =>
  (await database.db.select({ status: bookings.status }).from(bookings).where(eq(bookings.id, id)))[0]?.status;

describe("expireHolds", () => {
  test("an unpaid hold blocks the time until it expires; then the time is free again", async () => {
    const { types } = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 5_000 }] });
    const held = await book(types[0]!, "2026-06-03T08:00:00Z");
    expect(held).toMatchObject({ ok: true, booking: { status: "pending_payment" } });
    expect(await book(types[0]!, "2026-06-03T08:00:00Z")).toMatchObject({ ok: false, reason: "conflict" });

    clock.advance(29 * minute);
    expect(await expireHolds(context())).toBe(0);
    expect(await book(types[0]!, "2026-06-03T08:00:00Z")).toMatchObject({ ok: false, reason: "conflict" });

    clock.advance(2 * minute); // 31 minutes after booking
    expect(await expireHolds(context())).toBe(1);
    expect(await statusOf(held.ok ? held.booking.id : "")).toBe("expired");
    const again = await book(types[0]!, "2026-06-03T08:00:00Z");
    expect(again).toMatchObject({ ok: true, booking: { status: "pending_payment" } });
    expect(await expireHolds(context())).toBe(0);
  });

  test("a hold expires exactly at hold_expires_at", async () => {
    const { types } = await givenSpecialist(database.db);
    const row = await bookingRow(types[0]!, {
      startsAt: new Date("2026-06-03T08:00:00Z"),
      status: "pending_payment",
      holdExpiresAt: new Date(clock.now().getTime() + minute),
    });
    clock.advance(minute - 1);
    expect(await expireHolds(context())).toBe(0);
    clock.advance(1);
    expect(await expireHolds(context())).toBe(1);
    expect(await statusOf(row.id)).toBe("expired");
  });

  test("catch-up: a late run expires every due hold at once and leaves the rest alone", async () => {
    const { types } = await givenSpecialist(database.db);
    const { types: otherTypes } = await givenSpecialist(database.db);
    const start = Date.parse("2026-06-03T08:00:00Z");
    const due = [];
    for (let index = 0; index < 40; index++) {
      const type = index % 2 === 0 ? types[0]! : otherTypes[0]!;
      due.push(
        await bookingRow(type, {
          startsAt: new Date(start + index * 60 * minute),
          status: "pending_payment",
          holdExpiresAt: new Date(clock.now().getTime() - index * 5 * minute),
        }),
      );
    }
    const notYet = await bookingRow(types[0]!, {
      startsAt: new Date("2026-06-10T08:00:00Z"),
      status: "pending_payment",
      holdExpiresAt: new Date(clock.now().getTime() + minute),
    });
    const confirmed = await bookingRow(types[0]!, { startsAt: new Date("2026-06-11T08:00:00Z"), status: "confirmed" });

    expect(await expireHolds(context())).toBe(40);
    const rows = await database.db.select({ id: bookings.id, status: bookings.status }).from(bookings);
    const byId = new Map(rows.map((row) => [row.id, row.status]));
    expect(due.every((row) => byId.get(row.id) === "expired")).toBe(true);
    expect(byId.get(notYet.id)).toBe("pending_payment");
    expect(byId.get(confirmed.id)).toBe("confirmed");
  });

  test("reopens the slots of a day a daily cap had closed", async () => {
    const { specialist, types } = await givenSpecialist(database.db, {
      rules: { dailyCap: 1 },
      sessions: [{ minutes: 60, priceMinor: 5_000 }],
    });
    await rebuildSlotsForSpecialist(context(), specialist.id);
    const wednesday = and(eq(slots.specialistId, specialist.id), eq(slots.startsAt, new Date("2026-06-03T12:00:00Z")));
    expect(await database.db.select().from(slots).where(wednesday)).toHaveLength(1);

    expect(await book(types[0]!, "2026-06-03T08:00:00Z")).toMatchObject({ ok: true });
    expect(await database.db.select().from(slots).where(wednesday)).toHaveLength(0);

    clock.advance(31 * minute);
    expect(await expireHolds(context())).toBe(1);
    expect(await database.db.select().from(slots).where(wednesday)).toHaveLength(1);
  });
});

describe("completeFinishedBookings", () => {
  test("completes confirmed bookings that have ended, and only those", async () => {
    const { types } = await givenSpecialist(database.db); // 60 minutes
    const now = clock.now().getTime();
    const endedLongAgo = await bookingRow(types[0]!, { startsAt: new Date(now - 3 * 24 * 60 * minute), status: "confirmed" });
    const endedJustNow = await bookingRow(types[0]!, { startsAt: new Date(now - 60 * minute), status: "confirmed" });
    const inProgress = await bookingRow(types[0]!, { startsAt: new Date(now - 30 * minute), status: "confirmed" });
    const upcoming = await bookingRow(types[0]!, { startsAt: new Date(now + 24 * 60 * minute), status: "confirmed" });
    const unpaid = await bookingRow(types[0]!, { startsAt: new Date(now - 5 * 60 * minute), status: "pending_payment" });
    const cancelled = await bookingRow(types[0]!, { startsAt: new Date(now - 7 * 60 * minute), status: "cancelled" });

    expect(await completeFinishedBookings(context())).toBe(2);
    const rows = await database.db.select({ id: bookings.id, status: bookings.status }).from(bookings).orderBy(asc(bookings.startsAt));
    const byId = new Map(rows.map((row) => [row.id, row.status]));
    expect(byId.get(endedLongAgo.id)).toBe("completed");
    expect(byId.get(endedJustNow.id)).toBe("completed");
    expect(byId.get(inProgress.id)).toBe("confirmed");
    expect(byId.get(upcoming.id)).toBe("confirmed");
    expect(byId.get(unpaid.id)).toBe("pending_payment");
    expect(byId.get(cancelled.id)).toBe("cancelled");

    expect(await completeFinishedBookings(context())).toBe(0);
    clock.advance(30 * minute);
    expect(await completeFinishedBookings(context())).toBe(1);
    expect(await statusOf(inProgress.id)).toBe("completed");
  });
});

describe("cron", () => {
  test.each([
    ["expire-holds", "pending_payment", "expired"],
    ["complete-bookings", "confirmed", "completed"],
  ] as const)("%s runs every minute, once per tick", async (name, from, to) => {
    expect(cronTasks.find((task) => task.name === name)?.schedule).toBe(cronSchedules.everyMinute);
    const { types } = await givenSpecialist(database.db);
    const row = await bookingRow(types[0]!, {
      startsAt: new Date(clock.now().getTime() - 2 * 60 * minute),
      status: from,
      holdExpiresAt: from === "pending_payment" ? new Date(clock.now().getTime() - minute) : null,
    });
    const tick = clock.now().getTime();
    expect(await runCronTask(context(), name, tick)).toEqual({ ran: true, result: 1 });
    expect(await statusOf(row.id)).toBe(to);
    expect(await runCronTask(context(), name, tick)).toEqual({ ran: false });
  });
});
