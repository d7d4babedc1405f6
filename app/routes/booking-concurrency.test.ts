import { inArray } from "drizzle-orm";
import { afterEach, beforeEach, expect, test } from "vitest";
import { activeBookingStatuses, bookings, users } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { concurrencyTestLimitMs } from "../../tests/limits";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { createSession } from "../domain/auth/sessions.server";
import { rebuildSlotsForSpecialist } from "../domain/availability/slots.server";
import { conflicts, givenSpecialist } from "../domain/booking/booking.test-support";

let database: TestDatabase;
const clock = createTestClock();
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z"));
});
afterEach(() => database.cleanup());

test(
  "50 simultaneous booking requests through the real handler: one winner per conflicting set, 409 for the rest, no 500",
  { timeout: concurrencyTestLimitMs },
  async () => {
    const app = await createTestApp({ db: database.db, clock });
    const buffers = { before: 10, after: 10 };
    const { specialist, types } = await givenSpecialist(database.db, {
      timezone: "UTC",
      rules: { bufferBeforeMinutes: buffers.before, bufferAfterMinutes: buffers.after, slotIntervalMinutes: 30 },
      sessions: [{ minutes: 30 }, { minutes: 60 }, { minutes: 90 }],
    });
    await rebuildSlotsForSpecialist({ db: database.db, clock }, specialist.id);

    // Three clusters on three days; inside a cluster every pair conflicts (overlap or buffer).
    const clusters = ["2026-06-02", "2026-06-03", "2026-06-04"].map((day) => [`${day}T09:00:00.000Z`, `${day}T09:30:00.000Z`]);
    // The 50 customers in one insert: set-up stays cheap however slow each write is.
    const customers = await database.db
      .insert(users)
      .values(
        Array.from({ length: 50 }, (_, index) => ({
          email: `customer-${index}@example.test`,
          name: `Customer ${index}`,
          role: "customer" as const,
        })),
      )
      .returning({ id: users.id });
    const requests = await Promise.all(
      customers.map(async (customer, index) => {
        const { token } = await createSession(database.db, customer.id, clock.now());
        const cluster = index % clusters.length;
        const type = types[index % types.length]!;
        return {
          cluster,
          cookie: `session=${token}`,
          path: `/s/${specialist.slug}/book/${type.id}`,
          startsAt: clusters[cluster]![index % 2]!,
        };
      }),
    );

    const responses = await Promise.all(
      requests.map((request) =>
        app.post(request.path, { startsAt: request.startsAt, customerTimezone: "UTC", topic: "" }, { cookie: request.cookie }),
      ),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.every((status) => status === 302 || status === 409)).toBe(true);
    const winners = requests.filter((_, index) => statuses[index] === 302);
    expect(winners.map((winner) => winner.cluster).sort()).toEqual([0, 1, 2]);
    for (const [index, response] of responses.entries()) {
      if (statuses[index] === 409) expect(await response.text()).toContain("Someone just booked that time");
    }

    const active = await database.db
      .select()
      .from(bookings)
      .where(inArray(bookings.status, [...activeBookingStatuses]));
    expect(active).toHaveLength(3);
    for (const a of active) {
      for (const b of active) if (a.id !== b.id) expect(conflicts(a, b, buffers)).toBe(false);
    }
  },
);
