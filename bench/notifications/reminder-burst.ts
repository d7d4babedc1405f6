// The reminder burst behind bench/notifications/reminders.ts (see there).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fork } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { and, count, eq, ne } from "drizzle-orm";
import { createSendGridMailer } from "../../app/integrations/mail/sendgrid.server";
import { createOutboxSmsSender } from "../../app/integrations/mail/outbox-mailer.server";
import { openDatabase } from "../../db/client";
import { applyMigrations } from "../../db/migrations";
import { bookingRules, bookings, notifications, sessionTypes, specialists, users } from "../../db/schema";
import { systemClock } from "../../load-context";
import { createDatabaseJobQueue, startJobWorker } from "../../server/job-queue";
import { parseNodeEnv } from "../../server/env";
import { runJob } from "../../jobs";
import { enqueueCronTick } from "../../jobs/cron";
import { goalRow, printRows } from "../lib/table";

const goalSeconds = 60;
const apiKey = "SG.bench";
const minute = 60_000;

/** The SendGrid stand-in the tests use, in its own process, counting each notification it receives (SendGrid's custom_args). */
async function startMailStandIn() {
  const child = fork(fileURLToPath(new URL("./sendgrid-process.ts", import.meta.url)), [apiKey], { execArgv: ["--import", "tsx"] });
  const reply = <T>() =>
    new Promise<T>((resolve, reject) => {
      child.once("message", (message) => resolve(message as T));
      child.once("exit", (code) => reject(new Error(`The SendGrid stand-in exited (${code})`)));
    });
  const { url } = await reply<{ url: string }>();
  return {
    apiUrl: url,
    /** How often each notification arrived; the stand-in stops after answering. */
    async received() {
      const answer = reply<{ counts: Record<string, number> }>();
      child.send("report");
      return new Map(Object.entries((await answer).counts));
    },
    close: () => child.kill(),
  };
}

export async function runReminderBurst(reminders: number, lanes = parseNodeEnv({ DATABASE_URL: "file:unused.db" }).JOBS_CONCURRENCY) {
  const bookingCount = Math.ceil(reminders / 2);
  const specialistCount = Math.max(1, Math.ceil(bookingCount / 50));
  const dir = mkdtempSync(join(tmpdir(), "specialistly-bench-reminders-"));
  const handle = openDatabase({ url: pathToFileURL(join(dir, "bench.db")).href });
  const { db } = handle;
  const sink = await startMailStandIn();
  try {
    await applyMigrations(db);
    const now = systemClock.now().getTime();
    const startsAt = new Date(Math.floor(now / minute) * minute + 30 * minute);

    const specialistRows = Array.from({ length: specialistCount }, (_, index) => ({
      user: {
        id: crypto.randomUUID(),
        email: `specialist-${index}@bench.test`,
        name: `Specialist ${index}`,
        role: "specialist" as const,
        timezone: "Europe/Berlin",
      },
      specialist: { id: crypto.randomUUID(), slug: `specialist-${index}`, displayName: `Specialist ${index}`, timezone: "Europe/Berlin" },
      sessionTypeId: crypto.randomUUID(),
    }));
    for (let start = 0; start < specialistRows.length; start += 200) {
      const chunk = specialistRows.slice(start, start + 200);
      await db.insert(users).values(chunk.map((row) => row.user));
      await db.insert(specialists).values(chunk.map((row) => ({ ...row.specialist, userId: row.user.id })));
      await db.insert(bookingRules).values(chunk.map((row) => ({ specialistId: row.specialist.id })));
      await db.insert(sessionTypes).values(
        chunk.map((row) => ({
          id: row.sessionTypeId,
          specialistId: row.specialist.id,
          title: "Coaching",
          minutes: 60,
          priceMinor: 5_000,
          currency: "EUR",
        })),
      );
    }
    const zones = ["America/New_York", "Asia/Tokyo", "Europe/London", "Australia/Adelaide"];
    for (let start = 0; start < bookingCount; start += 500) {
      const customers = Array.from({ length: Math.min(500, bookingCount - start) }, (_, offset) => ({
        id: crypto.randomUUID(),
        email: `customer-${start + offset}@bench.test`,
        name: `Customer ${start + offset}`,
        timezone: zones[(start + offset) % zones.length]!,
      }));
      await db.insert(users).values(customers);
      await db.insert(bookings).values(
        customers.map((customer, offset) => {
          const owner = specialistRows[(start + offset) % specialistRows.length]!;
          return {
            specialistId: owner.specialist.id,
            customerId: customer.id,
            sessionTypeId: owner.sessionTypeId,
            startsAt,
            endsAt: new Date(startsAt.getTime() + 60 * minute),
            status: "confirmed" as const,
            priceMinor: 5_000,
            currency: "EUR",
            customerTimezone: customer.timezone,
            meetingUrl: "https://meet.example.test/room",
          };
        }),
      );
    }

    const queue = createDatabaseJobQueue(db, systemClock);
    const context = {
      db,
      clock: systemClock,
      queue,
      mailer: createSendGridMailer({ apiKey, from: "Specialistly <reminders@bench.test>", apiUrl: sink.apiUrl }),
      sms: createOutboxSmsSender(db),
      origin: "http://localhost:3000",
    };
    const began = performance.now();
    await enqueueCronTick(queue, "* * * * *", now);
    const worker = startJobWorker({
      db,
      clock: systemClock,
      pollIntervalMs: 60_000,
      concurrency: lanes,
      handle: (payload) => runJob(context, payload),
      onError: (job, error) => console.error(`job ${job.type} failed:`, error),
    });
    await worker.drain();
    const seconds = (performance.now() - began) / 1000;
    await worker.stop();

    const [emails] = await db
      .select({ sent: count() })
      .from(notifications)
      .where(and(eq(notifications.channel, "email"), eq(notifications.status, "sent")));
    const [unsent] = await db
      .select({ left: count() })
      .from(notifications)
      .where(and(ne(notifications.channel, "in_app"), ne(notifications.status, "sent")));
    const received = await sink.received();
    const duplicates = [...received.values()].reduce((sum, times) => sum + times - 1, 0);
    const delivered = received.size;

    const bench = "notifications/reminders";
    const amount = (value: number) => value.toLocaleString("en");
    printRows(
      `Reminders due at once (${amount(bookingCount)} bookings × 2 parties, ${lanes} job lanes), sent through the SendGrid mailer to the SendGrid stand-in (its own process)`,
      [
        goalRow(
          bench,
          `${amount(delivered)} reminders delivered (${Math.round(delivered / seconds)}/s)`,
          seconds,
          { atMost: goalSeconds },
          (value) => `${value.toFixed(1)} s`,
        ),
        goalRow(bench, "duplicate deliveries", duplicates, { atMost: 0 }, amount),
        goalRow(bench, `reminders never delivered (of ${amount(bookingCount * 2)})`, bookingCount * 2 - delivered, { atMost: 0 }, amount),
        goalRow(bench, `notifications not recorded as sent (${amount(emails!.sent)} recorded)`, unsent!.left, { atMost: 0 }, amount),
      ],
    );
  } finally {
    sink.close();
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
