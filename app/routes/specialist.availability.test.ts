import { asc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist, createUser } from "../../db/factories";
import { availabilityOverrides, availabilityWindows, blockedTimes, slots, type Specialist } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { createSession } from "../domain/auth/sessions.server";

const path = "/specialist/availability";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
const clock = createTestClock();
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z")); // 14:00 in Berlin
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

async function cookieFor(userId: string) {
  const { token } = await createSession(database.db, userId, clock.now());
  return `session=${token}`;
}

/** A published specialist in Berlin with Monday 09:00–12:00 + 13:00–17:00 and Sunday evening until midnight. */
async function berlinSpecialist() {
  const { user, specialist } = await createSpecialist(database.db, { timezone: "Europe/Berlin" });
  await database.db.insert(availabilityWindows).values([
    { specialistId: specialist.id, weekday: 1, startMinute: 540, endMinute: 720 },
    { specialistId: specialist.id, weekday: 1, startMinute: 780, endMinute: 1020 },
    { specialistId: specialist.id, weekday: 7, startMinute: 1200, endMinute: 1440 },
  ]);
  return { user, specialist, cookie: await cookieFor(user.id) };
}

async function windowsOf(specialist: Specialist) {
  return database.db
    .select({
      weekday: availabilityWindows.weekday,
      startMinute: availabilityWindows.startMinute,
      endMinute: availabilityWindows.endMinute,
    })
    .from(availabilityWindows)
    .where(eq(availabilityWindows.specialistId, specialist.id))
    .orderBy(asc(availabilityWindows.weekday), asc(availabilityWindows.startMinute));
}

async function overridesOf(specialist: Specialist) {
  return database.db
    .select({
      date: availabilityOverrides.date,
      startMinute: availabilityOverrides.startMinute,
      endMinute: availabilityOverrides.endMinute,
    })
    .from(availabilityOverrides)
    .where(eq(availabilityOverrides.specialistId, specialist.id))
    .orderBy(asc(availabilityOverrides.date), asc(availabilityOverrides.startMinute));
}

async function blockedOf(specialist: Specialist) {
  return database.db.select().from(blockedTimes).where(eq(blockedTimes.specialistId, specialist.id));
}

// ---------------------------------------------------------------------------------------------
// Reading the page the way a browser without JavaScript does

