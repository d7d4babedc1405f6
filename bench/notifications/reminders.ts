// 10,000 reminders due at once, sent through the real job path to a local mail stand-in.
// `npx tsx bench/notifications/reminders.ts [reminders] [lanes]` (default 10,000 and the Node
// server's default JOBS_CONCURRENCY): a temp libSQL file with bookings whose 1 h reminder is due,
// one cron tick, and the Node job worker delivering by HTTP to a mail sink that counts each message
// key. Each booking reminds its customer and its specialist, so N reminders are N/2 bookings.
// Prints a table; asserts nothing (the goal: within 60 s, no duplicates).
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { and, count, eq, ne } from "drizzle-orm";
import type { Mailer } from "../../app/integrations/mail/mailer";
import { createOutboxSmsSender } from "../../app/integrations/mail/outbox-mailer.server";
import { ProviderError } from "../../app/integrations/provider-error";
import { openDatabase } from "../../db/client";
import { applyMigrations } from "../../db/migrations";
import { bookingRules, bookings, notifications, sessionTypes, specialists, users } from "../../db/schema";
import { systemClock } from "../../load-context";
import { createDatabaseJobQueue, startJobWorker } from "../../server/job-queue";
import { parseNodeEnv } from "../../server/env";
import { runJob } from "../../workers/jobs";
import { enqueueCronTick } from "../../workers/jobs/cron";

const reminders = Number(process.argv[2] ?? 10_000);
const lanes = Number(process.argv[3] ?? parseNodeEnv({ DATABASE_URL: "file:unused.db" }).JOBS_CONCURRENCY);
const bookingCount = Math.ceil(reminders / 2);
const specialistCount = Math.max(1, Math.ceil(bookingCount / 50));
const goalSeconds = 60;
const minute = 60_000;

/** A mail provider stand-in: accepts a JSON message, answers with an id, counts each message key. */
async function startMailSink() {
  const received = new Map<string, number>();
  const server = createServer(async (request: IncomingMessage, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    const message = JSON.parse(body) as { to?: string; subject?: string; text?: string; messageKey?: string };
    if (!message.to || !message.subject || !message.text || !message.messageKey) {
      response.writeHead(400).end(JSON.stringify({ error: "to, subject, text and messageKey are required" }));
      return;
    }
    received.set(message.messageKey, (received.get(message.messageKey) ?? 0) + 1);
    response.writeHead(202, { "content-type": "application/json" }).end(JSON.stringify({ id: `msg-${received.size}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function httpMailer(url: string): Mailer {
  return {
    name: "bench-sink",
    async send(message) {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(message) });
      if (!response.ok) throw new ProviderError(`mail sink answered ${response.status}`, { permanent: response.status < 500 });
      return { providerMessageId: ((await response.json()) as { id: string }).id };
    },
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "specialistly-bench-reminders-"));
  const handle = openDatabase({ url: pathToFileURL(join(dir, "bench.db")).href });
  const { db } = handle;
  const sink = await startMailSink();
  try {
    await applyMigrations(db);
    const now = systemClock.now().getTime();
    const startsAt = new Date(Math.floor(now / minute) * minute + 30 * minute);

    const specialistRows = Array.from({ length: specialistCount }, (_, index) => ({
      user: { id: crypto.randomUUID(), email: `specialist-${index}@bench.test`, name: `Specialist ${index}`, role: "specialist" as const, timezone: "Europe/Berlin" },
      specialist: { id: crypto.randomUUID(), slug: `specialist-${index}`, displayName: `Specialist ${index}`, timezone: "Europe/Berlin" },
      sessionTypeId: crypto.randomUUID(),
    }));
    for (let start = 0; start < specialistRows.length; start += 200) {
      const chunk = specialistRows.slice(start, start + 200);
      await db.insert(users).values(chunk.map((row) => row.user));
      await db.insert(specialists).values(chunk.map((row) => ({ ...row.specialist, userId: row.user.id })));
      await db.insert(bookingRules).values(chunk.map((row) => ({ specialistId: row.specialist.id })));
      await db.insert(sessionTypes).values(
        chunk.map((row) => ({ id: row.sessionTypeId, specialistId: row.specialist.id, title: "Coaching", minutes: 60, priceMinor: 5_000, currency: "EUR" })),
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
    const context = { db, clock: systemClock, queue, mailer: httpMailer(sink.url), sms: createOutboxSmsSender(db), origin: "http://localhost:3000" };
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
    const duplicates = [...sink.received.values()].reduce((sum, times) => sum + times - 1, 0);
    const delivered = sink.received.size;

    console.log(`\nReminders due at once (${bookingCount.toLocaleString("en")} bookings × 2 parties, ${lanes} job lanes), delivered by email to a local HTTP sink`);
    console.table([
      {
        reminders: delivered,
        "recorded as sent": emails!.sent,
        "not sent": unsent!.left,
        seconds: Number(seconds.toFixed(1)),
        "per second": Math.round(delivered / seconds),
        duplicates,
        goal: `≤ ${goalSeconds} s, 0 duplicates: ${seconds <= goalSeconds && duplicates === 0 && delivered === bookingCount * 2 ? "met" : "NOT met"}`,
      },
    ]);
  } finally {
    await sink.close();
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
