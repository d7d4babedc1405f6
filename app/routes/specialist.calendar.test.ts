import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist, createUser } from "../../db/factories";
import { availabilityOverrides, availabilityWindows, blockedTimes, bookingRules, bookings } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { addDays, calendarWeek, isCalendarDate, mondayOf } from "../domain/availability/calendar-week";
import { rebuildSlotsForSpecialist } from "../domain/availability/slots.server";
import { createSession } from "../domain/auth/sessions.server";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
// Monday 1 June 2026, 12:00 UTC (17:45 in Kathmandu).
const clock = createTestClock(new Date("2026-06-01T12:00:00Z"));
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z"));
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

async function cookieFor(userId: string) {
  const { token } = await createSession(database.db, userId, clock.now());
  return `session=${token}`;
}

/** A specialist in Kathmandu (UTC+05:45) with Monday mornings open and a busy week of 8 June. */
async function givenKathmanduSpecialist() {
  const { user, specialist } = await createSpecialist(database.db, { timezone: "Asia/Kathmandu" });
  const db = database.db;
  await db.insert(bookingRules).values({ specialistId: specialist.id, slotIntervalMinutes: 30 });
  await db.insert(availabilityWindows).values([
    { specialistId: specialist.id, weekday: 1, startMinute: 9 * 60, endMinute: 12 * 60 },
    { specialistId: specialist.id, weekday: 2, startMinute: 9 * 60, endMinute: 12 * 60 },
  ]);
  await db.insert(availabilityOverrides).values([
    { specialistId: specialist.id, date: "2026-06-09", startMinute: null, endMinute: null },
    { specialistId: specialist.id, date: "2026-06-10", startMinute: 13 * 60, endMinute: 15 * 60 },
  ]);
  await db.insert(blockedTimes).values({
    specialistId: specialist.id,
    // Thursday 11 June, 14:00–15:30 in Kathmandu.
    startsAt: new Date("2026-06-11T08:15:00Z"),
    endsAt: new Date("2026-06-11T09:45:00Z"),
    reason: "Dentist",
  });
  const deepDive = await createSessionType(db, specialist.id, { title: "Deep dive", minutes: 60 });
  const quick = await createSessionType(db, specialist.id, { title: "Quick check-in", minutes: 30 });
  await createSessionType(db, specialist.id, { title: "Retired offer", minutes: 45, active: false });
  await rebuildSlotsForSpecialist({ db, clock }, specialist.id);

  const customer = await createUser(db, { name: "Priya Shrestha" });
  // Monday 8 June, 10:00–11:00 in Kathmandu, booked after the last rebuild.
  await db.insert(bookings).values({
    specialistId: specialist.id,
    customerId: customer.id,
    sessionTypeId: deepDive.id,
    startsAt: new Date("2026-06-08T04:15:00Z"),
    endsAt: new Date("2026-06-08T05:15:00Z"),
    status: "confirmed",
    priceMinor: deepDive.priceMinor,
    currency: deepDive.currency,
    customerTimezone: "Europe/London",
  });
  return { user, specialist, deepDive, quick };
}

/** The markup of one day's card. */
function dayCard(html: string, date: string) {
  const start = html.indexOf(`aria-labelledby="day-${date}"`);
  expect(start, `day ${date} is shown`).toBeGreaterThan(-1);
  const end = html.indexOf('aria-labelledby="day-', start + 1);
  return html.slice(start, end === -1 ? undefined : end);
}

const openTimes = (card: string) => [...card.matchAll(/tabular-nums[^>]*>(\d\d:\d\d)</g)].map((match) => match[1]);

