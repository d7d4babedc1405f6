// Zoom's webhooks for the meetings of bookings (ADR 0026): verified and stored by
// receiveZoomWebhook, acknowledged, then applied from the queue by applyZoomEvent. Zoom may
// deliver twice and in any order, so every effect converges: start/end times only move towards
// the earliest start and the latest end, a recording is one row per recorded meeting instance,
// and attendance is recomputed from ALL stored join/leave events of the meeting each time, so a
// leave that arrives before its join is kept (as an event) until the join comes.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import * as z from "zod";
import {
  bookings,
  connectedAccounts,
  meetingAttendance,
  meetingRecordings,
  specialists,
  users,
  webhookEvents,
  type MeetingParticipantRole,
  type RecordingFile,
} from "../../../db/schema";
import { isValidZoomSignature, zoomHmacHex, zoomSignatureHeader, zoomTimestampHeader } from "../../integrations/zoom-webhook";
import { storeInboundEvents, type StoredInboundEvent } from "../webhooks/inbound-events.server";

export const zoomWebhookProvider = "zoom";
/** A request signed longer ago (or further ahead) than this is refused: a replay, or a wrong clock. */
export const zoomSignatureToleranceMs = 5 * 60_000;

const joined = "meeting.participant_joined";
const left = "meeting.participant_left";
/** The events that change anything here; Zoom's others are acknowledged, not stored. */
const actedOn = new Set(["meeting.started", "meeting.ended", joined, left, "recording.completed"]);

// Zoom sends the meeting id as a string in meeting events and as a number in recording events.
const meetingId = z.union([z.string().min(1), z.number().int()]).transform(String);
const meetingObject = z.looseObject({ id: meetingId, uuid: z.string().min(1), host_id: z.string().default("") });
const participantSchema = z
  .looseObject({
    participant_uuid: z.string().optional(),
    user_id: z.union([z.string(), z.number()]).transform(String).optional(),
    id: z.string().optional(),
    user_name: z.string().optional(),
    email: z.string().optional(),
    join_time: z.iso.datetime().optional(),
    leave_time: z.iso.datetime().optional(),
  })
  .refine((participant) => participant.participant_uuid || participant.user_id, {
    error: "a participant needs participant_uuid or user_id",
  });
const recordingFileSchema = z.looseObject({
  id: z.string().default(""),
  file_type: z.string().default(""),
  recording_type: z.string().default(""),
  file_size: z.number().default(0),
  play_url: z.string().optional(),
  download_url: z.string().optional(),
  recording_start: z.string().optional(),
  recording_end: z.string().optional(),
});

const zoomEventSchema = z.discriminatedUnion("event", [
  z.looseObject({
    event: z.literal("meeting.started"),
    payload: z.looseObject({ object: meetingObject.extend({ start_time: z.iso.datetime() }) }),
  }),
  z.looseObject({
    event: z.literal("meeting.ended"),
    payload: z.looseObject({ object: meetingObject.extend({ end_time: z.iso.datetime() }) }),
  }),
  z.looseObject({
    event: z.literal(joined),
    payload: z.looseObject({ object: meetingObject.extend({ participant: participantSchema.refine((p) => Boolean(p.join_time)) }) }),
  }),
  z.looseObject({
    event: z.literal(left),
    payload: z.looseObject({ object: meetingObject.extend({ participant: participantSchema.refine((p) => Boolean(p.leave_time)) }) }),
  }),
  z.looseObject({
    event: z.literal("recording.completed"),
    payload: z.looseObject({
      object: meetingObject.extend({
        start_time: z.iso.datetime().optional(),
        duration: z.number().int().nonnegative().default(0),
        total_size: z.number().int().nonnegative().optional(),
        share_url: z.string().min(1),
        password: z.string().optional(),
        recording_files: z.array(recordingFileSchema).default([]),
      }),
    }),
  }),
]);

type ZoomEvent = z.infer<typeof zoomEventSchema>;
type Participant = z.infer<typeof participantSchema>;

const envelopeSchema = z.looseObject({ event: z.string().min(1), payload: z.looseObject({ plainToken: z.string().optional() }) });

export type ReceiveZoomResult = { status: 200; body: unknown } | { status: 400; message: string };

