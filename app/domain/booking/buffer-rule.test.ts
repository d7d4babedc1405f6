// DESIGN.md §4.1: every active booking occupies [start − before, end + after) and no two of
// these overlap. The slot engine decides what is offered, the conditional INSERT decides what is
// written; this checks on a real database that they agree on every candidate time.
import { and, eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { activeBookingStatuses, bookings, type BookingStatus, type User } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import { propertyTestLimitMs } from "../../../tests/limits";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { localDayBounds, localDayOf } from "../availability/local-time";
import { slotsBetween, type Interval, type SlotRules } from "../availability/slot-engine";
import { openSlots, rebuildSlotsForSpecialist } from "../availability/slots.server";
import { everyDay9to17, givenSpecialist, minute } from "./booking.test-support";
import { createBooking, defaultMeetingUrl } from "./create-booking.server";

let database: TestDatabase;
let customer: User;
// Monday 1 June 2026; the candidates are on Wednesday 3 June, 09:00–17:00 in London (UTC+1).
const clock = createTestClock(new Date("2026-06-01T12:00:00Z"));
const timeZone = "Europe/London";
const wednesday = localDayBounds(timeZone, localDayOf(timeZone, Date.parse("2026-06-03T12:00:00Z")));

beforeAll(async () => {
  database = await createTestDatabase();
  customer = await createUser(database.db);
});
afterAll(() => database.cleanup());

const context = () => ({ db: database.db, clock, queue: recordingQueue().queue });

interface Existing {
  /** Minutes after 06:00 UTC on Wednesday, so bookings also sit just outside the hours. */
  offsetMinutes: number;
  minutes: number;
  status: BookingStatus;
}

async function givenBookings(specialistId: string, sessionTypeId: string, existing: Existing[]): Promise<Interval[]> {
  const dayStart = Date.parse("2026-06-03T06:00:00Z");
  const rows = existing.map(({ offsetMinutes, minutes, status }) => {
    const startsAt = dayStart + offsetMinutes * minute;
    return {
      id: crypto.randomUUID(),
      specialistId,
      customerId: customer.id,
      sessionTypeId,
      startsAt: new Date(startsAt),
      endsAt: new Date(startsAt + minutes * minute),
      status,
      priceMinor: 0,
      feeMinor: 0,
      currency: "USD",
      customerTimezone: "UTC",
      topic: "",
      meetingUrl: defaultMeetingUrl(),
      createdAt: clock.now(),
      updatedAt: clock.now(),
    };
  });
  if (rows.length > 0) await database.db.insert(bookings).values(rows);
  return rows
    .filter((row) => (activeBookingStatuses as readonly string[]).includes(row.status))
    .map((row) => ({ startsAt: row.startsAt.getTime(), endsAt: row.endsAt.getTime() }));
}

const bufferMinutes = fc.oneof(fc.constantFrom(0, 5, 10, 15, 30), fc.integer({ min: 0, max: 90 }));
const existingBooking: fc.Arbitrary<Existing> = fc.record({
  offsetMinutes: fc.integer({ min: 0, max: 12 * 12 }).map((step) => step * 5),
  minutes: fc.constantFrom(15, 30, 45, 60, 90, 120, 240),
  status: fc.constantFrom<BookingStatus>("confirmed", "confirmed", "pending_payment", "cancelled", "expired"),
});

// Hundreds of real inserts per property run (tests/limits.ts).
describe("the buffer rule", { timeout: propertyTestLimitMs }, () => {
  test("the engine offers exactly the times the booking insert accepts", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          before: bufferMinutes,
          after: bufferMinutes,
          slotIntervalMinutes: fc.constantFrom(15, 20, 30, 45),
          sessionMinutes: fc.constantFrom(15, 30, 60, 90),
          existing: fc.array(existingBooking, { maxLength: 4 }),
        }),
        async ({ before, after, slotIntervalMinutes, sessionMinutes, existing }) => {
          const rules: SlotRules = {
            minNoticeMinutes: 0,
            horizonDays: 30,
            bufferBeforeMinutes: before,
            bufferAfterMinutes: after,
            slotIntervalMinutes,
            dailyCap: null,
          };
          const { specialist, types } = await givenSpecialist(database.db, {
            timezone: timeZone,
            rules,
            sessions: [{ minutes: sessionMinutes, priceMinor: 0 }],
          });
          const type = types[0]!;
          const active = await givenBookings(specialist.id, type.id, existing);
          const engine = (booked: Interval[]) =>
            slotsBetween({
              timeZone,
              sessionMinutes,
              rules,
              weeklyWindows: everyDay9to17,
              overrides: [],
              bookings: booked,
              blocked: [],
              now: clock.now().getTime(),
              from: wednesday.startsAt,
              to: wednesday.endsAt,
            }).map((slot) => slot.startsAt);

          const offered = engine(active);
          const accepted: number[] = [];
          for (const candidate of engine([])) {
            const result = await createBooking(context(), {
              customerId: customer.id,
              sessionTypeId: type.id,
              startsAt: new Date(candidate),
              topic: "",
              customerTimezone: "UTC",
            });
            if (!result.ok) {
              expect(result.reason).toBe("conflict");
              continue;
            }
            accepted.push(candidate);
            // Each candidate is tried against the generated bookings alone.
            await database.db.delete(bookings).where(eq(bookings.id, result.booking.id));
          }
          expect(accepted.map((at) => new Date(at).toISOString())).toEqual(offered.map((at) => new Date(at).toISOString()));
        },
      ),
      { numRuns: 40 },
    );
  });

  test("with 15 minutes after, an hour-long session right before a 10:30 booking is neither offered nor accepted (issue #16)", async () => {
    const { specialist, types } = await givenSpecialist(database.db, {
      timezone: timeZone,
      rules: { minNoticeMinutes: 0, bufferAfterMinutes: 15, slotIntervalMinutes: 30 },
      sessions: [{ minutes: 60, priceMinor: 0 }],
    });
    const type = types[0]!;
    // 10:30–11:30 in London.
    await givenBookings(specialist.id, type.id, [{ offsetMinutes: 210, minutes: 60, status: "confirmed" }]);
    await rebuildSlotsForSpecialist(context(), specialist.id);
    const nineThirty = new Date("2026-06-03T08:30:00Z");

    const open = await openSlots(database.db, {
      specialistId: specialist.id,
      from: new Date(wednesday.startsAt),
      to: new Date(wednesday.endsAt),
    });
    const starts = open.map((slot) => slot.startsAt.toISOString());
    expect(starts).not.toContain(nineThirty.toISOString());
    // Local 09:00 is the last start whose 15 minutes after end by 10:30; 12:00 the first after 11:45.
    expect(starts.slice(0, 2)).toEqual(["2026-06-03T08:00:00.000Z", "2026-06-03T11:00:00.000Z"]);

    const result = await createBooking(context(), {
      customerId: customer.id,
      sessionTypeId: type.id,
      startsAt: nineThirty,
      topic: "",
      customerTimezone: "UTC",
    });
    expect(result).toMatchObject({ ok: false, reason: "conflict" });
    const active = await database.db
      .select()
      .from(bookings)
      .where(and(eq(bookings.specialistId, specialist.id), inArray(bookings.status, [...activeBookingStatuses])));
    expect(active).toHaveLength(1);
  });
});
