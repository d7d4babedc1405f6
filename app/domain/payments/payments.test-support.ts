// Shared set-up for the payment tests: a pending paid booking, the job context, a recording queue.
import type { AppEnv } from "../../env.server";
import { eq } from "drizzle-orm";
import { createUser } from "../../../db/factories";
import type { Database } from "../../../db/database";
import { bookings, outboxEmails, type User } from "../../../db/schema";
import type { Clock } from "../../../load-context";
import { recordingQueue } from "../../../tests/queue";
import { runJob } from "../../../jobs";
import type { JobMessage } from "../../../jobs/messages";
import { createOutboxMailer, createOutboxSmsSender } from "../../integrations/mail/outbox-mailer.server";
import { givenSpecialist } from "../booking/booking.test-support";
import { createBooking } from "../booking/create-booking.server";
import { createTestPaymentProvider } from "./test-provider.server";

/** Monday 1 June 2026, 12:00 UTC; the booking below starts the next day at 10:00 London (09:00 UTC). */
export const startOfTest = new Date("2026-06-01T12:00:00Z");
export const bookedStart = new Date("2026-06-02T09:00:00Z");

export function testProvider(clock: Clock) {
  return createTestPaymentProvider({ env: {}, clock });
}

export { recordingQueue };

/** What the job runner gets: the load context's adapters, with a queue that records into `sent`. */
export function jobContext(db: Database, clock: Clock, sent: JobMessage[] = []) {
  return {
    db,
    clock,
    mailer: createOutboxMailer(db),
    sms: createOutboxSmsSender(db),
    payments: testProvider(clock),
    queue: recordingQueue(sent).queue,
    origin: "http://localhost",
  };
}

/** Runs (and removes) every queued message, as the worker would. */
export async function drain(sent: JobMessage[], context: ReturnType<typeof jobContext> & { appEnv?: AppEnv }) {
  while (sent.length > 0) await runJob(context, sent.shift());
}

export async function givenPendingBooking(
  db: Database,
  clock: Clock,
  options: { customer?: User; priceMinor?: number; startsAt?: Date } = {},
) {
  const { specialist, types } = await givenSpecialist(db, { sessions: [{ minutes: 60, priceMinor: options.priceMinor ?? 10_000 }] });
  const customer = options.customer ?? (await createUser(db, { timezone: "Europe/London" }));
  const created = await createBooking(
    { db, clock, queue: recordingQueue().queue },
    {
      customerId: customer.id,
      sessionTypeId: types[0]!.id,
      startsAt: options.startsAt ?? bookedStart,
      topic: "",
      customerTimezone: "Europe/London",
    },
  );
  if (!created.ok) throw new Error(`Could not book: ${created.message}`);
  return { booking: created.booking, customer, specialist, sessionType: types[0]! };
}

/** Another customer books the same time (e.g. after the first hold lapsed). */
export async function competingBooking(db: Database, clock: Clock, sessionTypeId: string, startsAt = bookedStart) {
  const rival = await createUser(db);
  return createBooking(
    { db, clock, queue: recordingQueue().queue },
    { customerId: rival.id, sessionTypeId, startsAt, topic: "", customerTimezone: "UTC" },
  );
}

export async function bookingStatus(db: Database, bookingId: string) {
  const [row] = await db.select({ status: bookings.status }).from(bookings).where(eq(bookings.id, bookingId));
  return row?.status;
}

export async function mailTo(db: Database, email: string) {
  return db.select().from(outboxEmails).where(eq(outboxEmails.to, email));
}
