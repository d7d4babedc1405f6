import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { connectedAccounts, externalBusyTimes, externalCalendars } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import { startGoogleStandIn, type GoogleStandIn } from "../../../tests/stand-ins/google";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { parseAppEnv } from "../../env.server";
import { openSlots, rebuildSlotsForSpecialist } from "../availability/slots.server";
import { givenSpecialist } from "../booking/booking.test-support";
import { finishGoogleConnect, startGoogleConnect, withGoogle } from "../video/google-connection.server";
import {
  enqueueDueCalendarSyncs,
  listSelectableCalendars,
  refreshCalendarList,
  saveCalendarSelection,
  syncCalendarBusyTimes,
} from "./calendar-sync.server";

let google: GoogleStandIn;
let database: TestDatabase;
// Near the real time: the stand-in checks its tokens against it.
const clock = createTestClock(new Date());
const encryptionKey = Buffer.alloc(32, 9).toString("base64");
let queue: ReturnType<typeof recordingQueue>;

beforeAll(async () => {
  google = await startGoogleStandIn({ account: { email: "busy@gmail.example", name: "Busy Google" } });
});
afterAll(() => google.close());
beforeEach(async () => {
  database?.cleanup();
  database = await createTestDatabase();
  clock.set(new Date());
  queue = recordingQueue();
  for (const calendar of google.calendars.values()) calendar.events.clear();
});

function context() {
  return {
    db: database.db,
    clock,
    queue: queue.queue,
    env: parseAppEnv({
      ...google.appEnv(),
      ENCRYPTION_KEY: encryptionKey,
    }),
  };
}

/** A specialist (open every day 09:00–17:00 UTC) who connected Google through the consent page. */
async function connectedSpecialist() {
  const given = await givenSpecialist(database.db, {
    timezone: "UTC",
    rules: { minNoticeMinutes: 0 },
    sessions: [{ minutes: 60, priceMinor: 0 }],
  });
  await rebuildSlotsForSpecialist(context(), given.specialist.id);
  const start = await startGoogleConnect(new Request("http://localhost/specialist/video", { method: "POST" }), context());
  const cookie = start.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
  const back = new URL(google.consent(start.headers.get("location")!));
  const connected = await finishGoogleConnect(
    new Request(`http://localhost${back.pathname}${back.search}`, { headers: { cookie } }),
    context(),
    given.user.id,
  );
  expect(connected.ok).toBe(true);
  const account = (await database.db.query.connectedAccounts.findFirst({
    where: and(eq(connectedAccounts.userId, given.user.id), eq(connectedAccounts.provider, "google")),
  }))!;
  return { ...given, account };
}

/** Tomorrow at `hour`:00 UTC. */
function tomorrowAt(hour: number) {
  const day = new Date(clock.now());
  day.setUTCDate(day.getUTCDate() + 1);
  day.setUTCHours(hour, 0, 0, 0);
  return day;
}

async function busyEvent(userId: string, calendarId: string, startsAt: Date, endsAt: Date) {
  const inserted = await withGoogle(context(), userId, (api) =>
    api.insertEvent(calendarId, { summary: "Dentist", description: "", startsAt, endsAt, timeZone: "UTC", attendees: [] }),
  );
  if (!inserted.ok) throw new Error(inserted.reason);
  return inserted.value;
}

async function openTomorrow(specialistId: string) {
  const rows = await openSlots(database.db, { specialistId, from: tomorrowAt(0), to: tomorrowAt(24), now: clock.now() });
  return rows.map((row) => row.startsAt.getUTCHours());
}

