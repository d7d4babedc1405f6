// The webhook deliveries a change causes, as statements of the change's own write (ADR 0008,
// ADR 0030): one INSERT…SELECT per event fans out to every enabled endpoint that listens, with
// the payload read from the rows as the batch has just left them.
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../../../db/database";
import { keptStatement } from "../../../db/kept-statement";
import {
  bookings,
  reviews,
  sessionTypes,
  specialists,
  users,
  webhookDeliveries,
  webhookEndpoints,
  type WebhookEventType,
} from "../../../db/schema";

export type BookingWebhookType = Extract<WebhookEventType, `booking.${string}`>;

const iso = (column: SQL) => sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${column} / 1000.0, 'unixepoch')`;

/** The booking as a client sees it (the `data` of a booking event). */
const bookingData = sql`json_object(
  'id', ${bookings.id},
  'status', ${bookings.status},
  'startsAt', ${iso(sql`${bookings.startsAt}`)},
  'endsAt', ${iso(sql`${bookings.endsAt}`)},
  'specialist', json_object('id', ${specialists.id}, 'slug', ${specialists.slug}, 'name', ${specialists.displayName}),
  'sessionType', json_object('id', ${sessionTypes.id}, 'title', ${sessionTypes.title}),
  'price', json_object('amount', ${bookings.priceMinor}, 'currency', ${bookings.currency}),
  'customer', json_object('name', ${users.name})
)`;

/** Endpoints that hear `type` for the specialist in `specialistId` (theirs and the platform's). */
function listeningEndpoints(type: string | SQLWrapper, specialistId: SQL) {
  return sql`${webhookEndpoints.status} = 'enabled'
    and (${webhookEndpoints.specialistId} = ${specialistId} or ${webhookEndpoints.specialistId} is null)
    and exists (select 1 from json_each(${webhookEndpoints.events}) where value = ${type})`;
}

interface FanOut {
  type: string | SQLWrapper;
  eventKey: string | SQLWrapper;
  /** The event's time, as the payload's ISO `timestamp` and as epoch ms. */
  timestamp: string | SQLWrapper;
  at: number | SQLWrapper;
  data: SQL;
  from: SQL;
  where: SQL;
  specialistId: SQL;
}

const stamped = (now: Date) => ({ timestamp: now.toISOString(), at: now.getTime() });

function fanOut(db: Database, input: FanOut) {
  return db.run(sql`insert into ${webhookDeliveries} (id, endpoint_id, event_type, event_key, payload, status, attempts, next_attempt_at, created_at)
    select 'msg_' || lower(hex(randomblob(16))), ${webhookEndpoints.id}, ${input.type}, ${input.eventKey},
      json_object('type', ${input.type}, 'timestamp', ${input.timestamp}, 'data', ${input.data}),
      'pending', 0, ${input.at}, ${input.at}
    from ${input.from} join ${webhookEndpoints} on ${listeningEndpoints(input.type, input.specialistId)}
    where ${input.where}
    on conflict (endpoint_id, event_key) do nothing`);
}

/** A booking event's fan-out: the booking as a client sees it, to its specialist's endpoints and the platform's. */
function bookingFanOut(db: Database, event: Pick<FanOut, "type" | "eventKey" | "timestamp" | "at">, where: SQL) {
  return fanOut(db, {
    ...event,
    data: bookingData,
    from: sql`${bookings} join ${specialists} on ${specialists.id} = ${bookings.specialistId}
      join ${sessionTypes} on ${sessionTypes.id} = ${bookings.sessionTypeId}
      join ${users} on ${users.id} = ${bookings.customerId}`,
    where,
    specialistId: sql`${bookings.specialistId}`,
  });
}

/**
 * The deliveries of a booking event, written when `when` holds. `eventKey` names the cause, so
 * the same cause (a retried job, a repeated provider event) never delivers twice.
 */
export function bookingWebhooks(
  db: Database,
  input: { type: BookingWebhookType; bookingId: string; eventKey: string; now: Date; when: SQL },
): BatchItem<"sqlite"> {
  return bookingFanOut(
    db,
    { type: input.type, eventKey: `${input.type}:${input.eventKey}`, ...stamped(input.now) },
    sql`${bookings.id} = ${input.bookingId} and (${input.when})`,
  );
}

// Every booking POST writes these, so their text is built once.
const bookingInStatusWebhooks = keptStatement<{
  type: BookingWebhookType;
  eventKey: string;
  bookingId: string;
  status: string | null;
  timestamp: string;
  at: number;
}>()((db, values) =>
  bookingFanOut(
    db,
    { type: values.type, eventKey: values.eventKey, timestamp: values.timestamp, at: values.at },
    sql`${bookings.id} = ${values.bookingId} and (${values.status} is null or ${bookings.status} = ${values.status})`,
  ),
);

/**
 * As `bookingWebhooks`, for the write that inserts the booking: delivered when, after the batch's
 * earlier statements, the booking exists (and, given `status`, is in it); nothing when the insert lost.
 */
export function newBookingWebhooks(
  db: Database,
  input: { type: BookingWebhookType; bookingId: string; eventKey: string; now: Date; status?: string },
) {
  return bookingInStatusWebhooks(db, {
    type: input.type,
    eventKey: `${input.type}:${input.eventKey}`,
    bookingId: input.bookingId,
    status: input.status ?? null,
    ...stamped(input.now),
  });
}

/** The `review.created` deliveries of a review, once it is published. */
export function reviewWebhooks(db: Database, input: { reviewId: string; now: Date; when: SQL }): BatchItem<"sqlite"> {
  return fanOut(db, {
    type: "review.created",
    eventKey: `review.created:${input.reviewId}`,
    ...stamped(input.now),
    data: sql`json_object(
      'id', ${reviews.id},
      'bookingId', ${reviews.bookingId},
      'rating', json_object('overall', ${reviews.overall}, 'communication', ${reviews.communication},
        'expertise', ${reviews.expertise}, 'value', ${reviews.value}),
      'comment', ${reviews.comment},
      'createdAt', ${iso(sql`${reviews.createdAt}`)},
      'specialist', json_object('id', ${specialists.id}, 'slug', ${specialists.slug}, 'name', ${specialists.displayName}),
      'customer', json_object('name', ${users.name})
    )`,
    from: sql`${reviews} join ${specialists} on ${specialists.id} = ${reviews.specialistId}
      join ${users} on ${users.id} = ${reviews.customerId}`,
    where: sql`${reviews.id} = ${input.reviewId} and ${reviews.status} = 'published' and (${input.when})`,
    specialistId: sql`${reviews.specialistId}`,
  });
}
