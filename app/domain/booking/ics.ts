// An RFC 5545 calendar file for one booking: CRLF line endings, lines folded at 75 octets
// (never inside a UTF-8 sequence), TEXT values escaped, instants in UTC ("Z" form).

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

export function bookingCalendar(event: CalendarEvent): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Specialistly//Bookings//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
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
    "END:VCALENDAR",
  ];
  return `${lines.map(foldIcsLine).join("\r\n")}\r\n`;
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
  /** The video link, once the booking is confirmed. */
  joinUrl: string | null;
  status: CalendarEvent["status"];
}

/** One booking's calendar file, as downloaded from /bookings/<id>.ics and attached to emails. */
export function bookingCalendarFile(input: BookingCalendarInput): string {
  const pageUrl = `${input.origin}/bookings/${input.bookingId}`;
  const description = [
    input.joinUrl ? `Join: ${input.joinUrl}` : "The video link appears on the booking page once the booking is confirmed.",
    input.topic ? `Topic: ${input.topic}` : null,
    `Booking: ${pageUrl}`,
  ]
    .filter(Boolean)
    .join("\n");
  return bookingCalendar({
    uid: calendarUid(input.bookingId, input.origin),
    stamp: input.stamp,
    sequence: input.sequence,
    // The booking is arranged by the specialist through the app; replies go nowhere, hence no-reply.
    organizer: { name: `${input.specialistName} via Specialistly`, email: `no-reply@${new URL(input.origin).hostname}` },
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    summary: `${input.title} with ${input.otherPartyName}`,
    description,
    url: input.joinUrl,
    status: input.status,
  });
}
