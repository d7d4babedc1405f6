import { expect, test, type Browser } from "@playwright/test";

const kenji = "/s/kenji-watanabe";

async function newPage(browser: Browser, options: { timezoneId: string; javaScriptEnabled?: boolean }) {
  const context = await browser.newContext({ ...options, baseURL: test.info().project.use.baseURL });
  return { context, page: await context.newPage() };
}

for (const javaScriptEnabled of [true, false]) {
  test(`the booking page is a month calendar with the chosen day's times beside it (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({ browser }) => {
    const { context, page } = await newPage(browser, { timezoneId: "America/Los_Angeles", javaScriptEnabled });
    await page.goto(kenji);
    await page.getByRole("link", { name: "Book Intro call" }).click();
    if (javaScriptEnabled) await page.locator("body[data-hydrated]").waitFor();

    // The month (or the two months the next 30 days span), each day with times a link.
    const calendar = page.getByRole("navigation", { name: "Days with open times" });
    await expect(calendar.getByRole("table").first()).toBeVisible();
    await expect(calendar.getByRole("table").first().locator("caption")).toHaveText(/^[A-Z][a-z]+ \d{4}$/);
    const openDays = calendar.getByRole("link");
    expect(await openDays.count()).toBeGreaterThan(3);
    // Not one long list of every time: a calendar and one day's times keep the page short.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(2000);

    const day = openDays.nth(2);
    const dayName = await day.getAttribute("aria-label");
    await day.click();
    await expect(page).toHaveURL(/[?&]day=\d{4}-\d{2}-\d{2}/);
    await expect(calendar.getByRole("link", { name: dayName! })).toHaveAttribute("aria-current", "date");
    const times = page.getByRole("group", { name: `Times on ${dayName}` }).getByRole("button");
    await expect(times.first()).toBeVisible();
    const startsAt = await times.first().getAttribute("value");
    await times.first().click();
    await expect(page.getByRole("heading", { name: "Confirm your booking" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Confirm your booking" }).locator("time")).toHaveAttribute("datetime", startsAt!);
    await context.close();
  });
}
