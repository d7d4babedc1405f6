import { expect, test, type Browser } from "@playwright/test";
import { demoAccounts, demoPassword } from "../app/demo/seed.server";

// A specialist connects Zoom on the Zoom stand-in's consent page, puts their free intro call on
// Zoom, a customer books it, and the booking page shows the Zoom meeting's join link (made by the
// meeting job against the stand-in). Anna Kowalska's intro call is left alone by the other journeys.
const specialist = { email: "anna-kowalska@demo.specialistly.test", slug: "anna-kowalska" };
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

test("a session type on Zoom: the customer's booking page shows the Zoom meeting's join link", async ({ browser }) => {
  const anna = await logIn(browser, specialist.email, "Europe/Warsaw");
  await anna.page.goto("/specialist/video");
  await anna.page.getByRole("button", { name: "Connect Zoom" }).click();
  await expect(anna.page.getByRole("heading", { name: "Allow this app to use your Zoom account?" })).toBeVisible();
  await anna.page.getByRole("button", { name: "Allow" }).click();
  await expect(anna.page.getByText("Zoom is connected.")).toBeVisible();

  await anna.page.goto("/specialist/session-types");
  await anna.page
    .getByRole("link", { name: /Intro call/ })
    .first()
    .click();
  // The list page has a "new session type" form with the same radios: wait for the edit page.
  await expect(anna.page).toHaveURL(/\/specialist\/session-types\/[^/]+$/);
  await anna.page.getByRole("radio", { name: /^Zoom/ }).check();
  await anna.page.getByRole("button", { name: "Save changes" }).click();
  await expect(anna.page.getByText("Session type saved.")).toBeVisible();
  await anna.context.close();

  const jordan = await logIn(browser, customer.email, "America/Los_Angeles");
  await jordan.page.goto(`/s/${specialist.slug}`);
  await jordan.page.getByRole("link", { name: "Book Intro call" }).click();
  await jordan.page.locator("body[data-hydrated]").waitFor();
  const calendar = jordan.page.getByRole("navigation", { name: "Days with open times" });
  const day = calendar.getByRole("link").nth(3);
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

  // The meeting job runs on the queue: the page shows the Zoom meeting once it has (its join
  // button appears 10 minutes before the start; the calendar file carries the link).
  const meeting = jordan.page.getByText(/Zoom meeting \d+ · Passcode: \w+/);
  await expect(async () => {
    await jordan.page.reload();
    await expect(meeting).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  const ics = await jordan.page.request.get(`${jordan.page.url().split("?")[0]}/ics`);
  expect((await ics.text()).replace(/\r\n[ \t]/g, "")).toMatch(/URL:http:\/\/127\.0\.0\.1:\d+\/j\/\d+\?pwd=/);
  await jordan.context.close();
});