/**
 * Verifies a request to /webhooks/zoom. Bad or missing signature, stale timestamp or a malformed
 * event → 400 with nothing stored. The URL validation challenge is answered; an event used here is
 * stored once (a redelivery is recognised by its id) with its job.
 */
export async function receiveZoomWebhook(
  context: Pick<AppLoadContext, "db" | "clock" | "queue">,
  secretToken: string,
  request: Request,
): Promise<ReceiveZoomResult> {
  const signature = request.headers.get(zoomSignatureHeader);
  const timestamp = request.headers.get(zoomTimestampHeader);
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return { status: 400, message: "Missing or malformed signature headers." };
  const body = await request.text();
  if (!(await isValidZoomSignature(secretToken, signature, timestamp, body))) return { status: 400, message: "Invalid signature." };
  if (Math.abs(context.clock.now().getTime() - Number(timestamp) * 1000) > zoomSignatureToleranceMs) {
    return { status: 400, message: "Stale timestamp." };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { status: 400, message: "Expected a JSON Zoom event." };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { status: 400, message: "Expected a Zoom event with `event` and `payload`." };
  if (envelope.data.event === "endpoint.url_validation") {
    const plainToken = envelope.data.payload.plainToken;
    if (!plainToken) return { status: 400, message: "The URL validation has no plainToken." };
    return { status: 200, body: { plainToken, encryptedToken: await zoomHmacHex(secretToken, plainToken) } };
  }
  if (!actedOn.has(envelope.data.event)) return { status: 200, body: { received: true, stored: 0 } };
  const event = zoomEventSchema.safeParse(json);
  if (!event.success) return { status: 400, message: `Malformed ${envelope.data.event} event.` };
  const { duplicates } = await storeInboundEvents(context, zoomWebhookProvider, [
    { eventId: stableEventId(event.data), type: event.data.event, payload: json },
  ]);
  return { status: 200, body: { received: true, duplicate: duplicates > 0 } };
}

/**
 * Zoom's events carry no id of their own, and a redelivery may differ in `event_ts`: the id is
 * built from what the event says happened, so the same happening is one stored event.
 */
function stableEventId(event: ZoomEvent) {
  switch (event.event) {
    case joined: {
      const { uuid, participant } = event.payload.object;
      return `${event.event}:${uuid}:${participantKey(participant)}:${participant.join_time}`;
    }
    case left: {
      const { uuid, participant } = event.payload.object;
      return `${event.event}:${uuid}:${participantKey(participant)}:${participant.leave_time}`;
    }
    default:
      return `${event.event}:${event.payload.object.uuid}`;
  }
}

/** What ties a leave to its join: Zoom's participant_uuid, else the participant's user id. */
function participantKey(participant: Participant) {
  return participant.participant_uuid || participant.user_id!;
}

type Context = Pick<AppLoadContext, "db" | "clock">;
export type ZoomEventOutcome = { ignored: string } | undefined;

/** Applies a stored Zoom event (the webhook job's handler for provider "zoom"). */
export async function applyZoomEvent(context: Context, stored: StoredInboundEvent): Promise<ZoomEventOutcome> {
  const parsed = zoomEventSchema.safeParse(stored.payload);
  if (!parsed.success) return { ignored: `not a ${stored.type} event this app understands` };
  const event = parsed.data;
  const { db } = context;
  const meeting = await findMeetingBooking(context, event.payload.object.id);
  if (!meeting) return { ignored: `no booking has Zoom meeting ${event.payload.object.id}` };
  switch (event.event) {
    case "meeting.started": {
      // A meeting can be started more than once; the booking keeps the first start.
      const at = new Date(event.payload.object.start_time).getTime();
      await db
        .update(bookings)
        .set({ meetingStartedAt: sql`min(coalesce(${bookings.meetingStartedAt}, ${at}), ${at})` })
        .where(eq(bookings.id, meeting.bookingId));
      return;
    }
    case "meeting.ended": {
      const at = new Date(event.payload.object.end_time).getTime();
      await db
        .update(bookings)
        .set({ meetingEndedAt: sql`max(coalesce(${bookings.meetingEndedAt}, ${at}), ${at})` })
        .where(eq(bookings.id, meeting.bookingId));
      return;
    }
    case joined:
    case left:
      return recomputeAttendance(context, meeting, event.payload.object.id);
    case "recording.completed":
      return saveRecording(context, meeting.bookingId, event);
  }
}

type MeetingBooking = NonNullable<Awaited<ReturnType<typeof findMeetingBooking>>>;

/** The booking holding Zoom meeting `id`, with what tells its parties apart in the meeting. */
async function findMeetingBooking(context: Context, id: string) {
  const [row] = await context.db
    .select({
      bookingId: bookings.id,
      customerEmail: users.email,
      specialistUserId: specialists.userId,
      specialistEmail: sql<string>`(select ${users.email} from ${users} where ${users.id} = ${specialists.userId})`,
    })
    .from(bookings)
    .innerJoin(users, eq(users.id, bookings.customerId))
    .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
    .where(and(eq(bookings.meetingProvider, "zoom"), eq(bookings.meetingId, id)));
  if (!row) return undefined;
  const [connection] = await context.db
    .select({ externalAccountId: connectedAccounts.externalAccountId, externalEmail: connectedAccounts.externalEmail })
    .from(connectedAccounts)
    .where(and(eq(connectedAccounts.userId, row.specialistUserId), eq(connectedAccounts.provider, "zoom")));
  return { ...row, hostAccountId: connection?.externalAccountId ?? null, hostEmail: connection?.externalEmail ?? null };
}

/** The stored join/leave events of meeting `id` (already verified when stored). */
function participantEvents(context: Context, id: string) {
  return context.db
    .select({ payload: webhookEvents.payload })
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.provider, zoomWebhookProvider),
        inArray(webhookEvents.type, [joined, left]),
        sql`cast(json_extract(${webhookEvents.payload}, '$.payload.object.id') as text) = ${id}`,
      ),
    );
}

