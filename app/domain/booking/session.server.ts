// The session part of a booking (issue #11 item 4): when the join button shows, who attended,
// the specialist's notes, recordings shared with the customer, and no-shows (ADR 0027). Every
// function checks who is asking: only the booking's two parties see anything, and only its
// specialist changes anything.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import type { Database } from "../../../db/database";
import {
  bookingEvents,
  bookings,
  meetingAttendance,
  meetingRecordings,
  payments,
  refunds,
  sessionNotes,
  sessionTypes,
  specialists,
  users,
  type Booking,
  type BookingStatus,
  type NoShowParty,
  type SessionNoteVisibility,
} from "../../../db/schema";
import { writeWithJobs } from "../../lib/write-with-jobs.server";
import { notifyAll, type AnyNotificationSpec } from "../notifications/notifications.server";
import { keptPaymentRefundStatement, refundedSoFar } from "../payments/refunds.server";
import { renderBio } from "../specialists/bio";
import { summarizeAttendance, type PartyAttendance } from "./attendance";
import { maxSessionNoteLength } from "./session-form-schemas";

type ReadContext = Pick<AppLoadContext, "db" | "clock">;
type WriteContext = Pick<AppLoadContext, "db" | "clock" | "queue">;

const minuteMs = 60_000;
/** The join button shows from this long before the start. */
export const joinOpensBeforeMs = 10 * minuteMs;
/** Late Zoom webhooks get this long after the end before a missing specialist counts as a no-show. */
export const noShowGraceMs = 10 * minuteMs;
/** Sessions that ended longer ago than this are never judged automatically (e.g. when webhooks are first configured). */
export const noShowLookbackMs = 7 * 24 * 60 * minuteMs;

/** Statuses whose session took (or takes) place: the ones notes, attendance and no-shows apply to. */
const heldStatuses = ["confirmed", "completed"] as const satisfies readonly BookingStatus[];
const held = (status: BookingStatus) => (heldStatuses as readonly BookingStatus[]).includes(status);

export type SessionFailure = "not-found" | "not-allowed" | "invalid-input" | "conflict";
export const sessionFailureStatus: Record<SessionFailure, number> = {
  "not-found": 404,
  "not-allowed": 403,
  "invalid-input": 400,
  conflict: 409,
};
export type SessionResult = { ok: true } | { ok: false; reason: SessionFailure; message: string };

const notFound: SessionResult = { ok: false, reason: "not-found", message: "No booking of yours has that address." };
const specialistOnly: SessionResult = { ok: false, reason: "not-allowed", message: "Only the session's specialist can do this." };

/** The booking with the viewer's role in it; null unless the viewer is one of its two parties. */
async function partyOf(context: ReadContext, userId: string, bookingId: string) {
  const [row] = await context.db
    .select({
      booking: {
        id: bookings.id,
        status: bookings.status,
        customerId: bookings.customerId,
        startsAt: bookings.startsAt,
        endsAt: bookings.endsAt,
        meetingUrl: bookings.meetingUrl,
        meetingEndedAt: bookings.meetingEndedAt,
        noShow: bookings.noShow,
        noShowAt: bookings.noShowAt,
        priceMinor: bookings.priceMinor,
        currency: bookings.currency,
      },
      specialistUserId: specialists.userId,
      specialistName: specialists.displayName,
      sessionTitle: sessionTypes.title,
    })
    .from(bookings)
    .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
    .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
    .where(eq(bookings.id, bookingId))
    .limit(1);
  if (!row) return null;
  const role: "customer" | "specialist" | null =
    row.specialistUserId === userId ? "specialist" : row.booking.customerId === userId ? "customer" : null;
  return role ? { ...row, role } : null;
}

export type JoinState = { state: "open"; url: string } | { state: "opens"; at: Date } | null;

/** A confirmed booking's join link from 10 minutes before the start until the end; before that, when it opens. */
export function joinState(
  booking: { status: BookingStatus; startsAt: Date; endsAt: Date; meetingUrl: string | null },
  now: Date,
): JoinState {
  if (booking.status !== "confirmed" || !booking.meetingUrl || now >= booking.endsAt) return null;
  const opensAt = new Date(booking.startsAt.getTime() - joinOpensBeforeMs);
  return now < opensAt ? { state: "opens", at: opensAt } : { state: "open", url: booking.meetingUrl };
}

export interface SessionNoteView {
  body: string;
  /** The body through the bio renderer: escaped, with its small markdown subset. */
  html: string;
  updatedAt: Date;
}

export interface SessionRecordingView {
  id: string;
  playUrl: string;
  passcode: string | null;
  durationMinutes: number;
  startedAt: Date | null;
  shared: boolean;
}

