// An RFC 5545 calendar file for one booking: CRLF line endings, lines folded at 75 octets
// (never inside a UTF-8 sequence), TEXT values escaped, instants in UTC ("Z" form).
import type { BookingStatus } from "../../../db/schema";
import { meetingLines, type MeetingDetails } from "./meeting-details";

export interface CalendarEvent {
  uid: string;
  stamp: Date;
  /** Times the event changed: a calendar replaces its copy with the same UID and a higher SEQUENCE. */
  sequence: number;
  /** RFC 5546 requires an ORGANIZER on a published event. */
  organizer: { name: string; email: string };
  startsAt: Date;
  endsAt: Date;
  summary: string;
  description: string;
  url?: string | null;
  status: "CONFIRMED" | "TENTATIVE" | "CANCELLED";
}

/** 2026-06-02T09:00:00.000Z → 20260602T090000Z */
export function icsDateTime(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/** Escapes a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 §3.3.11). */
export function escapeIcsText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

const encoder = new TextEncoder();
const maxOctets = 75;

/** Splits a content line into lines of at most 75 octets; continuation lines start with a space. */
export function foldIcsLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // The first line may hold 75 octets; continuation lines hold 74 after their leading space.
    const limit = parts.length === 0 ? maxOctets : maxOctets - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/** A parameter value, quoted (RFC 5545 §3.2: no DQUOTE or control characters inside). */
function quoteParam(value: string): string {
  const safe = Array.from(value, (char) => (char === '"' || char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f ? "" : char)).join("");
  return `"${safe}"`;
}

function eventLines(event: CalendarEvent): string[] {
  return [
    "BEGIN:VEVENT",
    `UID:${escapeIcsText(event.uid)}`,
    `DTSTAMP:${icsDateTime(event.stamp)}`,
    `SEQUENCE:${event.sequence}`,
    `ORGANIZER;CN=${quoteParam(event.organizer.name)}:mailto:${event.organizer.email}`,
    `DTSTART:${icsDateTime(event.startsAt)}`,
    `DTEND:${icsDateTime(event.endsAt)}`,
    `SUMMARY:${escapeIcsText(event.summary)}`,
    `DESCRIPTION:${escapeIcsText(event.description)}`,
    ...(event.url ? [`URL:${event.url}`, `LOCATION:${escapeIcsText(event.url)}`] : []),
    `STATUS:${event.status}`,
    "END:VEVENT",
  ];
}

function calendarText(header: string[], events: readonly CalendarEvent[]): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Specialistly//Bookings//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    ...header,
    ...events.flatMap(eventLines),
    "END:VCALENDAR",
  ];
  return `${lines.map(foldIcsLine).join("\r\n")}\r\n`;
}

export function bookingCalendar(event: CalendarEvent): string {
  return calendarText([], [event]);
}

/**
 * A subscribed calendar of many events (the personal feed): named, and asking calendar apps to
 * refresh hourly (RFC 7986 REFRESH-INTERVAL, with the older X-PUBLISHED-TTL some apps read instead).
 */
export function subscribedCalendar(name: string, events: readonly CalendarEvent[]): string {
  return calendarText(
    [`NAME:${escapeIcsText(name)}`, `X-WR-CALNAME:${escapeIcsText(name)}`, "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H"],
    events,
  );
}

// METHOD:PUBLISH (RFC 5546 §3.2.1) rather than REQUEST: the booking is made and changed here, not
// negotiated by calendar replies, so there are no ATTENDEEs and no RSVP buttons whose answers
// nobody would read. A PUBLISH with the same UID and a higher SEQUENCE updates the copy a
// calendar already has (a move), and STATUS:CANCELLED marks it off.
export const calendarContentType = "text/calendar; method=PUBLISH; charset=utf-8";

/** The booking's UID in every calendar file about it (the download and email attachments alike). */
export function calendarUid(bookingId: string, origin: string): string {
  return `${bookingId}@${new URL(origin).host}`;
}

export interface BookingCalendarInput {
  bookingId: string;
  /** The app's public origin: the UID's host and the booking page's link. */
  origin: string;
  stamp: Date;
  startsAt: Date;
  endsAt: Date;
  sequence: number;
  title: string;
  /** The party the reader meets (the summary says "<title> with <other party>"). */
  otherPartyName: string;
  specialistName: string;
  topic: string;
  /** Where it meets (`meetingDetails`), once the booking is confirmed and has a link. */
  meeting: MeetingDetails | null;
  status: CalendarEvent["status"];
}

/** A booking's status as a calendar reads it: a cancelled or lapsed booking drops out of calendars that hold it. */
export function calendarStatus(status: BookingStatus): CalendarEvent["status"] {
  if (status === "cancelled" || status === "expired") return "CANCELLED";
  return status === "pending_payment" ? "TENTATIVE" : "CONFIRMED";
}

/** One booking as a calendar event: LOCATION is the join link, DESCRIPTION labels it (with Zoom's ID and passcode). */
export function bookingEvent(input: BookingCalendarInput): CalendarEvent {
  const pageUrl = `${input.origin}/bookings/${input.bookingId}`;
  const description = [
    ...(input.meeting ? meetingLines(input.meeting) : ["The video link appears on the booking page once the booking is confirmed."]),
    input.topic ? `Topic: ${input.topic}` : null,
    `Booking: ${pageUrl}`,
  ]
    .filter(Boolean)
    .join("\n");
  return {
    uid: calendarUid(input.bookingId, input.origin),
    stamp: input.stamp,
    sequence: input.sequence,
    // The booking is arranged by the specialist through the app; replies go nowhere, hence no-reply.
    organizer: { name: `${input.specialistName} via Specialistly`, email: `no-reply@${new URL(input.origin).hostname}` },
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    summary: `${input.title} with ${input.otherPartyName}`,
    description,
    url: input.meeting?.url ?? null,
    status: input.status,
  };
}

/** One booking's calendar file, as downloaded from /bookings/<id>.ics and attached to emails. */
export function bookingCalendarFile(input: BookingCalendarInput): string {
  return bookingCalendar(bookingEvent(input));
}
