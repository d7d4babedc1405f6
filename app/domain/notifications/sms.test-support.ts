// Shared set-up for the text-message tests: a confirmed booking whose customer has a phone, the
// 24 h / 1 h reminders recorded as the reminder cron would, and a job runner wired like production.
import { eq } from "drizzle-orm";
import { createUser } from "../../../db/factories";
import type { Database } from "../../../db/database";
import { notifications, users, type NotificationChannel } from "../../../db/schema";
import type { Clock } from "../../../load-context";
import { recordingQueue } from "../../../tests/queue";
import { standInNumber, type TwilioStandIn } from "../../../tests/stand-ins/twilio";
import { runJob } from "../../../jobs";
import type { JobMessage } from "../../../jobs/messages";
import { parseAppEnv, type AppEnv } from "../../env.server";
import { createMessaging } from "../../integrations/messaging.server";
import { writeWithJobs } from "../../lib/write-with-jobs.server";
import { givenSpecialist } from "../booking/booking.test-support";
import { createBooking } from "../booking/create-booking.server";
import { notify } from "./notifications.server";

export const appUrl = "https://specialistly.test";
/** Monday 1 June 2026, 12:00 UTC; the session starts the next day at 10:00 London (09:00 UTC). */
export const startOfTest = new Date("2026-06-01T12:00:00Z");
export const sessionStart = new Date("2026-06-02T09:00:00Z");
export const customerPhone = "+447700900123";

/** The variables a deployment with Twilio sets (the stand-in's account). */
export function twilioEnvVars(twilio: TwilioStandIn) {
  return {
    APP_URL: appUrl,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: standInNumber,
    TWILIO_API_URL: twilio.url,
  };
}

export function twilioEnv(twilio: TwilioStandIn): AppEnv {
  return parseAppEnv({ NODE_ENV: "test", ...twilioEnvVars(twilio) });
}

/** A free (so confirmed) session tomorrow with a London customer who added a phone and, unless told otherwise, turned texts on. */
export async function givenBookingWithPhone(db: Database, clock: Clock, options: { optedIn?: boolean } = {}) {
  const { types } = await givenSpecialist(db, { sessions: [{ minutes: 60, priceMinor: 0 }] });
  const customer = await createUser(db, {
    name: "Grace Hopper",
    timezone: "Europe/London",
    phone: customerPhone,
    smsOptInAt: options.optedIn === false ? null : clock.now(),
  });
  // The booking's own confirmation notices are recorded but not delivered: these tests are about reminders.
  const created = await createBooking(
    { db, clock, queue: recordingQueue().queue },
    { customerId: customer.id, sessionTypeId: types[0]!.id, startsAt: sessionStart, topic: "", customerTimezone: "Europe/London" },
  );
  if (!created.ok) throw new Error(`Could not book: ${created.message}`);
  return { booking: created.booking, customer };
}

/** A job runner with this deployment's providers (Twilio or the outbox), recording what it enqueues into `sent`. */
export function smsJobContext(db: Database, clock: Clock, env: AppEnv, sent: JobMessage[] = []) {
  return { db, clock, env, origin: appUrl, queue: recordingQueue(sent).queue, ...createMessaging(env, db, clock) };
}

export type SmsJobContext = ReturnType<typeof smsJobContext>;

/** Records a reminder for the customer, as the reminder cron does, with its delivery jobs going to `sent`. */
export async function recordReminder(
  context: SmsJobContext,
  kind: "reminder-24h" | "reminder-1h",
  booking: { id: string },
  customer: { id: string },
  sent: JobMessage[],
  occurrence = sessionStart.toISOString(),
) {
  const recorded = notify(context, {
    userId: customer.id,
    kind,
    subject: { type: "booking", id: booking.id },
    occurrence,
    payload: {
      bookingId: booking.id,
      sessionTitle: "Career coaching",
      otherPartyName: "Ada Lovelace",
      otherPartyTimezone: "America/New_York",
      startsAt: sessionStart.toISOString(),
      meetingUrl: null,
    },
  });
  await writeWithJobs(
    { db: context.db, queue: recordingQueue(sent).queue },
    [recorded.statements[0]!, ...recorded.statements.slice(1)],
    recorded.jobs,
  );
}

/** Runs (and removes) every queued message, as the worker would; failures are left to the test. */
export async function drain(sent: JobMessage[], context: SmsJobContext) {
  while (sent.length > 0) await runJob(context, sent.shift());
}

export async function notificationOn(db: Database, userId: string, channel: NotificationChannel, kind = "reminder-24h") {
  const rows = await db.select().from(notifications).where(eq(notifications.userId, userId));
  return rows.find((row) => row.channel === channel && row.kind === kind);
}

export async function userRow(db: Database, userId: string) {
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  return row!;
}
