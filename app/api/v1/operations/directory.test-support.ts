// Set-up for the directory and slots API tests: listed specialists with weekly hours and their
// open times materialized, as the directory and booking page read them.
import { createSessionType, createSpecialist, type SessionTypeOverrides, type SpecialistOverrides } from "../../../../db/factories";
import type { Database } from "../../../../db/database";
import { availabilityWindows, bookingRules } from "../../../../db/schema";
import type { Clock } from "../../../../load-context";
import { rebuildSlotsForSpecialist } from "../../../domain/availability/slots.server";

/** A listed specialist working every day 09:00–17:00 in their zone (UTC by default), 4 hours' notice. */
export async function givenListedSpecialist(
  db: Database,
  clock: Clock,
  overrides: SpecialistOverrides = {},
  types: SessionTypeOverrides[] = [{}],
) {
  const { user, specialist } = await createSpecialist(db, { timezone: "UTC", ...overrides });
  await db.insert(bookingRules).values({ specialistId: specialist.id, minNoticeMinutes: 240, horizonDays: 60 });
  await db
    .insert(availabilityWindows)
    .values([1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ specialistId: specialist.id, weekday, startMinute: 540, endMinute: 1020 })));
  const sessionTypes = [];
  for (const type of types) sessionTypes.push(await createSessionType(db, specialist.id, type));
  await rebuildSlotsForSpecialist({ db, clock }, specialist.id);
  return { user, specialist, sessionTypes };
}
