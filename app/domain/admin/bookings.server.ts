// What /admin/bookings reads (issue #12 item 4): a search over every booking, and one booking's
// whole record — parties, history, payments, refunds, the notices sent about it and the admin
// actions on it. Admins only: anyone else gets null, which routes turn into 403.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, asc, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { alias, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import {
  auditLog,
  bookingEvents,
  bookings,
  notifications,
  payments,
  refunds,
  sessionTypes,
  specialists,
  users,
  type BookingStatus,
} from "../../../db/schema";

import type { BookingSearch } from "./booking-search-schema";

type Viewer = { role: string };
type ReadContext = Pick<AppLoadContext, "db">;

export const bookingPageSize = 25;

export interface BookingSearchRow {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: BookingStatus;
  priceMinor: number;
  currency: string;
  sessionTitle: string;
  customerName: string;
  customerEmail: string;
  specialistName: string;
  specialistSlug: string;
}

/** `%text%` for LIKE with the text's own % and _ taken literally. */
const contains = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
const like = (column: AnySQLiteColumn, text: string) => sql`${column} like ${contains(text)} escape '\\'`;

/**
 * Bookings matching every given field — the id exactly, the customer's email in part, the
 * specialist's name or profile address in part, the status — newest start first, a page at a time.
 */
export async function searchBookings(
  context: ReadContext,
  viewer: Viewer,
  search: BookingSearch,
): Promise<{ rows: BookingSearchRow[]; hasNext: boolean } | null> {
  if (viewer.role !== "admin") return null;
  const customer = alias(users, "customer");
  const filters: SQL[] = [];
  if (search.booking) filters.push(eq(bookings.id, search.booking));
  if (search.email) filters.push(like(customer.email, search.email));
  if (search.specialist) {
    filters.push(or(like(specialists.displayName, search.specialist), like(specialists.slug, search.specialist))!);
  }
  if (search.status) filters.push(eq(bookings.status, search.status));
  const rows = await context.db
    .select({
      id: bookings.id,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      status: bookings.status,
      priceMinor: bookings.priceMinor,
      currency: bookings.currency,
      sessionTitle: sessionTypes.title,
      customerName: customer.name,
      customerEmail: customer.email,
      specialistName: specialists.displayName,
      specialistSlug: specialists.slug,
    })
    .from(bookings)
    .innerJoin(customer, eq(customer.id, bookings.customerId))
    .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
    .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
    .where(and(...filters))
    .orderBy(desc(bookings.startsAt), desc(bookings.id))
    // One more than a page tells whether there is a next one.
    .limit(bookingPageSize + 1)
    .offset((search.page - 1) * bookingPageSize);
  return { rows: rows.slice(0, bookingPageSize), hasNext: rows.length > bookingPageSize };
}

