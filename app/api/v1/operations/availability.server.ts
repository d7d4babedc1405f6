import * as z from "zod";
import { bookingStatuses } from "../../../../db/schema";
import {
  addBlockedTime,
  getAvailability,
  removeBlockedTime,
  removeDateOverride,
  replaceWeeklyWindows,
  setDateOverride,
  type Availability,
  type AvailabilityResult,
} from "../../../domain/availability/availability.server";
import { calendarWeek, isCalendarDate, localDate, minuteLabel, mondayOf } from "../../../domain/availability/calendar-week";
import { dateOverrideSchema, weeklyHoursSchema } from "../../../domain/availability/schemas";
import {
  chooseCalendarSessionType,
  findSpecialistForUser,
  listCalendarSessionTypes,
  loadCalendarWeek,
} from "../../../domain/availability/specialist-calendar.server";
import { maxReasonLength, maxWindowsPerDay, weekdays, type TimeWindow, type WeekdayKey } from "../../../domain/availability/windows";
import { ApiError, notFound, validationFailed } from "../errors";
import { created, defineOperation, noContent, ok } from "../operation";
import { instant } from "../pagination";

// A specialist's own availability, through the same domain functions as /specialist/availability
// and /specialist/calendar: they resolve the caller's own practice, validate, and rebuild the slots.

const tag = "Availability";
const roles = ["specialist"] as const;
const noProfileMessage = "Set up your specialist profile first.";

const windowSchema = z
  .object({
    start: z.string().meta({ description: "Local time of day in the specialist's zone, HH:MM.", example: "09:00" }),
    end: z.string().meta({ description: "HH:MM; 24:00 is midnight at the end of the day.", example: "17:00" }),
  })
  .meta({ id: "AvailabilityWindow" });

const weeklyHoursOutput = z
  .object(
    Object.fromEntries(weekdays.map((day) => [day.key, z.array(windowSchema)])) as Record<WeekdayKey, z.ZodArray<typeof windowSchema>>,
  )
  .meta({ id: "WeeklyHours", description: "Each weekday's windows, in the specialist's zone. A day without windows is a day off." });

const availabilitySchema = z
  .object({
    timeZone: z.string().meta({ description: "The specialist's IANA zone: every local time here is in it." }),
    today: z.string().meta({ description: "Today in that zone (YYYY-MM-DD)." }),
    weeklyHours: weeklyHoursOutput,
  })
  .meta({ id: "Availability" });

const dateOverrideOutput = z
  .object({
    id: z.string().meta({ description: "Delete it to give the date back to the weekly hours." }),
    date: z.string().meta({ description: "YYYY-MM-DD in the specialist's zone." }),
    unavailable: z.boolean().meta({ description: "The whole day is off." }),
    windows: z.array(windowSchema),
  })
  .meta({ id: "DateOverride" });

const blockedTimeOutput = z.object({ id: z.string(), startsAt: instant, endsAt: instant, reason: z.string() }).meta({ id: "BlockedTime" });

const windowOf = (window: TimeWindow) => ({ start: minuteLabel(window.startMinute), end: minuteLabel(window.endMinute) });

function availabilityOf(availability: Availability): z.input<typeof availabilitySchema> {
  const weeklyHours = Object.fromEntries(
    weekdays.map((day) => [day.key, availability.weekly.filter((window) => window.weekday === day.weekday).map(windowOf)]),
  ) as Record<WeekdayKey, z.input<typeof windowSchema>[]>;
  return { timeZone: availability.timeZone, today: availability.today, weeklyHours };
}

function overrideOf(override: Availability["overrides"][number]): z.input<typeof dateOverrideOutput> {
  return { id: override.id, date: override.date, unavailable: override.windows.length === 0, windows: override.windows.map(windowOf) };
}

function blockedOf(blocked: Availability["blocked"][number]): z.input<typeof blockedTimeOutput> {
  return { id: blocked.id, startsAt: blocked.startsAt.toISOString(), endsAt: blocked.endsAt.toISOString(), reason: blocked.reason };
}

async function ownAvailability(context: { db: Parameters<typeof getAvailability>[0]; clock: { now(): Date } }, userId: string) {
  const availability = await getAvailability(context.db, userId, context.clock.now());
  if (!availability) throw new ApiError("not_found", noProfileMessage);
  return availability;
}

/** A domain refusal as the API's error: 400 naming the body field it is about, 404 for what isn't the caller's. */
function refused(result: Exclude<AvailabilityResult<string>, { ok: true }>): never {
  if (result.status === 404) throw new ApiError("not_found", result.message);
  throw validationFailed([{ path: result.field ? `body.${result.field}` : "body", message: result.message }], result.message);
}

const idParams = z.object({ id: z.string().min(1).max(100) });

const overrideBody = z
  .object({
    date: z.string().max(20),
    mode: z.enum(["unavailable", "hours"]),
    windows: z
      .array(z.object({ start: z.string().max(10).optional(), end: z.string().max(10).optional() }))
      .max(maxWindowsPerDay, `At most ${maxWindowsPerDay} sets of hours per day.`),
  })
  .meta({
    description:
      "A date's own hours (`mode: hours` with `windows`), or the whole day off (`mode: unavailable`, `windows: []`). Replaces any earlier override of the date.",
  });

