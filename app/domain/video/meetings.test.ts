import { meetingFallback } from "../notifications/kinds/meeting-fallback";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { bookings, notifications, sessionTypes, type User } from "../../../db/schema";
import { runJob } from "../../../jobs";
import type { JobMessage } from "../../../jobs/messages";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import { startGoogleStandIn, type GoogleStandIn } from "../../../tests/stand-ins/google";
import { startZoomStandIn, type ZoomStandIn } from "../../../tests/stand-ins/zoom";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { parseAppEnv } from "../../env.server";
import { givenSpecialist } from "../booking/booking.test-support";
import { cancelBooking, rescheduleBooking } from "../booking/change-booking.server";
import { createBooking } from "../booking/create-booking.server";
import { finishGoogleConnect, startGoogleConnect } from "./google-connection.server";
import { syncMeeting } from "./meetings.server";
import { finishZoomConnect, startZoomConnect } from "./zoom-connection.server";

let zoom: ZoomStandIn;
let google: GoogleStandIn;
let database: TestDatabase;
let customer: User;
const clock = createTestClock(new Date());
const encryptionKey = Buffer.alloc(32, 7).toString("base64");
const dayMs = 24 * 60 * 60_000;

beforeAll(async () => {
  zoom = await startZoomStandIn();
  google = await startGoogleStandIn();
  database = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all([zoom.close(), google.close()]);
  database.cleanup();
});
beforeEach(async () => {
  clock.set(new Date());
  zoom.meetings.clear();
  customer = await createUser(database.db, { name: "Cleo Customer", email: `cleo-${crypto.randomUUID()}@example.com` });
});

const env = () =>
  parseAppEnv({
    ZOOM_CLIENT_ID: zoom.clientId,
    ZOOM_CLIENT_SECRET: zoom.clientSecret,
    ZOOM_OAUTH_URL: zoom.url,
    ZOOM_API_URL: zoom.apiUrl,
    ...google.appEnv(),
    ENCRYPTION_KEY: encryptionKey,
  });

function context(sent: JobMessage[] = []) {
  return { db: database.db, clock, queue: recordingQueue(sent).queue, env: env() };
}

/** Runs the queued messages through the jobs' dispatcher, as a runtime would. */
async function runQueued(sent: JobMessage[], options: { finalAttempt?: boolean } = {}) {
  const results = [];
  for (const message of sent.splice(0).filter((job) => job.type === "meeting")) {
    results.push(await runJob({ ...context(), appEnv: env(), ...options }, message));
  }
  return results;
}

/** 10:00 UTC `days` from now: inside the test specialist's 9–17 London hours. */
function at(days: number) {
  const day = new Date(clock.now().getTime() + days * dayMs);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 10));
}

/** A specialist in London with Zoom connected on the stand-in and a free 60-minute session on Zoom. */
async function zoomSpecialist(options: { connect?: boolean } = {}) {
  const { user, specialist, types } = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 0 }] });
  const type = types[0]!;
  await database.db.update(sessionTypes).set({ videoProvider: "zoom" }).where(eq(sessionTypes.id, type.id));
  if (options.connect ?? true) {
    const start = await startZoomConnect(new Request("http://localhost/specialist/video/zoom", { method: "POST" }), context());
    const cookie = start.headers
      .getSetCookie()
      .map((value) => value.split(";")[0])
      .join("; ");
    const callback = new URL(zoom.consent(start.headers.get("location")!));
    const connected = await finishZoomConnect(
      new Request(`http://localhost${callback.pathname}${callback.search}`, { headers: { cookie } }),
      context(),
      user.id,
    );
    expect(connected.ok).toBe(true);
  }
  return { user, specialist, type };
}

async function book(sessionTypeId: string, startsAt: Date, sent: JobMessage[]) {
  const result = await createBooking(context(sent), {
    customerId: customer.id,
    sessionTypeId,
    startsAt,
    topic: "",
    customerTimezone: "UTC",
  });
  if (!result.ok) throw new Error(result.message);
  return result.booking;
}

