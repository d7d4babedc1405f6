import { expect, test, type Browser, type Page } from "@playwright/test";
import { logInWithDemoPassword } from "./helpers";

// Steps the video-provider journeys share: a signed-in browser in a given zone, a provider
// connected on its stand-in's consent page, the intro call put on that provider, and a booking.

/** A new browser context in `timezoneId`, signed in as `email` with the demo password. */
export async function signedIn(browser: Browser, email: string, timezoneId: string) {
  const context = await browser.newContext({ timezoneId, baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await logInWithDemoPassword(page, email);
  return { context, page };
}

/** Connects Zoom or Google Calendar at /specialist/video, pressing "Allow" on the stand-in's consent page. */
export async function connectOnStandIn(page: Page, provider: "Zoom" | "Google Calendar") {
  await page.goto("/specialist/video");
  await page.getByRole("button", { name: `Connect ${provider}` }).click();
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByText(`${provider} is connected.`)).toBeVisible();
}

/** Puts the specialist's intro call on the video option whose label starts with `option`. */
export async function putIntroCallOn(page: Page, option: RegExp) {
  await page.goto("/specialist/session-types");
  await page
    .getByRole("link", { name: /Intro call/ })
    .first()
    .click();
  // The list page has a "new session type" form with the same radios: wait for the edit page.
  await expect(page).toHaveURL(/\/specialist\/session-types\/[^/]+$/);
  await page.getByRole("radio", { name: option }).check();
  await expect(page.getByRole("radio", { name: option })).toBeChecked();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Session type saved.")).toBeVisible();
}

/**
 * Books the specialist's free intro call at the first open time of the `dayIndex`-th day with
 * times (journeys booking as the same customer pick different days); returns the booking page's path.
 */
export async function bookIntroCall(page: Page, specialistSlug: string, dayIndex: number) {
  await page.goto(`/s/${specialistSlug}`);
  await page.getByRole("link", { name: "Book Intro call" }).click();
  await page.locator("body[data-hydrated]").waitFor();
  const calendar = page.getByRole("navigation", { name: "Days with open times" });
  const day = calendar.getByRole("link").nth(dayIndex);
  const dayName = await day.getAttribute("aria-label");
  await day.click();
  await expect(calendar.getByRole("link", { name: dayName! })).toHaveAttribute("aria-current", "date");
  await page
    .getByRole("group", { name: `Times on ${dayName}` })
    .getByRole("button")
    .first()
    .click();
  await page.getByRole("button", { name: "Book", exact: true }).click();
  await expect(page.getByText("You're booked!")).toBeVisible();
  return new URL(page.url()).pathname;
}