export interface SessionView {
  role: "customer" | "specialist";
  join: JoinState;
  /** From the start on; null before it. */
  attendance: PartyAttendance[] | null;
  /** The specialist's private note: only ever loaded for the specialist. */
  privateNote: SessionNoteView | null;
  sharedNote: SessionNoteView | null;
  canWriteNotes: boolean;
  /** The specialist sees every recording; the customer only those shared now. */
  recordings: SessionRecordingView[];
  noShow: { party: NoShowParty; at: Date | null } | null;
  canMarkCustomerNoShow: boolean;
  /** What a customer no-show means for the money, for the specialist deciding. */
  price: { minor: number; currency: string };
}

/**
 * The session's reads for `viewerUserId`, to go in the caller's batch (the booking page reads them
 * with the booking, in one round trip). The private note and unshared recordings come back only
 * when the viewer is the booking's specialist.
 */
export function sessionReads(db: Database, bookingId: string, viewerUserId: string) {
  const viewerIsSpecialist = sql`exists (select 1 from ${bookings} join ${specialists} on ${specialists.id} = ${bookings.specialistId}
    where ${bookings.id} = ${bookingId} and ${specialists.userId} = ${viewerUserId})`;
  return [
    db
      .select({ role: meetingAttendance.role, joinedAt: meetingAttendance.joinedAt, leftAt: meetingAttendance.leftAt })
      .from(meetingAttendance)
      .where(eq(meetingAttendance.bookingId, bookingId)),
    db
      .select()
      .from(sessionNotes)
      .where(and(eq(sessionNotes.bookingId, bookingId), or(eq(sessionNotes.visibility, "shared"), viewerIsSpecialist))),
    db
      .select()
      .from(meetingRecordings)
      .where(and(eq(meetingRecordings.bookingId, bookingId), or(isNotNull(meetingRecordings.sharedWithCustomerAt), viewerIsSpecialist)))
      .orderBy(asc(meetingRecordings.startedAt), asc(meetingRecordings.receivedAt)),
  ] as const;
}

type Results<Reads> = { [K in keyof Reads]: Awaited<Reads[K]> };
/** What `sessionReads` returns from a batch. */
export type SessionRows = Results<ReturnType<typeof sessionReads>>;

type SessionBooking = Pick<
  Booking,
  "status" | "startsAt" | "endsAt" | "meetingUrl" | "meetingEndedAt" | "noShow" | "noShowAt" | "priceMinor" | "currency"
>;

/** The session section of a booking as `viewerUserId` may see it; null unless they are a party. */
export async function getSessionView(
  context: ReadContext,
  input: { viewerUserId: string; bookingId: string },
): Promise<SessionView | null> {
  const found = await partyOf(context, input.viewerUserId, input.bookingId);
  if (!found) return null;
  const rows = await context.db.batch(sessionReads(context.db, input.bookingId, input.viewerUserId));
  return sessionViewFrom({ booking: found.booking, role: found.role }, rows, context.clock.now());
}

/** The view from the session's rows (`sessionReads`, read for this viewer). */
export function sessionViewFrom(
  party: { booking: SessionBooking; role: "customer" | "specialist" },
  [attendanceRows, noteRows, recordingRows]: SessionRows,
  now: Date,
): SessionView {
  const { booking, role } = party;
  const asSpecialist = role === "specialist";
  const noteView = (visibility: SessionNoteVisibility): SessionNoteView | null => {
    const note = noteRows.find((row) => row.visibility === visibility);
    return note ? { body: note.body, html: renderBio(note.body), updatedAt: note.updatedAt } : null;
  };
  const started = now >= booking.startsAt && held(booking.status);
  return {
    role,
    join: joinState(booking, now),
    attendance: started
      ? summarizeAttendance(attendanceRows, { meetingEndedAt: booking.meetingEndedAt, endsAt: booking.endsAt, now })
      : null,
    privateNote: asSpecialist ? noteView("private") : null,
    sharedNote: noteView("shared"),
    canWriteNotes: asSpecialist && held(booking.status),
    recordings: recordingRows.map((recording) => ({
      id: recording.id,
      playUrl: recording.playUrl,
      passcode: recording.passcode,
      durationMinutes: recording.durationMinutes,
      startedAt: recording.startedAt,
      shared: recording.sharedWithCustomerAt !== null,
    })),
    noShow: booking.noShow ? { party: booking.noShow, at: booking.noShowAt } : null,
    canMarkCustomerNoShow: asSpecialist && started && booking.noShow === null && !attendanceRows.some((row) => row.role === "customer"),
    price: { minor: booking.priceMinor, currency: booking.currency },
  };
}

/**
 * Writes (or, with an empty body, removes) the specialist's private or shared note on a booking
 * that is confirmed or completed. Only the booking's specialist may; anyone else learns nothing.
 */
