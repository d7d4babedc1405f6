import { expect, test, type Page } from "@playwright/test";
import { visit } from "./helpers";

let counter = 0;
function uniqueEmail(label: string) {
  return `${label}-${Date.now()}-${process.pid}-${counter++}@example.test`;
}
const password = "plum-ferry-quartz-71";

async function signUp(page: Page, options: { name: string; email: string; role: "customer" | "specialist" }) {
  await visit(page, "/signup");
  await page.getByLabel(options.role === "specialist" ? "Offer sessions" : "Book sessions").check();
  await page.getByLabel("Name").fill(options.name);
  await page.getByLabel("Email").fill(options.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
}

test("a customer signs up, logs out and logs back in", async ({ page }) => {
  const email = uniqueEmail("customer");
  await signUp(page, { name: "Casey Customer", email, role: "customer" });
  await expect(page).toHaveURL("/?welcome=1");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Casey Customer" })).toBeVisible();

  await nav.getByRole("button", { name: "Log out" }).click();
  await expect(nav.getByRole("link", { name: "Log in" })).toBeVisible();

  await nav.getByRole("link", { name: "Log in" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not-my-password-1");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByText("That email and password don't match an account.")).toBeVisible();
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(nav.getByRole("link", { name: "Casey Customer" })).toBeVisible();
});

test("a specialist signs up and lands in onboarding with the browser's time zone", async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: "Asia/Kathmandu", baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await signUp(page, { name: "Sam Specialist", email: uniqueEmail("specialist"), role: "specialist" });
  await expect(page).toHaveURL("/onboarding?welcome=1");
  await expect(page.getByRole("heading", { name: "Welcome, Sam Specialist" })).toBeVisible();
  // Chromium's ICU still names the zone by its older alias.
  await expect(page.getByText(/Asia\/Kath?mandu/)).toBeVisible();
  await context.close();
});

test("sign-up shows field errors as you go", async ({ page }) => {
  await visit(page, "/signup");
  await page.getByLabel("Email").fill("not an email");
  await page.getByLabel("Password").fill("short");
  await page.getByLabel("Name").focus();
  await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("sign up, log out and log in all work", async ({ page }) => {
    const email = uniqueEmail("nojs");
    await page.goto("/signup");
    await page.getByLabel("Name").fill("Noa Script");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("1234567890");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("This password is too common")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveValue(email);

    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Noa Script" })).toBeVisible();

    await nav.getByRole("button", { name: "Log out" }).click();
    await nav.getByRole("link", { name: "Log in" }).click();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(nav.getByRole("link", { name: "Noa Script" })).toBeVisible();
  });
});
