import { expect, test, type Page } from "@playwright/test";
import { demoAccounts, demoPassword } from "../app/demo/seed.server";
import { visit } from "./helpers";

const customer = demoAccounts[0];

async function logInAsDemoCustomer(page: Page, javaScript: boolean) {
  if (javaScript) await visit(page, "/login");
  else await page.goto("/login");
  await page.getByLabel("Email").fill(customer.email);
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: customer.name })).toBeVisible();
}

async function findKenji(page: Page) {
  await page.getByLabel("Language").selectOption({ label: "Japanese" });
  await page.getByLabel("Specialty").selectOption({ label: "Software architecture" });
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/language=ja/);
  await page.getByRole("link", { name: "Kenji Watanabe" }).click();
  await expect(page.getByRole("heading", { name: "Kenji Watanabe", level: 1 })).toBeVisible();
}

test("a customer in Los Angeles finds a Tokyo specialist, pays in test mode, reschedules and cancels", async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: "America/Los_Angeles", baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await logInAsDemoCustomer(page, true);

  await visit(page, "/specialists");
  await findKenji(page);
  await page.getByRole("link", { name: "Book Architecture review" }).click();
  await page.locator("body[data-hydrated]").waitFor();

  // Times are offered in the customer's zone, with Tokyo's alongside.
  const times = page.getByRole("group", { name: /^Times on / }).getByRole("button");
  await expect(times.first()).toContainText("your time");
  await expect(times.first()).toContainText("Tokyo");
  await expect(page.getByText(/Times in your time zone: Los Angeles \(GMT-[78]\)/)).toBeVisible();
  // A few days out: before the cancellation deadline, so moving and a full refund are allowed.
  const openDays = page.getByRole("navigation", { name: "Days with open times" }).getByRole("link");
  await openDays.nth(4).click();
  await expect(openDays.nth(4)).toHaveAttribute("aria-current", "date");
  await times.first().click();
  await page.getByLabel(/What would you like to talk about/).fill("Splitting our order service");
  await page.getByRole("button", { name: "Book and pay" }).click();

  await expect(page.getByRole("heading", { name: "Test payment" })).toBeVisible();
  await expect(page.getByText("Test payment — no real money moves.")).toBeVisible();
  await page.getByRole("button", { name: /^Pay / }).click();
  // The payment event is processed by the job queue: until then the page only says it's confirming,
  // and it updates by itself (no reload here).
  await expect(page.getByText("Confirmed", { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText("Payment received — your booking is confirmed.")).toBeVisible();
  await expect(page.getByText(/Confirming your payment|Awaiting payment|Pay now|Nothing has been paid/)).toHaveCount(0);
  await expect(page.getByText("(Los Angeles, your time)")).toBeVisible();
  await expect(page.getByText("(Tokyo, Kenji Watanabe's time)")).toBeVisible();
  // The join button appears 10 minutes before the start (the session section says when).
  await expect(page.getByText(/The join button appears here 10 minutes before the start/)).toBeVisible();
  const bookingUrl = page.url().split("?")[0]!;

  await page.getByRole("link", { name: "Move to another time" }).click();
  await openDays.nth(6).click();
  await expect(openDays.nth(6)).toHaveAttribute("aria-current", "date");
  const target = times.first();
  const targetStart = await target.getAttribute("value");
  await target.click();
  await page.getByRole("button", { name: "Move booking" }).click();
  await expect(page.getByText("Booking moved to the new time.")).toBeVisible();
  await expect(page.getByRole("region", { name: "When" }).locator("time")).toHaveAttribute("datetime", targetStart!);

  await expect(page.getByText(/You'll get .* back\./)).toBeVisible();
  // The reason is required, and cancelling asks once more; saying no keeps the booking.
  await expect(page.getByLabel(/Reason \(required/)).toHaveAttribute("required", "");
  await page.getByLabel(/Reason/).fill("Something came up at work");
  page.once("dialog", (dialog) => void dialog.dismiss());
  await page.getByRole("button", { name: "Cancel booking" }).click();
  await expect(page.getByText("Confirmed", { exact: true })).toBeVisible();
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toContain("Cancel this booking?");
    void dialog.accept();
  });
  await page.getByRole("button", { name: "Cancel booking" }).click();
  await expect(page.getByText(/Booking cancelled\. A refund of .* is on its way\./)).toBeVisible();
  await expect(page.getByText("Cancelled", { exact: true })).toBeVisible();
  expect(page.url().startsWith(bookingUrl)).toBe(true);
  await context.close();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, timezoneId: "America/Los_Angeles" });

  test("search, book a free intro call and see it confirmed", async ({ page }) => {
    await logInAsDemoCustomer(page, false);
    await page.goto("/specialists");
    await findKenji(page);
    await page.getByRole("link", { name: "Book Intro call" }).click();
    // Without JavaScript the server can't know the browser's zone: the selector sets it.
    await page.getByLabel("Time zone").selectOption("America/Los_Angeles");
    await page.getByRole("button", { name: "Show times" }).click();
    await expect(page.getByText(/Times in the chosen time zone: Los Angeles \(GMT-[78]\)/)).toBeVisible();
    // The last open time, so this journey never races the paid one above for the same slot.
    await page.getByRole("navigation", { name: "Days with open times" }).getByRole("link").last().click();
    await page
      .getByRole("group", { name: /^Times on / })
      .getByRole("button")
      .last()
      .click();
    await page.getByRole("button", { name: "Book", exact: true }).click();
    await expect(page.getByText("You're booked!")).toBeVisible();
    await expect(page.getByText("Confirmed", { exact: true })).toBeVisible();
  });

  test("pay for a session: the booking says it's confirming the payment, then refreshes itself to confirmed", async ({ page }) => {
    await logInAsDemoCustomer(page, false);
    await page.goto("/specialists");
    await findKenji(page);
    await page.getByRole("link", { name: "Book Architecture review" }).click();
    // A time on the second-to-last day: clear of the other journeys' times.
    const days = page.getByRole("navigation", { name: "Days with open times" }).getByRole("link");
    await days.nth((await days.count()) - 2).click();
    await page
      .getByRole("group", { name: /^Times on / })
      .getByRole("button")
      .first()
      .click();
    await page.getByRole("button", { name: "Book and pay" }).click();
    await page.getByRole("button", { name: /^Pay / }).click();
    await expect(page.getByText(/Awaiting payment|Pay now|Nothing has been paid/)).toHaveCount(0);
    // No reload here: the page refreshes itself until the queued job has confirmed the payment.
    await expect(page.getByText("Confirmed", { exact: true })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText("Payment received — your booking is confirmed.")).toBeVisible();
  });
});