/** One booking as an admin sees it; null when the viewer isn't an admin or there's no such booking. */
export async function adminBookingDetail(context: ReadContext, viewer: Viewer, bookingId: string) {
  if (viewer.role !== "admin") return null;
  const { db } = context;
  const customer = alias(users, "customer");
  const specialistUser = alias(users, "specialist_user");
  const [booking] = await db
    .select({
      id: bookings.id,
      status: bookings.status,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      priceMinor: bookings.priceMinor,
      feeMinor: bookings.feeMinor,
      currency: bookings.currency,
      customerTimezone: bookings.customerTimezone,
      topic: bookings.topic,
      createdAt: bookings.createdAt,
      sessionTitle: sessionTypes.title,
      sessionMinutes: sessionTypes.minutes,
      customer: { id: customer.id, name: customer.name, email: customer.email, status: customer.status },
      specialist: {
        id: specialists.id,
        userId: specialistUser.id,
        name: specialists.displayName,
        slug: specialists.slug,
        email: specialistUser.email,
        timezone: specialists.timezone,
      },
    })
    .from(bookings)
    .innerJoin(customer, eq(customer.id, bookings.customerId))
    .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
    .innerJoin(specialistUser, eq(specialistUser.id, specialists.userId))
    .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
    .where(eq(bookings.id, bookingId));
  if (!booking) return null;

  const actor = alias(users, "actor");
  const recipient = alias(users, "recipient");
  const [history, paymentRows, refundRows] = await db.batch([
    db
      .select({
        fromStatus: bookingEvents.fromStatus,
        toStatus: bookingEvents.toStatus,
        actor: bookingEvents.actor,
        actorName: actor.name,
        reason: bookingEvents.reason,
        at: bookingEvents.at,
      })
      .from(bookingEvents)
      .leftJoin(actor, eq(actor.id, bookingEvents.actorUserId))
      .where(eq(bookingEvents.bookingId, booking.id))
      .orderBy(asc(bookingEvents.at), asc(bookingEvents.id)),
    db.select().from(payments).where(eq(payments.bookingId, booking.id)).orderBy(asc(payments.createdAt), asc(payments.id)),
    db.select().from(refunds).where(eq(refunds.bookingId, booking.id)).orderBy(asc(refunds.createdAt), asc(refunds.id)),
  ]);

  // Notices and audit rows are about the booking itself or about one of its payments or refunds.
  const about = (type: AnySQLiteColumn, id: AnySQLiteColumn) =>
    or(
      and(eq(type, "booking"), eq(id, booking.id)),
      paymentRows.length > 0
        ? and(
            eq(type, "payment"),
            inArray(
              id,
              paymentRows.map((row) => row.id),
            ),
          )
        : undefined,
      refundRows.length > 0
        ? and(
            eq(type, "refund"),
            inArray(
              id,
              refundRows.map((row) => row.id),
            ),
          )
        : undefined,
    );
  const [notices, audits] = await db.batch([
    db
      .select({
        id: notifications.id,
        kind: notifications.kind,
        channel: notifications.channel,
        status: notifications.status,
        recipientName: recipient.name,
        attempts: notifications.attempts,
        lastError: notifications.lastError,
        sendAt: notifications.sendAt,
        sentAt: notifications.sentAt,
        createdAt: notifications.createdAt,
      })
      .from(notifications)
      .innerJoin(recipient, eq(recipient.id, notifications.userId))
      .where(about(notifications.subjectType, notifications.subjectId))
      .orderBy(asc(notifications.createdAt), asc(notifications.id)),
    db
      .select({
        id: auditLog.id,
        action: auditLog.action,
        actorName: actor.name,
        before: auditLog.before,
        after: auditLog.after,
        reason: auditLog.reason,
        at: auditLog.at,
      })
      .from(auditLog)
      .leftJoin(actor, eq(actor.id, auditLog.actorId))
      .where(
        or(
          about(auditLog.subjectType, auditLog.subjectId),
          // A retried notice about the booking (admin operations) is an action on it too.
          and(
            eq(auditLog.subjectType, "notification"),
            inArray(
              auditLog.subjectId,
              db
                .select({ id: notifications.id })
                .from(notifications)
                .where(and(eq(notifications.subjectType, "booking"), eq(notifications.subjectId, booking.id))),
            ),
          ),
        ),
      )
      .orderBy(asc(auditLog.at), asc(auditLog.id)),
  ]);

  return {
    booking,
    history,
    payments: paymentRows.map((payment) => ({
      id: payment.id,
      provider: payment.provider,
      checkoutId: payment.checkoutId,
      paymentId: payment.paymentId,
      status: payment.status,
      kept: payment.kept,
      flag: payment.flag,
      amountMinor: payment.amountMinor,
      feeMinor: payment.feeMinor,
      currency: payment.currency,
      paidAt: payment.paidAt,
      receiptNumber: payment.receiptNumber,
      createdAt: payment.createdAt,
      dispute: payment.disputeId ? { id: payment.disputeId, status: payment.disputeStatus, at: payment.disputedAt } : null,
    })),
    refunds: refundRows.map((refund) => ({
      id: refund.id,
      providerRefundId: refund.providerRefundId,
      amountMinor: refund.amountMinor,
      feeRefundedMinor: refund.feeRefundedMinor,
      currency: refund.currency,
      reason: refund.reason,
      status: refund.status,
      providerStatus: refund.providerStatus,
      failureReason: refund.failureReason,
      attempts: refund.attempts,
      lastError: refund.lastError,
      createdAt: refund.createdAt,
    })),
    notifications: notices,
    audit: audits,
  };
}

export type AdminBookingDetail = NonNullable<Awaited<ReturnType<typeof adminBookingDetail>>>;
