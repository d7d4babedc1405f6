import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../../../db/factories";
import { bookings } from "../../../../db/schema";
import { callApi } from "../../../../tests/api-client";
import { createTestApp } from "../../../../tests/app-handler";
import { createTestClock } from "../../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../../tests/test-database";
import { findOfferWithStarts } from "../../../domain/booking/booking-offer.server";
import { givenListedSpecialist } from "./directory.test-support";

// Monday 1 June 2026, 12:00 UTC.
const clock = createTestClock();
const day = 24 * 60 * 60 * 1000;
let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;

beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z"));
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

interface Slots {
  timezone: string;
  from: string;
  to: string;
  data: { startsAt: string; endsAt: string; local: { date: string; time: string; timezone: string } }[];
}

async function slots(path: string, expected = 200) {
  const response = await callApi(app, { method: "get", path });
  const body = (await response.json()) as Slots & { error: { code: string; details: { problems: { path: string }[] } } };
  expect({ path, status: response.status, body }).toMatchObject({ status: expected });
  return body;
}

describe("GET /session-types/{id}/slots", () => {
  test("offers exactly the booking page's open times, a booking made since the last rebuild included", async () => {
    const { specialist, sessionTypes } = await givenListedSpecialist(database.db, clock, { timezone: "Europe/Berlin" });
    const type = sessionTypes[0]!;
    // Booked after the slots were written: the read model still has the time, the reading hides it.
    const customer = await createUser(database.db);
    await database.db.insert(bookings).values({
      specialistId: specialist.id,
      customerId: customer.id,
      sessionTypeId: type.id,
      startsAt: new Date("2026-06-02T08:00:00Z"),
      endsAt: new Date("2026-06-02T09:00:00Z"),
      status: "confirmed",
      priceMinor: type.priceMinor,
      currency: type.currency,
      customerTimezone: "UTC",
    });
    const page = await findOfferWithStarts(database.db, { slug: specialist.slug, sessionTypeId: type.id, now: clock.now() });
    const to = new Date(clock.now().getTime() + 30 * day).toISOString();

    const body = await slots(`/session-types/${type.id}/slots?to=${to}`);
    expect(body.data.map((slot) => slot.startsAt)).toEqual(page!.starts.map((start) => start.toISOString()));
    expect(body.data.map((slot) => slot.startsAt)).not.toContain("2026-06-02T08:00:00.000Z");
    expect(body.data.length).toBeGreaterThan(100);
  });

  test("reads dates in the requested zone and gives each slot's local date and time there", async () => {
    const { sessionTypes } = await givenListedSpecialist(database.db, clock);
    // The specialist works 09:00–17:00 UTC, 18:00–02:00 in Tokyo: 2 June there opens at 01:00 (16:00 UTC on 1 June, the
    // first time after 4 hours' notice) and then runs from 18:00 to its end.
    const body = await slots(`/session-types/${sessionTypes[0]!.id}/slots?from=2026-06-02&to=2026-06-02&timezone=Asia/Tokyo`);
    expect(body).toMatchObject({ timezone: "Asia/Tokyo", from: "2026-06-01T15:00:00.000Z", to: "2026-06-02T15:00:00.000Z" });
    expect(new Set(body.data.map((slot) => slot.local.date))).toEqual(new Set(["2026-06-02"]));
    expect(body.data[0]).toEqual({
      startsAt: "2026-06-01T16:00:00.000Z",
      endsAt: "2026-06-01T17:00:00.000Z",
      local: { date: "2026-06-02", time: "01:00", timezone: "Asia/Tokyo" },
    });
    expect(body.data[1]!.local.time).toBe("18:00");
    expect(body.data.at(-1)!.local.time).toBe("23:30");
  });

  test("by default, the next 14 days in the specialist's zone", async () => {
    const { sessionTypes } = await givenListedSpecialist(database.db, clock, { timezone: "America/New_York" });
    const body = await slots(`/session-types/${sessionTypes[0]!.id}/slots`);
    expect(body).toMatchObject({ timezone: "America/New_York", from: "2026-06-01T12:00:00.000Z", to: "2026-06-15T12:00:00.000Z" });
    // 09:00–17:00 in New York; 12:00 UTC plus 4 hours' notice is 12:00 there.
    expect(body.data[0]!.local).toEqual({ date: "2026-06-01", time: "12:00", timezone: "America/New_York" });
  });

  test("refuses an unknown zone, a window over 62 days and one that ends before it starts, naming the parameter", async () => {
    const { sessionTypes } = await givenListedSpecialist(database.db, clock);
    const path = `/session-types/${sessionTypes[0]!.id}/slots`;
    const problemOf = async (query: string) => {
      const body = await slots(`${path}?${query}`, 400);
      expect(body.error.code).toBe("validation_failed");
      return body.error.details.problems.map((problem) => problem.path);
    };
    expect(await problemOf("timezone=Europe/Atlantis")).toEqual(["query.timezone"]);
    expect(await problemOf("from=2026-06-01&to=2026-08-02")).toEqual(["query.to"]);
    expect(await problemOf("from=2026-06-10&to=2026-06-09")).toEqual(["query.to"]);
    expect(await problemOf("from=2026-02-30")).toEqual(["query.from"]);
    expect((await slots(`${path}?from=2026-06-01&to=2026-08-01`)).data.length).toBeGreaterThan(0);
  });
});
