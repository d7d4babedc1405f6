import { asc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist, createUser } from "../../../db/factories";
import { bookings, connectedAccounts, meetingAttendance, meetingRecordings, webhookEvents } from "../../../db/schema";
import { runJob } from "../../../jobs";
import type { JobMessage } from "../../../jobs/messages";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import { startZoomStandIn, type ReplayOptions, type ZoomMeeting, type ZoomStandIn } from "../../../tests/stand-ins/zoom";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { receiveZoomWebhook } from "./zoom-events.server";

let zoom: ZoomStandIn;
let database: TestDatabase;
const clock = createTestClock();
const sent: JobMessage[] = [];
const minute = 60_000;
const sessionStart = new Date("2026-12-01T10:00:00Z");

beforeAll(async () => {
  zoom = await startZoomStandIn();
});
afterAll(() => zoom.close());
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date());
  sent.length = 0;
});
afterEach(() => database.cleanup());

const context = () => ({ db: database.db, clock, queue: recordingQueue(sent).queue });

/** A confirmed booking whose Zoom meeting (on the stand-in) is hosted by the specialist's connected account. */
async function zoomBooking(options: { customerEmail?: string } = {}) {
  const { user, specialist } = await createSpecialist(database.db, { timezone: "Europe/London" });
  const type = await createSessionType(database.db, specialist.id, { minutes: 30, videoProvider: "zoom" });
  const customer = await createUser(database.db, { email: options.customerEmail ?? `customer-${crypto.randomUUID()}@example.com` });
  const meeting = standInMeeting();
  zoom.meetings.set(meeting.id, meeting);
  const [booking] = await database.db
    .insert(bookings)
    .values({
      specialistId: specialist.id,
      customerId: customer.id,
      sessionTypeId: type.id,
      startsAt: sessionStart,
      endsAt: new Date(sessionStart.getTime() + 30 * minute),
      status: "confirmed",
      priceMinor: 0,
      currency: "EUR",
      customerTimezone: "Europe/Berlin",
      meetingProvider: "zoom",
      meetingId: String(meeting.id),
      meetingUrl: meeting.join_url,
      meetingPasscode: meeting.password,
    })
    .returning();
  await database.db.insert(connectedAccounts).values({
    userId: user.id,
    provider: "zoom",
    externalAccountId: zoom.user.id,
    externalEmail: zoom.user.email,
    accessTokenEncrypted: "v1.unused",
    refreshTokenEncrypted: "v1.unused",
    accessTokenExpiresAt: new Date(clock.now().getTime() + 60 * minute),
    connectedAt: clock.now(),
  });
  return { booking: booking!, meeting, customer, specialistUser: user };
}

let meetingNumber = 81_000_000_000;
function standInMeeting(): ZoomMeeting {
  meetingNumber += 1;
  return {
    uuid: crypto.randomUUID(),
    id: meetingNumber,
    host_id: zoom.user.id,
    host_email: zoom.user.email,
    topic: "Intro call",
    type: 2,
    status: "waiting",
    start_time: sessionStart.toISOString().replace(/\.\d+Z$/, "Z"),
    duration: 30,
    timezone: "Europe/London",
    agenda: "",
    created_at: sessionStart.toISOString(),
    start_url: `${zoom.url}/s/${meetingNumber}`,
    join_url: `${zoom.url}/j/${meetingNumber}`,
    password: "abc123",
    h323_password: "abc123",
    pstn_password: "abc123",
    encrypted_password: "x",
    pre_schedule: false,
    settings: { waiting_room: true, join_before_host: false, mute_upon_entry: false },
  };
}

/** Delivers `events` to the receiving end as Zoom would, then runs the queued webhook jobs. */
async function deliver(events: unknown[], options: { processEach?: boolean } = {}) {
  for (const event of events) {
    const { headers, body } = zoom.signWebhook(event, clock.now());
    const result = await receiveZoomWebhook(
      context(),
      zoom.webhookSecretToken,
      new Request("http://localhost/webhooks/zoom", { method: "POST", headers, body }),
    );
    expect(result.status).toBe(200);
    if (options.processEach) await runQueued();
  }
  await runQueued();
}

async function runQueued() {
  while (sent.length > 0) await runJob(context(), sent.shift());
}

