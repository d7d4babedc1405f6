// Who was in a session's meeting and for how long, from its join rows (one per join; a leave
// closes its row). Pure: the same on Node, Workers and in tests.
import type { MeetingParticipantRole } from "../../../db/schema";

export interface AttendanceRow {
  role: MeetingParticipantRole;
  joinedAt: Date;
  leftAt: Date | null;
}

export interface PartyAttendance {
  role: MeetingParticipantRole;
  firstJoinedAt: Date;
  /** null while someone of the party is still in the meeting. */
  lastLeftAt: Date | null;
  /** Whole minutes present, overlapping joins (two devices, a rejoin before the leave arrived) counted once. */
  minutesPresent: number;
}

const partyOrder: readonly MeetingParticipantRole[] = ["specialist", "customer", "guest"];

/**
 * Per party (specialist, customer, guests), in that order, parties with no join left out. A row
 * with no leave counts until the meeting ended, else the booking's end, and never past `now`.
 */
export function summarizeAttendance(rows: readonly AttendanceRow[], bounds: { meetingEndedAt: Date | null; endsAt: Date; now: Date }) {
  const openUntil = Math.min((bounds.meetingEndedAt ?? bounds.endsAt).getTime(), bounds.now.getTime());
  const stillOpen = bounds.meetingEndedAt === null && bounds.now < bounds.endsAt;
  const summary: PartyAttendance[] = [];
  for (const role of partyOrder) {
    const joins = rows.filter((row) => row.role === role);
    if (joins.length === 0) continue;
    const intervals = joins
      .map((row) => {
        const start = row.joinedAt.getTime();
        return [start, Math.max(start, row.leftAt?.getTime() ?? openUntil)] as const;
      })
      .sort((a, b) => a[0] - b[0]);
    let presentMs = 0;
    let [currentStart, currentEnd] = intervals[0]!;
    for (const [start, end] of intervals.slice(1)) {
      if (start <= currentEnd) {
        currentEnd = Math.max(currentEnd, end);
      } else {
        presentMs += currentEnd - currentStart;
        [currentStart, currentEnd] = [start, end];
      }
    }
    presentMs += currentEnd - currentStart;
    const inMeeting = stillOpen && joins.some((row) => row.leftAt === null);
    summary.push({
      role,
      firstJoinedAt: new Date(intervals[0]![0]),
      lastLeftAt: inMeeting ? null : new Date(Math.max(...intervals.map(([, end]) => end))),
      minutesPresent: Math.round(presentMs / 60_000),
    });
  }
  return summary;
}
