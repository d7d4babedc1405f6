import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { demoAccounts, demoPassword } from "../app/demo/seed.server";
import { visit } from "./helpers";

const specialist = demoAccounts[1];
const customerName = `Erin Earnings ${Date.now()}`;

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.map((violation) => `${violation.id}: ${violation.help} ${violation.nodes.map((node) => node.html).join(" | ")}`),
  ).toEqual([]);
}

test("a customer pays with the test checkout; the specialist's earnings show the booking; the receipt prints", async ({ browser }) => {
  const baseURL = test.info().project.use.baseURL;

  // The customer: a new account, so their ledger row is theirs alone.
  const customerContext = await browser.newContext({ timezoneId: "Europe/London", baseURL });
  const page = await customerContext.newPage();
  await visit(page, "/signup");
  await page.getByLabel("Book sessions").check();
  await page.getByLabel("Name").fill(customerName);
  await page.getByLabel("Email").fill(`erin-${Date.now()}-${process.pid}@example.test`);
  await page.getByLabel("Password").fill("plum-ferry-quartz-71");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL("/?welcome=1");

  await visit(page, "/specialists");
  await page.getByLabel("Language").selectOption({ label: "Japanese" });
  await page.getByLabel("Specialty").selectOption({ label: "Software architecture" });
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/language=ja/);
  await page.getByRole("link", { name: specialist.name }).click();
  await page.getByRole("link", { name: "Book Architecture review" }).click();
  await page.locator("body[data-hydrated]").waitFor();
  // The third-to-last day with open times: clear of the other journeys' times.
  const days = page.getByRole("navigation", { name: "Days with open times" }).getByRole("link");
  const day = days.nth((await days.count()) - 3);
  await day.click();
  await expect(day).toHaveAttribute("aria-current", "date");
  await page
    .getByRole("group", { name: /^Times on / })
    .getByRole("button")
    .first()
    .click();
  await page.getByRole("button", { name: "Book and pay" }).click();
  await expect(page.getByText("Test payment — no real money moves.")).toBeVisible();
  await page.getByRole("button", { name: /^Pay / }).click();
  await expect(page.getByText("Payment received — your booking is confirmed.")).toBeVisible({ timeout: 20_000 });

  // The receipt: numbered, the amount, printable.
  await page.getByRole("link", { name: "Receipt" }).click();
  await page.locator("body[data-hydrated]").waitFor();
  const heading = page.getByRole("heading", { level: 1, name: /^Receipt R-\d{6}$/ });
  await expect(heading).toBeVisible();
  const receiptNumber = (await heading.textContent())!.replace("Receipt ", "");
  await expect(page.getByRole("row", { name: "Amount paid ¥15,000" })).toBeVisible();
  await expect(page.getByRole("row", { name: "Total after refunds ¥15,000" })).toBeVisible();
  await expect(page.getByText("Platform fee kept")).toHaveCount(0);
  await expectNoAxeViolations(page);
  await expect(page.locator('link[rel="stylesheet"][media="print"]')).toHaveCount(1);
  await page.evaluate(() => {
    window.print = () => document.body.setAttribute("data-printed", "");
  });
  await page.getByRole("button", { name: "Print" }).click();
  await expect(page.locator("body[data-printed]")).toHaveCount(1);
  // On paper only the receipt: no site header, no buttons.
  await page.emulateMedia({ media: "print" });
  await expect(heading).toBeVisible();
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await customerContext.close();

  // The specialist: the figures, the chart and the ledger row, filtered with the GET form.
  const specialistContext = await browser.newContext({ timezoneId: "Asia/Tokyo", baseURL });
  const mine = await specialistContext.newPage();
  await visit(mine, "/login");
  await mine.getByLabel("Email").fill(specialist.email);
  await mine.getByLabel("Password").fill(demoPassword);
  await mine.getByRole("button", { name: "Log in" }).click();
  await expect(mine.getByRole("navigation", { name: "Main" }).getByRole("link", { name: specialist.name })).toBeVisible();
  await mine.getByRole("navigation", { name: "Your practice" }).getByRole("link", { name: "Earnings" }).click();
  const totals = mine.getByRole("region", { name: "Totals in JPY" });
  for (const label of ["Gross", "Platform fee", "Refunds", "Net", "Pending", "Paid out"]) {
    await expect(totals.getByText(label, { exact: true })).toBeVisible();
  }
  await expect(mine.getByText("Payouts appear here once Stripe is connected")).toBeVisible();
  await expect(mine.getByRole("img", { name: /^Net per month, JPY/ })).toBeVisible();
  await expect(mine.getByRole("table", { name: "Figures per month, JPY" })).toBeVisible();
  const row = mine.getByRole("row").filter({ hasText: customerName });
  await expect(row).toContainText("Architecture review");
  await expect(row).toContainText("Confirmed");
  await expect(row).toContainText("¥15,000¥3,000¥0¥12,000");
  await expect(row.getByRole("link", { name: receiptNumber })).toBeVisible();
  await expectNoAxeViolations(mine);

  await mine.getByLabel("Status").selectOption({ label: "Confirmed" });
  await mine.getByRole("button", { name: "Filter" }).click();
  await expect(mine).toHaveURL(/status=confirmed/);
  await expect(mine.getByRole("row").filter({ hasText: customerName })).toBeVisible();
  await expect(mine.getByRole("link", { name: "Download CSV" })).toHaveAttribute("href", /\/specialist\/earnings\.csv\?.*status=confirmed/);

  // The specialist's receipt adds the fee kept and the net.
  await row.getByRole("link", { name: receiptNumber }).click();
  await expect(mine.getByRole("row", { name: "Platform fee kept ¥3,000" })).toBeVisible();
  await expect(mine.getByRole("row", { name: "Net to the specialist ¥12,000" })).toBeVisible();
  await specialistContext.close();
});
