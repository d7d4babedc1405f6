// Creating a booking: validate the requested start against the specialist's rules (recomputed
// by the slot engine, never read from the slots read model), then claim the time with ONE
// conditional INSERT, so concurrent requests for overlapping times cannot both win (DESIGN.md §4.1).
import type { AppLoadContext } from "@remix-run/server-runtime";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { keptStatement } from "../../../db/kept-statement";
import {
  availabilityOverrides,
  availabilityWindows,
  blockedTimes,
  bookingRules,
  bookings,
  sessionTypes,
  specialists,
  users,
  type Booking,
  type VideoProvider,
} from "../../../db/schema";
import { isValidTimeZone } from "../../lib/time-format";
import { writeWithJobs } from "../../lib/write-with-jobs.server";
import { newBookingWebhooks } from "../outgoing-webhooks/events.server";
import { notifyAll, type RecordedNotification } from "../notifications/notifications.server";
import { formatLocalDay, localDayBounds, localDayOf } from "../availability/local-time";
import { slotsBetween, type SlotRules } from "../availability/slot-engine";
import { defaultSlotRules, rebuildSlotsForSpecialist } from "../availability/slots.server";
import { platformFee } from "./fees";
import { confirmationNotices } from "./booking-notices.server";
import { activeBookingWithin, busyTimeConflicts, conflictBounds, dailyCapReached } from "./conflict-sql";
import { defaultMeetingUrl } from "./meeting-url";
import { meetingJob } from "../video/meetings.server";
import { maxTopicLength } from "./schemas";
import { busyMessage, conflictMessage } from "./booking-form-schemas";

export { platformFee, platformFeeBasisPoints } from "./fees";
export { defaultMeetingUrl } from "./meeting-url";

/** `env` brings PLATFORM_FEE_BPS; without it (tests, scripts) the default rate applies. */
type Context = Pick<AppLoadContext, "db" | "clock" | "queue"> & { env?: Pick<AppLoadContext["env"], "PLATFORM_FEE_BPS"> };

const minuteMs = 60_000;
const dayMs = 24 * 60 * minuteMs;
/** How long an unpaid booking holds its time (matches the Stripe Checkout `expires_at`). */
export const holdMinutes = 30;
// Sessions last at most 240 minutes; a day bounds the index range of the overlap check.

export interface CreateBookingInput {
  customerId: string;
  sessionTypeId: string;
  startsAt: Date;
  topic: string;
  /** The customer's IANA zone, for their emails and pages. */
  customerTimezone: string;
}

export type CreateBookingFailure =
  "not-found" | "inactive" | "own-session" | "invalid-input" | "outside-availability" | "too-soon" | "too-far" | "conflict" | "busy";

export type CreateBookingResult = { ok: true; booking: Booking } | { ok: false; reason: CreateBookingFailure; message: string };

const fail = (reason: CreateBookingFailure, message: string): CreateBookingResult => ({ ok: false, reason, message });

/**
 * Books `sessionTypeId` at `startsAt` for the customer. Price, fee and currency come from the
 * session type row. Free sessions are confirmed at once (with a video link); paid ones wait
 * for payment as `pending_payment`, holding the time for 30 minutes. Writes nothing unless ok.
 * A free booking's notices (the customer's confirmation, the specialist's new booking) are
 * written in the same batch as the insert, only if it won the time. `loaded`: the session type's
 * offer when the caller has read it already (`findOfferToBook`), so it isn't read twice.
 */
