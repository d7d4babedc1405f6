// The booking page ships what it shows (issue #8, item 4): the month's days with open times and
// the chosen day's times, not every time of the month nor every zone of the world.
import { drizzle } from "drizzle-orm/libsql";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { drizzleConfig } from "../../db/database";
import { createUser } from "../../db/factories";
import { recordingQueue } from "../../tests/queue";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { visibleText } from "../../tests/html";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { openSlots, rebuildSlotsForSpecialist } from "../domain/availability/slots.server";
import { createSession } from "../domain/auth/sessions.server";
import { conflictMessage } from "../domain/booking/booking-form-schemas";
import { givenSpecialist } from "../domain/booking/booking.test-support";
import { createBooking } from "../domain/booking/create-booking.server";
import { dayKeyIn } from "../lib/time-format";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let cookie: string;
// Monday 1 June 2026, 12:00 UTC.
const clock = createTestClock();
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z"));
  app = await createTestApp({ db: database.db, clock });
  const customer = await createUser(database.db, { timezone: "America/New_York" });
  const { token } = await createSession(database.db, customer.id, clock.now());
  // A viewer in another zone than the specialist: every time is shown in both.
  cookie = `session=${token}; tz=America/New_York`;
});
afterEach(() => database.cleanup());

/** A specialist open 09:00–17:00 Berlin every day, a 30-minute session every 15 minutes: ~30 times a day for 30 days. */
async function busySpecialist() {
  const given = await givenSpecialist(database.db, {
    timezone: "Europe/Berlin",
    rules: { slotIntervalMinutes: 15 },
    sessions: [{ minutes: 30, priceMinor: 5_000, currency: "EUR" }],
  });
  await rebuildSlotsForSpecialist({ db: database.db, clock }, given.specialist.id);
  const type = given.types[0]!;
  const open = await openSlots(database.db, {
    specialistId: given.specialist.id,
    sessionTypeId: type.id,
    from: clock.now(),
    to: new Date(clock.now().getTime() + 30 * 24 * 60 * 60 * 1000),
    now: clock.now(),
  });
  return { ...given, type, open: open.map((slot) => slot.startsAt.toISOString()), bookPath: `/s/${given.specialist.slug}/book/${type.id}` };
}

const offeredTimes = (html: string) => [...html.matchAll(/name="start" value="([^"]+)"/g)].map((match) => match[1]!);

describe("a specialist with a full 30 days of open times", () => {
  test("the booking page is at most 40 KB and offers every open time of the chosen day", async () => {
    const { bookPath, open } = await busySpecialist();
    expect(open.length).toBeGreaterThan(800);
    const day = "2026-06-10";
    const dayTimes = open.filter((start) => dayKeyIn(new Date(start), "America/New_York") === day);
    expect(dayTimes.length).toBeGreaterThan(20);

    for (const path of [bookPath, `${bookPath}?day=${day}`, `${bookPath}?start=${encodeURIComponent(dayTimes[3]!)}`]) {
      const response = await app.get(path, { cookie });
      expect(response.status).toBe(200);
      const bytes = new Uint8Array(await response.clone().arrayBuffer()).byteLength;
      expect(bytes, `${path} is ${bytes} bytes`).toBeLessThanOrEqual(40 * 1024);
    }

    const html = await (await app.get(`${bookPath}?day=${day}`, { cookie })).text();
    expect(offeredTimes(html)).toEqual(dayTimes);
    expect(visibleText(html)).toContain("Times in your time zone: New York (GMT-4)");
  });

  test("every offered time of the chosen day leads to its confirm step and books", async () => {
    const { bookPath, open } = await busySpecialist();
    const html = await (await app.get(`${bookPath}?day=2026-06-20`, { cookie })).text();
    const offered = offeredTimes(html);
    expect(offered.length).toBeGreaterThan(20);
    for (const start of offered) {
      expect(open).toContain(start);
      const confirm = await app.get(`${bookPath}?start=${encodeURIComponent(start)}`, { cookie });
      expect(visibleText(await confirm.text())).toContain("Confirm your booking");
    }
    const last = offered.at(-1)!;
    const booked = await app.post(
      `${bookPath}?start=${encodeURIComponent(last)}`,
      { startsAt: last, customerTimezone: "America/New_York" },
      { cookie },
    );
    expect(booked.status).toBe(302);
  });

  test("the zone picker doesn't list every zone on the page; the zone can still be changed without JavaScript", async () => {
    const { bookPath } = await busySpecialist();
    const html = await (await app.get(bookPath, { cookie })).text();
    expect(html.match(/<option\b/g)?.length ?? 0).toBeLessThanOrEqual(30);
    expect(html).toMatch(/href="[^"]*tz=/);
  });
});

describe("a lost race (409)", () => {
  test("answers the browser's `.data` request with that day's fresh times only, and the message", async () => {
    const { bookPath, type, open } = await busySpecialist();
    const taken = "2026-06-10T13:00:00.000Z"; // 09:00 in New York
    const rival = await createUser(database.db);
    const won = await createBooking(
      { db: database.db, clock, queue: recordingQueue().queue },
      { customerId: rival.id, sessionTypeId: type.id, startsAt: new Date(taken), topic: "", customerTimezone: "UTC" },
    );
    expect(won.ok).toBe(true);

    // As the browser posts the confirm form with JavaScript: a `.data` request to the page's URL.
    const response = await app.request(`${bookPath}.data?start=${encodeURIComponent(taken)}`, {
      method: "POST",
      body: new URLSearchParams({ startsAt: taken, customerTimezone: "America/New_York", topic: "Pricing" }),
      headers: { cookie, "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded;charset=UTF-8" },
    });
    expect(response.status).toBe(409);
    const body = await response.text();
    expect(body).toContain(conflictMessage);
    const inNewYork = (start: string) => dayKeyIn(new Date(start), "America/New_York");
    // The 30-minute sessions starting 15 minutes either side of the taken one overlap it.
    const gone = new Set([taken, "2026-06-10T12:45:00.000Z", "2026-06-10T13:15:00.000Z"]);
    const stillOpen = open.filter((start) => inNewYork(start) === "2026-06-10" && !gone.has(start));
    expect(stillOpen.length).toBeGreaterThan(20);
    for (const start of stillOpen) expect(body).toContain(start);
    // (The taken time itself comes back only as the form's submitted value.)
    for (const start of [...gone].filter((start) => start !== taken)) expect(body).not.toContain(start);
    expect(open.filter((start) => inNewYork(start) !== "2026-06-10" && body.includes(start))).toEqual([]);
  });
});

describe("database round trips", () => {
  test("the page's own reads (the offer and a month of open times) are one request to the database", async () => {
    const { bookPath } = await busySpecialist();
    // The same database through a client that counts what is sent to it.
    let requests = 0;
    const counting = new Proxy(database.client, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (key === "execute" || key === "batch" || key === "transaction") requests++;
          return (value as (...args: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const counted = await createTestApp({ db: drizzle(counting, drizzleConfig), clock });
    // Anonymous: no session to look up, so only the page's own reads.
    const response = await counted.get(`${bookPath}?day=2026-06-10`);
    expect(response.status).toBe(200);
    expect(offeredTimes(await response.text()).length).toBeGreaterThan(20);
    expect(requests).toBe(1);
  });
});