export async function saveSessionNote(
  context: ReadContext,
  input: { actorUserId: string; bookingId: string; visibility: SessionNoteVisibility; body: string },
): Promise<SessionResult> {
  const found = await partyOf(context, input.actorUserId, input.bookingId);
  if (!found) return notFound;
  if (found.role !== "specialist") return specialistOnly;
  if (!held(found.booking.status)) {
    return {
      ok: false,
      reason: "conflict",
      message: "Notes can be written once the booking is confirmed, and not after it was cancelled.",
    };
  }
  const body = input.body.trim();
  if (body.length > maxSessionNoteLength) {
    return {
      ok: false,
      reason: "invalid-input",
      message: `Keep the note to ${maxSessionNoteLength.toLocaleString("en")} characters or fewer.`,
    };
  }
  const { db } = context;
  const key = and(eq(sessionNotes.bookingId, found.booking.id), eq(sessionNotes.visibility, input.visibility));
  if (body === "") {
    await db.delete(sessionNotes).where(key);
    return { ok: true };
  }
  const now = context.clock.now();
  await db
    .insert(sessionNotes)
    .values({ bookingId: found.booking.id, visibility: input.visibility, body, updatedAt: now })
    .onConflictDoUpdate({ target: [sessionNotes.bookingId, sessionNotes.visibility], set: { body, updatedAt: now } });
  return { ok: true };
}

/** Shares one of the booking's recordings with its customer, or stops sharing it (hidden from the customer at once). */
export async function setRecordingShared(
  context: ReadContext,
  input: { actorUserId: string; bookingId: string; recordingId: string; shared: boolean },
): Promise<SessionResult> {
  const found = await partyOf(context, input.actorUserId, input.bookingId);
  if (!found) return notFound;
  if (found.role !== "specialist") return specialistOnly;
  const updated = await context.db
    .update(meetingRecordings)
    // Sharing again keeps the first time it was shared.
    .set({
      sharedWithCustomerAt: input.shared
        ? sql`coalesce(${meetingRecordings.sharedWithCustomerAt}, ${context.clock.now().getTime()})`
        : null,
    })
    .where(and(eq(meetingRecordings.id, input.recordingId), eq(meetingRecordings.bookingId, found.booking.id)))
    .returning({ id: meetingRecordings.id });
  if (updated.length === 0) return { ok: false, reason: "invalid-input", message: "That recording isn't one of this session's." };
  return { ok: true };
}

const attended = (role: "customer" | "specialist") =>
  sql`exists (select 1 from ${meetingAttendance} where ${meetingAttendance.bookingId} = ${bookings.id} and ${meetingAttendance.role} = ${role})`;

/**
 * The specialist records that the customer didn't come: after the start, once per booking, and
 * not when the meeting's attendance shows the customer joined. No refund (the policy refunds only
 * cancellations); the customer is told. One write: the history row decides, the rest follows it.
 */
export async function markCustomerNoShow(context: WriteContext, input: { actorUserId: string; bookingId: string }): Promise<SessionResult> {
  const found = await partyOf(context, input.actorUserId, input.bookingId);
  if (!found) return notFound;
  if (found.role !== "specialist") return specialistOnly;
  const { db } = context;
  const now = context.clock.now();
  const { booking } = found;
  if (!held(booking.status) || now < booking.startsAt) {
    return { ok: false, reason: "conflict", message: "A no-show can be recorded only after a confirmed session has started." };
  }
  const eventId = crypto.randomUUID();
  const decided = sql`exists (select 1 from ${bookingEvents} where ${bookingEvents.id} = ${eventId})`;
  const notice = notifyAll(
    context,
    [
      {
        userId: booking.customerId,
        kind: "session-no-show",
        subject: { type: "booking", id: booking.id },
        payload: {
          bookingId: booking.id,
          sessionTitle: found.sessionTitle,
          otherPartyName: found.specialistName,
          startsAt: booking.startsAt.toISOString(),
          noShow: "customer",
          recipientRole: "customer",
          refundMinor: 0,
          currency: booking.currency,
        },
      },
    ],
    decided,
  );
  const [decision] = await writeWithJobs(
    context,
    [
      db.run(sql`insert into ${bookingEvents} (id, booking_id, from_status, to_status, actor, actor_user_id, reason, at)
        select ${eventId}, ${bookings.id}, ${bookings.status}, ${bookings.status}, 'specialist', ${input.actorUserId},
          ${customerNoShowReason}, ${now.getTime()}
        from ${bookings}
        where ${bookings.id} = ${booking.id} and ${inArray(bookings.status, [...heldStatuses])} and ${bookings.noShow} is null
          and ${bookings.startsAt} <= ${now.getTime()} and not ${attended("customer")}`),
      db
        .update(bookings)
        .set({ noShow: "customer", noShowAt: now, updatedAt: now })
        .where(and(eq(bookings.id, booking.id), decided)),
      ...notice.statements,
    ],
    notice.jobs,
  );
  if (decision.rowsAffected === 1) return { ok: true };
  return {
    ok: false,
    reason: "conflict",
    message: "This session already has a no-show recorded, or the meeting shows the customer joined.",
  };
}