function countParticipantEvents(context: Context, id: string) {
  return context.db
    .select({ n: count() })
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.provider, zoomWebhookProvider),
        inArray(webhookEvents.type, [joined, left]),
        sql`cast(json_extract(${webhookEvents.payload}, '$.payload.object.id') as text) = ${id}`,
      ),
    );
}

/**
 * Writes the booking's attendance as the stored events of its meeting say. Two jobs of the same
 * meeting may run at once; one that read fewer events than are stored once it has written runs
 * again, so the last write always reflects every event stored before it.
 */
async function recomputeAttendance(context: Context, meeting: MeetingBooking, id: string): Promise<undefined> {
  for (let round = 0; round < 5; round++) {
    const stored = await participantEvents(context, id);
    const events = stored.flatMap((row) => {
      const parsed = zoomEventSchema.safeParse(row.payload);
      return parsed.success && (parsed.data.event === joined || parsed.data.event === left) ? [parsed.data] : [];
    });
    const rows = attendanceRows(meeting, events);
    if (rows.length > 0) {
      const statements = rows.map((row) =>
        context.db
          .insert(meetingAttendance)
          .values({ id: crypto.randomUUID(), bookingId: meeting.bookingId, ...row })
          .onConflictDoUpdate({
            target: [meetingAttendance.bookingId, meetingAttendance.participantKey, meetingAttendance.joinedAt],
            set: {
              leftAt: sql`excluded.left_at`,
              role: sql`excluded.role`,
              participantName: sql`excluded.participant_name`,
              participantEmail: sql`excluded.participant_email`,
            },
          }),
      );
      await context.db.batch([statements[0]!, ...statements.slice(1)]);
    }
    const [after] = await countParticipantEvents(context, id);
    if ((after?.n ?? 0) <= stored.length) return;
  }
  throw new Error(`Attendance of Zoom meeting ${id} kept changing while it was written; retrying`);
}

type ParticipantEvent = Extract<ZoomEvent, { event: typeof joined | typeof left }>;

interface AttendanceRow {
  participantKey: string;
  participantName: string;
  participantEmail: string | null;
  role: MeetingParticipantRole;
  joinedAt: Date;
  leftAt: Date | null;
}

/**
 * One row per join; each join is closed by the first leave after it and before the participant's
 * next join. Leaves with no join before them wait (as events) for theirs.
 */
