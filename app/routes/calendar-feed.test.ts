// The calendar feed through the app: turned on, rotated and off in settings; fetched without a
// session by a calendar app; every wrong address the same bare 404.
import { afterEach, beforeEach, expect, test } from "vitest";
import { createSessionType, createSpecialist, createUser } from "../../db/factories";
import { bookings, type User } from "../../db/schema";
import { createTestApp, signedInCookie } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { visibleText } from "../../tests/html";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let customer: User;
let cookie: string;
const clock = createTestClock();
const origin = "https://specialistly.example";
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z"));
  app = await createTestApp({ db: database.db, clock, env: { APP_URL: origin } });
  customer = await createUser(database.db, { name: "Cara Customer" });
  cookie = await signedInCookie(database.db, customer.id, clock.now());
});
afterEach(() => database.cleanup());

/** The feed's https address as the settings page shows it. */
async function shownFeedUrl() {
  const html = await (await app.get("/settings/calendar", { cookie })).text();
  return html.match(/value="(https:\/\/specialistly\.example\/calendar-feed\/[^"]+\.ics)"/)?.[1];
}

test("turned on in settings, the feed answers a calendar app with the user's booking; rotating makes the old address 404 at once", async () => {
  const { specialist } = await createSpecialist(database.db, { displayName: "Greta Berg" });
  const type = await createSessionType(database.db, specialist.id, { title: "Career check-in", minutes: 60 });
  await database.db.insert(bookings).values({
    specialistId: specialist.id,
    customerId: customer.id,
    sessionTypeId: type.id,
    startsAt: new Date("2026-06-02T07:00:00Z"),
    endsAt: new Date("2026-06-02T08:00:00Z"),
    status: "confirmed",
    priceMinor: 0,
    currency: "EUR",
    customerTimezone: "UTC",
  });

  expect(visibleText(await (await app.get("/settings/calendar", { cookie })).text())).toContain("Turn on the calendar feed");
  expect(await shownFeedUrl()).toBeUndefined();
  const enabled = await app.post("/settings/calendar", { intent: "enable" }, { cookie });
  expect(enabled.status).toBe(302);
  expect(enabled.headers.get("location")).toBe("/settings/calendar?feed=on");
  const url = (await shownFeedUrl())!;
  expect(url).toMatch(/\/calendar-feed\/[A-Za-z0-9_-]{43}\.ics$/);
  const page = await (await app.get("/settings/calendar", { cookie })).text();
  expect(page).toContain(`href="${url.replace("https:", "webcal:")}"`);

  // A calendar app has no session.
  const response = await app.get(new URL(url).pathname);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
  expect(response.headers.get("cache-control")).toBe("private, max-age=300");
  const body = (await response.text()).replaceAll("\r\n ", "");
  expect(body).toContain("SUMMARY:Career check-in with Greta Berg");
  expect(body).toContain("DTSTART:20260602T070000Z");

  expect((await app.post("/settings/calendar", { intent: "rotate" }, { cookie })).headers.get("location")).toBe(
    "/settings/calendar?feed=rotated",
  );
  const rotated = (await shownFeedUrl())!;
  expect(rotated).not.toBe(url);
  expect((await app.get(new URL(url).pathname)).status).toBe(404);
  expect((await app.get(new URL(rotated).pathname)).status).toBe(200);

  await app.post("/settings/calendar", { intent: "disable" }, { cookie });
  expect(await shownFeedUrl()).toBeUndefined();
  expect((await app.get(new URL(rotated).pathname)).status).toBe(404);
});

test("unknown, malformed and extension-less feed addresses are the same bare 404", async () => {
  await app.post("/settings/calendar", { intent: "enable" }, { cookie });
  const token = new URL((await shownFeedUrl())!).pathname
    .split("/")
    .pop()!
    .replace(/\.ics$/, "");
  const answers = [];
  for (const path of [
    "/calendar-feed/unknown.ics",
    `/calendar-feed/${"A".repeat(43)}.ics`,
    `/calendar-feed/${token}`,
    `/calendar-feed/${token}.ICS`,
  ]) {
    const response = await app.get(path);
    answers.push({ status: response.status, body: await response.text() });
  }
  expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
  expect(answers[0]!.status).toBe(404);
});

test("a settings POST without a known intent is a 400 and changes nothing", async () => {
  expect((await app.post("/settings/calendar", { intent: "delete-everything" }, { cookie })).status).toBe(400);
  expect((await app.post("/settings/calendar", {}, { cookie })).status).toBe(400);
  expect(await shownFeedUrl()).toBeUndefined();
});
