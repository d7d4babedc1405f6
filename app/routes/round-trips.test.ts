import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist, createUser } from "../../db/factories";
import { availabilityWindows, bookingEvents, notifications, sessionTypes } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { concurrencyTestLimitMs } from "../../tests/limits";
import { connectOverHttp, createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { extendAllHorizons } from "../domain/availability/slots.server";
import { createSession } from "../domain/auth/sessions.server";
import { givenBooking, givenParties } from "../domain/notifications/reminders.test-support";

// The app reaching its database over HTTP, as the Worker does: each request the database server
// receives is one round trip of a page view.
let database: TestDatabase;
let remote: Awaited<ReturnType<typeof connectOverHttp>>;
let app: Awaited<ReturnType<typeof createTestApp>>;
const clock = createTestClock();
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z"));
  remote = await connectOverHttp(database.url);
  app = await createTestApp({ db: remote.db, clock });
});
afterEach(async () => {
  await remote.close();
  database.cleanup();
});

/** Views `path` (the whole document) and answers with its status and the database round trips it took. */
async function view(path: string, cookie?: string) {
  const before = remote.requests;
  const response = await app.get(path, { cookie });
  await response.text();
  return { status: response.status, roundTrips: remote.requests - before };
}

/** A listed specialist with two session types and open times, so a profile has something in every section. */
async function listedSpecialist() {
  const { specialist } = await createSpecialist(database.db, { timezone: "Europe/Berlin" });
  await createSessionType(database.db, specialist.id, { title: "Intro", minutes: 30 });
  await createSessionType(database.db, specialist.id, { title: "Deep dive", minutes: 90 });
  await database.db
    .insert(availabilityWindows)
    .values([1, 2, 3, 4, 5].map((weekday) => ({ specialistId: specialist.id, weekday, startMinute: 540, endMinute: 1020 })));
  await extendAllHorizons({ db: database.db, clock });
  return specialist;
}

/** A signed-in user with an unread notification, so the bell has a number to read. */
async function signedIn(userId: string) {
  await database.db.insert(notifications).values({
    userId,
    kind: "booking-confirmed",
    channel: "in_app",
    subjectType: "booking",
    subjectId: `unread-${userId}`,
    payload: {},
    sendAt: clock.now(),
    status: "sent",
  });
  const { token } = await createSession(database.db, userId, clock.now());
  return `session=${token}`;
}

// A database server runs in-process for these, on a machine shared with other suites.
describe("a page view takes at most 2 database round trips", { timeout: concurrencyTestLimitMs }, () => {
  test("a profile, signed out and signed in", async () => {
    const specialist = await listedSpecialist();
    const cookie = await signedIn((await createUser(database.db)).id);
    const signedOut = await view(`/s/${specialist.slug}`);
    const withSession = await view(`/s/${specialist.slug}`, cookie);
    // A client-side navigation: single fetch's one request for the root's and the route's data.
    const navigation = await view(`/s/${specialist.slug}.data`, cookie);
    for (const page of [signedOut, withSession, navigation]) {
      expect(page.status).toBe(200);
      expect(page.roundTrips).toBeLessThanOrEqual(2);
    }
  });

  test("home, the directory (filtered and searched) and a booking page, signed out and signed in", async () => {
    const specialist = await listedSpecialist();
    const cookie = await signedIn((await createUser(database.db)).id);
    const [sessionType] = await database.db.select().from(sessionTypes).where(eq(sessionTypes.specialistId, specialist.id)).limit(1);
    const paths = ["/", "/specialists", "/specialists?q=intro&sort=price", `/s/${specialist.slug}/book/${sessionType!.id}`];
    // The first directory view may fetch the exchange rates once; every later one reads them with the page.
    await view("/specialists");
    for (const path of paths) {
      for (const visitor of [undefined, cookie]) {
        const page = await view(path, visitor);
        expect({ path, status: page.status }).toEqual({ path, status: 200 });
        expect(page.roundTrips, `${path} ${visitor ? "signed in" : "signed out"}`).toBeLessThanOrEqual(2);
      }
    }
  });

  test("the bookings list and a booking's page, as customer and as specialist", async () => {
    const parties = await givenParties(database.db);
    const booking = await givenBooking(database.db, parties, new Date("2026-06-03T09:00:00Z"));
    await database.db.insert(bookingEvents).values({ bookingId: booking.id, toStatus: "confirmed", actor: "customer", at: clock.now() });
    for (const userId of [parties.customer.id, parties.specialistUser.id]) {
      const cookie = await signedIn(userId);
      for (const path of ["/bookings", "/bookings?when=past", `/bookings/${booking.id}`]) {
        const page = await view(path, cookie);
        expect({ path, ...page }).toEqual({ path, status: 200, roundTrips: expect.any(Number) });
        expect(page.roundTrips, path).toBeLessThanOrEqual(2);
      }
    }
  });

  test("a signed-in view of a page without reads of its own: one round trip for the session and the bell", async () => {
    const cookie = await signedIn((await createUser(database.db)).id);
    expect(await view("/reset-password/done", cookie)).toEqual({ status: 200, roundTrips: 1 });
    expect(await view("/reset-password/done")).toEqual({ status: 200, roundTrips: 0 });
  });
});
