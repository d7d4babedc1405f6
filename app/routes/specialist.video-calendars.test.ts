import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createSpecialist } from "../../db/factories";
import { externalCalendars } from "../../db/schema";
import { createTestApp, signedInCookie } from "../../tests/app-handler";
import { visibleText } from "../../tests/html";
import { startGoogleStandIn, type GoogleStandIn } from "../../tests/stand-ins/google";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { runJob } from "../../jobs";
import { parseAppEnv } from "../env.server";

let google: GoogleStandIn;
let database: TestDatabase;
const encryptionKey = Buffer.alloc(32, 6).toString("base64");

beforeAll(async () => {
  google = await startGoogleStandIn({ account: { email: "cal@gmail.example" } });
});
afterAll(() => google.close());
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

const googleEnv = () => ({
  ...google.appEnv(),
  ENCRYPTION_KEY: encryptionKey,
});

/** A specialist who connected Google through the consent page, and the jobs the app enqueued meanwhile. */
async function connected() {
  const app = await createTestApp({ db: database.db, env: googleEnv() });
  const { user } = await createSpecialist(database.db, { timezone: "UTC", user: { timezone: "UTC" } });
  const session = await signedInCookie(database.db, user.id, new Date());
  const started = await app.post("/specialist/video", { intent: "connect", provider: "google" }, { cookie: session });
  const cookie = [session, ...started.headers.getSetCookie().map((value) => value.split(";")[0])].join("; ");
  const callback = new URL(google.consent(started.headers.get("location")!));
  const back = await app.request(callback.pathname + callback.search, { headers: { cookie } });
  expect(back.headers.get("location")).toBe("/specialist/video?connected=google");
  return { app, user, session };
}

const page = async (app: Awaited<ReturnType<typeof createTestApp>>, session: string, query = "") =>
  visibleText(await (await app.get(`/specialist/video${query}`, { cookie: session })).text());

/** Runs what the app enqueued, as the job runner would. */
async function runEnqueued(app: Awaited<ReturnType<typeof createTestApp>>) {
  const jobs = app.enqueued.splice(0);
  for (const job of jobs) {
    await runJob(
      { db: database.db, clock: { now: () => new Date() }, queue: { enqueue: async () => {} }, appEnv: parseAppEnv(googleEnv()) },
      job,
    );
  }
  return jobs;
}

describe("the Google card's busy calendars", () => {
  test("connecting syncs at once; the calendars are listed with the primary ticked; saving and Sync now each sync again", async () => {
    const { app, session } = await connected();
    expect(await page(app, session)).toContain("Not synced yet.");
    expect(await runEnqueued(app)).toMatchObject([{ type: "calendar-sync" }]);

    const synced = await page(app, session);
    expect(synced).toMatch(/Last synced /);
    expect(synced).toContain("cal@gmail.example (primary)");
    expect(synced).toContain("Team");
    const html = await (await app.get("/specialist/video", { cookie: session })).text();
    expect(html).toContain(`<input type="checkbox" name="calendarId" checked="" value="cal@gmail.example"/>`);

    const team = [...google.calendars.values()].find((calendar) => !calendar.primary)!;
    const saved = await app.post("/specialist/video/calendars", { intent: "save", calendarId: team.id }, { cookie: session });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/specialist/video?calendars=saved");
    const rows = await database.db.select().from(externalCalendars);
    expect(rows.filter((row) => row.selected).map((row) => row.calendarId)).toEqual([team.id]);
    expect(await runEnqueued(app)).toMatchObject([{ type: "calendar-sync" }]);
    expect(await page(app, session, "?calendars=saved")).toContain("Calendars saved: your busy times are being read again.");

    const now = await app.post("/specialist/video/calendars", { intent: "sync" }, { cookie: session });
    expect(now.headers.get("location")).toBe("/specialist/video?calendars=syncing");
    expect(app.enqueued).toMatchObject([{ type: "calendar-sync" }]);
  });

  test("a failed sync shows its reason on the card", async () => {
    const { app, session } = await connected();
    google.failNext(1, 503, "backendError");
    await expect(runEnqueued(app)).rejects.toThrow();
    expect(await page(app, session)).toContain("The last sync failed: Google Calendar couldn't be read");
  });

  test("bad input is a 400 that changes nothing; without Google connected there is nothing to save", async () => {
    const { app, session } = await connected();
    await runEnqueued(app);
    const before = await database.db.select().from(externalCalendars);
    const bad = await app.post("/specialist/video/calendars", { intent: "delete-everything" }, { cookie: session });
    expect(bad.status).toBe(400);
    expect(await database.db.select().from(externalCalendars)).toEqual(before);
    expect(app.enqueued).toEqual([]);

    const { user: other } = await createSpecialist(database.db);
    const otherSession = await signedInCookie(database.db, other.id, new Date());
    const none = await app.post("/specialist/video/calendars", { intent: "sync" }, { cookie: otherSession });
    expect(none.status).toBe(409);
    expect(await page(app, otherSession)).not.toContain("Busy times from your calendars");
  });
});
