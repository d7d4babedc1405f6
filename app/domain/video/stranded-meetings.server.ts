// The meeting jobs a crash can strand (ADR 0023's Consequences, ADR 0028): on Workers the job is
// sent to the Queue after the booking's write, so a crash in between leaves the booking without
// its meeting (or with one that should be moved or deleted) until it changes again.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { sql } from "drizzle-orm";
import { bookings, jobs, sessionTypes } from "../../../db/schema";

/** Past this, a cancelled booking's leftover meeting isn't worth deleting any more. */
const deletionHorizonMs = 24 * 60 * 60_000;

/**
 * Bookings whose meeting isn't reconciled with their current state (`meeting_synced_for`, or a
 * fallback for this sequence) although they last changed over `olderThanMs` ago: confirmed ones
 * whose session type uses a provider (or that hold a provider's meeting) and haven't ended, and
 * cancelled or lapsed ones still holding a provider's meeting. A booking whose meeting job still
 * waits in Node's `jobs` table is left to it (Workers' queue can't be looked into; a job merely
 * slow that runs twice changes nothing).
 */
export async function strandedMeetings(context: Pick<AppLoadContext, "db" | "clock">, olderThanMs: number, limit: number) {
  const now = context.clock.now().getTime();
  const rows = await context.db.all<{ id: string }>(sql`
    select ${bookings.id} as id from ${bookings}
    join ${sessionTypes} on ${sessionTypes.id} = ${bookings.sessionTypeId}
    where ${bookings.updatedAt} <= ${now - olderThanMs}
      and coalesce(${bookings.meetingSyncedFor}, '') not in
        (${bookings.status} || '#' || ${bookings.sequence}, 'fallback#' || ${bookings.sequence})
      and (
        (${bookings.status} = 'confirmed' and ${bookings.endsAt} > ${now}
          and (${sessionTypes.videoProvider} <> 'default' or ${bookings.meetingProvider} <> 'default'))
        or (${bookings.status} in ('cancelled', 'expired') and ${bookings.endsAt} > ${now - deletionHorizonMs}
          and ${bookings.meetingProvider} <> 'default' and ${bookings.meetingId} is not null)
      )
      and not exists (select 1 from ${jobs} where ${jobs.type} = 'meeting' and ${jobs.status} = 'queued'
        and json_extract(${jobs.payload}, '$.bookingId') = ${bookings.id})
    order by ${bookings.updatedAt}
    limit ${limit}`);
  return rows.map((row) => row.id);
}