async function stored(id: string) {
  return (await database.db.query.bookings.findFirst({ where: eq(bookings.id, id) }))!;
}

async function fallbackNotices(bookingId: string) {
  return database.db
    .select({ userId: notifications.userId, channel: notifications.channel })
    .from(notifications)
    .where(and(eq(notifications.subjectId, bookingId), eq(notifications.kind, "meeting-fallback")));
}

describe("the meeting job", () => {
  test("creates the Zoom meeting for a confirmed booking, moves it with the booking and deletes it on cancellation", async () => {
    const { user, type } = await zoomSpecialist();
    const sent: JobMessage[] = [];
    const booking = await book(type.id, at(3), sent);
    expect(sent).toContainEqual({ type: "meeting", bookingId: booking.id });
    // The confirmation can't carry a link the meeting doesn't have yet: it points to the booking page.
    expect(booking.meetingUrl).toBeNull();

    expect(await runQueued(sent)).toEqual(["created"]);
    const [meeting] = [...zoom.meetings.values()];
    expect(meeting).toMatchObject({
      topic: "60 minutes with Cleo Customer",
      start_time: `${at(3).toISOString().slice(0, 19)}Z`,
      duration: 60,
      timezone: "Europe/London",
      settings: { waiting_room: true },
    });
    expect(await stored(booking.id)).toMatchObject({
      meetingProvider: "zoom",
      meetingId: String(meeting!.id),
      meetingUrl: meeting!.join_url,
      meetingPasscode: meeting!.password,
    });

    const moved = await rescheduleBooking(context(sent), { actorUserId: user.id, bookingId: booking.id, newStartsAt: at(4) });
    expect(moved.ok).toBe(true);
    expect(await runQueued(sent)).toEqual(["moved"]);
    expect(zoom.meetings.size).toBe(1);
    expect(zoom.meetings.get(meeting!.id)).toMatchObject({ start_time: `${at(4).toISOString().slice(0, 19)}Z` });
    expect((await stored(booking.id)).meetingUrl).toBe(meeting!.join_url);

    const cancelled = await cancelBooking(
      { ...context(sent), payments: undefined as never },
      {
        actorUserId: customer.id,
        bookingId: booking.id,
        reason: "Something came up",
      },
    );
    expect(cancelled.ok).toBe(true);
    expect(await runQueued(sent)).toEqual(["deleted"]);
    expect(zoom.meetings.size).toBe(0);
    expect(await stored(booking.id)).toMatchObject({ meetingProvider: "default", meetingId: null });
  });

  test("running twice, or an older job after a newer one, ends with the one meeting at the booking's time", async () => {
    const { user, type } = await zoomSpecialist();
    const sent: JobMessage[] = [];
    const booking = await book(type.id, at(3), sent);
    const created = sent.filter((job) => job.type === "meeting");
    await rescheduleBooking(context(sent), { actorUserId: user.id, bookingId: booking.id, newStartsAt: at(5) });

    // The move's job runs first, then the creation's (stale) one, then the move's again.
    const [moveJob] = sent.filter((job) => job.type === "meeting").slice(-1);
    expect(await runJob({ ...context(), appEnv: env() }, moveJob)).toBe("created");
    expect(await runJob({ ...context(), appEnv: env() }, created[0])).toBe("unchanged");
    expect(await runJob({ ...context(), appEnv: env() }, moveJob)).toBe("unchanged");

    expect(zoom.meetings.size).toBe(1);
    const [meeting] = [...zoom.meetings.values()];
    expect(meeting!.start_time).toBe(`${at(5).toISOString().slice(0, 19)}Z`);
    expect((await stored(booking.id)).meetingUrl).toBe(meeting!.join_url);
  });

  test("two runs of the job at once (a redelivery, the sweeper) leave the booking with one meeting", async () => {
    const { type } = await zoomSpecialist();
    const booking = await book(type.id, at(3), []);
    const results = await Promise.all([syncMeeting(context(), booking.id), syncMeeting(context(), booking.id)]);
    expect(results.sort()).toEqual(["created", "superseded"]);
    expect(zoom.meetings.size).toBe(1);
    expect((await stored(booking.id)).meetingId).toBe(String([...zoom.meetings.keys()][0]));
  });

  test("a Zoom failure is retried: the job throws and the next attempt creates the meeting", async () => {
    const { type } = await zoomSpecialist();
    const sent: JobMessage[] = [];
    const booking = await book(type.id, at(3), sent);
    zoom.failNext(1, 500);
    await expect(syncMeeting(context(), booking.id)).rejects.toThrow(/500/);
    expect((await stored(booking.id)).meetingUrl).toBeNull();

    expect(await syncMeeting(context(), booking.id)).toBe("created");
    expect(zoom.meetings.size).toBe(1);
    expect(await fallbackNotices(booking.id)).toEqual([]);
  });

  test("on the last attempt the booking gets the default link and both parties are told", async () => {
    const { user, type } = await zoomSpecialist();
    const sent: JobMessage[] = [];
    const booking = await book(type.id, at(3), sent);
    zoom.failNext(10, 503);
    await expect(runQueued([...sent])).rejects.toThrow(/503/);
    expect(await runQueued(sent, { finalAttempt: true })).toEqual(["fallback"]);

    const row = await stored(booking.id);
    expect(row.meetingUrl).toMatch(/^https:\/\/meet\.jit\.si\/specialistly-/);
    expect(row.meetingProvider).toBe("default");
    expect(zoom.meetings.size).toBe(0);
    expect(await fallbackNotices(booking.id)).toEqual(
      expect.arrayContaining([
        { userId: customer.id, channel: "email" },
        { userId: customer.id, channel: "in_app" },
        { userId: user.id, channel: "email" },
        { userId: user.id, channel: "in_app" },
      ]),
    );
    zoom.failNext(0);
  });

  test("a revoked connection falls back at once, telling both parties once", async () => {
    const { user, type } = await zoomSpecialist();
    const sent: JobMessage[] = [];
    const booking = await book(type.id, at(3), sent);
    zoom.revokeAllGrants();
    expect(await syncMeeting(context(), booking.id)).toBe("fallback");
    const link = (await stored(booking.id)).meetingUrl;
    expect(link).toMatch(/^https:\/\/meet\.jit\.si\//);

    // A later move tries Zoom again, falls back again, keeps the link and tells nobody twice.
    await rescheduleBooking(context(sent), { actorUserId: user.id, bookingId: booking.id, newStartsAt: at(4) });
    expect(await syncMeeting(context(), booking.id)).toBe("fallback");
    expect(await syncMeeting(context(), booking.id)).toBe("unchanged");
    expect((await stored(booking.id)).meetingUrl).toBe(link);
    expect(await fallbackNotices(booking.id)).toHaveLength(4);
  });

  test("a session type without a connection gets the default link; one on the default link queues no meeting job", async () => {
    const { type } = await zoomSpecialist({ connect: false });
    const sent: JobMessage[] = [];
    const booking = await book(type.id, at(3), sent);
    expect(await runQueued(sent)).toEqual(["fallback"]);
    expect((await stored(booking.id)).meetingUrl).toMatch(/^https:\/\/meet\.jit\.si\//);

    const plain = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 0 }] });
    const other: JobMessage[] = [];
    const plainBooking = await book(plain.types[0]!.id, at(3), other);
    expect(other.filter((job) => job.type === "meeting")).toEqual([]);
    expect(plainBooking.meetingUrl).toMatch(/^https:\/\/meet\.jit\.si\//);
  });
});