/** React escapes text and attributes; tests compare with the characters a person reads. */
function unescape(html: string) {
  return html.replaceAll("&#x27;", "'").replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

/** What a person reads: tags and React's text separators removed. */
function text(html: string) {
  return unescape(html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ");
}

function attributes(tag: string) {
  return Object.fromEntries([...tag.matchAll(/\s([\w-]+)(?:="([^"]*)")?/g)].map((m) => [m[1]!, unescape(m[2] ?? "")]));
}

function formHtml(html: string, id: string) {
  const start = html.indexOf(`id="${id}"`);
  expect(start, `form #${id}`).toBeGreaterThan(-1);
  return html.slice(html.lastIndexOf("<form", start), html.indexOf("</form>", start));
}

/** The fields a browser submits for form #id: enabled inputs, checked boxes only, no buttons. */
function formFields(html: string, id: string): [string, string][] {
  const fields: [string, string][] = [];
  for (const [tag] of formHtml(html, id).matchAll(/<input[^>]*>/g)) {
    const input = attributes(tag);
    if (!input.name || "disabled" in input) continue;
    if ((input.type === "checkbox" || input.type === "radio") && !("checked" in input)) continue;
    fields.push([input.name, input.value ?? (input.type === "checkbox" ? "on" : "")]);
  }
  return fields;
}

/** The name/value a submit button adds, found by the words on it (screen-reader text included). */
function button(html: string, id: string, label: string): [string, string] {
  const found = [...formHtml(html, id).matchAll(/<button([^>]*)>([\s\S]*?)<\/button>/g)].find((m) => text(m[2]!).trim() === label);
  expect(found, `button “${label}”`).toBeDefined();
  const { name, value } = attributes(found![1]!);
  return [name ?? "", value ?? ""];
}

function inputValue(html: string, name: string) {
  const tag = html.match(new RegExp(`<input[^>]* name="${name.replace(/[[\].]/g, "\\$&")}"[^>]*>`))?.[0];
  return tag ? attributes(tag).value : undefined;
}

/** Posts form #id as shown in `html`, with `changes` applied and the clicked button's name/value. */
function submit(html: string, id: string, cookie: string, options: { changes?: Record<string, string>; click?: [string, string] } = {}) {
  const fields = new URLSearchParams(formFields(html, id));
  for (const [name, value] of Object.entries(options.changes ?? {})) fields.set(name, value);
  if (options.click) fields.append(...options.click);
  return app.request(path, {
    method: "POST",
    body: fields,
    headers: { cookie, "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded" },
  });
}

async function page(cookie: string, location = path) {
  const response = await app.get(location, { cookie });
  expect(response.status).toBe(200);
  return response.text();
}

// ---------------------------------------------------------------------------------------------

describe("access", () => {
  test("anonymous visitors log in first, and their posts change nothing", async () => {
    const { specialist } = await berlinSpecialist();
    for (const response of [await app.get(path), await app.post(path, { section: "weekly" })]) {
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(`/login?${new URLSearchParams({ redirectTo: path })}`);
    }
    expect(await windowsOf(specialist)).toHaveLength(3);
  });

  test.each(["customer", "admin"] as const)("a %s gets 403 and changes nothing", async (role) => {
    const { specialist } = await berlinSpecialist();
    const user = await createUser(database.db, { role });
    const cookie = await cookieFor(user.id);
    expect((await app.get(path, { cookie })).status).toBe(403);
    const response = await app.post(path, { section: "override", date: "2026-06-10", mode: "unavailable" }, { cookie });
    expect(response.status).toBe(403);
    expect(await database.db.select().from(availabilityOverrides)).toEqual([]);
    expect(await windowsOf(specialist)).toHaveLength(3);
  });

  test("a specialist without a profile is sent to create one", async () => {
    const user = await createUser(database.db, { role: "specialist" });
    const cookie = await cookieFor(user.id);
    for (const response of [await app.get(path, { cookie }), await app.post(path, { section: "weekly" }, { cookie })]) {
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe("/specialist/profile");
    }
  });
});

describe("weekly hours", () => {
  test("shows each day's hours in the specialist's zone, Monday first, 24:00 as “until midnight”", async () => {
    const { cookie } = await berlinSpecialist();
    const html = await page(cookie);
    expect(text(html)).toContain("Times are in Europe/Berlin — change it in your profile");
    expect(text(html).indexOf("Monday")).toBeLessThan(text(html).indexOf("Sunday"));
    expect(formFields(html, "weekly-hours")).toEqual([
      ["section", "weekly"],
      ["monday[0].start", "09:00"],
      ["monday[0].end", "12:00"],
      ["monday[1].start", "13:00"],
      ["monday[1].end", "17:00"],
      ["sunday[0].start", "20:00"],
      ["sunday[0].end", ""],
      ["sunday[0].untilMidnight", "on"],
    ]);
  });

  test("without JavaScript, “Add hours” and “Remove” re-render the edited rows and save nothing", async () => {
    const { specialist, cookie } = await berlinSpecialist();
    const before = await windowsOf(specialist);
    let html = await page(cookie);

    const added = await submit(html, "weekly-hours", cookie, { click: button(html, "weekly-hours", "Add hours on Tuesday") });
    expect(added.status).toBe(200);
    html = await added.text();
    expect(inputValue(html, "tuesday[0].start")).toBe("09:00");
    expect(inputValue(html, "tuesday[0].end")).toBe("17:00");
    expect(inputValue(html, "monday[1].start")).toBe("13:00");

    // Edit the new row, then remove Monday's first window: the edit survives the round trip.
    const removed = await submit(html, "weekly-hours", cookie, {
      changes: { "tuesday[0].end": "15:30" },
      click: button(html, "weekly-hours", "Remove Monday, hours 1"),
    });
    expect(removed.status).toBe(200);
    html = await removed.text();
    expect(inputValue(html, "monday[0].start")).toBe("13:00");
    expect(inputValue(html, "monday[1].start")).toBeUndefined();
    expect(inputValue(html, "tuesday[0].end")).toBe("15:30");
    expect(text(html)).not.toContain("Weekly hours saved");

    expect(await windowsOf(specialist)).toEqual(before);

    // Saving what is on screen stores exactly that.
    const saved = await submit(html, "weekly-hours", cookie);
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`${path}?saved=weekly`);
    expect(await windowsOf(specialist)).toEqual([
      { weekday: 1, startMinute: 780, endMinute: 1020 },
      { weekday: 2, startMinute: 540, endMinute: 930 },
      { weekday: 7, startMinute: 1200, endMinute: 1440 },
    ]);
    expect(text(await page(cookie, saved.headers.get("location")!))).toContain("Weekly hours saved.");
  });

  test("without JavaScript, “Copy Monday” copies the rows as typed to Tuesday–Friday, unsaved", async () => {
    const { specialist, cookie } = await berlinSpecialist();
    let html = await page(cookie);
    const response = await submit(html, "weekly-hours", cookie, {
      changes: { "monday[1].end": "18:00" },
      click: button(html, "weekly-hours", "Copy Monday to Tuesday–Friday"),
    });
    expect(response.status).toBe(200);
    html = await response.text();
    for (const day of ["tuesday", "wednesday", "thursday", "friday"]) {
      expect([inputValue(html, `${day}[0].start`), inputValue(html, `${day}[1].end`)], day).toEqual(["09:00", "18:00"]);
    }
    expect(inputValue(html, "saturday[0].start")).toBeUndefined();
    expect(inputValue(html, "sunday[0].start")).toBe("20:00");
    expect(await windowsOf(specialist)).toHaveLength(3);
  });

  test("saving replaces the week and rebuilds the specialist's slots", async () => {
    const { specialist, cookie } = await berlinSpecialist();
    await createSessionType(database.db, specialist.id, { minutes: 60 });
    const response = await app.post(
      path,
      {
        section: "weekly",
        "wednesday[0].start": "10:00",
        "wednesday[0].end": "12:00",
        "saturday[0].start": "22:00",
        "saturday[0].untilMidnight": "on",
      },
      { cookie },
    );
    expect(response.status).toBe(302);
    expect(await windowsOf(specialist)).toEqual([
      { weekday: 3, startMinute: 600, endMinute: 720 },
      { weekday: 6, startMinute: 1320, endMinute: 1440 },
    ]);
    const open = await database.db.select().from(slots).where(eq(slots.specialistId, specialist.id));
    expect(open.length).toBeGreaterThan(0);
    // Wednesday 10:00 Berlin (summer time) is 08:00 UTC.
    expect(open.some((slot) => slot.startsAt.toISOString() === "2026-06-03T08:00:00.000Z")).toBe(true);
  });

  test.each<{ problem: string; fields: Record<string, string>; message: string }>([
    {
      problem: "overlapping windows",
      fields: { "monday[0].start": "09:00", "monday[0].end": "12:00", "monday[1].start": "11:00", "monday[1].end": "13:00" },
      message: "09:00–12:00 overlaps 11:00–13:00 on Monday.",
    },
    {
      problem: "a window ending before it starts",
      fields: { "thursday[0].start": "13:00", "thursday[0].end": "09:00" },
      message: "Ends before it starts (13:00–09:00 on Thursday).",
    },
    {
      problem: "a time off the 5-minute grid",
      fields: { "friday[0].start": "09:07", "friday[0].end": "10:00" },
      message: "Use 5-minute steps, e.g. 09:05 or 09:10.",
    },
    {
      problem: "a time that isn't one",
      fields: { "friday[0].start": "25:00", "friday[0].end": "26:00" },
      message: "“25:00” isn't a time of day: use 00:00 to 24:00.",
    },
  ])("refuses $problem next to the row, writes nothing and keeps the input", async ({ fields, message }) => {
    const { specialist, cookie } = await berlinSpecialist();
    const before = await windowsOf(specialist);
    const response = await app.post(path, { section: "weekly", ...fields }, { cookie });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(text(html)).toContain(message);
    for (const [name, value] of Object.entries(fields)) expect(inputValue(html, name), name).toBe(value);
    expect(await windowsOf(specialist)).toEqual(before);
  });

  test("an error is rendered inside its own row, tied to its input", async () => {
    const { cookie } = await berlinSpecialist();
    const response = await app.post(
      path,
      { section: "weekly", "monday[0].start": "09:00", "monday[0].end": "12:00", "monday[1].start": "13:00", "monday[1].end": "12:30" },
      { cookie },
    );
    const html = await response.text();
    const rows = [...formHtml(html, "weekly-hours").matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)].map((m) => m[1]!);
    expect(text(rows[0]!)).not.toContain("Ends before it starts");
    expect(text(rows[1]!)).toContain("Ends before it starts (13:00–12:30 on Monday).");
    const endInput = attributes(rows[1]!.match(/<input[^>]* name="monday\[1\]\.end"[^>]*>/)![0]);
    expect(endInput["aria-invalid"]).toBe("true");
    expect(rows[1]).toContain(`id="${endInput["aria-describedby"]}"`);
  });
});

describe("date overrides", () => {
  test("marks a date unavailable all day and lists it", async () => {
    const { specialist, cookie } = await berlinSpecialist();
    const html = await page(cookie);
    const response = await submit(html, "date-override", cookie, { changes: { date: "2026-06-10", mode: "unavailable" } });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${path}?saved=override`);
    expect(await overridesOf(specialist)).toEqual([{ date: "2026-06-10", startMinute: null, endMinute: null }]);
    const after = text(await page(cookie, response.headers.get("location")!));
    expect(after).toContain("Date override saved.");
    expect(after).toContain("Wednesday 10 June 2026 Unavailable all day");
  });

  test("sets a date's own hours, replacing an earlier override of that date", async () => {
    const { specialist, cookie } = await berlinSpecialist();
    await app.post(path, { section: "override", date: "2026-06-10", mode: "unavailable" }, { cookie });
    let html = await page(cookie);
    const added = await submit(html, "date-override", cookie, { click: button(html, "date-override", "Add hours on that date") });
    expect(added.status).toBe(200);
    html = await added.text();
    expect(formFields(html, "date-override").map(([name]) => name)).toEqual([
      "section",
      "date",
      "mode",
      "windows[0].start",
      "windows[0].end",
      "windows[1].start",
      "windows[1].end",
    ]);
    const response = await submit(html, "date-override", cookie, {
      changes: {
        date: "2026-06-10",
        mode: "hours",
        "windows[0].start": "08:00",
        "windows[0].end": "10:00",
        "windows[1].start": "15:00",
        "windows[1].end": "17:00",
      },
    });
    expect(response.status).toBe(302);
    expect(await overridesOf(specialist)).toEqual([
      { date: "2026-06-10", startMinute: 480, endMinute: 600 },
      { date: "2026-06-10", startMinute: 900, endMinute: 1020 },
    ]);
    expect(text(await page(cookie))).toContain("Wednesday 10 June 2026 08:00–10:00, 15:00–17:00");
  });

  test.each([
    ["2026-02-30", "2026-02-30 isn't a date on the calendar."],
    ["2026-13-01", "2026-13-01 isn't a date on the calendar."],
    ["2026-05-31", "Sunday 31 May 2026 is in the past."],
  ])("refuses %s and writes nothing", async (date, message) => {
    const { specialist, cookie } = await berlinSpecialist();
    const response = await app.post(path, { section: "override", date, mode: "unavailable" }, { cookie });
    expect(response.status).toBe(400);
    expect(text(await response.text())).toContain(message);
    expect(await overridesOf(specialist)).toEqual([]);
  });

  test("today counts in the specialist's zone, not in UTC", async () => {
    clock.set(new Date("2026-06-01T23:30:00Z")); // already 2 June in Berlin
    const { specialist, cookie } = await berlinSpecialist();
    const response = await app.post(path, { section: "override", date: "2026-06-01", mode: "unavailable" }, { cookie });
    expect(response.status).toBe(400);
    expect(text(await response.text())).toContain("Monday 1 June 2026 is in the past.");
    expect((await app.post(path, { section: "override", date: "2026-06-02", mode: "unavailable" }, { cookie })).status).toBe(302);
    expect(await overridesOf(specialist)).toEqual([{ date: "2026-06-02", startMinute: null, endMinute: null }]);
  });

  test("removes one's own override; another specialist's override id is a 404 and nothing changes", async () => {
    const { specialist, cookie } = await berlinSpecialist();
    const other = await createSpecialist(database.db, { timezone: "Asia/Tokyo" });
    const [theirs] = await database.db
      .insert(availabilityOverrides)
      .values({ specialistId: other.specialist.id, date: "2026-06-10", startMinute: null, endMinute: null })
      .returning();
    const [mine] = await database.db
      .insert(availabilityOverrides)
      .values({ specialistId: specialist.id, date: "2026-06-10", startMinute: null, endMinute: null })
      .returning();

    const refused = await app.post(path, { section: "remove-override", overrideId: theirs!.id }, { cookie });
    expect(refused.status).toBe(404);
    expect(await overridesOf(other.specialist)).toHaveLength(1);
    expect(await overridesOf(specialist)).toHaveLength(1);
    expect((await app.post(path, { section: "remove-override", overrideId: "no-such-id" }, { cookie })).status).toBe(404);

    const response = await app.post(path, { section: "remove-override", overrideId: mine!.id }, { cookie });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${path}?saved=override-removed`);
    expect(await overridesOf(specialist)).toEqual([]);
    expect(await overridesOf(other.specialist)).toHaveLength(1);
  });
});

describe("blocked time", () => {
  test("stores local Berlin times as UTC and lists them", async () => {
    const { specialist, cookie } = await berlinSpecialist();
    const html = await page(cookie);
    const response = await submit(html, "blocked-time", cookie, {
      changes: { startLocal: "2026-06-03T14:00", endLocal: "2026-06-03T16:30", reason: "Dentist" },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${path}?saved=blocked`);
    const [row] = await blockedOf(specialist);
    expect(row).toMatchObject({
      startsAt: new Date("2026-06-03T12:00:00Z"),
      endsAt: new Date("2026-06-03T14:30:00Z"),
      reason: "Dentist",
    });
    const after = text(await page(cookie, response.headers.get("location")!));
    expect(after).toContain("Blocked time added.");
    expect(after).toContain("Wed 3 Jun 2026, 14:00 – 16:30");
    expect(after).toContain("Dentist");
  });

  test("refuses a time inside the spring-forward gap, and writes nothing", async () => {
    const { specialist, cookie } = await berlinSpecialist();
    const response = await app.post(
      path,
      { section: "blocked", startLocal: "2027-03-28T02:30", endLocal: "2027-03-28T05:00", reason: "" },
      { cookie },
    );
    expect(response.status).toBe(400);
    expect(text(await response.text())).toContain(
      "Sunday 28 March 2027, 02:30 doesn't exist in Europe/Berlin: the clocks skip ahead that night. Choose a time outside the gap.",
    );
    expect(await blockedOf(specialist)).toEqual([]);
  });

  test.each([
    ["2026-06-03T16:00", "2026-06-03T14:00", "Ends before it starts."],
    ["2026-06-03T00:00", "2026-07-05T00:00", "Blocked time can last at most 31 days."],
    ["2026-05-30T10:00", "2026-05-31T10:00", "That time is already over."],
  ])("refuses %s – %s", async (startLocal, endLocal, message) => {
    const { specialist, cookie } = await berlinSpecialist();
    const response = await app.post(path, { section: "blocked", startLocal, endLocal }, { cookie });
    expect(response.status).toBe(400);
    expect(text(await response.text())).toContain(message);
    expect(await blockedOf(specialist)).toEqual([]);
  });

  test("removes one's own blocked time; another specialist's id is a 404 and nothing changes", async () => {
    const { specialist, cookie } = await berlinSpecialist();
    const other = await createSpecialist(database.db);
    const span = { startsAt: new Date("2026-06-05T08:00:00Z"), endsAt: new Date("2026-06-05T10:00:00Z") };
    const [theirs] = await database.db
      .insert(blockedTimes)
      .values({ specialistId: other.specialist.id, ...span })
      .returning();
    const [mine] = await database.db
      .insert(blockedTimes)
      .values({ specialistId: specialist.id, ...span })
      .returning();

    expect((await app.post(path, { section: "remove-blocked", blockedTimeId: theirs!.id }, { cookie })).status).toBe(404);
    expect(await blockedOf(other.specialist)).toHaveLength(1);

    const response = await app.post(path, { section: "remove-blocked", blockedTimeId: mine!.id }, { cookie });
    expect(response.status).toBe(302);
    expect(await blockedOf(specialist)).toEqual([]);
    expect(await blockedOf(other.specialist)).toHaveLength(1);
  });
});

test("a form the page doesn't know, or a garbled list intent, is a 400 that changes nothing", async () => {
  const { specialist, cookie } = await berlinSpecialist();
  expect((await app.post(path, { section: "something-else" }, { cookie })).status).toBe(400);
  expect((await app.post(path, {}, { cookie })).status).toBe(400);
  for (const intent of ["not json", JSON.stringify({ type: "insert", payload: { name: "section" } })]) {
    const response = await app.post(path, { section: "weekly", __intent__: intent }, { cookie });
    expect(response.status, intent).toBe(400);
  }
  expect(await windowsOf(specialist)).toHaveLength(3);
});
