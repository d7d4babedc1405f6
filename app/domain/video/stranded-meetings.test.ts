// The stranded-work sweeper re-sends the meeting job of a booking a crash left unreconciled
// (between the booking's write and the Queues send), once per sweep, and leaves every other alone.
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, test } from "vitest";
import { bookings, sessionTypes, type Booking } from "../../../db/schema";
import { createDatabaseJobQueue } from "../../../server/job-queue";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import type { JobMessage } from "../../../jobs/messages";
import { requeueStrandedWork } from "../../../jobs/maintenance";
import { givenBooking, givenParties, hourMs, minuteMs } from "../notifications/reminders.test-support";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

const now = new Date("2026-06-01T12:00:00Z");
const tomorrow = new Date(now.getTime() + 24 * hourMs);

/** A booking of a session type on `provider`, last changed `changedAgoMs` before now, with the given meeting state. */
async function given(provider: "default" | "zoom", booking: Partial<Booking> = {}, changedAgoMs = 5 * minuteMs) {
  const parties = await givenParties(database.db);
  await database.db.update(sessionTypes).set({ videoProvider: provider }).where(eq(sessionTypes.id, parties.sessionType.id));
  const row = await givenBooking(database.db, parties, booking.startsAt ?? tomorrow, booking.status ?? "confirmed");
  await database.db
    .update(bookings)
    .set({ meetingUrl: null, ...booking, updatedAt: new Date(now.getTime() - changedAgoMs) })
    .where(eq(bookings.id, row.id));
  return row.id;
}

async function sweep() {
  const sent: JobMessage[] = [];
  const result = await requeueStrandedWork({ db: database.db, clock: createTestClock(now), queue: recordingQueue(sent).queue });
  return { result, meetings: sent.filter((message) => message.type === "meeting").map((message) => message.bookingId) };
}

test("a confirmed Zoom booking whose meeting job was lost is re-sent once per sweep until it is reconciled", async () => {
  const stranded = await given("zoom");
  expect((await sweep()).meetings).toEqual([stranded]);
  expect((await sweep()).meetings).toEqual([stranded]);

  await database.db.update(bookings).set({ meetingSyncedFor: "confirmed#0" }).where(eq(bookings.id, stranded));
  expect((await sweep()).meetings).toEqual([]);
});

test("a cancelled booking still holding its Zoom meeting is re-sent, so the meeting is deleted", async () => {
  const cancelled = await given("zoom", {
    status: "cancelled",
    sequence: 1,
    meetingProvider: "zoom",
    meetingId: "81234567890",
    meetingUrl: "https://zoom.example/j/81234567890",
    meetingSyncedFor: "confirmed#0",
  });
  const { meetings, result } = await sweep();
  expect(meetings).toEqual([cancelled]);
  expect(result.meetings).toBe(1);
});

test("reconciled, fallen-back, default, recent, ended, meeting-less cancelled and still-queued bookings are left alone", async () => {
  await given("zoom", { meetingSyncedFor: "confirmed#0", meetingProvider: "zoom", meetingId: "1", meetingUrl: "https://zoom.example/j/1" });
  await given("zoom", { sequence: 2, meetingSyncedFor: "fallback#2", meetingUrl: "https://meet.jit.si/x" });
  await given("default", { meetingUrl: "https://meet.jit.si/y" });
  await given("zoom", {}, 30_000);
  await given("zoom", { startsAt: new Date(now.getTime() - 2 * hourMs), endsAt: new Date(now.getTime() - hourMs) });
  await given("zoom", { status: "cancelled", sequence: 1 });
  const queuedOnNode = await given("zoom");
  await createDatabaseJobQueue(database.db, createTestClock(now)).enqueue({ type: "meeting", bookingId: queuedOnNode });

  expect((await sweep()).meetings).toEqual([]);
});