function attendanceRows(meeting: Omit<MeetingBooking, "bookingId" | "specialistUserId">, events: ParticipantEvent[]): AttendanceRow[] {
  const byKey = new Map<string, { joins: Set<number>; leaves: Set<number>; participant: Participant; hostId: string }>();
  for (const event of events) {
    const { participant, host_id: hostId } = event.payload.object;
    const key = participantKey(participant);
    const entry = byKey.get(key) ?? { joins: new Set(), leaves: new Set(), participant, hostId };
    if (event.event === joined) {
      entry.joins.add(new Date(participant.join_time!).getTime());
      entry.participant = { ...entry.participant, ...definedFields(participant) };
    } else {
      entry.leaves.add(new Date(participant.leave_time!).getTime());
      entry.participant = { ...definedFields(participant), ...definedFields(entry.participant) };
    }
    byKey.set(key, entry);
  }
  const roles = rolesOf(meeting, byKey);
  return [...byKey].flatMap(([key, { joins, leaves, participant }]) => {
    const joinTimes = [...joins].sort((a, b) => a - b);
    const leaveTimes = [...leaves].sort((a, b) => a - b);
    return joinTimes.map((joinedAt, index) => {
      const nextJoin = joinTimes[index + 1] ?? Infinity;
      const leftAt = leaveTimes.find((time) => time >= joinedAt && time < nextJoin);
      return {
        participantKey: key,
        participantName: participant.user_name ?? "",
        participantEmail: participant.email || null,
        role: roles.get(key)!,
        joinedAt: new Date(joinedAt),
        leftAt: leftAt === undefined ? null : new Date(leftAt),
      };
    });
  });
}

function definedFields(participant: Participant): Participant {
  return Object.fromEntries(Object.entries(participant).filter(([, value]) => value !== undefined && value !== ""));
}

const sameEmail = (a: string | null | undefined, b: string | null | undefined) =>
  Boolean(a && b && a.trim().toLowerCase() === b.trim().toLowerCase());

/**
 * The specialist is the host: Zoom's user id of the participant is the meeting's host or the
 * specialist's connected Zoom account, or the email is theirs. The customer is whoever uses the
 * customer's email; failing that, in a one-to-one session the single other participant is taken
 * to be the customer (people often join Zoom under another email or none). Anyone else is a guest.
 */
function rolesOf(
  meeting: Omit<MeetingBooking, "bookingId" | "specialistUserId">,
  participants: Map<string, { participant: Participant; hostId: string }>,
) {
  const roles = new Map<string, MeetingParticipantRole>();
  const unknown: string[] = [];
  for (const [key, { participant, hostId }] of participants) {
    const zoomUserId = participant.id;
    if (
      (zoomUserId && (zoomUserId === hostId || zoomUserId === meeting.hostAccountId)) ||
      sameEmail(participant.email, meeting.specialistEmail) ||
      sameEmail(participant.email, meeting.hostEmail)
    ) {
      roles.set(key, "specialist");
    } else if (sameEmail(participant.email, meeting.customerEmail)) {
      roles.set(key, "customer");
    } else {
      unknown.push(key);
    }
  }
  const customerKnown = [...roles.values()].includes("customer");
  for (const key of unknown) roles.set(key, !customerKnown && unknown.length === 1 ? "customer" : "guest");
  return roles;
}

type RecordingEvent = Extract<ZoomEvent, { event: "recording.completed" }>;

/** One row per recorded meeting instance; a repeat brings the same files and changes nothing. */
async function saveRecording(context: Context, bookingId: string, event: RecordingEvent): Promise<undefined> {
  const { object } = event.payload;
  const files: RecordingFile[] = object.recording_files.map((file) => ({
    id: file.id,
    fileType: file.file_type,
    recordingType: file.recording_type,
    fileSizeBytes: file.file_size,
    playUrl: file.play_url ?? null,
    downloadUrl: file.download_url ?? null,
    startedAt: file.recording_start ?? null,
    endedAt: file.recording_end ?? null,
  }));
  const fields = {
    startedAt: object.start_time ? new Date(object.start_time) : null,
    durationMinutes: object.duration,
    totalSizeBytes: object.total_size ?? files.reduce((sum, file) => sum + file.fileSizeBytes, 0),
    playUrl: object.share_url,
    passcode: object.password || null,
    files,
  };
  await context.db
    .insert(meetingRecordings)
    .values({
      id: crypto.randomUUID(),
      bookingId,
      provider: "zoom",
      externalId: object.uuid,
      receivedAt: context.clock.now(),
      ...fields,
    })
    .onConflictDoUpdate({ target: [meetingRecordings.bookingId, meetingRecordings.externalId], set: fields });
}