const session = (meetingId: number, options: ReplayOptions = {}) => zoom.sessionEvents(meetingId, { startedAt: sessionStart, ...options });
const at = (minutes: number) => new Date(sessionStart.getTime() + minutes * minute);

async function stateOf(bookingId: string) {
  const [booking] = await database.db
    .select({ startedAt: bookings.meetingStartedAt, endedAt: bookings.meetingEndedAt })
    .from(bookings)
    .where(eq(bookings.id, bookingId));
  const attendance = await database.db
    .select({
      name: meetingAttendance.participantName,
      email: meetingAttendance.participantEmail,
      role: meetingAttendance.role,
      joinedAt: meetingAttendance.joinedAt,
      leftAt: meetingAttendance.leftAt,
    })
    .from(meetingAttendance)
    .where(eq(meetingAttendance.bookingId, bookingId))
    .orderBy(asc(meetingAttendance.joinedAt), asc(meetingAttendance.participantName));
  const recordings = await database.db
    .select({
      durationMinutes: meetingRecordings.durationMinutes,
      totalSizeBytes: meetingRecordings.totalSizeBytes,
      playUrl: meetingRecordings.playUrl,
      passcode: meetingRecordings.passcode,
      files: meetingRecordings.files,
      shared: meetingRecordings.sharedWithCustomerAt,
    })
    .from(meetingRecordings)
    .where(eq(meetingRecordings.bookingId, bookingId));
  return { ...booking!, attendance, recordings };
}

const twoPeople: ReplayOptions["participants"] = [
  { name: "Sam Specialist", email: "specialist@zoom.example", host: true, joinMinute: 0, leaveMinute: 31 },
  { name: "Cleo", joinMinute: 2, leaveMinute: 28 },
];