/** booking_events.reason of the two no-shows; the history reads them as sentences. */
export const customerNoShowReason = "customer marked as a no-show";
export const specialistNoShowReason = "specialist no-show (never joined the meeting), refunded in full";

/**
 * Finds Zoom sessions the specialist never joined and refunds their customers in full (ADR 0027).
 * Only while Zoom's webhooks are configured, only for sessions that ended at least the grace period
 * ago (and within the lookback), and only with evidence that the meeting's webhooks reached us: the
 * customer's join. Each booking is one write: the history row is inserted only while no no-show is
 * recorded, and the mark, the refund (one per payment and reason) and both notices follow it, so a
 * booking is never marked twice, never marked both ways, and never refunded twice.
 */
export async function detectSpecialistNoShows(context: WriteContext, options: { webhooksConfigured: boolean }): Promise<number> {
  if (!options.webhooksConfigured) return 0;
  const { db } = context;
  const now = context.clock.now();
  const due = and(
    inArray(bookings.status, [...heldStatuses]),
    eq(bookings.meetingProvider, "zoom"),
    isNull(bookings.noShow),
    lte(bookings.endsAt, new Date(now.getTime() - noShowGraceMs)),
    gt(bookings.endsAt, new Date(now.getTime() - noShowLookbackMs)),
    sql`not ${attended("specialist")}`,
    attended("customer"),
  );
  const rows = await db
    .select({
      id: bookings.id,
      customerId: bookings.customerId,
      startsAt: bookings.startsAt,
      currency: bookings.currency,
      sessionTitle: sessionTypes.title,
      specialistUserId: specialists.userId,
      specialistName: specialists.displayName,
      customerName: users.name,
      payment: { amountMinor: payments.amountMinor, currency: payments.currency, refundedMinor: refundedSoFar },
    })
    .from(bookings)
    .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
    .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
    .innerJoin(users, eq(users.id, bookings.customerId))
    .leftJoin(payments, and(eq(payments.bookingId, bookings.id), eq(payments.kept, true), eq(payments.status, "paid")))
    .where(due)
    .orderBy(desc(bookings.endsAt));
  let marked = 0;
  for (const row of rows) {
    const refundMinor = row.payment ? Math.max(0, row.payment.amountMinor - row.payment.refundedMinor) : 0;
    const currency = row.payment?.currency ?? row.currency;
    const eventId = crypto.randomUUID();
    const refundId = crypto.randomUUID();
    const decided = sql`exists (select 1 from ${bookingEvents} where ${bookingEvents.id} = ${eventId})`;
    const notice = (recipientRole: "customer" | "specialist"): AnyNotificationSpec => ({
      userId: recipientRole === "customer" ? row.customerId : row.specialistUserId,
      kind: "session-no-show",
      subject: { type: "booking", id: row.id },
      payload: {
        bookingId: row.id,
        sessionTitle: row.sessionTitle,
        otherPartyName: recipientRole === "customer" ? row.specialistName : row.customerName,
        startsAt: row.startsAt.toISOString(),
        noShow: "specialist",
        recipientRole,
        refundMinor,
        currency,
      },
    });
    const notices = notifyAll(context, [notice("customer"), notice("specialist")], decided);
    const results = await writeWithJobs(
      context,
      [
        db.run(sql`insert into ${bookingEvents} (id, booking_id, from_status, to_status, actor, reason, at)
          select ${eventId}, ${bookings.id}, ${bookings.status}, ${bookings.status}, 'system', ${specialistNoShowReason}, ${now.getTime()}
          from ${bookings} where ${bookings.id} = ${row.id} and ${due}`),
        db
          .update(bookings)
          .set({ noShow: "specialist", noShowAt: now, updatedAt: now })
          .where(and(eq(bookings.id, row.id), decided)),
        keptPaymentRefundStatement(db, {
          id: refundId,
          bookingId: row.id,
          amountMinor: refundMinor,
          reason: "specialist-no-show",
          at: now,
          when: decided,
        }),
        ...notices.statements,
      ],
      [
        { message: { type: "refund", refundId }, when: sql`exists (select 1 from ${refunds} where ${refunds.id} = ${refundId})` },
        ...notices.jobs,
      ],
    );
    if (results[0].rowsAffected === 1) marked += 1;
  }
  return marked;
}
