import { expect, test, type Browser } from "@playwright/test";

const kenji = "/s/kenji-watanabe";

async function newPage(browser: Browser, options: { timezoneId: string; javaScriptEnabled?: boolean }) {
  const context = await browser.newContext({ ...options, baseURL: test.info().project.use.baseURL });
  return { context, page: await context.newPage() };
}

for (const javaScriptEnabled of [true, false]) {
  test(`the booking page is a month calendar with the chosen day's times beside it (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({
    browser,
  }) => {
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

test("a time taken meanwhile: the picker shows that day's fresh times in place, with the message (JavaScript on)", async ({ browser }) => {
  const { demoAccounts, demoPassword } = await import("../app/demo/seed.server");
  const customer = demoAccounts[0];
  const pages = await Promise.all(
    [0, 1].map(async () => {
      const { context, page } = await newPage(browser, { timezoneId: "America/Los_Angeles" });
      await page.goto("/login");
      await page.locator("body[data-hydrated]").waitFor();
      await page.getByLabel("Email").fill(customer.email);
      await page.getByLabel("Password").fill(demoPassword);
      await page.getByRole("button", { name: "Log in" }).click();
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: customer.name })).toBeVisible();
      return { context, page };
    }),
  );
  // Both tabs at the confirm step of the same time (a day the other journeys leave alone).
  let startsAt = "";
  for (const { page } of pages) {
    await page.goto(kenji);
    await page.getByRole("link", { name: "Book Intro call" }).click();
    await page.locator("body[data-hydrated]").waitFor();
    const calendar = page.getByRole("navigation", { name: "Days with open times" });
    const dayName = await calendar.getByRole("link").nth(10).getAttribute("aria-label");
    await calendar.getByRole("link").nth(10).click();
    await expect(calendar.getByRole("link", { name: dayName! })).toHaveAttribute("aria-current", "date");
    const time = page
      .getByRole("group", { name: `Times on ${dayName}` })
      .getByRole("button")
      .nth(2);
    startsAt = (await time.getAttribute("value"))!;
    await time.click();
    await expect(page.getByRole("region", { name: "Confirm your booking" }).locator("time")).toHaveAttribute("datetime", startsAt);
  }
  const [first, second] = pages as [(typeof pages)[0], (typeof pages)[0]];
  await first.page.getByRole("button", { name: "Book", exact: true }).click();
  await expect(first.page.getByText("You're booked!")).toBeVisible();

  // The second tab loses the race: no page load, and the month isn't fetched again.
  const url = second.page.url();
  await second.page.evaluate(() => Object.assign(window, { sameDocument: true }));
  const refetched: string[] = [];
  second.page.on("request", (request) => {
    if (request.method() === "GET" && /\/book\/[^/?]+\.data/.test(request.url())) refetched.push(request.url());
  });
  await second.page.getByRole("button", { name: "Book", exact: true }).click();
  await expect(second.page.getByText("Someone just booked that time — here are the times still open")).toBeVisible();
  const times = second.page.getByRole("group", { name: /^Times on / }).getByRole("button");
  await expect(times.first()).toBeVisible();
  await expect(second.page.locator(`button[name="start"][value="${startsAt}"]`)).toHaveCount(0);
  await expect(second.page.getByRole("heading", { name: "Confirm your booking" })).toHaveCount(0);
  expect(second.page.url()).toBe(url);
  expect(await second.page.evaluate(() => "sameDocument" in window)).toBe(true);
  expect(refetched).toEqual([]);

  // A fresh time books as usual.
  await times.first().click();
  await second.page.getByRole("button", { name: "Book", exact: true }).click();
  await expect(second.page.getByText("You're booked!")).toBeVisible();
  for (const { context } of pages) await context.close();
});