// The page's own rules for the rows; "not in the past" is checked by setDateOverride against today in the specialist's zone.
const overrideRules = dateOverrideSchema("");

const blockedTimeBody = z.object({
  startLocal: z
    .string()
    .max(40)
    .meta({ description: "Local date-time in the specialist's zone, YYYY-MM-DDTHH:MM.", example: "2026-12-01T14:00" }),
  endLocal: z.string().max(40).meta({ description: "Local date-time in the specialist's zone; at most 31 days after the start." }),
  reason: z.string().max(maxReasonLength).optional().meta({ description: "A private note." }),
});

const calendarDaySchema = z.object({
  date: z.string().meta({ description: "YYYY-MM-DD in the specialist's zone." }),
  startsAt: instant,
  endsAt: instant,
  override: z.object({ unavailable: z.boolean(), windows: z.array(windowSchema) }).nullable(),
  blocked: z.array(
    z.object({
      kind: z.enum(["blocked", "busy"]).meta({ description: "`busy`: from the specialist's connected calendar." }),
      startsAt: instant,
      endsAt: instant,
      reason: z.string(),
    }),
  ),
  bookings: z.array(
    z.object({
      id: z.string(),
      startsAt: instant,
      endsAt: instant,
      status: z.enum(bookingStatuses),
      sessionTypeTitle: z.string(),
      customerName: z.string(),
    }),
  ),
  openSlots: z.array(instant).meta({ description: "Open start times of `sessionType`, from now on." }),
});

const calendarSchema = z
  .object({
    timeZone: z.string(),
    week: z.string().meta({ description: "The week's Monday (YYYY-MM-DD)." }),
    previousWeek: z.string(),
    nextWeek: z.string(),
    sessionTypes: z.array(z.object({ id: z.string(), title: z.string(), minutes: z.number().int(), active: z.boolean() })),
    sessionType: z.string().nullable().meta({ description: "The session type whose open slots are shown." }),
    days: z.array(calendarDaySchema),
  })
  .meta({ id: "CalendarWeek" });