/** A specialist in London with Google Calendar connected on the stand-in and a free 60-minute session on Google Meet. */
async function googleMeetSpecialist() {
  const { user, types } = await givenSpecialist(database.db, { sessions: [{ minutes: 60, priceMinor: 0 }] });
  const type = types[0]!;
  await database.db.update(sessionTypes).set({ videoProvider: "google_meet" }).where(eq(sessionTypes.id, type.id));
  const start = await startGoogleConnect(new Request("http://localhost/specialist/video", { method: "POST" }), context());
  const cookie = start.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
  const callback = new URL(google.consent(start.headers.get("location")!));
  const connected = await finishGoogleConnect(
    new Request(`http://localhost${callback.pathname}${callback.search}`, { headers: { cookie } }),
    context(),
    user.id,
  );
  expect(connected.ok).toBe(true);
  return { user, type };
}

describe("the meeting job with Google Meet", () => {
  test("puts an event with a Meet link and the customer on the primary calendar, moves it with the booking and deletes it on cancellation", async () => {
    const { user, type } = await googleMeetSpecialist();
    const sent: JobMessage[] = [];
    const booking = await book(type.id, at(3), sent);
    expect(sent).toContainEqual({ type: "meeting", bookingId: booking.id });

    const results = [];
    for (const message of sent.splice(0).filter((job) => job.type === "meeting")) {
      results.push(await runJob({ ...context(), appEnv: env(), origin: "https://specialistly.example" }, message));
    }
    expect(results).toEqual(["created"]);
    const [event] = google.liveEvents();
    expect(event).toMatchObject({
      summary: "60 minutes with Cleo Customer",
      description: expect.stringContaining(`https://specialistly.example/bookings/${booking.id}`) as string,
      start: { dateTime: at(3).toISOString().replace(".000Z", "Z"), timeZone: "Europe/London" },
      end: { dateTime: new Date(at(3).getTime() + 3_600_000).toISOString().replace(".000Z", "Z"), timeZone: "Europe/London" },
      attendees: [{ email: customer.email, displayName: "Cleo Customer" }],
      conferenceData: { conferenceSolution: { key: { type: "hangoutsMeet" } } },
    });
    expect(await stored(booking.id)).toMatchObject({
      meetingProvider: "google_meet",
      meetingId: event!.id,
      meetingUrl: event!.hangoutLink,
    });

    await rescheduleBooking(context(sent), { actorUserId: user.id, bookingId: booking.id, newStartsAt: at(4) });
    expect(await runQueued(sent)).toEqual(["moved"]);
    expect(google.liveEvents()).toHaveLength(1);
    expect(google.liveEvents()[0]).toMatchObject({ id: event!.id, start: { dateTime: at(4).toISOString().replace(".000Z", "Z") } });
    expect((await stored(booking.id)).meetingUrl).toBe(event!.hangoutLink);

    const cancelled = await cancelBooking(
      { ...context(sent), payments: undefined as never },
      { actorUserId: customer.id, bookingId: booking.id, reason: "Something came up" },
    );
    expect(cancelled.ok).toBe(true);
    expect(await runQueued(sent)).toEqual(["deleted"]);
    expect(google.liveEvents()).toEqual([]);
    expect(await stored(booking.id)).toMatchObject({ meetingProvider: "default", meetingId: null });
  });

  test("a Google rate limit is retried; on the last attempt, and with a revoked connection, the default link is used", async () => {
    const { type } = await googleMeetSpecialist();
    const sent: JobMessage[] = [];
    const booking = await book(type.id, at(3), sent);
    google.failNext(1, 403, "rateLimitExceeded");
    await expect(syncMeeting(context(), booking.id)).rejects.toThrow(/rateLimitExceeded/);
    google.failNext(10, 503);
    expect(await syncMeeting(context(), booking.id, { finalAttempt: true })).toBe("fallback");
    google.failNext(0);
    expect((await stored(booking.id)).meetingUrl).toMatch(/^https:\/\/meet\.jit\.si\//);

    const second = await book(type.id, at(5), sent);
    google.revokeAllGrants();
    expect(await syncMeeting(context(), second.id)).toBe("fallback");
    expect(await stored(second.id)).toMatchObject({ meetingProvider: "default" });
    expect(await fallbackNotices(second.id)).toHaveLength(4);
    // The notice names the provider that failed, not Zoom.
    const [notice] = await database.db
      .select({ payload: notifications.payload })
      .from(notifications)
      .where(and(eq(notifications.subjectId, second.id), eq(notifications.kind, "meeting-fallback"), eq(notifications.channel, "in_app")));
    expect(meetingFallback.payload.parse(notice!.payload).provider).toBe("google_meet");
  });
});