export async function createBooking(context: Context, input: CreateBookingInput, loaded?: Offer): Promise<CreateBookingResult> {
  const { db } = context;
  const now = context.clock.now().getTime();
  const startsAt = input.startsAt.getTime();
  if (!Number.isFinite(startsAt)) return fail("invalid-input", "Choose a start time.");
  if (!isValidTimeZone(input.customerTimezone)) return fail("invalid-input", "Choose a valid time zone.");
  const topic = input.topic.trim();
  if (topic.length > maxTopicLength) return fail("invalid-input", `Keep the topic to ${maxTopicLength} characters or fewer.`);

  const offer = loaded?.type.id === input.sessionTypeId ? loaded : await loadOffer(db, input.sessionTypeId);
  if (!offer) return fail("not-found", "This session doesn't exist.");
  const { type, specialist, rules } = offer;
  if (!specialist.listed) return fail("inactive", "This specialist isn't taking bookings right now.");
  if (!type.active) return fail("inactive", "This session is no longer offered.");
  if (specialist.userId === input.customerId) return fail("own-session", "You can't book your own session.");

  const invalidStart = await checkStart(db, offer, startsAt, now);
  if (invalidStart) return invalidStart;
  const endsAt = startsAt + type.minutes * minuteMs;

  const free = type.priceMinor === 0;
  const booking: Booking = {
    id: crypto.randomUUID(),
    specialistId: specialist.id,
    customerId: input.customerId,
    sessionTypeId: type.id,
    startsAt: new Date(startsAt),
    endsAt: new Date(endsAt),
    status: free ? "confirmed" : "pending_payment",
    holdExpiresAt: free ? null : new Date(now + holdMinutes * minuteMs),
    priceMinor: type.priceMinor,
    feeMinor: platformFee(type.priceMinor, context.env?.PLATFORM_FEE_BPS),
    currency: type.currency,
    customerTimezone: input.customerTimezone,
    topic,
    // A Zoom session's link comes from its meeting job; the confirmation then points to the booking page.
    meetingUrl: free && type.videoProvider === "default" ? defaultMeetingUrl() : null,
    meetingProvider: "default",
    meetingId: null,
    meetingPasscode: null,
    meetingSyncedFor: null,
    meetingStartedAt: null,
    meetingEndedAt: null,
    noShow: null,
    noShowAt: null,
    sequence: 0,
    createdAt: new Date(now),
    updatedAt: new Date(now),
  };
  const dayBounds = localDayBounds(specialist.timezone, localDayOf(specialist.timezone, startsAt));
  const insert = insertIfFree(db, booking, rules, dayBounds);
  let notices: RecordedNotification = { statements: [], jobs: [] };
  if (free) {
    const [customer] = await db.select({ name: users.name }).from(users).where(eq(users.id, input.customerId));
    if (!customer) return fail("not-found", "Your account doesn't exist any more.");
    const facts = {
      ...booking,
      sessionTitle: type.title,
      customer: { id: input.customerId, name: customer.name },
      specialist: { userId: specialist.userId, name: specialist.displayName, timezone: specialist.timezone, slug: specialist.slug },
    };
    const won = sql`exists (select 1 from ${bookings} where ${bookings.id} = ${booking.id})`;
    notices = notifyAll(context, confirmationNotices(facts, new Date(now), null), won);
  }
  const won = sql`exists (select 1 from ${bookings} where ${bookings.id} = ${booking.id} and ${bookings.status} = 'confirmed')`;
  const webhooks = [
    newBookingWebhooks(db, { type: "booking.created", bookingId: booking.id, eventKey: booking.id, now: new Date(now) }),
    newBookingWebhooks(db, {
      type: "booking.confirmed",
      bookingId: booking.id,
      eventKey: booking.id,
      now: new Date(now),
      status: "confirmed",
    }),
  ];
  const [inserted] = await writeWithJobs(
    context,
    [insert, ...notices.statements, ...webhooks],
    [...notices.jobs, meetingJob(booking.id, won)],
  );
  if (inserted.rowsAffected === 0) {
    if (await busyAt(db, booking.specialistId, startsAt, endsAt)) return fail("busy", busyMessage);
    return fail("conflict", conflictMessage);
  }
  if (rules.dailyCap !== null) await refreshSlots(context, specialist.id);
  return { ok: true, booking };
}

export type CreateBookingRejection = Extract<CreateBookingResult, { ok: false }>;

/**
 * Why `startsAt` can't be booked for the offer (notice, horizon, open hours, grid, blocked time,
 * the specialist's busy calendar, an active booking within the buffers), or null when it can. The
 * bookings are read here only to answer a time already taken without attempting the write; the
 * atomic write still decides (a time taken after this read loses there). `exceptBookingId`: the
 * booking being moved, which doesn't conflict with itself.
 */
