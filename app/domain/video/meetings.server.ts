// A confirmed booking's video meeting (ADR 0023, 0024): the `meeting` job reconciles the booking
// with its Zoom meeting or Google Calendar event with Meet — created once it is confirmed, moved
// with it, deleted when it is cancelled or expires — and falls back to the default room link when
// the provider can't be used. The job carries only
// the booking's id and always works towards the booking's CURRENT state, so a repeated, late or
// out-of-order job ends the same; `meeting_synced_for` records the state last reconciled.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import { bookings, sessionTypes, specialists, users, type Booking, type VideoProvider } from "../../../db/schema";
import { isProviderError, ProviderError } from "../../integrations/provider-error";
import type { JobInWrite } from "../../lib/write-with-jobs.server";
import { writeWithJobs } from "../../lib/write-with-jobs.server";
import { defaultMeetingUrl } from "../booking/meeting-url";
import { bookingUrl } from "../notifications/booking-session";
import { notifyAll } from "../notifications/notifications.server";
import { findGoogleConnection, googleAvailability, withGoogle } from "./google-connection.server";
import { findZoomConnection, withZoom, zoomAvailability } from "./zoom-connection.server";

type Context = Pick<AppLoadContext, "db" | "clock" | "env" | "queue">;

/** Whether the specialist can put session types on Zoom: Zoom is configured and their connection is active. */
export async function zoomReadyFor(context: Pick<Context, "db" | "env">, userId: string): Promise<boolean> {
  if (!(await zoomAvailability(context.env)).ok) return false;
  return (await findZoomConnection(context, userId))?.status === "active";
}

/** Whether the specialist can put session types on Google Meet: Google is configured and their Google Calendar connection is active. */
export async function googleMeetReadyFor(context: Pick<Context, "db" | "env">, userId: string): Promise<boolean> {
  if (!(await googleAvailability(context.env)).ok) return false;
  return (await findGoogleConnection(context, userId))?.status === "active";
}

/** Which providers besides the default link the specialist can choose now. */
export async function videoProvidersReady(context: Pick<Context, "db" | "env">, userId: string) {
  const [zoom, googleMeet] = await Promise.all([zoomReadyFor(context, userId), googleMeetReadyFor(context, userId)]);
  return { zoom, google_meet: googleMeet };
}

/** Why `provider` can't be chosen for the specialist's session types now, or null when it can. */
export async function videoProviderProblem(context: Pick<Context, "db" | "env">, userId: string, provider: VideoProvider) {
  if (provider === "zoom" && !(await zoomReadyFor(context, userId))) {
    return "Connect Zoom under Video first: sessions can only use Zoom while your Zoom account is connected.";
  }
  if (provider === "google_meet" && !(await googleMeetReadyFor(context, userId))) {
    return "Connect Google Calendar under Video first: sessions can only use Google Meet while your Google Calendar is connected.";
  }
  return null;
}

const providerLabels = { zoom: "Zoom meeting", google_meet: "Google Meet event" } as const;

/**
 * The meeting job of a write that confirms, moves or cancels `bookingId`, enqueued when `when`
 * holds and the booking has (or may get) a provider's meeting: its session type is on one, or it holds one.
 */
export function meetingJob(bookingId: string, when: SQL): JobInWrite {
  return {
    message: { type: "meeting", bookingId },
    when: sql`(${when}) and exists (select 1 from ${bookings} join ${sessionTypes} on ${sessionTypes.id} = ${bookings.sessionTypeId}
      where ${bookings.id} = ${bookingId} and (${sessionTypes.videoProvider} <> 'default' or ${bookings.meetingProvider} <> 'default'))`,
  };
}

export type MeetingSyncResult = "created" | "moved" | "deleted" | "fallback" | "unchanged" | "superseded";

/** The state a reconciliation is for: a booking changes status or sequence with every change that matters here. */
function stateOf(booking: Pick<Booking, "status" | "sequence">) {
  return `${booking.status}#${booking.sequence}`;
}

async function loadMeetingBooking(context: Context, bookingId: string) {
  const [row] = await context.db
    .select({
      booking: bookings,
      videoProvider: sessionTypes.videoProvider,
      sessionTitle: sessionTypes.title,
      specialistUserId: specialists.userId,
      specialistName: specialists.displayName,
      specialistTimezone: specialists.timezone,
      customerName: users.name,
      customerEmail: users.email,
    })
    .from(bookings)
    .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
    .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
    .innerJoin(users, eq(users.id, bookings.customerId))
    .where(eq(bookings.id, bookingId));
  return row;
}

