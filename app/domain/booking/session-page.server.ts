// The booking page's session section: the domain's view in the viewer's words and zone, and its
// forms' intents parsed and handed to the domain (which decides who may do what).
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { AppLoadContext } from "@remix-run/server-runtime";
import type { MeetingParticipantRole } from "../../../db/schema";
import { formatMoney } from "../../lib/money";
import { formatDate, formatDayTime, formatTime } from "../../lib/time-format";
import type { BookingDetail } from "./bookings.server";
import { customerNoShowSchema, recordingShareSchema, sessionNoteSchema, type SessionIntent } from "./session-form-schemas";
import {
  sessionViewFrom,
  markCustomerNoShow,
  saveSessionNote,
  sessionFailureStatus,
  setRecordingShared,
  type SessionResult,
  type SessionView,
} from "./session.server";

type Context = Pick<AppLoadContext, "db" | "clock" | "queue">;

/** The session section of the booking `detail` (read for its viewer by getBookingFor) as the page renders it. */
export function sessionSection(detail: BookingDetail, input: { now: Date; zone: string; joinLabel: string }) {
  const view = sessionViewFrom({ booking: detail.booking, role: detail.viewerRole }, detail.sessionRows, input.now);
  const names = { specialistName: detail.specialist.displayName, customerName: detail.customerName };
  const asSpecialist = view.role === "specialist";
  const partyName: Record<MeetingParticipantRole, string> = {
    specialist: asSpecialist ? "You" : names.specialistName,
    customer: asSpecialist ? names.customerName : "You",
    guest: "Guests",
  };
  const when = (at: Date | null) => (at ? formatDayTime(at, input.zone) : null);
  const section = {
    asSpecialist,
    join:
      view.join?.state === "open"
        ? { url: view.join.url, label: input.joinLabel }
        : view.join?.state === "opens"
          ? { opensAt: formatDayTime(view.join.at, input.zone), opensAtIso: view.join.at.toISOString() }
          : null,
    attendance:
      view.attendance?.map((party) => ({
        role: party.role,
        name: partyName[party.role],
        firstJoined: formatTime(party.firstJoinedAt, input.zone),
        lastLeft: party.lastLeftAt ? formatTime(party.lastLeftAt, input.zone) : null,
        minutes: party.minutesPresent,
      })) ?? null,
    privateNote: view.privateNote ? { body: view.privateNote.body, html: view.privateNote.html } : null,
    sharedNote: view.sharedNote ? { body: view.sharedNote.body, html: view.sharedNote.html } : null,
    canWriteNotes: view.canWriteNotes,
    recordings: view.recordings.map((recording) => ({
      id: recording.id,
      playUrl: recording.playUrl,
      passcode: recording.passcode,
      minutes: recording.durationMinutes,
      date: recording.startedAt ? formatDate(recording.startedAt, input.zone) : null,
      shared: recording.shared,
    })),
    noShow: view.noShow ? noShowWording(view, names, when(view.noShow.at)) : null,
    markNoShow: view.canMarkCustomerNoShow ? customerNoShowConsequence(view) : null,
  };
  // Nothing to show (awaiting payment, cancelled before anything happened): no empty section.
  const empty =
    !section.join &&
    !section.attendance &&
    !section.privateNote &&
    !section.sharedNote &&
    !section.canWriteNotes &&
    section.recordings.length === 0 &&
    !section.noShow;
  return empty ? null : section;
}

export type SessionSection = NonNullable<Awaited<ReturnType<typeof sessionSection>>>;

function noShowWording(view: SessionView, names: { specialistName: string; customerName: string }, at: string | null): string {
  const asSpecialist = view.role === "specialist";
  const since = at ? ` (${at})` : "";
  if (view.noShow?.party === "customer") {
    return asSpecialist
      ? `You recorded that ${names.customerName} didn't come${since}. The payment is kept: a missed session isn't refunded automatically.`
      : `${names.specialistName} recorded that you didn't come${since}. A missed session isn't refunded automatically.`;
  }
  return asSpecialist
    ? `You never joined the meeting${since}, so the customer was refunded in full.`
    : `${names.specialistName} never joined the meeting${since}, so you're refunded in full.`;
}

/** What marking the customer a no-show means, said before the specialist confirms it (refund-policy.ts refunds cancellations only). */
function customerNoShowConsequence(view: SessionView): string {
  const told = "The customer is told by email.";
  if (view.price.minor === 0) return told;
  return `The customer paid ${formatMoney(view.price.minor, view.price.currency)}. A no-show isn't a cancellation, so nothing is refunded automatically. ${told}`;
}

export type SessionIntentOutcome = { ok: true; notice: string } | { ok: false; status: number; reply: SubmissionResult<string[]> };

const notices: Record<SessionIntent, string> = {
  "save-note": "note-saved",
  "share-recording": "recording-shared",
  "unshare-recording": "recording-unshared",
  "mark-customer-no-show": "no-show",
};

/** Parses one of the session forms and runs it; the domain refuses anyone but the booking's specialist. */
export async function runSessionIntent(
  context: Context,
  input: { actorUserId: string; bookingId: string; intent: SessionIntent; formData: FormData },
): Promise<SessionIntentOutcome> {
  const { actorUserId, bookingId, formData } = input;
  const outcome = (submission: { reply(options?: { formErrors?: string[] }): SubmissionResult<string[]> }, result: SessionResult) =>
    result.ok
      ? { ok: true as const, notice: notices[input.intent] }
      : { ok: false as const, status: sessionFailureStatus[result.reason], reply: submission.reply({ formErrors: [result.message] }) };
  const invalid = (submission: { reply(): SubmissionResult<string[]> }) => ({ ok: false as const, status: 400, reply: submission.reply() });

  if (input.intent === "save-note") {
    const submission = parseWithZod(formData, { schema: sessionNoteSchema });
    if (submission.status !== "success") return invalid(submission);
    const { visibility, body } = submission.value;
    return outcome(submission, await saveSessionNote(context, { actorUserId, bookingId, visibility, body }));
  }
  if (input.intent === "mark-customer-no-show") {
    const submission = parseWithZod(formData, { schema: customerNoShowSchema });
    if (submission.status !== "success") return invalid(submission);
    return outcome(submission, await markCustomerNoShow(context, { actorUserId, bookingId }));
  }
  const submission = parseWithZod(formData, { schema: recordingShareSchema });
  if (submission.status !== "success") return invalid(submission);
  const { recordingId, intent } = submission.value;
  return outcome(
    submission,
    await setRecordingShared(context, { actorUserId, bookingId, recordingId, shared: intent === "share-recording" }),
  );
}
