// The notices a booking's changes produce, for the same write as the change (ADR 0008): who is
// told what, each as the session looks to them (the other party's name and zone).
import { eq } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { bookings, sessionTypes, specialists, users, type VideoProvider } from "../../../db/schema";
import { meetingPayload, sessionPayload, type SessionPayload } from "../notifications/booking-session";
import type { AnyNotificationSpec } from "../notifications/notifications.server";

export type BookingParty = "customer" | "specialist";

/** A booking as its notices describe it. */
export interface BookingFacts {
  id: string;
  startsAt: Date;
  endsAt: Date;
  sequence: number;
  topic: string;
  meetingUrl: string | null;
  /** Who hosts `meetingUrl` (missing: the default room), with Zoom's meeting ID and passcode. */
  meetingProvider?: VideoProvider;
  meetingId?: string | null;
  meetingPasscode?: string | null;
  customerTimezone: string;
  sessionTitle: string;
  customer: { id: string; name: string };
  specialist: { userId: string; name: string; timezone: string; slug: string };
}

export async function loadBookingFacts(db: Database, bookingId: string): Promise<BookingFacts | undefined> {
  const [row] = await db
    .select({
      id: bookings.id,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      sequence: bookings.sequence,
      topic: bookings.topic,
      meetingUrl: bookings.meetingUrl,
      meetingProvider: bookings.meetingProvider,
      meetingId: bookings.meetingId,
      meetingPasscode: bookings.meetingPasscode,
      customerTimezone: bookings.customerTimezone,
      sessionTitle: sessionTypes.title,
      customer: { id: users.id, name: users.name },
      specialist: { userId: specialists.userId, name: specialists.displayName, timezone: specialists.timezone, slug: specialists.slug },
    })
    .from(bookings)
    .innerJoin(users, eq(users.id, bookings.customerId))
    .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
    .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
    .where(eq(bookings.id, bookingId));
  return row;
}

export function recipientOf(facts: BookingFacts, party: BookingParty): string {
  return party === "customer" ? facts.customer.id : facts.specialist.userId;
}

/** The session as `party` meets it: the other party's name and zone. */
export function sessionAs(facts: BookingFacts, party: BookingParty, changedAt: Date): SessionPayload {
  const other =
    party === "customer"
      ? { name: facts.specialist.name, zone: facts.specialist.timezone }
      : { name: facts.customer.name, zone: facts.customerTimezone };
  return sessionPayload.parse({
    bookingId: facts.id,
    sessionTitle: facts.sessionTitle,
    specialistName: facts.specialist.name,
    otherPartyName: other.name,
    otherPartyTimezone: other.zone,
    startsAt: facts.startsAt.toISOString(),
    endsAt: facts.endsAt.toISOString(),
    sequence: facts.sequence,
    topic: facts.topic,
    meetingUrl: facts.meetingUrl,
    ...meetingPayload(facts),
    changedAt: changedAt.toISOString(),
  });
}

const subject = (facts: BookingFacts) => ({ type: "booking", id: facts.id });

export interface PaymentFacts {
  paymentId: string;
  amountMinor: number;
  currency: string;
}

/**
 * A booking just confirmed: the customer's confirmation (with the calendar file), the
 * specialist's new booking, and for a paid one the customer's receipt.
 */
export function confirmationNotices(facts: BookingFacts, now: Date, paid: PaymentFacts | null): AnyNotificationSpec[] {
  const notices: AnyNotificationSpec[] = [
    paid
      ? {
          userId: facts.customer.id,
          kind: "booking-paid-confirmed",
          subject: subject(facts),
          payload: { ...sessionAs(facts, "customer", now), amountMinor: paid.amountMinor, currency: paid.currency },
        }
      : { userId: facts.customer.id, kind: "booking-confirmed", subject: subject(facts), payload: sessionAs(facts, "customer", now) },
    {
      userId: facts.specialist.userId,
      kind: "booking-new",
      subject: subject(facts),
      payload: sessionAs(facts, "specialist", now),
    },
  ];
  if (paid) {
    notices.push({
      userId: facts.customer.id,
      kind: "booking-payment-received",
      subject: { type: "payment", id: paid.paymentId },
      payload: {
        bookingId: facts.id,
        sessionTitle: facts.sessionTitle,
        specialistName: facts.specialist.name,
        startsAt: facts.startsAt.toISOString(),
        amountMinor: paid.amountMinor,
        currency: paid.currency,
        paidAt: now.toISOString(),
      },
    });
  }
  return notices;
}
