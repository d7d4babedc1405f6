import { devices, expect, test } from "@playwright/test";
import { visit } from "./helpers";

test("Clear filters empties the form as well as the address", async ({ page }) => {
  await visit(page, "/specialists");
  const search = page.getByRole("searchbox", { name: "Search" });
  const language = page.getByLabel("Language");
  await language.selectOption({ label: "Japanese" });
  await expect(page).toHaveURL(/language=ja/);
  await search.fill("architecture");
  await expect(page).toHaveURL(/q=architecture/);
  await expect(page.getByRole("heading", { name: "1 specialist" })).toBeVisible();

  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/specialists$/);
  await expect(search).toHaveValue("");
  await expect(language).toHaveValue("");
  await expect(page.getByRole("heading", { name: /^\d+ specialists$/ })).toBeVisible();

  // Back restores the earlier search, in the form too.
  await page.goBack();
  await expect(page).toHaveURL(/q=architecture/);
  await expect(search).toHaveValue("architecture");
  await expect(language).toHaveValue("ja");
});

test("prices are compared and estimated in the visitor's chosen currency, with the rates' date", async ({ page }) => {
  await visit(page, "/specialists?sort=price&currency=USD");
  const cards = page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3 }) });
  // Kenji charges in yen: his card shows his yen prices and what they come to in dollars.
  const kenji = cards.filter({ hasText: "Kenji Watanabe" });
  await page.getByRole("searchbox", { name: "Search" }).fill("Kenji");
  await expect(kenji).toContainText(/¥15,000–¥22,000 \(≈ \$\d+–\$\d+\) · free intro call/);
  await expect(page.getByText(/converted to US dollars at the reference rates of \d{1,2} \w+ \d{4}\./)).toBeVisible();

  await page.getByLabel("Currency").selectOption("EUR");
  await expect(page).toHaveURL(/currency=EUR/);
  await expect(kenji).toContainText(/\(≈ €\d+–€\d+\)/);
  await expect(page.getByText(/converted to euros at the reference rates of/)).toBeVisible();
});

test("on a phone the filters fold away above the results, and open on demand @mobile", async ({ page }) => {
  await visit(page, "/specialists");
  const search = page.getByRole("searchbox", { name: "Search" });
  await expect(search).toBeHidden();
  await expect(page.getByRole("heading", { name: /^\d+ specialists$/ })).toBeInViewport();
  await page.getByText("Filters", { exact: true }).click();
  await expect(search).toBeVisible();
});

test("on a phone without JavaScript the folded filters still open and search @mobile", async ({ browser }) => {
  const context = await browser.newContext({ ...devices["Pixel 7"], baseURL: test.info().project.use.baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/specialists");
  const search = page.getByRole("searchbox", { name: "Search" });
  await expect(search).toBeHidden();
  await page.getByText("Filters", { exact: true }).click();
  await search.fill("Kenji");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=Kenji/);
  await expect(page.getByRole("heading", { name: "1 specialist" })).toBeVisible();
  // With a filter on, the filters stay open and say so.
  await expect(search).toHaveValue("Kenji");
  await context.close();
});

test("on a wide screen the filters are simply shown", async ({ page }) => {
  await page.goto("/specialists");
  await expect(page.getByRole("searchbox", { name: "Search" })).toBeVisible();
});