describe("specialist calendar", () => {
  test("shows the week in the specialist's zone: overrides, blocked time, bookings and open times", async () => {
    const { user } = await givenKathmanduSpecialist();
    const response = await app.get("/specialist/calendar?week=2026-06-08", { cookie: await cookieFor(user.id) });
    expect(response.status).toBe(200);
    const html = await response.text();

    expect(html).toContain("8 – 14 Jun 2026");
    expect(html).toContain("Times in Kathmandu (GMT+5:45)");
    expect(html).toContain('href="/specialist/calendar?week=2026-06-01&amp;type=');
    expect(html).toContain('href="/specialist/calendar?week=2026-06-15&amp;type=');

    const monday = dayCard(html, "2026-06-08");
    expect(monday).toContain("10:00–11:00");
    expect(monday).toContain("Deep dive");
    expect(monday).toContain("Priya Shrestha");
    expect(monday).toContain("Confirmed");
    // Hour-long sessions on the hour and half hour, minus the ones the booking overlaps.
    expect(openTimes(monday)).toEqual(["09:00", "11:00"]);

    const tuesday = dayCard(html, "2026-06-09");
    expect(tuesday).toContain("Day off");
    expect(openTimes(tuesday)).toEqual([]);
    const wednesday = dayCard(html, "2026-06-10");
    expect(wednesday).toContain("Custom hours");
    expect(wednesday).toContain("13:00–15:00");
    expect(openTimes(wednesday)).toEqual(["13:00", "13:30", "14:00"]);
    const thursday = dayCard(html, "2026-06-11");
    expect(thursday).toContain("Blocked 14:00–15:30");
    expect(thursday).toContain("Dentist");
  });

  test("?type= picks the session type whose open times are listed", async () => {
    const { user, quick } = await givenKathmanduSpecialist();
    const html = await (
      await app.get(`/specialist/calendar?week=2026-06-08&type=${quick.id}`, { cookie: await cookieFor(user.id) })
    ).text();
    // 30-minute sessions fit on both sides of the 10:00–11:00 booking.
    expect(openTimes(dayCard(html, "2026-06-08"))).toEqual(["09:00", "09:30", "11:00", "11:30"]);
    expect(html).toContain("Retired offer (45 min) · inactive");
  });

  test("without ?week= it shows this week, and past times have no open slots", async () => {
    const { user } = await givenKathmanduSpecialist();
    clock.set(new Date("2026-06-08T03:00:00Z")); // Monday 8 June, 08:45 in Kathmandu
    const html = await (await app.get("/specialist/calendar", { cookie: await cookieFor(user.id) })).text();
    expect(html).toContain("8 – 14 Jun 2026");
    expect(html).toMatch(/aria-current="page"[^>]*>This week/);
    // Four hours' notice by default: nothing left to book this Monday.
    expect(openTimes(dayCard(html, "2026-06-08"))).toEqual([]);
  });

  test("any date stands for its week; a malformed week or unknown type is a 400 with a reason", async () => {
    const { user } = await givenKathmanduSpecialist();
    const cookie = await cookieFor(user.id);
    const sunday = await app.get("/specialist/calendar?week=2026-06-14", { cookie });
    expect(sunday.status).toBe(302);
    expect(sunday.headers.get("location")).toBe("/specialist/calendar?week=2026-06-08");

    for (const week of ["next-week", "2026-02-30", "1066-10-14"]) {
      const response = await app.get(`/specialist/calendar?week=${week}`, { cookie });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("Choose a week by its date, as YYYY-MM-DD");
    }
    const unknownType = await app.get("/specialist/calendar?week=2026-06-08&type=not-mine", { cookie });
    expect(unknownType.status).toBe(400);
    expect(await unknownType.text()).toContain("That session type isn&#x27;t one of yours.");
  });

  test("a week in which the clocks change names both offsets", async () => {
    const { user } = await createSpecialist(database.db, { timezone: "Europe/London" });
    const html = await (await app.get("/specialist/calendar?week=2026-03-23", { cookie: await cookieFor(user.id) })).text();
    expect(html).toContain("23 – 29 Mar 2026");
    expect(html).toContain("Times in London (GMT / GMT+1)");
    expect(html).toContain("You have no session types yet.");
  });

  test("a specialist without a profile is sent to create one", async () => {
    const user = await createUser(database.db, { role: "specialist" });
    const response = await app.get("/specialist/calendar", { cookie: await cookieFor(user.id) });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/specialist/profile");
  });

  test("customers are refused, visitors asked to log in", async () => {
    const customer = await createUser(database.db, { role: "customer" });
    expect((await app.get("/specialist/calendar", { cookie: await cookieFor(customer.id) })).status).toBe(403);
    const anonymous = await app.get("/specialist/calendar?week=2026-06-08");
    expect(anonymous.headers.get("location")).toBe(`/login?${new URLSearchParams({ redirectTo: "/specialist/calendar?week=2026-06-08" })}`);
  });
});

describe("calendar weeks", () => {
  test("dates, Mondays and week bounds across a DST change", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isCalendarDate("2026-6-1")).toBe(false);
    expect(mondayOf("2026-06-14")).toBe("2026-06-08");
    expect(mondayOf("2026-06-08")).toBe("2026-06-08");
    expect(addDays("2026-12-28", 7)).toBe("2027-01-04");
    // London springs forward on Sunday 29 March 2026: that week is an hour short.
    const week = calendarWeek("2026-03-23", "Europe/London");
    expect(week.startsAt.toISOString()).toBe("2026-03-23T00:00:00.000Z");
    expect(week.endsAt.toISOString()).toBe("2026-03-29T23:00:00.000Z");
    expect(week.dates.at(-1)).toBe("2026-03-29");
  });
});
