// Reading a specialist's busy times from Google Calendar (ADR 0025): the calendars of the
// connection, which of them count, and the `calendar-sync` job that reads free/busy over the
// selected ones for [now, the slot horizon] and hands the answer to replaceBusyTimes.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, asc, eq, inArray, isNull, lt, notInArray, or, sql } from "drizzle-orm";
import { bookingRules, connectedAccounts, externalCalendars, specialists, type ExternalCalendar } from "../../../db/schema";
import { defaultSlotRules } from "../availability/slots.server";
import { withGoogle } from "../video/google-connection.server";
import { formatDayTime } from "../../lib/time-format";
import { writeWithJobs } from "../../lib/write-with-jobs.server";
import { recordBusySyncError, replaceBusyTimes } from "./busy-times.server";
import type { BusyCalendarsView } from "./schemas";

type Context = Pick<AppLoadContext, "db" | "clock" | "env" | "queue">;

const minuteMs = 60_000;
const dayMs = 24 * 60 * minuteMs;
/** How often cron reads each connection's busy times. */
export const syncEveryMs = 15 * minuteMs;
// One day past the longest horizon covers the last slot's session.
const windowMarginMs = dayMs;

export type CalendarSyncResult =
  { ok: true; intervals: number } | { ok: false; reason: "not-found" | "not-connected" | "lost" | "unavailable" | "calendar-errors" };

export const calendarSyncJob = (connectedAccountId: string) => ({ type: "calendar-sync" as const, connectedAccountId });

/** The busy-calendar part of the Google card, or null without an active Google connection. */
export async function busyCalendarsView(context: Pick<Context, "db">, userId: string, timeZone: string): Promise<BusyCalendarsView | null> {
  const [account] = await context.db
    .select({ id: connectedAccounts.id, busySyncedAt: connectedAccounts.busySyncedAt, busySyncError: connectedAccounts.busySyncError })
    .from(connectedAccounts)
    .where(and(eq(connectedAccounts.userId, userId), eq(connectedAccounts.provider, "google"), eq(connectedAccounts.status, "active")));
  if (!account) return null;
  const calendars = await listSelectableCalendars(context, account.id);
  return {
    calendars: calendars.map((calendar) => ({
      calendarId: calendar.calendarId,
      name: calendar.name,
      primary: calendar.isPrimary,
      selected: calendar.selected,
    })),
    syncedAt: account.busySyncedAt ? formatDayTime(account.busySyncedAt, timeZone) : null,
    error: account.busySyncError,
  };
}

/** The connection's calendars as last listed, primary first. */
export async function listSelectableCalendars(context: Pick<Context, "db">, connectedAccountId: string): Promise<ExternalCalendar[]> {
  return context.db
    .select()
    .from(externalCalendars)
    .where(eq(externalCalendars.connectedAccountId, connectedAccountId))
    .orderBy(sql`${externalCalendars.isPrimary} desc`, asc(externalCalendars.name));
}

/**
 * Lists the account's calendars at Google into external_calendars: new ones arrive unselected
 * except the primary calendar, known ones keep their choice, vanished ones are dropped.
 */
export async function refreshCalendarList(
  context: Context,
  userId: string,
): Promise<{ ok: true; calendars: number } | { ok: false; reason: string }> {
  const account = await googleAccount(context, userId);
  if (!account) return { ok: false, reason: "not-connected" };
  const listed = await withGoogle(context, userId, (api) => api.listCalendars());
  if (!listed.ok) return { ok: false, reason: listed.reason };
  const calendars = listed.value;
  const { db } = context;
  const now = context.clock.now();
  const ids = calendars.map((calendar) => calendar.id);
  await db.batch([
    db
      .delete(externalCalendars)
      .where(
        and(
          eq(externalCalendars.connectedAccountId, account.id),
          ids.length > 0 ? notInArray(externalCalendars.calendarId, ids) : undefined,
        ),
      ),
    ...calendars.map((calendar) =>
      db
        .insert(externalCalendars)
        .values({
          connectedAccountId: account.id,
          calendarId: calendar.id,
          name: calendar.name,
          isPrimary: calendar.primary,
          selected: calendar.primary,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: [externalCalendars.connectedAccountId, externalCalendars.calendarId],
          set: { name: calendar.name, isPrimary: calendar.primary, updatedAt: now },
        }),
    ),
  ]);
  return { ok: true, calendars: calendars.length };
}

/**
 * Which of the connection's calendars count as busy; unknown ids are ignored. The sync job is
 * enqueued with the change (ADR 0008), so the slots follow the new choice.
 */
export async function saveCalendarSelection(context: Context, userId: string, calendarIds: string[]): Promise<{ ok: boolean }> {
  const account = await googleAccount(context, userId);
  if (!account) return { ok: false };
  const { db } = context;
  const now = context.clock.now();
  const ofAccount = eq(externalCalendars.connectedAccountId, account.id);
  const chosen = calendarIds.length > 0 ? inArray(externalCalendars.calendarId, calendarIds) : sql`0`;
  await writeWithJobs(
    context,
    [
      db.update(externalCalendars).set({ selected: true, updatedAt: now }).where(and(ofAccount, chosen)),
      db
        .update(externalCalendars)
        .set({ selected: false, updatedAt: now })
        .where(and(ofAccount, sql`not (${chosen})`)),
    ],
    [{ message: calendarSyncJob(account.id), when: sql`1` }],
  );
  return { ok: true };
}

/** "Sync now", and right after connecting. */
export async function requestCalendarSync(context: Pick<Context, "db" | "queue">, userId: string): Promise<{ ok: boolean }> {
  const account = await googleAccount(context, userId);
  if (!account) return { ok: false };
  await context.queue.enqueue(calendarSyncJob(account.id));
  return { ok: true };
}