describe("calendar sync", () => {
  test("the calendar list arrives with the primary calendar selected; a busy event there removes its time after a sync", async () => {
    const { user, specialist, account } = await connectedSpecialist();
    expect(await refreshCalendarList(context(), user.id)).toMatchObject({ ok: true });
    const calendars = await listSelectableCalendars(context(), account.id);
    expect(calendars.map((calendar) => [calendar.calendarId, calendar.isPrimary, calendar.selected])).toEqual([
      ["busy@gmail.example", true, true],
      ...[...google.calendars.values()].filter((c) => !c.primary).map((c) => [c.id, false, false]),
    ]);

    expect(await openTomorrow(specialist.id)).toContain(10);
    await busyEvent(user.id, "busy@gmail.example", tomorrowAt(10), tomorrowAt(11));
    expect(await syncCalendarBusyTimes(context(), account.id)).toEqual({ ok: true, intervals: 1 });
    expect(await openTomorrow(specialist.id)).not.toContain(10);
    expect(await openTomorrow(specialist.id)).toContain(11);
    const [synced] = await database.db.select().from(connectedAccounts).where(eq(connectedAccounts.id, account.id));
    expect(synced?.busySyncedAt).toEqual(clock.now());
  });

  test("the first sync after connecting lists the calendars itself, the primary one counting", async () => {
    const { user, specialist, account } = await connectedSpecialist();
    await busyEvent(user.id, "busy@gmail.example", tomorrowAt(12), tomorrowAt(13));
    expect(await syncCalendarBusyTimes(context(), account.id)).toEqual({ ok: true, intervals: 1 });
    expect((await listSelectableCalendars(context(), account.id)).filter((calendar) => calendar.selected)).toHaveLength(1);
    expect(await openTomorrow(specialist.id)).not.toContain(12);
  });

  test("only the selected calendars count; saving the selection enqueues a sync", async () => {
    const { user, specialist, account } = await connectedSpecialist();
    await refreshCalendarList(context(), user.id);
    const team = [...google.calendars.values()].find((calendar) => !calendar.primary)!;
    await busyEvent(user.id, team.id, tomorrowAt(13), tomorrowAt(14));
    await syncCalendarBusyTimes(context(), account.id);
    expect(await openTomorrow(specialist.id)).toContain(13);

    await saveCalendarSelection(context(), user.id, ["busy@gmail.example", team.id]);
    expect(queue.sent).toContainEqual({ type: "calendar-sync", connectedAccountId: account.id });
    await syncCalendarBusyTimes(context(), account.id);
    expect(await openTomorrow(specialist.id)).not.toContain(13);

    await saveCalendarSelection(context(), user.id, []);
    await syncCalendarBusyTimes(context(), account.id);
    expect(await openTomorrow(specialist.id)).toContain(13);
    expect(await database.db.select().from(externalBusyTimes)).toEqual([]);
    expect((await listSelectableCalendars(context(), account.id)).every((calendar) => !calendar.selected)).toBe(true);
  });

  test("Google failing is recorded and thrown for a retry, the busy times staying as last read", async () => {
    const { user, account } = await connectedSpecialist();
    await refreshCalendarList(context(), user.id);
    await busyEvent(user.id, "busy@gmail.example", tomorrowAt(10), tomorrowAt(11));
    await syncCalendarBusyTimes(context(), account.id);

    google.failNext(1, 503, "backendError");
    await expect(syncCalendarBusyTimes(context(), account.id)).rejects.toThrow();
    const [row] = await database.db.select().from(connectedAccounts).where(eq(connectedAccounts.id, account.id));
    expect(row?.busySyncError).toMatch(/Google Calendar couldn't be read/);
    expect(await database.db.select().from(externalBusyTimes)).toHaveLength(1);
  });

  test("a revoked grant takes the connection's lost path, and says so on the sync", async () => {
    const { user, account } = await connectedSpecialist();
    await refreshCalendarList(context(), user.id);
    google.revokeAllGrants();
    google.expireAccessTokens();
    expect(await syncCalendarBusyTimes(context(), account.id)).toEqual({ ok: false, reason: "lost" });
    const [row] = await database.db.select().from(connectedAccounts).where(eq(connectedAccounts.id, account.id));
    expect(row?.status).not.toBe("active");
  });

  test("cron enqueues a sync for each active connection not read for 15 minutes", async () => {
    const { user, account } = await connectedSpecialist();
    await refreshCalendarList(context(), user.id);
    expect(await enqueueDueCalendarSyncs(context())).toEqual({ enqueued: 1 });
    await syncCalendarBusyTimes(context(), account.id);
    expect(await enqueueDueCalendarSyncs(context())).toEqual({ enqueued: 0 });
    clock.advance(15 * 60_000 + 1);
    expect(await enqueueDueCalendarSyncs(context())).toEqual({ enqueued: 1 });
    expect(await database.db.select().from(externalCalendars)).not.toHaveLength(0);
  });
});