describe("a replayed Zoom session", () => {
  test("sets the meeting's start and end, records who was there and when, and stores the recording", async () => {
    const { booking, meeting } = await zoomBooking();
    const events = session(meeting.id, { participants: twoPeople, durationMinutes: 31 });
    await deliver(events);

    const state = await stateOf(booking.id);
    expect(state.startedAt).toEqual(at(0));
    expect(state.endedAt).toEqual(at(31));
    expect(state.attendance).toEqual([
      { name: "Sam Specialist", email: "specialist@zoom.example", role: "specialist", joinedAt: at(0), leftAt: at(31) },
      // The only other person in a one-to-one session, joining without the customer's email.
      { name: "Cleo", email: null, role: "customer", joinedAt: at(2), leftAt: at(28) },
    ]);
    const recording = events.find((event) => event.event === "recording.completed") as {
      payload: { object: { share_url: string; password: string; total_size: number } };
    };
    expect(state.recordings).toEqual([
      {
        durationMinutes: 31,
        totalSizeBytes: recording.payload.object.total_size,
        playUrl: recording.payload.object.share_url,
        passcode: recording.payload.object.password,
        files: [
          expect.objectContaining({ fileType: "MP4", recordingType: "shared_screen_with_speaker_view", fileSizeBytes: 48_000_000 }),
          expect.objectContaining({ fileType: "M4A", recordingType: "audio_only", fileSizeBytes: 6_000_000 }),
        ],
        shared: null,
      },
    ]);
    expect(await database.db.select({ ignored: webhookEvents.ignoredReason }).from(webhookEvents)).toEqual(
      Array.from({ length: events.length }, () => ({ ignored: null })),
    );
  });

  test("delivered last to first, each processed as it arrives (leaves before their joins), it ends the same", async () => {
    const inOrder = await zoomBooking();
    await deliver(session(inOrder.meeting.id, { participants: twoPeople, durationMinutes: 31 }));
    const reversed = await zoomBooking();
    const events = session(reversed.meeting.id, { participants: twoPeople, durationMinutes: 31 }).reverse();
    await deliver(events, { processEach: true });

    const expected = await stateOf(inOrder.booking.id);
    const actual = await stateOf(reversed.booking.id);
    // The stand-in makes new recording links and file ids per session; everything else must agree.
    const comparable = (state: typeof actual) => ({
      ...state,
      recordings: state.recordings.map((recording) => ({ ...recording, playUrl: "", passcode: "", files: recording.files.length })),
    });
    expect(comparable(actual)).toEqual(comparable(expected));
    expect(actual.attendance).toHaveLength(2);
    expect(actual.attendance.every((row) => row.leftAt !== null)).toBe(true);
    expect(actual.recordings).toHaveLength(1);
  });

  test("every event delivered again (Zoom's retries, with a new event_ts) changes nothing and is stored once", async () => {
    const { booking, meeting } = await zoomBooking();
    const events = session(meeting.id, { participants: twoPeople, durationMinutes: 31 });
    await deliver(events);
    const before = await stateOf(booking.id);
    expect(before.attendance).toHaveLength(2);
    expect(before.recordings).toHaveLength(1);
    clock.advance(90_000);
    await deliver(events.map((event) => ({ ...event, event_ts: clock.now().getTime() })));
    await deliver([...events].reverse());

    expect(await stateOf(booking.id)).toEqual(before);
    expect(await database.db.select().from(webhookEvents)).toHaveLength(events.length);
  });

  test("a participant who rejoins has one row per stay", async () => {
    const { booking, meeting } = await zoomBooking();
    const events = session(meeting.id, { participants: twoPeople, durationMinutes: 31, recording: false });
    const guestJoin = events.find((event) => event.event === "meeting.participant_joined" && name(event) === "Cleo")!;
    const guestLeave = events.find((event) => event.event === "meeting.participant_left" && name(event) === "Cleo")!;
    // Dropped at minute 10, back at minute 12 (same participant_uuid), as Zoom reports a reconnect.
    const drop = withParticipantTime(guestLeave, "leave_time", at(10));
    const back = withParticipantTime(guestJoin, "join_time", at(12));
    await deliver([...events, back]);
    await deliver([drop]);

    const cleo = (await stateOf(booking.id)).attendance.filter((row) => row.name === "Cleo");
    expect(cleo).toEqual([
      expect.objectContaining({ joinedAt: at(2), leftAt: at(10) }),
      expect.objectContaining({ joinedAt: at(12), leftAt: at(28) }),
    ]);
  });

  test("the customer is known by their email; anyone else then is a guest", async () => {
    const { booking, meeting, customer } = await zoomBooking({ customerEmail: "jordan@example.com" });
    await deliver(
      session(meeting.id, {
        participants: [
          { name: "Host", email: zoom.user.email, host: true, joinMinute: 0 },
          { name: "Jordan", email: customer.email.toUpperCase(), joinMinute: 1 },
          { name: "Interpreter", joinMinute: 3 },
        ],
        recording: false,
      }),
    );
    expect((await stateOf(booking.id)).attendance.map((row) => [row.name, row.role])).toEqual([
      ["Host", "specialist"],
      ["Jordan", "customer"],
      ["Interpreter", "guest"],
    ]);
  });

  test("events of a meeting no booking holds are stored and marked ignored with the reason", async () => {
    await zoomBooking();
    const stranger = standInMeeting();
    zoom.meetings.set(stranger.id, stranger);
    await deliver(session(stranger.id));
    const stored = await database.db
      .select({ processedAt: webhookEvents.processedAt, ignored: webhookEvents.ignoredReason })
      .from(webhookEvents);
    expect(stored.length).toBeGreaterThan(0);
    for (const row of stored) {
      expect(row.processedAt).not.toBeNull();
      expect(row.ignored).toBe(`no booking has Zoom meeting ${stranger.id}`);
    }
    expect(await database.db.select().from(meetingAttendance)).toEqual([]);
    expect(await database.db.select().from(meetingRecordings)).toEqual([]);
  });
});

type ParticipantEvent = { payload: { object: { participant: Record<string, unknown> } } };

function name(event: Record<string, unknown>) {
  return (event as ParticipantEvent).payload.object.participant.user_name;
}

function withParticipantTime(event: Record<string, unknown>, field: "join_time" | "leave_time", time: Date) {
  const typed = event as ParticipantEvent & Record<string, unknown>;
  return {
    ...typed,
    payload: {
      ...typed.payload,
      object: {
        ...typed.payload.object,
        participant: { ...typed.payload.object.participant, [field]: time.toISOString().replace(/\.\d+Z$/, "Z") },
      },
    },
  };
}
