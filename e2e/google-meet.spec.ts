import { expect, test, type Browser } from "@playwright/test";
import { demoAccounts, demoPassword } from "../app/demo/seed.server";

// A specialist connects Google Calendar on the Google stand-in's consent page, puts their free
// intro call on Google Meet, a customer books it, and the booking page shows the Meet link (from
// the event the meeting job put on the stand-in's calendar). Priya Raman's intro call is left
// alone by the other journeys.
const specialist = { email: "priya-raman@demo.specialistly.test", slug: "priya-raman" };
const customer = demoAccounts[0];

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

test("a session type on Google Meet: the customer's booking names Google Meet and its calendar file carries the Meet link", async ({
  browser,
}) => {
  const priya = await logIn(browser, specialist.email, "Asia/Kolkata");
  await priya.page.goto("/specialist/video");
  await expect(priya.page.getByText("Google Calendar: not connected.")).toBeVisible();
  await priya.page.getByRole("button", { name: "Connect Google Calendar" }).click();
  await expect(priya.page.getByRole("heading", { name: "This app wants to access your Google Account" })).toBeVisible();
  await priya.page.getByRole("button", { name: "Allow" }).click();
  await expect(priya.page.getByText("Google Calendar is connected.")).toBeVisible();

  await priya.page.goto("/specialist/session-types");
  await priya.page
    .getByRole("link", { name: /Intro call/ })
    .first()
    .click();
  // The list page has a "new session type" form with the same radios: wait for the edit page.
  await expect(priya.page).toHaveURL(/\/specialist\/session-types\/[^/]+$/);
  await priya.page.getByRole("radio", { name: /^Google Meet/ }).check();
  await priya.page.getByRole("button", { name: "Save changes" }).click();
  await expect(priya.page.getByText("Session type saved.")).toBeVisible();
  await priya.context.close();

  const jordan = await logIn(browser, customer.email, "Europe/Berlin");
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

  // The meeting job runs on the queue: once it has, the page names Google Meet and the calendar
  // file carries the Meet link (the join button itself appears 10 minutes before the start).
  const bookingPage = jordan.page.url().split("?")[0]!;
  await expect(async () => {
    await jordan.page.reload();
    await expect(jordan.page.getByText("Google Meet", { exact: true })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  const ics = (await (await jordan.page.request.get(`${bookingPage}/ics`)).text()).replace(/\r\n[ \t]/g, "");
  expect(ics).toMatch(/LOCATION:https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}\r\n/);
  await jordan.context.close();
});
