import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../db/factories";
import { bookings, bookingEvents, type User } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { recordingQueue } from "../../tests/queue";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { visibleText } from "../../tests/html";
import { rebuildSlotsForSpecialist } from "../domain/availability/slots.server";
import { createSession } from "../domain/auth/sessions.server";
import { givenSpecialist } from "../domain/booking/booking.test-support";
import { createBooking } from "../domain/booking/create-booking.server";
import { replaceBusyTimes } from "../domain/calendar/busy-times.server";
import { givenGoogleConnection } from "../domain/calendar/busy-times.test-support";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let customer: User;
let customerCookie: string;
// Monday 1 June 2026, 12:00 UTC. Hours 09:00–17:00 Berlin: Tuesday's first time is 07:00 UTC.
const clock = createTestClock();
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z"));
  app = await createTestApp({ db: database.db, clock });
  customer = await createUser(database.db, { timezone: "Europe/Berlin" });
  const { token } = await createSession(database.db, customer.id, clock.now());
  customerCookie = `session=${token}`;
});
afterEach(() => database.cleanup());

const context = () => ({ db: database.db, clock, queue: recordingQueue().queue });
const slotButton = (iso: string) => `name="start" value="${iso}"`;

/** A specialist in Berlin with Google connected, busy on Tuesday 2 June 07:00–08:30 UTC. */
async function busySpecialist() {
  const given = await givenSpecialist(database.db, { timezone: "Europe/Berlin", sessions: [{ minutes: 60, priceMinor: 0 }] });
  await rebuildSlotsForSpecialist(context(), given.specialist.id);
  const account = await givenGoogleConnection(database.db, given.user.id);
  await replaceBusyTimes(context(), {
    connectedAccountId: account.id,
    specialistId: given.specialist.id,
    window: { from: clock.now(), to: new Date("2026-08-01T00:00:00Z") },
    busy: [{ startsAt: new Date("2026-06-02T07:00:00Z"), endsAt: new Date("2026-06-02T08:30:00Z") }],
  });
  const type = given.types[0]!;
  return { ...given, type, bookPath: `/s/${given.specialist.slug}/book/${type.id}` };
}

describe("a time busy in the specialist's own calendar", () => {
  test("isn't offered, and a direct booking POST for it answers 409 with a clear message and writes nothing", async () => {
    const { bookPath } = await busySpecialist();
    const picker = await (
      await app.get(`${bookPath}?start=${encodeURIComponent("2026-06-02T07:00:00.000Z")}`, { cookie: customerCookie })
    ).text();
    expect(picker).not.toContain(slotButton("2026-06-02T07:00:00.000Z"));
    expect(picker).toContain(slotButton("2026-06-02T08:30:00.000Z"));

    for (const startsAt of ["2026-06-02T07:00:00.000Z", "2026-06-02T08:00:00.000Z", "2026-06-02T06:30:00.000Z"]) {
      const response = await app.post(bookPath, { startsAt, customerTimezone: "Europe/Berlin" }, { cookie: customerCookie });
      // 06:30 UTC is before the hours open: an ordinary 400; the others overlap the busy time.
      if (startsAt === "2026-06-02T06:30:00.000Z") {
        expect(response.status).toBe(400);
        continue;
      }
      expect(response.status).toBe(409);
      const html = await response.text();
      expect(visibleText(html)).toContain("The specialist is busy at that time — please choose another time");
      expect(html).toContain(slotButton("2026-06-02T08:30:00.000Z"));
    }
    expect(await database.db.select().from(bookings)).toEqual([]);
  });

  test("a reschedule onto it answers 409 and the booking stays put", async () => {
    const { type } = await busySpecialist();
    const booked = await createBooking(context(), {
      customerId: customer.id,
      sessionTypeId: type.id,
      startsAt: new Date("2026-06-03T09:00:00Z"),
      topic: "",
      customerTimezone: "Europe/Berlin",
    });
    if (!booked.ok) throw new Error(booked.message);

    const response = await app.post(
      `/bookings/${booked.booking.id}/reschedule`,
      { startsAt: "2026-06-02T07:30:00.000Z" },
      { cookie: customerCookie },
    );
    expect(response.status).toBe(409);
    expect(visibleText(await response.text())).toContain("The specialist is busy at that time — please choose another time");
    const [row] = await database.db.select().from(bookings);
    expect(row?.startsAt).toEqual(new Date("2026-06-03T09:00:00Z"));
    expect(await database.db.select().from(bookingEvents)).toEqual([]);
  });

  test("shows on the specialist's own calendar as busy (Google Calendar)", async () => {
    const { user } = await busySpecialist();
    const { token } = await createSession(database.db, user.id, clock.now());
    const html = visibleText(await (await app.get("/specialist/calendar?week=2026-06-01", { cookie: `session=${token}` })).text());
    // 07:00–08:30 UTC is 09:00–10:30 in Berlin.
    expect(html).toContain("Busy 09:00–10:30");
    expect(html).toContain("Google Calendar");
  });
});
