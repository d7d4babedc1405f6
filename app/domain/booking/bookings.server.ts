// Reading bookings. Authorization lives here (DESIGN.md §4.7): a booking is visible only to its
// customer and to the user of its specialist; everyone else gets null, which routes turn into 404.
import { sessionReads, type SessionRows } from "./session.server";
import { and, asc, desc, eq, gt, gte, inArray, lt, lte, notInArray, or } from "drizzle-orm";
import type { Database } from "../../../db/database";
import {
  activeBookingStatuses,
  bookingEvents,
  bookingRules,
  bookings,
  payments,
  refunds,
  sessionTypes,
  specialists,
  users,
  type BookingStatus,
  type UserRole,
} from "../../../db/schema";
import { defaultBookingRules } from "../specialists/booking-rules.server";

export type BookingViewerRole = "customer" | "specialist";

const listLimit = 100;

export interface BookingListItem {
  id: string;
  title: string;
  minutes: number;
  startsAt: Date;
  endsAt: Date;
  status: BookingStatus;
  priceMinor: number;
  currency: string;
  /** The specialist's name for a customer, the customer's name for a specialist. */
  otherPartyName: string;
}

/** The bookings a user sees in a role: as a customer their own, as a specialist their practice's. */
function ownedBy(db: Database, userId: string, asSpecialist: boolean) {
  return asSpecialist
    ? inArray(bookings.specialistId, db.select({ id: specialists.id }).from(specialists).where(eq(specialists.userId, userId)))
    : eq(bookings.customerId, userId);
}

function selectListItems(db: Database, asSpecialist: boolean) {
  return db
    .select({
      id: bookings.id,
      title: sessionTypes.title,
      minutes: sessionTypes.minutes,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      status: bookings.status,
      priceMinor: bookings.priceMinor,
      currency: bookings.currency,
      otherPartyName: asSpecialist ? users.name : specialists.displayName,
    })
    .from(bookings)
    .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
    .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
    .innerJoin(users, eq(users.id, bookings.customerId));
}

/**
 * A customer's own bookings, or (role "specialist") the bookings of the user's practice.
 * Upcoming: active bookings that haven't ended, soonest first; past: everything else, latest first.
 */
export async function listBookingsFor(
  db: Database,
  userId: string,
  role: UserRole,
  now: Date,
): Promise<{ upcoming: BookingListItem[]; past: BookingListItem[] }> {
  const asSpecialist = role === "specialist";
  const owner = ownedBy(db, userId, asSpecialist);
  const upcomingWhere = and(gt(bookings.endsAt, now), inArray(bookings.status, activeBookingStatuses));
  const pastWhere = or(lte(bookings.endsAt, now), notInArray(bookings.status, [...activeBookingStatuses]));
  // One round trip for both lists.
  const [upcoming, past] = await db.batch([
    selectListItems(db, asSpecialist).where(and(owner, upcomingWhere)).orderBy(asc(bookings.startsAt), asc(bookings.id)).limit(listLimit),
    selectListItems(db, asSpecialist).where(and(owner, pastWhere)).orderBy(desc(bookings.startsAt), asc(bookings.id)).limit(listLimit),
  ]);
  return { upcoming, past };
}

export interface BookingsPageQuery {
  userId: string;
  role: BookingViewerRole;
  status?: BookingStatus;
  /** Bookings starting in [from, to). */
  from?: Date;
  to?: Date;
  /** Continue after this booking (the previous page's last). */
  after?: { startsAt: Date; id: string };
  limit: number;
}

/**
 * One page of the bookings `listBookingsFor` would show the user in `role`, by start then id
 * (a keyset, so pages never skip or repeat a booking); `more` says whether another page follows.
 */
export async function bookingsPage(db: Database, query: BookingsPageQuery): Promise<{ items: BookingListItem[]; more: boolean }> {
  const asSpecialist = query.role === "specialist";
  const rows = await selectListItems(db, asSpecialist)
    .where(
      and(
        ownedBy(db, query.userId, asSpecialist),
        query.status ? eq(bookings.status, query.status) : undefined,
        query.from ? gte(bookings.startsAt, query.from) : undefined,
        query.to ? lt(bookings.startsAt, query.to) : undefined,
        query.after
          ? or(
              gt(bookings.startsAt, query.after.startsAt),
              and(eq(bookings.startsAt, query.after.startsAt), gt(bookings.id, query.after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(bookings.startsAt), asc(bookings.id))
    .limit(query.limit + 1);
  return { items: rows.slice(0, query.limit), more: rows.length > query.limit };
}

export type BookingDetail = NonNullable<Awaited<ReturnType<typeof getBookingFor>>>;

/** One booking with its session, both parties, rules, payment state and status history; null unless `userId` is a party. */
export async function getBookingFor(db: Database, userId: string, bookingId: string) {
  // One round trip: the booking's other reads go with it, and are dropped unless `userId` may see it.
  const [[row], history, paidPayments, refundRows, ...sessionRows] = await db.batch([
    db
      .select({
        booking: bookings,
        title: sessionTypes.title,
        minutes: sessionTypes.minutes,
        specialist: {
          id: specialists.id,
          userId: specialists.userId,
          slug: specialists.slug,
          displayName: specialists.displayName,
          timezone: specialists.timezone,
        },
        customerName: users.name,
        rules: {
          cancellationDeadlineHours: bookingRules.cancellationDeadlineHours,
          lateCancellationRefundPercent: bookingRules.lateCancellationRefundPercent,
        },
      })
      .from(bookings)
      .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
      .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
      .innerJoin(users, eq(users.id, bookings.customerId))
      .leftJoin(bookingRules, eq(bookingRules.specialistId, bookings.specialistId))
      .where(and(eq(bookings.id, bookingId), or(eq(bookings.customerId, userId), eq(specialists.userId, userId))))
      .limit(1),
    db
      .select({
        fromStatus: bookingEvents.fromStatus,
        toStatus: bookingEvents.toStatus,
        actor: bookingEvents.actor,
        reason: bookingEvents.reason,
        at: bookingEvents.at,
      })
      .from(bookingEvents)
      .where(eq(bookingEvents.bookingId, bookingId))
      .orderBy(asc(bookingEvents.at), asc(bookingEvents.id)),
    db
      .select({ id: payments.id, kept: payments.kept })
      .from(payments)
      .where(and(eq(payments.bookingId, bookingId), eq(payments.status, "paid")))
      // The kept payment first: it is the one with a receipt.
      .orderBy(desc(payments.kept))
      .limit(1),
    db
      .select({ amountMinor: refunds.amountMinor, currency: refunds.currency, status: refunds.status })
      .from(refunds)
      .where(eq(refunds.bookingId, bookingId)),
    ...sessionReads(db, bookingId, userId),
  ]);
  if (!row) return null;
  const defaults = defaultBookingRules();
  const viewerRole: BookingViewerRole = row.booking.customerId === userId ? "customer" : "specialist";
  return {
    ...row,
    rules: row.rules ?? {
      cancellationDeadlineHours: defaults.cancellationDeadlineHours,
      lateCancellationRefundPercent: defaults.lateCancellationRefundPercent,
    },
    viewerRole,
    paid: paidPayments.length > 0,
    /** A payment pays for it, so it has a receipt (/bookings/<id>/receipt). */
    hasReceipt: paidPayments[0]?.kept ?? false,
    refunds: refundRows,
    history,
    /** The Session section's rows as this viewer may see them (`sessionViewFrom`). */
    sessionRows: sessionRows satisfies SessionRows,
  };
}
