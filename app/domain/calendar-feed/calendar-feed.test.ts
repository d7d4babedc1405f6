// The personal calendar feed: the user's sessions in both roles, cancellations marked, only
// through the current token of an active user, as valid RFC 5545 text.
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist, createUser } from "../../../db/factories";
import { bookings, users, type Booking } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { calendarUid } from "../booking/ics";
import { disableFeed, enableFeed, feedCalendar, feedUrls, newFeedToken, rotateFeed } from "./calendar-feed.server";

const origin = "https://specialistly.example";
const now = new Date("2026-06-01T12:00:00Z");
const dayMs = 24 * 60 * 60_000;

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

const context = () => ({ db: database.db, clock: createTestClock(now) });
const feed = (token: string) => feedCalendar(context(), token, origin);

/** Unfolded content lines of a calendar. */
const unfolded = (calendar: string) => calendar.replaceAll("\r\n ", "").split("\r\n");
/** Each VEVENT as its unfolded lines. */
function eventsOf(calendar: string) {
  return unfolded(calendar)
    .join("\n")
    .split("BEGIN:VEVENT\n")
    .slice(1)
    .map((event) => event.split("\n"));
}
const field = (event: string[], name: string) => event.find((line) => line.startsWith(`${name}:`))?.slice(name.length + 1);

/** Sam: a specialist (in Berlin) who also books another specialist, Olga, as a customer. */
async function given() {
  const { user: sam, specialist: samAsSpecialist } = await createSpecialist(database.db, {
    displayName: "Sam Specialist",
    user: { name: "Sam Specialist" },
  });
  const { specialist: olga } = await createSpecialist(database.db, { displayName: "Olga Other", user: { name: "Olga Other" } });
  const samsType = await createSessionType(database.db, samAsSpecialist.id, { title: "Career check-in", minutes: 60 });
  const olgasType = await createSessionType(database.db, olga.id, { title: "Portfolio review", minutes: 60 });
  const carla = await createUser(database.db, { name: "Carla Customer" });
  const book = async (values: Partial<Booking> & Pick<Booking, "specialistId" | "customerId" | "sessionTypeId" | "startsAt">) => {
    const [row] = await database.db
      .insert(bookings)
      .values({
        endsAt: new Date(values.startsAt.getTime() + 60 * 60_000),
        status: "confirmed",
        priceMinor: 0,
        currency: "EUR",
        customerTimezone: "UTC",
        ...values,
      })
      .returning();
    return row!;
  };
  return { sam, samAsSpecialist, olga, samsType, olgasType, carla, book };
}