export async function checkStart(
  db: Database,
  offer: Offer,
  startsAt: number,
  now: number,
  exceptBookingId?: string,
): Promise<CreateBookingRejection | null> {
  const { type, specialist, rules } = offer;
  if (startsAt < now + rules.minNoticeMinutes * minuteMs) {
    return { ok: false, reason: "too-soon", message: "That time is too soon to book. Please choose a later time." };
  }
  if (startsAt >= now + rules.horizonDays * dayMs) {
    return {
      ok: false,
      reason: "too-far",
      message: `Bookings open at most ${rules.horizonDays} days ahead. Please choose an earlier time.`,
    };
  }
  const start = await readStart(db, {
    specialistId: specialist.id,
    timeZone: specialist.timezone,
    rules,
    minutes: type.minutes,
    now,
    startsAt,
    endsAt: startsAt + type.minutes * minuteMs,
    exceptBookingId,
  });
  if (!start.open) {
    return {
      ok: false,
      reason: "outside-availability",
      message: "That time isn't one of the specialist's open times. Please pick a listed time.",
    };
  }
  if (start.busy) return { ok: false, reason: "busy", message: busyMessage };
  if (start.taken) return { ok: false, reason: "conflict", message: conflictMessage };
  return null;
}

export interface Offer {
  type: { id: string; title: string; minutes: number; priceMinor: number; currency: string; active: boolean; videoProvider: VideoProvider };
  specialist: { id: string; userId: string; displayName: string; slug: string; timezone: string; listed: boolean };
  rules: SlotRules;
}

// Every booking POST reads the offer, so its text is built once.
const offerQuery = keptStatement<{ sessionTypeId: string }>()((db, values) =>
  db
    .select({
      type: {
        id: sessionTypes.id,
        title: sessionTypes.title,
        minutes: sessionTypes.minutes,
        priceMinor: sessionTypes.priceMinor,
        currency: sessionTypes.currency,
        active: sessionTypes.active,
        videoProvider: sessionTypes.videoProvider,
      },
      specialist: {
        id: specialists.id,
        userId: specialists.userId,
        displayName: specialists.displayName,
        slug: specialists.slug,
        timezone: specialists.timezone,
        published: specialists.published,
        approval: specialists.approval,
      },
      rules: {
        minNoticeMinutes: bookingRules.minNoticeMinutes,
        horizonDays: bookingRules.horizonDays,
        bufferBeforeMinutes: bookingRules.bufferBeforeMinutes,
        bufferAfterMinutes: bookingRules.bufferAfterMinutes,
        slotIntervalMinutes: bookingRules.slotIntervalMinutes,
        dailyCap: bookingRules.dailyCap,
      },
    })
    .from(sessionTypes)
    .innerJoin(specialists, eq(specialists.id, sessionTypes.specialistId))
    .leftJoin(bookingRules, eq(bookingRules.specialistId, specialists.id))
    .where(eq(sessionTypes.id, values.sessionTypeId))
    .limit(1),
);

export async function loadOffer(db: Database, sessionTypeId: string): Promise<Offer | null> {
  const [row] = await offerQuery(db, { sessionTypeId });
  if (!row) return null;
  const { published, approval, ...specialist } = row.specialist;
  return {
    type: row.type,
    specialist: { ...specialist, listed: published && approval === "approved" },
    // No booking_rules row yet: the schema's defaults apply, as for the slots.
    rules: row.rules ?? defaultSlotRules,
  };
}

/** The offer of `sessionTypeId` when it is bookable at the specialist's address `slug` (listed, active); null otherwise. */
export async function findOfferToBook(db: Database, slug: string, sessionTypeId: string): Promise<Offer | null> {
  const offer = await loadOffer(db, sessionTypeId);
  return offer && offer.specialist.slug === slug && offer.specialist.listed && offer.type.active ? offer : null;
}

/**
 * The start check's reads, on every booking POST, as ONE statement (a single read, with no
 * transaction around several): the specialist's weekly hours, the overrides of the dates around
 * the start and the blocked time overlapping it, each a JSON array of rows, and whether the
 * specialist's calendar is busy then or an active booking (other than `exceptBookingId`, '' for
 * none) is within the buffers. Its text is built once.
 */