type MeetingBooking = NonNullable<Awaited<ReturnType<typeof loadMeetingBooking>>>;

/** Still in the state this run read: a write guarded by it can't overwrite a newer change. */
function unchangedSince(booking: Booking) {
  return and(eq(bookings.id, booking.id), eq(bookings.status, booking.status), eq(bookings.sequence, booking.sequence));
}

/**
 * As `unchangedSince`, and no other run gave the booking a meeting meanwhile: two runs of one job
 * can overlap (a redelivery, the sweeper), and only the first to save keeps its meeting.
 */
function noOtherMeetingSince(booking: Booking) {
  return and(unchangedSince(booking), booking.meetingId === null ? isNull(bookings.meetingId) : eq(bookings.meetingId, booking.meetingId));
}

/**
 * Reconciles the booking's meeting with the booking. Throws (for the queue's retry with backoff)
 * when the provider fails, except on the `finalAttempt`, when a confirmed booking falls back to the
 * default link; a connection that is missing or lost falls back at once.
 */
export async function syncMeeting(
  context: Context,
  bookingId: string,
  options: { finalAttempt?: boolean; origin?: string } = {},
): Promise<MeetingSyncResult> {
  const row = await loadMeetingBooking(context, bookingId);
  if (!row) return "unchanged";
  const { booking } = row;
  if (booking.meetingSyncedFor === stateOf(booking)) return "unchanged";

  if (booking.status === "confirmed") {
    // A booking keeps the provider it has a meeting with, even if its session type changed since.
    const provider = booking.meetingProvider !== "default" ? booking.meetingProvider : row.videoProvider;
    if (provider === "default") return "unchanged";
    try {
      return provider === "zoom" ? await putZoomMeeting(context, row) : await putGoogleEvent(context, row, options.origin);
    } catch (error) {
      // A refused request (other 4xx) fails the same way next time: use the default link now.
      const permanent = isProviderError(error) && error.permanent;
      if (!options.finalAttempt && !permanent) throw error;
      const reason = error instanceof Error ? error.message : error;
      console.warn(`Booking ${booking.id}: no ${providerLabels[provider]}, using the default link:`, reason);
      return fallBack(context, row);
    }
  }

  if ((booking.status === "cancelled" || booking.status === "expired") && booking.meetingProvider !== "default" && booking.meetingId) {
    const { meetingId, meetingProvider } = booking;
    try {
      // A lost connection can't delete anything: the meeting stays with the provider, harmless without the booking.
      if (meetingProvider === "zoom") await withZoom(context, row.specialistUserId, (api) => api.deleteMeeting(Number(meetingId)));
      else await withGoogle(context, row.specialistUserId, (api) => api.deleteEvent("primary", meetingId));
    } catch (error) {
      if (!options.finalAttempt) throw error;
      console.warn(`Booking ${booking.id}: could not delete ${providerLabels[meetingProvider]} ${meetingId}; leaving it:`, error);
    }
    await context.db
      .update(bookings)
      .set({ meetingProvider: "default", meetingId: null, meetingPasscode: null, meetingSyncedFor: stateOf(booking) })
      .where(unchangedSince(booking));
    return "deleted";
  }
  return "unchanged";
}

async function putZoomMeeting(context: Context, row: MeetingBooking): Promise<MeetingSyncResult> {
  const { booking } = row;
  const input = {
    topic: `${row.sessionTitle} with ${row.customerName}`,
    startsAt: booking.startsAt,
    durationMinutes: Math.round((booking.endsAt.getTime() - booking.startsAt.getTime()) / 60_000),
    timezone: row.specialistTimezone,
    waitingRoom: true,
  };
  const existing = booking.meetingProvider === "zoom" && booking.meetingId ? Number(booking.meetingId) : null;
  const result = await withZoom(context, row.specialistUserId, async (api) => {
    if (existing !== null) {
      try {
        await api.updateMeeting(existing, input);
        return { moved: true as const };
      } catch (error) {
        // Deleted in Zoom by the specialist: make a new one rather than leave the booking without.
        if (!(isProviderError(error) && error.status === 404)) throw error;
      }
    }
    return { moved: false as const, meeting: await api.createMeeting(input) };
  });
  if (!result.ok) return fallBack(context, row);

  const synced = stateOf(booking);
  if (result.value.moved) {
    await context.db.update(bookings).set({ meetingSyncedFor: synced }).where(unchangedSince(booking));
    return "moved";
  }
  const { meeting } = result.value;
  const saved = await context.db
    .update(bookings)
    .set({
      meetingProvider: "zoom",
      meetingId: String(meeting.id),
      meetingUrl: meeting.join_url,
      meetingPasscode: meeting.password ?? null,
      meetingSyncedFor: synced,
    })
    .where(noOtherMeetingSince(booking));
  if (saved.rowsAffected === 0) {
    // The booking changed while Zoom answered (its own job reconciles the new state), or another
    // run saved its meeting first: this one would only be an orphan.
    await withZoom(context, row.specialistUserId, (api) => api.deleteMeeting(meeting.id));
    return "superseded";
  }
  return "created";
}