export const availabilityOperations = [
  defineOperation({
    id: "getAvailability",
    method: "get",
    path: "/availability",
    tag,
    summary: "Your weekly hours",
    description: "The weekly hours of your practice, in its time zone.",
    auth: "required",
    roles,
    responses: { 200: { description: "Your weekly hours.", schema: availabilitySchema } },
    errors: ["not_found"],
    async handler({ principal, context }) {
      return ok(availabilityOf(await ownAvailability(context, principal.user.id)));
    },
  }),
  defineOperation({
    id: "replaceWeeklyHours",
    method: "put",
    path: "/availability/weekly-hours",
    tag,
    summary: "Replace your weekly hours",
    description:
      "Sends the whole week: every weekday's windows (an empty list is a day off). Checked as the availability page checks it (HH:MM in 5-minute steps, end after start, no overlapping windows, at most 12 a day); a problem names its field, e.g. `body.monday.1`. Open times are rebuilt at once.",
    auth: "required",
    roles,
    body: weeklyHoursSchema,
    responses: { 200: { description: "The weekly hours as saved.", schema: availabilitySchema } },
    errors: ["not_found"],
    async handler({ body, principal, context }) {
      const result = await replaceWeeklyWindows(context, principal.user.id, body);
      if (!result.ok) refused(result);
      return ok(availabilityOf(await ownAvailability(context, principal.user.id)));
    },
  }),
  defineOperation({
    id: "listDateOverrides",
    method: "get",
    path: "/availability/overrides",
    tag,
    summary: "Your date overrides",
    description: "Every override from today on (in your zone), by date. Not paged: there is one per date at most.",
    auth: "required",
    roles,
    responses: { 200: { description: "Your overrides.", schema: z.object({ data: z.array(dateOverrideOutput) }) } },
    errors: ["not_found"],
    async handler({ principal, context }) {
      const availability = await ownAvailability(context, principal.user.id);
      return ok({ data: availability.overrides.map(overrideOf) });
    },
  }),
  defineOperation({
    id: "setDateOverride",
    method: "post",
    path: "/availability/overrides",
    tag,
    summary: "Set a date's hours, or take it off",
    auth: "required",
    roles,
    body: overrideBody,
    responses: { 201: { description: "The date's override.", schema: dateOverrideOutput } },
    errors: ["not_found"],
    async handler({ body, principal, context }) {
      const parsed = overrideRules.safeParse(body);
      if (!parsed.success) {
        throw validationFailed(
          parsed.error.issues.map((issue) => ({ path: ["body", ...issue.path.map(String)].join("."), message: issue.message })),
        );
      }
      const result = await setDateOverride(context, principal.user.id, parsed.data.date, parsed.data.windows);
      if (!result.ok) refused(result);
      const availability = await ownAvailability(context, principal.user.id);
      const saved = availability.overrides.find((override) => override.date === parsed.data.date);
      if (!saved) throw notFound("That date override");
      return created(overrideOf(saved));
    },
  }),
  defineOperation({
    id: "deleteDateOverride",
    method: "delete",
    path: "/availability/overrides/{id}",
    tag,
    summary: "Remove a date override",
    description: "The date follows your weekly hours again.",
    auth: "required",
    roles,
    params: idParams,
    responses: { 204: { description: "Removed.", schema: null } },
    errors: ["not_found"],
    async handler({ params, principal, context }) {
      const result = await removeDateOverride(context, principal.user.id, params.id);
      if (!result.ok) refused(result);
      return noContent();
    },
  }),
  defineOperation({
    id: "listBlockedTimes",
    method: "get",
    path: "/availability/blocked-times",
    tag,
    summary: "Your blocked times",
    description: "Every blocked time not yet over, by start. Not paged.",
    auth: "required",
    roles,
    responses: { 200: { description: "Your blocked times.", schema: z.object({ data: z.array(blockedTimeOutput) }) } },
    errors: ["not_found"],
    async handler({ principal, context }) {
      const availability = await ownAvailability(context, principal.user.id);
      return ok({ data: availability.blocked.map(blockedOf) });
    },
  }),
  defineOperation({
    id: "addBlockedTime",
    method: "post",
    path: "/availability/blocked-times",
    tag,
    summary: "Block a stretch of time",
    description:
      "Start and end are local date-times in your zone, as on the availability page: a time the clocks skip is refused, a repeated one covers both occurrences.",
    auth: "required",
    roles,
    body: blockedTimeBody,
    responses: { 201: { description: "The blocked time.", schema: blockedTimeOutput } },
    errors: ["not_found"],
    async handler({ body, principal, context }) {
      const result = await addBlockedTime(context, principal.user.id, body);
      if (!result.ok) refused(result);
      const availability = await ownAvailability(context, principal.user.id);
      const saved = availability.blocked.find((blocked) => blocked.id === result.id);
      if (!saved) throw notFound("That blocked time");
      return created(blockedOf(saved));
    },
  }),
  defineOperation({
    id: "deleteBlockedTime",
    method: "delete",
    path: "/availability/blocked-times/{id}",
    tag,
    summary: "Remove a blocked time",
    auth: "required",
    roles,
    params: idParams,
    responses: { 204: { description: "Removed.", schema: null } },
    errors: ["not_found"],
    async handler({ params, principal, context }) {
      const result = await removeBlockedTime(context, principal.user.id, params.id);
      if (!result.ok) refused(result);
      return noContent();
    },
  }),
  defineOperation({
    id: "getCalendar",
    method: "get",
    path: "/calendar",
    tag,
    summary: "Your calendar week",
    description:
      "One week of your calendar, day by day in your zone, as /specialist/calendar shows it: date overrides, blocked and busy time, bookings (lapsed holds left out) and the open slots of one session type.",
    auth: "required",
    roles,
    query: z.object({
      week: z
        .string()
        .refine(isCalendarDate, "Choose a week by its date, as YYYY-MM-DD (for example 2026-06-01).")
        .optional()
        .meta({ description: "Any date of the week (YYYY-MM-DD); this week by default." }),
      sessionType: z
        .string()
        .min(1)
        .max(100)
        .optional()
        .meta({ description: "Whose open slots to show; your first active one by default." }),
    }),
    responses: { 200: { description: "The week.", schema: calendarSchema } },
    errors: ["not_found"],
    async handler({ query, principal, context }) {
      const specialist = await findSpecialistForUser(context.db, principal.user.id);
      if (!specialist) throw new ApiError("not_found", noProfileMessage);
      const now = context.clock.now();
      const monday = mondayOf(query.week ?? localDate(now, specialist.timezone));
      const sessionTypes = await listCalendarSessionTypes(context.db, specialist.id);
      const selected = chooseCalendarSessionType(sessionTypes, query.sessionType);
      if (selected === null) {
        throw validationFailed([{ path: "query.sessionType", message: "That session type isn't one of yours." }]);
      }
      const week = calendarWeek(monday, specialist.timezone);
      const days = await loadCalendarWeek(context.db, specialist, week, { sessionTypeId: selected?.id ?? null, now });
      return ok({
        timeZone: specialist.timezone,
        week: monday,
        previousWeek: week.previous,
        nextWeek: week.next,
        sessionTypes,
        sessionType: selected?.id ?? null,
        days: days.map((day) => ({
          date: day.date,
          startsAt: day.startsAt.toISOString(),
          endsAt: day.endsAt.toISOString(),
          override: day.override
            ? day.override.kind === "day-off"
              ? { unavailable: true, windows: [] }
              : { unavailable: false, windows: day.override.windows.map(windowOf) }
            : null,
          blocked: day.blocked.map((block) => ({ ...block, startsAt: block.startsAt.toISOString(), endsAt: block.endsAt.toISOString() })),
          bookings: day.bookings.map((booking) => ({
            ...booking,
            startsAt: booking.startsAt.toISOString(),
            endsAt: booking.endsAt.toISOString(),
          })),
          openSlots: day.openSlots.map((slot) => slot.toISOString()),
        })),
      });
    },
  }),
];
