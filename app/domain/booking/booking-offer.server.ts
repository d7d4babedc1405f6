// What the booking page needs: a listed specialist's active session type, their cancellation
// rules and the open times of the next 30 days (the read model, which hides booked times).
import { and, eq, type SQLWrapper } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { keptStatement } from "../../../db/kept-statement";
import { bookingRules, sessionTypes, specialists } from "../../../db/schema";
import { openStartsFrom, openStartsOfTypeQuery } from "../availability/slots.server";
import { defaultBookingRules } from "../specialists/booking-rules.server";
import { formatLocalDay, localDayBounds, localDayOf } from "../availability/local-time";

const dayMs = 24 * 60 * 60 * 1000;
export const pickerDays = 30;

/** `slug` undefined: the session type wherever it is offered (the API addresses it by id alone). */
function bookableOfferQuery(db: Database, slug: string | SQLWrapper | undefined, sessionTypeId: string | SQLWrapper) {
  return db
    .select({
      specialist: {
        id: specialists.id,
        userId: specialists.userId,
        slug: specialists.slug,
        displayName: specialists.displayName,
        timezone: specialists.timezone,
      },
      type: {
        id: sessionTypes.id,
        title: sessionTypes.title,
        description: sessionTypes.description,
        minutes: sessionTypes.minutes,
        priceMinor: sessionTypes.priceMinor,
        currency: sessionTypes.currency,
      },
      rules: {
        cancellationDeadlineHours: bookingRules.cancellationDeadlineHours,
        lateCancellationRefundPercent: bookingRules.lateCancellationRefundPercent,
      },
    })
    .from(sessionTypes)
    .innerJoin(specialists, eq(specialists.id, sessionTypes.specialistId))
    .leftJoin(bookingRules, eq(bookingRules.specialistId, specialists.id))
    .where(
      and(
        eq(sessionTypes.id, sessionTypeId),
        eq(sessionTypes.active, true),
        slug === undefined ? undefined : eq(specialists.slug, slug),
        eq(specialists.published, true),
        eq(specialists.approval, "approved"),
      ),
    )
    .limit(1);
}

// Every view of a booking page reads it: its text is built once.
const bookableOfferAtQuery = keptStatement<{ slug: string; sessionTypeId: string }>()((db, values) =>
  bookableOfferQuery(db, values.slug, values.sessionTypeId),
);

function bookableOffer([row]: Awaited<ReturnType<typeof bookableOfferQuery>>) {
  if (!row) return null;
  const defaults = defaultBookingRules();
  return {
    ...row,
    rules: row.rules ?? {
      cancellationDeadlineHours: defaults.cancellationDeadlineHours,
      lateCancellationRefundPercent: defaults.lateCancellationRefundPercent,
    },
  };
}

/** Open start instants of the session type over the next 30 days. */
export async function upcomingStarts(db: Database, query: { sessionTypeId: string; now: Date }): Promise<Date[]> {
  const to = new Date(query.now.getTime() + pickerDays * dayMs);
  return openStartsFrom(
    await openStartsOfTypeQuery(db, {
      sessionTypeId: query.sessionTypeId,
      from: query.now.getTime(),
      to: to.getTime(),
      now: query.now.getTime(),
    }),
  );
}

/**
 * The offer and its open times over the next 30 days, in one round trip (one batch of two
 * queries): the times are looked up by the session type's own specialist, and dropped when the
 * offer isn't bookable at this address.
 */
export async function findOfferWithStarts(db: Database, query: { slug: string; sessionTypeId: string; now: Date }) {
  const now = query.now.getTime();
  const [offerRows, open] = await db.batch([
    bookableOfferAtQuery(db, { slug: query.slug, sessionTypeId: query.sessionTypeId }),
    openStartsOfTypeQuery(db, { sessionTypeId: query.sessionTypeId, from: now, to: now + pickerDays * dayMs, now }),
  ]);
  const offer = bookableOffer(offerRows);
  return offer ? { offer, starts: openStartsFrom(open) } : null;
}

/** The session type `sessionTypeId` wherever it is bookable (the API addresses it by id alone); null when it isn't. */
export async function findBookableSessionType(db: Database, sessionTypeId: string) {
  return bookableOffer(await bookableOfferQuery(db, undefined, sessionTypeId));
}

/**
 * What a 409 offers after a lost race: the open starts on the local day (in `zone`) of the time
 * that was asked for, read fresh, and only that day's. `key` is that day ("2026-06-02").
 */
export async function freshStartsOfDay(
  db: Database,
  query: { sessionTypeId: string; around: Date; zone: string; now: Date },
): Promise<{ key: string; starts: Date[] }> {
  const day = localDayOf(query.zone, query.around.getTime());
  const bounds = localDayBounds(query.zone, day);
  const open = await openStartsOfTypeQuery(db, {
    sessionTypeId: query.sessionTypeId,
    from: bounds.startsAt,
    to: bounds.endsAt,
    now: query.now.getTime(),
  });
  return { key: formatLocalDay(day), starts: openStartsFrom(open) };
}