/**
 * The `calendar-sync` job: free/busy over the selected calendars for [now, horizon + a day],
 * stored by replaceBusyTimes. A lost authorization takes the connection's lost path (withGoogle
 * marks it and tells the specialist); a calendar Google can't read keeps the busy times as they
 * were and says why; any other failure is recorded and thrown, for the queue to retry.
 */
export async function syncCalendarBusyTimes(context: Context, connectedAccountId: string): Promise<CalendarSyncResult> {
  const { db } = context;
  const [row] = await db
    .select({
      userId: connectedAccounts.userId,
      status: connectedAccounts.status,
      provider: connectedAccounts.provider,
      specialistId: specialists.id,
      horizonDays: bookingRules.horizonDays,
    })
    .from(connectedAccounts)
    .innerJoin(specialists, eq(specialists.userId, connectedAccounts.userId))
    .leftJoin(bookingRules, eq(bookingRules.specialistId, specialists.id))
    .where(eq(connectedAccounts.id, connectedAccountId));
  if (!row || row.provider !== "google") return { ok: false, reason: "not-found" };
  if (row.status !== "active") return { ok: false, reason: "lost" };

  // The first sync after connecting lists the calendars (the primary one selected).
  const [anyCalendar] = await db
    .select({ id: externalCalendars.id })
    .from(externalCalendars)
    .where(eq(externalCalendars.connectedAccountId, connectedAccountId))
    .limit(1);
  if (!anyCalendar) {
    const listed = await readGoogle(context, connectedAccountId, () => refreshCalendarList(context, row.userId));
    if (!listed.ok) return { ok: false, reason: listed.reason === "lost" ? "lost" : "not-connected" };
  }

  const selected = await db
    .select({ calendarId: externalCalendars.calendarId, name: externalCalendars.name })
    .from(externalCalendars)
    .where(and(eq(externalCalendars.connectedAccountId, connectedAccountId), eq(externalCalendars.selected, true)));
  const from = context.clock.now();
  const to = new Date(from.getTime() + (row.horizonDays ?? defaultSlotRules.horizonDays) * dayMs + windowMarginMs);
  const update = { connectedAccountId, specialistId: row.specialistId, window: { from, to } };
  // Nothing selected: nothing counts as busy (no call needed).
  if (selected.length === 0) return { ok: true, ...(await replaceBusyTimes(context, { ...update, busy: [] })) };

  const answer = await readGoogle(context, connectedAccountId, () =>
    withGoogle(context, row.userId, (api) =>
      api.freeBusy({ timeMin: from, timeMax: to, calendarIds: selected.map((calendar) => calendar.calendarId) }),
    ),
  );
  if (!answer.ok) {
    if (answer.reason === "lost") {
      await recordBusySyncError(context, {
        connectedAccountId,
        message: "Google no longer accepts our access: reconnect Google Calendar.",
      });
    }
    return { ok: false, reason: answer.reason };
  }
  const unreadable = selected.filter((calendar) => {
    const read = answer.value.get(calendar.calendarId);
    return !read || read.errors.length > 0;
  });
  if (unreadable.length > 0) {
    const names = unreadable.map(
      (calendar) => `${calendar.name} (${answer.value.get(calendar.calendarId)?.errors.join(", ") || "no answer"})`,
    );
    await recordBusySyncError(context, {
      connectedAccountId,
      message: `Google couldn't read ${names.join("; ")}: untick it or check it in Google Calendar.`,
    });
    return { ok: false, reason: "calendar-errors" };
  }
  const busy = [...answer.value.values()].flatMap((calendar) => calendar.busy.map(({ start, end }) => ({ startsAt: start, endsAt: end })));
  return { ok: true, ...(await replaceBusyTimes(context, { ...update, busy })) };
}

/**
 * The minute cron: a sync for each active Google connection last read over 15 minutes ago (or
 * never), and for one whose last read failed, not again for 15 minutes.
 */
export async function enqueueDueCalendarSyncs(context: Pick<Context, "db" | "clock" | "queue">): Promise<{ enqueued: number }> {
  const due = new Date(context.clock.now().getTime() - syncEveryMs);
  const rows = await context.db
    .select({ id: connectedAccounts.id })
    .from(connectedAccounts)
    .innerJoin(specialists, eq(specialists.userId, connectedAccounts.userId))
    .where(
      and(
        eq(connectedAccounts.provider, "google"),
        eq(connectedAccounts.status, "active"),
        or(isNull(connectedAccounts.busySyncedAt), lt(connectedAccounts.busySyncedAt, due)),
        or(isNull(connectedAccounts.busySyncError), lt(connectedAccounts.updatedAt, due)),
      ),
    );
  for (const { id } of rows) await context.queue.enqueue(calendarSyncJob(id));
  return { enqueued: rows.length };
}

async function googleAccount(context: Pick<Context, "db">, userId: string) {
  const [account] = await context.db
    .select({ id: connectedAccounts.id })
    .from(connectedAccounts)
    .where(and(eq(connectedAccounts.userId, userId), eq(connectedAccounts.provider, "google"), eq(connectedAccounts.status, "active")));
  return account;
}

/** A call to Google whose failure is recorded for the specialist and thrown for the queue to retry. */
async function readGoogle<T>(context: Context, connectedAccountId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    await recordBusySyncError(context, { connectedAccountId, message: `Google Calendar couldn't be read: ${errorText(error)}` });
    throw error;
  }
}

function errorText(error: unknown) {
  return error instanceof Error ? error.message : String(error);
}
