import type { AppLoadContext } from "@remix-run/server-runtime";
import * as z from "zod";
import { meetingParticipantRoles, noShowParties, sessionNoteVisibilities } from "../../../../db/schema";
import {
  getSessionView,
  saveSessionNote,
  setRecordingShared,
  type SessionFailure,
  type SessionNoteView,
  type SessionResult,
} from "../../../domain/booking/session.server";
import { ApiError, notFound, type ApiErrorCode } from "../errors";
import { defineOperation, ok } from "../operation";
import { instant } from "../pagination";

// The session part of a booking (ADR 0027) over app/domain/booking/session.server.ts, which the
// booking page's Session section calls: only the booking's two parties see it, and only its
// specialist writes notes or shares recordings (the customer gets 403, anyone else 404).

const tag = "Sessions";

const noteSchema = z
  .object({
    body: z.string().meta({ description: "Markdown, as written." }),
    html: z.string().meta({ description: "The body rendered as the web shows it (everything escaped)." }),
    updatedAt: instant,
  })
  .nullable();

const sessionSchema = z
  .object({
    role: z.enum(["customer", "specialist"]).meta({ description: "Your part in the booking." }),
    join: z
      .object({
        state: z.enum(["open", "opens"]),
        url: z.string().nullable().meta({ description: "The meeting link while the join window is open; null before." }),
        opensAt: instant.nullable().meta({ description: "When the join window opens (10 minutes before the start); null once open." }),
      })
      .nullable()
      .meta({ description: "For a confirmed booking with a meeting, until its end; null otherwise." }),
    attendance: z
      .array(
        z.object({
          role: z.enum(meetingParticipantRoles),
          firstJoinedAt: instant,
          lastLeftAt: instant.nullable(),
          minutesPresent: z.number().int(),
        }),
      )
      .nullable()
      .meta({ description: "Who was in the meeting, from its start on; null before." }),
    privateNote: noteSchema.meta({ description: "The specialist's own note: only the specialist ever gets it." }),
    sharedNote: noteSchema.meta({ description: "The specialist's note for both parties." }),
    canWriteNotes: z.boolean(),
    recordings: z.array(
      z.object({
        id: z.string(),
        playUrl: z.string(),
        passcode: z.string().nullable(),
        durationMinutes: z.number().int(),
        startedAt: instant.nullable(),
        shared: z.boolean().meta({ description: "Shared with the customer (the customer only ever sees shared ones)." }),
      }),
    ),
    noShow: z.object({ party: z.enum(noShowParties), at: instant.nullable() }).nullable(),
  })
  .meta({ id: "Session" });

const noteOf = (note: SessionNoteView | null) =>
  note ? { body: note.body, html: note.html, updatedAt: note.updatedAt.toISOString() } : null;

async function sessionOf(context: AppLoadContext, viewerUserId: string, bookingId: string): Promise<z.input<typeof sessionSchema>> {
  const view = await getSessionView(context, { viewerUserId, bookingId });
  if (!view) throw notFound("That booking");
  return {
    role: view.role,
    join:
      view.join?.state === "open"
        ? { state: "open", url: view.join.url, opensAt: null }
        : view.join
          ? { state: "opens", url: null, opensAt: view.join.at.toISOString() }
          : null,
    attendance:
      view.attendance?.map((party) => ({
        role: party.role,
        firstJoinedAt: party.firstJoinedAt.toISOString(),
        lastLeftAt: party.lastLeftAt?.toISOString() ?? null,
        minutesPresent: party.minutesPresent,
      })) ?? null,
    privateNote: noteOf(view.privateNote),
    sharedNote: noteOf(view.sharedNote),
    canWriteNotes: view.canWriteNotes,
    recordings: view.recordings.map((recording) => ({
      id: recording.id,
      playUrl: recording.playUrl,
      passcode: recording.passcode,
      durationMinutes: recording.durationMinutes,
      startedAt: recording.startedAt?.toISOString() ?? null,
      shared: recording.shared,
    })),
    noShow: view.noShow ? { party: view.noShow.party, at: view.noShow.at?.toISOString() ?? null } : null,
  };
}

const failureCodes: Record<SessionFailure, ApiErrorCode> = {
  "not-found": "not_found",
  "not-allowed": "forbidden",
  "invalid-input": "validation_failed",
  conflict: "conflict",
};

function refuse(result: SessionResult, codes: Partial<Record<SessionFailure, ApiErrorCode>> = {}) {
  if (result.ok) return;
  throw new ApiError(codes[result.reason] ?? failureCodes[result.reason], result.message);
}

const bookingParams = z.object({ id: z.string().min(1).max(100) });

export const sessionOperations = [
  defineOperation({
    id: "getSession",
    method: "get",
    path: "/bookings/{id}/session",
    tag,
    summary: "A booking's session: join link, attendance, notes, recordings",
    description: "What the booking page's Session section shows you, as its customer or its specialist.",
    auth: "required",
    params: bookingParams,
    responses: { 200: { description: "The session as you may see it.", schema: sessionSchema } },
    errors: ["not_found"],
    async handler({ params, principal, context }) {
      return ok(await sessionOf(context, principal.user.id, params.id));
    },
  }),
  defineOperation({
    id: "saveSessionNote",
    method: "put",
    path: "/bookings/{id}/session/notes",
    tag,
    summary: "Write the specialist's private or shared note",
    description:
      "The booking's specialist, while it is confirmed or completed. `private` is seen by the specialist alone; `shared` by the customer too. An empty body removes the note.",
    auth: "required",
    params: bookingParams,
    body: z.object({
      visibility: z.enum(sessionNoteVisibilities, { error: "Choose private or shared." }),
      // Its length is checked by saveSessionNote, after trimming, as the page does.
      body: z.string({ error: "Send the note's text (empty removes it)." }),
    }),
    responses: { 200: { description: "The session with the note saved.", schema: sessionSchema } },
    errors: ["not_found", "forbidden", "conflict"],
    async handler({ params, body, principal, context }) {
      refuse(await saveSessionNote(context, { actorUserId: principal.user.id, bookingId: params.id, ...body }));
      return ok(await sessionOf(context, principal.user.id, params.id));
    },
  }),
  defineOperation({
    id: "shareSessionRecording",
    method: "post",
    path: "/bookings/{id}/session/recordings/{recordingId}/share",
    tag,
    summary: "Share a recording with the customer, or stop sharing it",
    description: "The booking's specialist. Unsharing hides it from the customer at once.",
    auth: "required",
    params: z.object({ id: z.string().min(1).max(100), recordingId: z.string().min(1).max(100) }),
    body: z.object({ shared: z.boolean({ error: "Send shared: true or false." }) }),
    responses: { 200: { description: "The session with the recording (un)shared.", schema: sessionSchema } },
    errors: ["not_found", "forbidden"],
    async handler({ params, body, principal, context }) {
      const result = await setRecordingShared(context, {
        actorUserId: principal.user.id,
        bookingId: params.id,
        recordingId: params.recordingId,
        shared: body.shared,
      });
      // The recording is named in the path: one that isn't this session's is not found.
      refuse(result, { "invalid-input": "not_found" });
      return ok(await sessionOf(context, principal.user.id, params.id));
    },
  }),
];
