// Where a session meets reads the same in every reminder: a Zoom booking's email and text message
// carry the labelled Zoom link with its passcode; a default room is labelled as the video room.
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, test } from "vitest";
import { bookings, outboxEmails } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { runCronTask } from "../../../jobs/cron";
import type { JobMessage } from "../../../jobs/messages";
import { parseAppEnv } from "../../env.server";
import { givenBooking, givenParties, hourMs } from "./reminders.test-support";
import { appUrl, drain, smsJobContext } from "./sms.test-support";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

const now = new Date("2026-06-01T12:00:00Z");
const phone = "+14155550100";

/** A confirmed session a day away, its 24 h reminders recorded by the cron and delivered to the outbox. */
async function remindedOf(meeting: Partial<typeof bookings.$inferInsert>) {
  const clock = createTestClock(now);
  const sent: JobMessage[] = [];
  const context = smsJobContext(database.db, clock, parseAppEnv({ NODE_ENV: "test", APP_URL: appUrl }), sent);
  const parties = await givenParties(database.db, { customer: { email: "cara@example.test", phone, smsOptInAt: now } });
  const booking = await givenBooking(database.db, parties, new Date(now.getTime() + 24 * hourMs));
  await database.db.update(bookings).set(meeting).where(eq(bookings.id, booking.id));
  await runCronTask(context, "send-reminders", now.getTime());
  await drain(sent, context);
  const outbox = await database.db.select().from(outboxEmails);
  return {
    email: outbox.find((row) => row.channel === "email" && row.to === "cara@example.test")!,
    sms: outbox.find((row) => row.channel === "sms" && row.to === phone)!,
  };
}

test("a Zoom session's reminder email and text message carry the labelled Zoom link, meeting ID and passcode", async () => {
  const { email, sms } = await remindedOf({
    meetingProvider: "zoom",
    meetingUrl: "https://us02web.zoom.us/j/81234567890?pwd=abc",
    meetingId: "81234567890",
    meetingPasscode: "k3yP4ss",
  });
  expect(email.text).toContain("Zoom meeting: https://us02web.zoom.us/j/81234567890?pwd=abc · Meeting ID: 81234567890 · Passcode: k3yP4ss");
  expect(email.html).toContain('href="https://us02web.zoom.us/j/81234567890?pwd=abc"');
  expect(email.html).toContain("Join the Zoom meeting");
  expect(sms.text).toContain("Zoom meeting: https://us02web.zoom.us/j/81234567890?pwd=abc (passcode k3yP4ss)");
});

test("a default room's reminders label it as the video room, with no passcode", async () => {
  const { email, sms } = await remindedOf({ meetingProvider: "default", meetingUrl: "https://meet.jit.si/specialistly-room" });
  expect(email.text).toContain("Video room: https://meet.jit.si/specialistly-room");
  expect(email.text).not.toContain("Passcode");
  expect(sms.text).toContain("Video room: https://meet.jit.si/specialistly-room Booking: https://specialistly.test/bookings/");
});
