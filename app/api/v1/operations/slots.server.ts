import * as z from "zod";
import { localDayBounds, parseLocalDay } from "../../../domain/availability/local-time";
import { openSlots } from "../../../domain/availability/slots.server";
import { findBookableSessionType } from "../../../domain/booking/booking-offer.server";
import { dayKeyIn, formatTime, isValidTimeZone } from "../../../lib/time-format";
import { currentZoneName } from "../../../lib/time-zones";
import { notFound, validationFailed } from "../errors";
import { defineOperation, ok } from "../operation";
import { instant } from "../pagination";

// Open start times of a session type, read exactly as the booking page reads them (the slots read
// model minus times booked since, from now plus the specialist's notice), so the API never offers
// a time the page wouldn't.

const dayMs = 24 * 60 * 60 * 1000;
export const defaultWindowDays = 14;
export const maxWindowDays = 62;

const windowEdge = (which: "from" | "to") =>
  z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], {
      error: `${which} must be an ISO 8601 instant (2026-06-01T09:00:00Z) or a date (2026-06-01).`,
    })
    .optional();

const slotSchema = z
  .object({
    startsAt: instant,
    endsAt: instant,
    local: z
      .object({
        date: z.string().meta({ description: "YYYY-MM-DD in `timezone`." }),
        time: z.string().meta({ description: "HH:MM (24-hour) in `timezone`." }),
        timezone: z.string(),
      })
      .meta({ description: "The start as a clock in the requested zone shows it." }),
  })
  .meta({ id: "Slot" });

/** A window edge as an instant: a date means its local midnight in `zone` (`to`: the end of that date). */
function edgeAt(value: string, zone: string, which: "from" | "to"): number {
  if (value.includes("T")) return Date.parse(value);
  let day: number;
  try {
    day = parseLocalDay(value);
  } catch {
    throw validationFailed([{ path: `query.${which}`, message: `${value} isn't a date on the calendar.` }]);
  }
  const bounds = localDayBounds(zone, day);
  return which === "from" ? bounds.startsAt : bounds.endsAt;
}

export const slotOperations = [
  defineOperation({
    id: "listSlots",
    method: "get",
    path: "/session-types/{id}/slots",
    tag: "Slots",
    summary: "Open times of a session type",
    description: `The open start times of a bookable session type in [from, to), at most ${maxWindowDays} days (default: the next ${defaultWindowDays}). Dates are read in \`timezone\`, which also sets each slot's local date and time.`,
    auth: "optional",
    params: z.object({ id: z.string().min(1).max(100) }),
    query: z.object({
      from: windowEdge("from").meta({ description: "Start of the window: an instant, or a date (its local midnight). Default: now." }),
      to: windowEdge("to").meta({
        description: `End of the window: an instant, or a date (through its end). Default: ${defaultWindowDays} days after \`from\`.`,
      }),
      timezone: z
        .string()
        .max(64)
        .refine(isValidTimeZone, { error: "timezone must be an IANA time zone, e.g. Europe/Berlin." })
        .optional()
        .meta({ description: "IANA zone for dates and local times. Default: the specialist's zone." }),
    }),
    responses: {
      200: {
        description: "The open times, earliest first.",
        schema: z.object({
          sessionTypeId: z.string(),
          timezone: z.string().meta({ description: "The zone of the local times." }),
          from: instant,
          to: instant,
          data: z.array(slotSchema),
        }),
      },
    },
    errors: ["not_found"],
    async handler({ params, query, context }) {
      const offer = await findBookableSessionType(context.db, params.id);
      if (!offer) throw notFound("No bookable session type with that id");
      const zone = currentZoneName(query.timezone ?? offer.specialist.timezone);
      const now = context.clock.now();
      const from = query.from === undefined ? now.getTime() : edgeAt(query.from, zone, "from");
      const to = query.to === undefined ? from + defaultWindowDays * dayMs : edgeAt(query.to, zone, "to");
      if (to <= from) throw validationFailed([{ path: "query.to", message: "to must be after from." }]);
      if (to - from > maxWindowDays * dayMs) {
        throw validationFailed([{ path: "query.to", message: `The window can be at most ${maxWindowDays} days.` }]);
      }
      const open = await openSlots(context.db, {
        specialistId: offer.specialist.id,
        sessionTypeId: offer.type.id,
        from: new Date(from),
        to: new Date(to),
        now,
      });
      return ok({
        sessionTypeId: offer.type.id,
        timezone: zone,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        data: open.map((slot) => ({
          startsAt: slot.startsAt.toISOString(),
          endsAt: slot.endsAt.toISOString(),
          local: { date: dayKeyIn(slot.startsAt, zone), time: formatTime(slot.startsAt, zone), timezone: zone },
        })),
      });
    },
  }),
];
