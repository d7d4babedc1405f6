// What the booking notices share: the session as the recipient meets it (title, the other party
// and their zone, times, video link), its calendar file, and times read in both zones.
import * as z from "zod";
import { videoProviders } from "../../../db/schema";
import type { MailAttachment } from "../../integrations/mail/mailer";
import { formatSessionTime } from "../../lib/time-format";
import { meetingDetails, type MeetingFacts } from "../booking/meeting-details";
import { bookingCalendarFile, calendarContentType, type CalendarEvent } from "../booking/ics";

/** A notice's copy of the booking's meeting columns, for `meetingDetails`. */
export const meetingPayloadFields = {
  meetingProvider: z.enum(videoProviders).nullish(),
  meetingId: z.string().nullish(),
  meetingPasscode: z.string().nullish(),
};

/**
 * The meeting fields a notice keeps: only for a provider's meeting, so a default room's notices
 * stay as they were (missing fields read as the default room).
 */
export function meetingPayload(facts: MeetingFacts) {
  if (!facts.meetingUrl || !facts.meetingProvider || facts.meetingProvider === "default") return {};
  return { meetingProvider: facts.meetingProvider, meetingId: facts.meetingId ?? null, meetingPasscode: facts.meetingPasscode ?? null };
}

export const sessionPayload = z.object({
  bookingId: z.string(),
  sessionTitle: z.string(),
  specialistName: z.string(),
  /** The party the recipient meets, and that party's zone (shown beside the recipient's own). */
  otherPartyName: z.string(),
  otherPartyTimezone: z.string(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  /** bookings.sequence after the change: the calendar file's SEQUENCE. */
  sequence: z.number().int().nonnegative(),
  topic: z.string(),
  meetingUrl: z.string().nullable(),
  /** Who hosts `meetingUrl`, and Zoom's meeting ID and passcode (missing in notices recorded before they were kept). */
  ...meetingPayloadFields,
  /** When the change happened: the calendar file's DTSTAMP. */
  changedAt: z.iso.datetime(),
});
export type SessionPayload = z.infer<typeof sessionPayload>;

/** The same instant in the other party's zone, when theirs differs from the recipient's. */
export function otherPartyTime(at: Date, data: Pick<SessionPayload, "otherPartyTimezone">, recipientZone: string): string | null {
  if (data.otherPartyTimezone === recipientZone) return null;
  return formatSessionTime(at, data.otherPartyTimezone);
}

export function bookingUrl(origin: string, bookingId: string) {
  return `${origin}/bookings/${bookingId}`;
}

/** The booking's review page: the customer's form, the specialist's response. */
export function reviewUrl(origin: string, bookingId: string) {
  return `${origin}/bookings/${bookingId}/review`;
}

/** The printable receipt of a paid booking. */
export function receiptUrl(origin: string, bookingId: string) {
  return `${bookingUrl(origin, bookingId)}/receipt`;
}

/** The booking's calendar file as an email attachment: the same UID as /bookings/<id>.ics. */
export function calendarAttachment(data: SessionPayload, origin: string, status: CalendarEvent["status"] = "CONFIRMED"): MailAttachment {
  return {
    filename: "session.ics",
    contentType: calendarContentType,
    content: bookingCalendarFile({
      bookingId: data.bookingId,
      origin,
      stamp: new Date(data.changedAt),
      startsAt: new Date(data.startsAt),
      endsAt: new Date(data.endsAt),
      sequence: data.sequence,
      title: data.sessionTitle,
      otherPartyName: data.otherPartyName,
      specialistName: data.specialistName,
      topic: data.topic,
      meeting: meetingDetails(data),
      status,
    }),
  };
}
