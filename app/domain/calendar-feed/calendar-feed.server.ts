// A user's personal iCalendar feed (ADR 0028): a secret URL any calendar app can subscribe to,
// listing the user's bookings as customer and as specialist. The token in the URL is the only
// credential, so it is long and random, replaced on rotation and removed when the feed is off.
import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, asc, eq, gte, inArray, or } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { bookings, sessionTypes, specialists, users } from "../../../db/schema";
import { bookingEvent, calendarStatus, subscribedCalendar } from "../booking/ics";
import { meetingDetails } from "../booking/meeting-details";

const tokenBytes = 32;
/** 32 bytes in unpadded base64url. */
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;
/** How far back the feed reaches: recent sessions stay in the calendar, older ones are the calendar's own history. */
export const feedHistoryMs = 30 * 24 * 60 * 60_000;
/** A bound on one feed's size, far above any real user's bookings in the window. */
const maxEvents = 2000;

/** 32 random bytes, base64url without padding (256 bits: not guessable, not enumerable). */
export function newFeedToken(): string {
  return encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(tokenBytes)));
}

/** The feed's https address (to copy) and the same as webcal:// (which calendar apps open as a subscription). */
export function feedUrls(origin: string, token: string) {
  const https = `${origin}/calendar-feed/${token}.ics`;
  return { https, webcal: https.replace(/^https?:/, "webcal:") };
}

export async function feedTokenOf(db: Database, userId: string): Promise<string | null> {
  const [row] = await db.select({ token: users.calendarFeedToken }).from(users).where(eq(users.id, userId));
  return row?.token ?? null;
}

/** Turns the feed on (keeping an existing token, so a repeated submit doesn't break a subscription). */
export async function enableFeed(db: Database, userId: string): Promise<string> {
  const existing = await feedTokenOf(db, userId);
  if (existing) return existing;
  return rotateFeed(db, userId);
}

/** A new token: the old URL stops answering at once. */
export async function rotateFeed(db: Database, userId: string): Promise<string> {
  const token = newFeedToken();
  await db.update(users).set({ calendarFeedToken: token }).where(eq(users.id, userId));
  return token;
}

export async function disableFeed(db: Database, userId: string): Promise<void> {
  await db.update(users).set({ calendarFeedToken: null }).where(eq(users.id, userId));
}

/**
 * The calendar behind a feed token, or null for a malformed or unknown token or a user who is no
 * longer active (suspended or deleted): the route answers all of these with the same 404.
 */
export async function feedCalendar(context: Pick<AppLoadContext, "db" | "clock">, token: string, origin: string): Promise<string | null> {
  if (!tokenPattern.test(token)) return null;
  const { db } = context;
  const [owner] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.calendarFeedToken, token), eq(users.status, "active")));
  if (!owner) return null;

  const now = context.clock.now();
  const rows = await db
    .select({
      booking: bookings,
      title: sessionTypes.title,
      specialistUserId: specialists.userId,
      specialistName: specialists.displayName,
      customerName: users.name,
    })
    .from(bookings)
    .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
    .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
    .innerJoin(users, eq(users.id, bookings.customerId))
    .where(
      and(
        or(eq(bookings.customerId, owner.id), eq(specialists.userId, owner.id)),
        // Holds waiting for payment (and lapsed ones) were never on anyone's calendar; cancellations are, to take them off.
        inArray(bookings.status, ["confirmed", "completed", "cancelled"]),
        gte(bookings.endsAt, new Date(now.getTime() - feedHistoryMs)),
      ),
    )
    .orderBy(asc(bookings.startsAt), asc(bookings.id))
    .limit(maxEvents);

  const events = rows.map(({ booking, ...row }) => {
    // A specialist who books their own session would read it as the customer; either way they see the other party.
    const asCustomer = booking.customerId === owner.id;
    return bookingEvent({
      bookingId: booking.id,
      origin,
      stamp: now,
      startsAt: booking.startsAt,
      endsAt: booking.endsAt,
      sequence: booking.sequence,
      title: row.title,
      otherPartyName: asCustomer ? row.specialistName : row.customerName,
      specialistName: row.specialistName,
      topic: booking.topic,
      meeting: booking.status === "confirmed" ? meetingDetails(booking) : null,
      status: calendarStatus(booking.status),
    });
  });
  return subscribedCalendar("Specialistly sessions", events);
}