const startCheckQuery = keptStatement<{
  specialistId: string;
  firstDate: string;
  lastDate: string;
  startsAt: number;
  endsAt: number;
  startsBefore: number;
  endsAfter: number;
  startsAfter: number;
  exceptBookingId: string;
}>()((db, values) =>
  db.all<{ weekly: string; overrides: string; blocked: string; busy: number; taken: number }>(sql`select
      (select json_group_array(json_array(${availabilityWindows.weekday}, ${availabilityWindows.startMinute}, ${availabilityWindows.endMinute}))
        from ${availabilityWindows} where ${availabilityWindows.specialistId} = ${values.specialistId}) as weekly,
      (select json_group_array(json_array(${availabilityOverrides.date}, ${availabilityOverrides.startMinute}, ${availabilityOverrides.endMinute}))
        from ${availabilityOverrides}
        where ${availabilityOverrides.specialistId} = ${values.specialistId}
          and ${availabilityOverrides.date} >= ${values.firstDate} and ${availabilityOverrides.date} <= ${values.lastDate}) as overrides,
      (select json_group_array(json_array(${blockedTimes.startsAt}, ${blockedTimes.endsAt}))
        from ${blockedTimes}
        where ${blockedTimes.specialistId} = ${values.specialistId}
          and ${blockedTimes.startsAt} < ${values.endsAt} and ${blockedTimes.endsAt} > ${values.startsAt}) as blocked,
      ${busyTimeConflicts({ specialistId: values.specialistId, startsAt: values.startsAt, endsAt: values.endsAt })} as busy,
      ${activeBookingWithin({
        specialistId: values.specialistId,
        exceptBookingId: values.exceptBookingId,
        startsBefore: values.startsBefore,
        endsAfter: values.endsAfter,
        startsAfter: values.startsAfter,
      })} as taken`),
);

interface StartCheck {
  specialistId: string;
  timeZone: string;
  rules: SlotRules;
  minutes: number;
  now: number;
  startsAt: number;
  endsAt: number;
  exceptBookingId: string | undefined;
}

/**
 * `open`: whether the engine, run over the start's own local date with no bookings, offers exactly
 * this start (inside the date's hours, weekly or override; on the slot grid; clear of blocked
 * time). Bookings are left out of the engine on purpose: `taken` says whether one is within the
 * buffers now, and the atomic insert decides conflicts and the daily cap.
 */
async function readStart(db: Database, check: StartCheck): Promise<{ open: boolean; busy: boolean; taken: boolean }> {
  const { specialistId, timeZone, startsAt, endsAt } = check;
  if (!isValidTimeZone(timeZone)) return { open: false, busy: false, taken: false };
  const day = localDayOf(timeZone, startsAt);
  const bounds = localDayBounds(timeZone, day);
  const [row] = await startCheckQuery(db, {
    specialistId,
    // The engine starts a date early (DST fall-back across midnight); YYYY-MM-DD compares as text.
    firstDate: formatLocalDay(day - 1),
    lastDate: formatLocalDay(day + 1),
    startsAt,
    endsAt,
    ...conflictBounds({
      startsAt,
      endsAt,
      bufferBeforeMinutes: check.rules.bufferBeforeMinutes,
      bufferAfterMinutes: check.rules.bufferAfterMinutes,
    }),
    exceptBookingId: check.exceptBookingId ?? "",
  });
  const weekly = JSON.parse(row?.weekly ?? "[]") as [number, number, number][];
  const overrides = JSON.parse(row?.overrides ?? "[]") as [string, number | null, number | null][];
  const blocked = JSON.parse(row?.blocked ?? "[]") as [number, number][];
  const open = slotsBetween({
    timeZone,
    sessionMinutes: check.minutes,
    rules: check.rules,
    weeklyWindows: weekly.map(([weekday, startMinute, endMinute]) => ({ weekday, startMinute, endMinute })),
    overrides: overrides.map(([date, startMinute, endMinute]) => ({ date, startMinute, endMinute })),
    bookings: [],
    blocked: blocked.map(([blockedFrom, blockedUntil]) => ({ startsAt: blockedFrom, endsAt: blockedUntil })),
    now: check.now,
    from: bounds.startsAt,
    to: bounds.endsAt,
  });
  return { open: open.some((slot) => slot.startsAt === startsAt), busy: row?.busy === 1, taken: row?.taken === 1 };
}

/**
 * INSERT … SELECT … WHERE NOT EXISTS (an active booking of the specialist within the buffers)
 * AND NOT EXISTS (a busy time of theirs overlapping it)
 * [AND the local date holds fewer than dailyCap active bookings]. One statement, so SQLite's
 * write lock serializes the check with the write; zero rows written means the time was taken.
 */