/**
 * The booking's event on the specialist's primary Google calendar, with a Meet conference and the
 * customer as attendee. Moved by a patch; one deleted in Google is made anew.
 */
async function putGoogleEvent(context: Context, row: MeetingBooking, origin: string | undefined): Promise<MeetingSyncResult> {
  const { booking } = row;
  const page = bookingUrl(origin ?? context.env.APP_URL ?? "", booking.id);
  const input = {
    summary: `${row.sessionTitle} with ${row.customerName}`,
    description: `Your Specialistly session with ${row.customerName}. Booking: ${page}`,
    startsAt: booking.startsAt,
    endsAt: booking.endsAt,
    timeZone: row.specialistTimezone,
    attendees: [{ email: row.customerEmail, displayName: row.customerName }],
  };
  const existing = booking.meetingProvider === "google_meet" ? booking.meetingId : null;
  const result = await withGoogle(context, row.specialistUserId, async (api) => {
    if (existing) {
      try {
        await api.patchEvent("primary", existing, input);
        return { moved: true as const };
      } catch (error) {
        if (!(isProviderError(error) && (error.status === 404 || error.status === 410))) throw error;
      }
    }
    // Unique per booking state: Google creates one conference per requestId.
    return {
      moved: false as const,
      event: await api.insertEvent("primary", { ...input, meetRequestId: `${booking.id}-${stateOf(booking)}` }),
    };
  });
  if (!result.ok) return fallBack(context, row);

  const synced = stateOf(booking);
  if (result.value.moved) {
    await context.db.update(bookings).set({ meetingSyncedFor: synced }).where(unchangedSince(booking));
    return "moved";
  }
  const { event } = result.value;
  if (!event.meetUrl) throw new ProviderError("Google created the event without a Meet link", { permanent: false });
  const saved = await context.db
    .update(bookings)
    .set({
      meetingProvider: "google_meet",
      meetingId: event.id,
      meetingUrl: event.meetUrl,
      meetingPasscode: null,
      meetingSyncedFor: synced,
    })
    .where(noOtherMeetingSince(booking));
  if (saved.rowsAffected === 0) {
    // The booking changed while Google answered, or another run saved its event first.
    await withGoogle(context, row.specialistUserId, (api) => api.deleteEvent("primary", event.id));
    return "superseded";
  }
  return "created";
}

/**
 * The booking keeps (or gets) a default room link, and both parties are told once per booking.
 * Marked as reconciled for this state: a later move tries the provider again.
 */
async function fallBack(context: Context, row: MeetingBooking): Promise<MeetingSyncResult> {
  const { booking } = row;
  const meetingUrl = booking.meetingProvider !== "default" || !booking.meetingUrl ? defaultMeetingUrl() : booking.meetingUrl;
  const failedProvider = booking.meetingProvider !== "default" ? booking.meetingProvider : row.videoProvider;
  const synced = stateOf(booking);
  const applied = sql`exists (select 1 from ${bookings} where ${bookings.id} = ${booking.id} and ${bookings.meetingSyncedFor} = ${synced}
    and ${bookings.meetingUrl} = ${meetingUrl})`;
  const notices = notifyAll(
    context,
    (["customer", "specialist"] as const).map((party) => ({
      userId: party === "customer" ? booking.customerId : row.specialistUserId,
      kind: "meeting-fallback" as const,
      subject: { type: "booking", id: booking.id },
      payload: {
        bookingId: booking.id,
        sessionTitle: row.sessionTitle,
        otherPartyName: party === "customer" ? row.specialistName : row.customerName,
        startsAt: booking.startsAt.toISOString(),
        meetingUrl,
        provider: failedProvider === "google_meet" ? ("google_meet" as const) : ("zoom" as const),
      },
    })),
    applied,
  );
  await writeWithJobs(
    context,
    [
      context.db
        .update(bookings)
        .set({ meetingProvider: "default", meetingId: null, meetingPasscode: null, meetingUrl, meetingSyncedFor: synced })
        .where(unchangedSince(booking)),
      ...notices.statements,
    ],
    notices.jobs,
  );
  return "fallback";
}
