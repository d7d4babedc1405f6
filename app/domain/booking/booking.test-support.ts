// Shared set-up for the booking tests: a listed specialist with weekly hours, rules and session types.
import { createSessionType, createSpecialist } from "../../../db/factories";
import type { Database } from "../../../db/database";
import { availabilityWindows, bookingRules, type SessionType } from "../../../db/schema";
import type { SlotRules } from "../availability/slot-engine";

export const minute = 60_000;

/** Every day 09:00–17:00 local. */
export const everyDay9to17 = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 17 * 60 }));

export async function givenSpecialist(
  db: Database,
  options: {
    timezone?: string;
    rules?: Partial<SlotRules>;
    sessions?: { minutes: number; priceMinor?: number; currency?: string }[];
  } = {},
) {
  const { user, specialist } = await createSpecialist(db, { timezone: options.timezone ?? "Europe/London" });
  await db.insert(bookingRules).values({ specialistId: specialist.id, minNoticeMinutes: 240, horizonDays: 60, ...options.rules });
  await db.insert(availabilityWindows).values(everyDay9to17.map((window) => ({ specialistId: specialist.id, ...window })));
  const types: SessionType[] = [];
  for (const session of options.sessions ?? [{ minutes: 60 }]) {
    types.push(await createSessionType(db, specialist.id, { title: `${session.minutes} minutes`, ...session }));
  }
  return { user, specialist, types };
}

/** The buffer rule of DESIGN.md §4.1: each booking occupies [start − before, end + after), and these overlap. */
export function conflicts(
  a: { startsAt: Date; endsAt: Date },
  b: { startsAt: Date; endsAt: Date },
  buffers: { before: number; after: number },
): boolean {
  const before = buffers.before * minute;
  const after = buffers.after * minute;
  return b.startsAt.getTime() - before < a.endsAt.getTime() + after && a.startsAt.getTime() - before < b.endsAt.getTime() + after;
}
