import { expect, test, type Browser } from "@playwright/test";
import { and, eq } from "drizzle-orm";
import { demoAccounts, demoPassword } from "../app/demo/seed.server";
import { bookings } from "../db/schema";
import { onE2eDatabase } from "./e2e-database";

// A booking with a Zoom meeting, then the Zoom stand-in replays the session's signed webhooks to
// the app (/webhooks/zoom), whose queue applies them: the booking's Session section shows who
// attended, and the recording the specialist shares reaches the customer. Siti Rahmawati's intro
// call is left alone by other journeys.
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

test("a Zoom session's webhooks show who attended on the booking, and the recording the specialist shares reaches the customer", async ({
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
  const bookingPage = new URL(jordan.page.url()).pathname;
  await jordan.context.close();

  // Time passes: the session took place over the last half hour (the replay's times are now's).
  await onE2eDatabase(async ({ db }) => {
    const now = Date.now();
    await db
      .update(bookings)
      .set({ startsAt: new Date(now - 30 * 60_000), endsAt: new Date(now - 60_000) })
      .where(and(eq(bookings.meetingProvider, "zoom"), eq(bookings.meetingId, meetingId)));
  });

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

  // The session happened: the page shows who attended (from the webhooks, applied by the queue).
  const siti2 = await logIn(browser, specialist.email, "Asia/Jakarta");
  await siti2.page.goto(bookingPage);
  const session = siti2.page.getByRole("region", { name: "Session" });
  await expect(async () => {
    await siti2.page.reload();
    await expect(session.getByRole("row", { name: /^You / })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(session.getByRole("row", { name: new RegExp(`^${customer.name} `) })).toContainText("13");
  await expect(session.getByText("still in the meeting")).toHaveCount(0);

  // The recording arrived with recording.completed: Siti shares it, and Jordan sees it.
  await session.getByRole("button", { name: "Share with customer" }).click();
  await expect(siti2.page.getByText("The recording is shared with the customer.")).toBeVisible();
  await siti2.context.close();
  const jordan2 = await logIn(browser, customer.email, "America/Los_Angeles");
  await jordan2.page.goto(bookingPage);
  const customerSession = jordan2.page.getByRole("region", { name: "Session" });
  await expect(customerSession.getByRole("link", { name: /Play the recording/ })).toHaveAttribute("href", /^https:\/\//);
  await expect(customerSession.getByRole("row", { name: /^You / })).toContainText("13");
  await jordan2.context.close();
});
