import { expect, test, type Browser } from "@playwright/test";
import { and, eq } from "drizzle-orm";
import { demoAccounts, demoPassword } from "../app/demo/seed.server";
import { bookings, meetingAttendance, meetingRecordings, webhookEvents } from "../db/schema";
import { onE2eDatabase } from "./e2e-database";

// A booking with a Zoom meeting, then the Zoom stand-in replays the session's signed webhooks to
// the app (/webhooks/zoom), whose queue applies them. Nothing on this branch shows attendance or
// recordings to a user yet (the session page reads these tables), so the journey checks what the
// webhooks wrote in the e2e database. Siti Rahmawati's intro call is left alone by other journeys.
const specialist = { email: "siti-rahmawati@demo.specialistly.test", slug: "siti-rahmawati" };
const customer = demoAccounts[0];
const zoomStandInURL = `http://127.0.0.1:${process.env.E2E_ZOOM_STAND_IN_PORT ?? 12130}`;

async function logIn(browser: Browser, email: string, timezoneId: string) {
  const context = await browser.newContext({ timezoneId, baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await page.goto("/login");
  await page.locator("body[data-hydrated]").waitFor();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  return { context, page };
}

test("a Zoom session's webhooks, replayed by Zoom, record its start and end, who attended and the recording", async ({
  browser,
  request,
}) => {
  const siti = await logIn(browser, specialist.email, "Asia/Jakarta");
  await siti.page.goto("/specialist/video");
  await siti.page.getByRole("button", { name: "Connect Zoom" }).click();
  await siti.page.getByRole("button", { name: "Allow" }).click();
  await expect(siti.page.getByText("Zoom is connected.")).toBeVisible();
  await siti.page.goto("/specialist/session-types");
  await siti.page
    .getByRole("link", { name: /Intro call/ })
    .first()
    .click();
  // The list page has a "new session type" form with the same radios: wait for the edit page.
  await expect(siti.page).toHaveURL(/\/specialist\/session-types\/[^/]+$/);
  await siti.page.getByRole("radio", { name: /^Zoom/ }).check();
  await expect(siti.page.getByRole("radio", { name: /^Zoom/ })).toBeChecked();
  await siti.page.getByRole("button", { name: "Save changes" }).click();
  await expect(siti.page.getByText("Session type saved.")).toBeVisible();
  await siti.context.close();

  const jordan = await logIn(browser, customer.email, "America/Los_Angeles");
  await jordan.page.goto(`/s/${specialist.slug}`);
  await jordan.page.getByRole("link", { name: "Book Intro call" }).click();
  await jordan.page.locator("body[data-hydrated]").waitFor();
  const calendar = jordan.page.getByRole("navigation", { name: "Days with open times" });
  const day = calendar.getByRole("link").nth(2);
  const dayName = await day.getAttribute("aria-label");
  await day.click();
  await expect(calendar.getByRole("link", { name: dayName! })).toHaveAttribute("aria-current", "date");
  await jordan.page
    .getByRole("group", { name: `Times on ${dayName}` })
    .getByRole("button")
    .first()
    .click();
  await jordan.page.getByRole("button", { name: "Book", exact: true }).click();
  await expect(jordan.page.getByText("You're booked!")).toBeVisible();
  const meetingLine = jordan.page.getByText(/Zoom meeting \d+ · Passcode: \w+/);
  await expect(async () => {
    await jordan.page.reload();
    await expect(meetingLine).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  const meetingId = /Zoom meeting (\d+)/.exec((await meetingLine.textContent()) ?? "")![1]!;
  await jordan.context.close();

  // Zoom's side: Siti hosts, Jordan joins under another email (the one other participant).
  const replay = await request.post(`${zoomStandInURL}/__stand-in/meetings/${meetingId}/replay`, {
    data: {
      participants: [
        { name: "Siti Rahmawati", host: true, joinMinute: 0, leaveMinute: 15 },
        { name: "Jordan R.", email: "jordan.personal@example.com", joinMinute: 1, leaveMinute: 14 },
      ],
    },
  });
  expect(replay.status()).toBe(200);
  const { deliveries } = (await replay.json()) as { deliveries: { event: string; status: number }[] };
  expect(deliveries).toHaveLength(7);
  expect(deliveries.every((delivery) => delivery.status === 200)).toBe(true);

  await expect(async () => {
    const written = await onE2eDatabase(async ({ db }) => {
      const [booking] = await db
        .select({ id: bookings.id, startedAt: bookings.meetingStartedAt, endedAt: bookings.meetingEndedAt })
        .from(bookings)
        .where(and(eq(bookings.meetingProvider, "zoom"), eq(bookings.meetingId, meetingId)));
      const events = await db
        .select({ processedAt: webhookEvents.processedAt, ignored: webhookEvents.ignoredReason })
        .from(webhookEvents)
        .where(eq(webhookEvents.provider, "zoom"));
      const attendance = await db
        .select({ name: meetingAttendance.participantName, role: meetingAttendance.role, leftAt: meetingAttendance.leftAt })
        .from(meetingAttendance)
        .where(eq(meetingAttendance.bookingId, booking!.id));
      const recordings = await db.select().from(meetingRecordings).where(eq(meetingRecordings.bookingId, booking!.id));
      return { booking: booking!, events, attendance, recordings };
    });
    expect(written.events.filter((event) => event.processedAt !== null && event.ignored === null).length).toBeGreaterThanOrEqual(7);
    expect(written.booking.startedAt).not.toBeNull();
    expect(written.booking.endedAt).not.toBeNull();
    expect(written.attendance.map(({ name, role }) => [name, role]).sort()).toEqual([
      ["Jordan R.", "customer"],
      ["Siti Rahmawati", "specialist"],
    ]);
    expect(written.attendance.every((row) => row.leftAt !== null)).toBe(true);
    expect(written.recordings).toHaveLength(1);
    expect(written.recordings[0]!.playUrl).toMatch(/^https:\/\//);
  }).toPass({ timeout: 20_000 });
});
