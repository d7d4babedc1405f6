// The atomic booking check against busy times, with the slots read model deliberately stale:
// the busy row is written straight to the table, as if a sync had landed after the slots were read.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { bookingEvents, bookings, externalBusyTimes, type User } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { rebuildSlotsForSpecialist } from "../availability/slots.server";
import { givenSpecialist } from "../booking/booking.test-support";
import { rescheduleBooking } from "../booking/change-booking.server";
import { createBooking } from "../booking/create-booking.server";
import { givenGoogleConnection } from "./busy-times.test-support";

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let customer: User;
// Monday 1 June 2026, 12:00 UTC; the specialist is in London (UTC+1), open 09:00–17:00.
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock(new Date("2026-06-01T12:00:00Z"));
  customer = await createUser(database.db);
});
afterEach(() => database.cleanup());

const context = () => ({ db: database.db, clock, queue: recordingQueue().queue });

async function givenBusySpecialist(busy: { startsAt: string; endsAt: string }) {
  const given = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 0 }], rules: { bufferAfterMinutes: 30 } });
  await rebuildSlotsForSpecialist(context(), given.specialist.id);
  const account = await givenGoogleConnection(database.db, given.user.id);
  await database.db.insert(externalBusyTimes).values({
    specialistId: given.specialist.id,
    connectedAccountId: account.id,
    startsAt: new Date(busy.startsAt),
    endsAt: new Date(busy.endsAt),
  });
  return { ...given, type: given.types[0]! };
}

const book = (sessionTypeId: string, startsAt: string) =>
  createBooking(context(), { customerId: customer.id, sessionTypeId, startsAt: new Date(startsAt), topic: "", customerTimezone: "UTC" });

describe("the booking check and busy times", () => {
  test("a booking overlapping a busy time is refused as busy and writes nothing; touching it is fine (no buffers)", async () => {
    const { type } = await givenBusySpecialist({ startsAt: "2026-06-03T09:00:00Z", endsAt: "2026-06-03T10:00:00Z" });
    for (const startsAt of ["2026-06-03T08:30:00Z", "2026-06-03T09:00:00Z", "2026-06-03T09:30:00Z"]) {
      expect(await book(type.id, startsAt)).toEqual({
        ok: false,
        reason: "busy",
        message: "The specialist is busy at that time — please choose another time",
      });
    }
    expect(await database.db.select().from(bookings)).toEqual([]);
    // Busy time has no buffers, like blocked time: a session may end as it starts or start as it ends.
    expect((await book(type.id, "2026-06-03T08:00:00Z")).ok).toBe(true);
    expect((await book(type.id, "2026-06-03T10:00:00Z")).ok).toBe(true);
  });

  test("a reschedule onto a busy time is refused and the booking stays where it was", async () => {
    const { type } = await givenBusySpecialist({ startsAt: "2026-06-04T12:00:00Z", endsAt: "2026-06-04T13:00:00Z" });
    const booked = await book(type.id, "2026-06-03T09:00:00Z");
    if (!booked.ok) throw new Error(booked.message);

    const moved = await rescheduleBooking(context(), {
      actorUserId: customer.id,
      bookingId: booked.booking.id,
      newStartsAt: new Date("2026-06-04T11:30:00Z"),
    });
    expect(moved).toMatchObject({ ok: false, reason: "busy" });
    const [row] = await database.db.select().from(bookings);
    expect(row?.startsAt).toEqual(new Date("2026-06-03T09:00:00Z"));
    expect(row?.sequence).toBe(0);
    expect(await database.db.select().from(bookingEvents)).toEqual([]);
    // Clear of it, the move goes through.
    expect(
      (
        await rescheduleBooking(context(), {
          actorUserId: customer.id,
          bookingId: booked.booking.id,
          newStartsAt: new Date("2026-06-04T13:00:00Z"),
        })
      ).ok,
    ).toBe(true);
  });
});