function insertIfFree(db: Database, booking: Booking, rules: SlotRules, day: { startsAt: number; endsAt: number }) {
  const start = booking.startsAt.getTime();
  const end = booking.endsAt.getTime();
  const insert = rules.dailyCap === null ? insertIfFreeQuery : insertIfFreeUnderCapQuery;
  return insert(db, {
    ...booking,
    startsAt: start,
    endsAt: end,
    holdExpiresAt: booking.holdExpiresAt?.getTime() ?? null,
    createdAt: booking.createdAt.getTime(),
    updatedAt: booking.updatedAt.getTime(),
    ...conflictBounds({
      startsAt: start,
      endsAt: end,
      bufferBeforeMinutes: rules.bufferBeforeMinutes,
      bufferAfterMinutes: rules.bufferAfterMinutes,
    }),
    cap: rules.dailyCap,
    dayStartsAt: day.startsAt,
    dayEndsAt: day.endsAt,
  });
}

const insertedColumns = [
  "id",
  "specialistId",
  "customerId",
  "sessionTypeId",
  "startsAt",
  "endsAt",
  "status",
  "holdExpiresAt",
  "priceMinor",
  "feeMinor",
  "currency",
  "customerTimezone",
  "topic",
  "meetingUrl",
  "createdAt",
  "updatedAt",
] as const satisfies (keyof Booking)[];

/** What `insertIfFree` writes and checks; instants in epoch ms. */
type InsertIfFreeValues = {
  [K in (typeof insertedColumns)[number]]: K extends "startsAt" | "endsAt" | "createdAt" | "updatedAt"
    ? number
    : K extends "holdExpiresAt"
      ? number | null
      : Booking[K];
} & {
  startsBefore: number;
  endsAfter: number;
  startsAfter: number;
  cap: number | null;
  dayStartsAt: number;
  dayEndsAt: number;
};

// Every booking POST writes it: its text is built once, with and without a daily cap.
const insertIfFreeWhere = (capped: boolean) =>
  keptStatement<InsertIfFreeValues>()((db, values) => {
    const conflict = activeBookingWithin({
      specialistId: values.specialistId,
      startsBefore: values.startsBefore,
      endsAfter: values.endsAfter,
      startsAfter: values.startsAfter,
    });
    // A time busy in the specialist's own calendar is refused by the same statement (ADR 0025).
    const busy = busyTimeConflicts({ specialistId: values.specialistId, startsAt: values.startsAt, endsAt: values.endsAt });
    const capReached = capped
      ? dailyCapReached({
          specialistId: values.specialistId,
          cap: values.cap,
          dayStartsAt: values.dayStartsAt,
          dayEndsAt: values.dayEndsAt,
        })
      : sql`0`;
    return db.run(sql`insert into ${bookings} (${sql.join(
      insertedColumns.map((column) => sql.identifier(bookings[column].name)),
      sql`, `,
    )})
    select ${sql.join(
      insertedColumns.map((column) => sql`${values[column]}`),
      sql`, `,
    )}
    where not ${conflict} and not ${busy} and not ${capReached}`);
  });
const insertIfFreeQuery = insertIfFreeWhere(false);
const insertIfFreeUnderCapQuery = insertIfFreeWhere(true);

/**
 * Whether the specialist is busy in their own calendar over [startsAt, endsAt): only to word a
 * refusal, after the atomic write has decided.
 */
export async function busyAt(db: Database, specialistId: string, startsAt: number, endsAt: number): Promise<boolean> {
  const [row] = await busyQuery(db, { specialistId, startsAt, endsAt });
  return row?.busy === 1;
}

// Asked after every lost booking race: its text is built once.
const busyQuery = keptStatement<{ specialistId: string; startsAt: number; endsAt: number }>()((db, values) =>
  db.all<{ busy: number }>(sql`select ${busyTimeConflicts(values)} as busy`),
);

/** The slots read model only needs a rebuild for daily caps (openSlots already hides booked times). */
async function refreshSlots(context: Context, specialistId: string) {
  try {
    await rebuildSlotsForSpecialist(context, specialistId);
  } catch (error) {
    // The booking stands; the daily job rebuilds the read model anyway.
    console.error(`Could not rebuild slots for specialist ${specialistId}:`, error instanceof Error ? error.message : error);
  }
}