describe("the calendar feed", () => {
  test("lists the user's sessions as customer and as specialist, in UTC, with cancellations marked and nobody else's", async () => {
    const { sam, samAsSpecialist, olga, samsType, olgasType, carla, book } = await given();
    const asSpecialist = await book({
      specialistId: samAsSpecialist.id,
      customerId: carla.id,
      sessionTypeId: samsType.id,
      startsAt: new Date("2026-06-02T07:30:00Z"),
      meetingUrl: "https://meet.jit.si/specialistly-room",
      topic: "Salary talk",
    });
    const asCustomer = await book({
      specialistId: olga.id,
      customerId: sam.id,
      sessionTypeId: olgasType.id,
      startsAt: new Date("2026-06-03T15:00:00Z"),
      meetingProvider: "zoom",
      meetingUrl: "https://zoom.example/j/81234567890?pwd=abc",
      meetingId: "81234567890",
      meetingPasscode: "k3yP4ss",
    });
    const cancelled = await book({
      specialistId: samAsSpecialist.id,
      customerId: carla.id,
      sessionTypeId: samsType.id,
      startsAt: new Date("2026-06-04T09:00:00Z"),
      status: "cancelled",
      sequence: 2,
    });
    const lastWeek = await book({
      specialistId: samAsSpecialist.id,
      customerId: carla.id,
      sessionTypeId: samsType.id,
      startsAt: new Date(now.getTime() - 7 * dayMs),
      status: "completed",
    });
    // Not in the feed: a hold waiting for payment, a session over 30 days ago, someone else's booking.
    await book({
      specialistId: samAsSpecialist.id,
      customerId: carla.id,
      sessionTypeId: samsType.id,
      startsAt: new Date("2026-06-05T09:00:00Z"),
      status: "pending_payment",
    });
    await book({
      specialistId: samAsSpecialist.id,
      customerId: carla.id,
      sessionTypeId: samsType.id,
      startsAt: new Date(now.getTime() - 31 * dayMs),
    });
    const stranger = await createUser(database.db);
    await book({ specialistId: olga.id, customerId: stranger.id, sessionTypeId: olgasType.id, startsAt: new Date("2026-06-02T09:00:00Z") });

    const calendar = await feed(await enableFeed(database.db, sam.id));
    expect(calendar).not.toBeNull();
    expect(unfolded(calendar!)).toEqual(expect.arrayContaining(["BEGIN:VCALENDAR", "X-WR-CALNAME:Specialistly sessions", "END:VCALENDAR"]));
    const events = eventsOf(calendar!);
    expect(events.map((event) => field(event, "UID"))).toEqual(
      [lastWeek, asSpecialist, asCustomer, cancelled].map((booking) => calendarUid(booking.id, origin)),
    );
    const [past, mine, theirs, off] = events as [string[], string[], string[], string[]];
    // As specialist the other party is the customer; as customer, the specialist.
    expect(field(mine, "SUMMARY")).toBe("Career check-in with Carla Customer");
    expect(field(mine, "DTSTART")).toBe("20260602T073000Z");
    expect(field(mine, "DTEND")).toBe("20260602T083000Z");
    expect(field(mine, "LOCATION")).toBe("https://meet.jit.si/specialistly-room");
    expect(field(mine, "STATUS")).toBe("CONFIRMED");
    expect(field(theirs, "SUMMARY")).toBe("Portfolio review with Olga Other");
    expect(field(theirs, "DESCRIPTION")).toContain(
      "Zoom meeting: https://zoom.example/j/81234567890?pwd=abc\\nMeeting ID: 81234567890\\nPasscode: k3yP4ss",
    );
    expect(field(off, "STATUS")).toBe("CANCELLED");
    expect(field(off, "SEQUENCE")).toBe("2");
    expect(field(off, "LOCATION")).toBeUndefined();
    expect(field(past, "STATUS")).toBe("CONFIRMED");
  });

  test("folds long lines at 75 octets and escapes text as RFC 5545 asks", async () => {
    const { sam, samAsSpecialist, samsType, carla, book } = await given();
    await database.db.update(users).set({ name: "Zoë Ünal; Müller, Jr." }).where(eq(users.id, carla.id));
    await book({
      specialistId: samAsSpecialist.id,
      customerId: carla.id,
      sessionTypeId: samsType.id,
      startsAt: new Date("2026-06-02T07:30:00Z"),
      topic: "Pricing, positioning; and\na long line of ünïcödé text that certainly needs folding across lines",
    });
    const calendar = (await feed(await enableFeed(database.db, sam.id)))!;
    expect(calendar.endsWith("\r\n")).toBe(true);
    expect(calendar.replace(/\r\n/g, "").includes("\n")).toBe(false);
    for (const line of calendar.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    const [event] = eventsOf(calendar);
    expect(field(event!, "SUMMARY")).toBe("Career check-in with Zoë Ünal\\; Müller\\, Jr.");
    expect(field(event!, "DESCRIPTION")).toContain(
      "Topic: Pricing\\, positioning\\; and\\na long line of ünïcödé text that certainly needs folding across lines",
    );
  });
});

describe("the feed's address", () => {
  test("is 32 random bytes in base64url, offered as https and webcal", () => {
    const token = newFeedToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newFeedToken()).not.toBe(token);
    expect(feedUrls(origin, token)).toEqual({
      https: `${origin}/calendar-feed/${token}.ics`,
      webcal: `webcal://specialistly.example/calendar-feed/${token}.ics`,
    });
  });

  test("turning on twice keeps the address; rotating ends the old one at once; turning off ends it", async () => {
    const { sam } = await given();
    const first = await enableFeed(database.db, sam.id);
    expect(await enableFeed(database.db, sam.id)).toBe(first);
    const second = await rotateFeed(database.db, sam.id);
    expect(second).not.toBe(first);
    expect(await feed(first)).toBeNull();
    expect(await feed(second)).not.toBeNull();
    await disableFeed(database.db, sam.id);
    expect(await feed(second)).toBeNull();
  });

  test("unknown, malformed and empty tokens find nothing, and a suspended or deleted user's feed stops", async () => {
    const { sam } = await given();
    const token = await enableFeed(database.db, sam.id);
    for (const bad of [newFeedToken(), "", "x", `${token}x`, token.slice(1), "' or 1=1 --"]) expect(await feed(bad)).toBeNull();
    for (const status of ["suspended", "deleted"] as const) {
      await database.db.update(users).set({ status }).where(eq(users.id, sam.id));
      expect(await feed(token)).toBeNull();
    }
  });
});
