import { expect, test, type Browser } from "@playwright/test";
import { visit } from "./helpers";

const kenji = "/s/kenji-watanabe";

async function newPage(browser: Browser, options: { timezoneId: string; javaScriptEnabled?: boolean }) {
  const context = await browser.newContext({ ...options, baseURL: test.info().project.use.baseURL });
  return { context, page: await context.newPage() };
}

test("a visitor in Kolkata sees their own zone from the very first page, by its current name", async ({ browser }) => {
  const { context, page } = await newPage(browser, { timezoneId: "Asia/Kolkata" });
  // The first page this browser ever asks for: no cookie yet, no hydration waited for.
  await page.goto(kenji);
  await expect(page.getByText("Times in your time zone: Kolkata (GMT+5:30)")).toBeVisible();
  await expect(page.getByText(/Calcutta/)).toHaveCount(0);

  await page.getByRole("link", { name: "Book Intro call" }).click();
  await expect(page).toHaveURL(/\/book\//);
  await expect(page.getByText("Times in your time zone: Kolkata (GMT+5:30)")).toBeVisible();
  // The selector shows the zone actually used, by its city name; no option is a raw IANA id.
  const select = page.getByRole("combobox", { name: "Time zone" });
  await expect(select).toHaveValue("Asia/Kolkata");
  await expect(select.locator("option:checked")).toHaveText("Kolkata (GMT+5:30)");
  await expect(select.locator('option[value="America/Sao_Paulo"]')).toHaveText(/^São Paulo /);
  const labels = await select.locator("option").allTextContents();
  expect(labels.filter((label) => /Calcutta|Kiev|Saigon|_|[A-Za-z]\/[A-Za-z]/.test(label))).toEqual([]);
  await context.close();
});

test("home cards open the profile, and a next available time opens its booking, preselected", async ({ page }) => {
  await visit(page, "/");
  const card = page.getByRole("region", { name: "Specialists on Specialistly" }).getByRole("link").first();
  const name = (await card.textContent())!.trim();
  const href = await card.getAttribute("href");
  await card.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();

  const firstTime = page.getByRole("list", { name: "Next available" }).first().getByRole("link").first();
  const startsAt = await firstTime.locator("time").getAttribute("datetime");
  await firstTime.click();
  await expect(page.getByRole("heading", { name: "Confirm your booking" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Confirm your booking" }).locator("time")).toHaveAttribute("datetime", startsAt!);
});

test("For specialists leads to sign-up as a specialist", async ({ page }) => {
  await visit(page, "/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "For specialists" }).click();
  await expect(page).toHaveURL(/\/signup\?role=specialist$/);
  await expect(page.getByRole("radio", { name: "Offer sessions" })).toBeChecked();
});
