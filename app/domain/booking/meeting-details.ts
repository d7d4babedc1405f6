// Where a booking meets, said the same way everywhere: the booking page, the calendar files, the
// emails and the text messages all read a booking's meeting through `meetingDetails`.
import type { VideoProvider } from "../../../db/schema";

/** The booking's meeting columns (optional ones missing read as a default room without id or passcode). */
export interface MeetingFacts {
  meetingUrl: string | null;
  meetingProvider?: VideoProvider | null;
  meetingId?: string | null;
  meetingPasscode?: string | null;
}

export interface MeetingDetails {
  provider: VideoProvider;
  /** What the link opens: "Zoom meeting", "Google Meet" or "Video room". */
  label: string;
  /** The words on a join button. */
  joinLabel: string;
  url: string;
  /** Zoom's meeting ID and passcode, for joining from the Zoom app; null for other providers. */
  meetingId: string | null;
  passcode: string | null;
}

const labels: Record<VideoProvider, { label: string; joinLabel: string }> = {
  zoom: { label: "Zoom meeting", joinLabel: "Join the Zoom meeting" },
  google_meet: { label: "Google Meet", joinLabel: "Join with Google Meet" },
  default: { label: "Video room", joinLabel: "Join the session" },
};

/** The booking's meeting, or null while it has no link (a Zoom meeting not made yet). */
export function meetingDetails(facts: MeetingFacts): MeetingDetails | null {
  if (!facts.meetingUrl) return null;
  const provider = facts.meetingProvider ?? "default";
  const zoom = provider === "zoom";
  return {
    provider,
    ...labels[provider],
    url: facts.meetingUrl,
    meetingId: zoom ? (facts.meetingId ?? null) : null,
    passcode: zoom ? (facts.meetingPasscode ?? null) : null,
  };
}

/** The labelled details as plain-text lines (calendar descriptions, plain-text mail). */
export function meetingLines(details: MeetingDetails): string[] {
  return [
    `${details.label}: ${details.url}`,
    ...(details.meetingId ? [`Meeting ID: ${details.meetingId}`] : []),
    ...(details.passcode ? [`Passcode: ${details.passcode}`] : []),
  ];
}

/** The same on one line, for a text message (the link already carries the meeting ID). */
export function meetingOneLine(details: MeetingDetails): string {
  return `${details.label}: ${details.url}${details.passcode ? ` (passcode ${details.passcode})` : ""}`;
}
