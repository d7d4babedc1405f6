import { expect, test, type Browser, type Page } from "@playwright/test";
import { linkFromOutbox, visit } from "./helpers";

let counter = 0;
const uniqueEmail = (label: string) => `${label}-${Date.now()}-${process.pid}-${counter++}@example.test`;
const password = "plum-ferry-quartz-71";

async function signUp(page: Page, name: string, email: string) {
  await visit(page, "/signup");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name })).toBeVisible();
}

async function logIn(page: Page, email: string, withPassword = password) {
  await visit(page, "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(withPassword);
  await page.getByRole("button", { name: "Log in" }).click();
}

async function newPage(browser: Browser) {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  return context.newPage();
}

test("a new customer verifies their email through the link in the outbox", async ({ page }) => {
  const email = uniqueEmail("verify");
  await signUp(page, "Vera Verify", email);
  const link = await linkFromOutbox(page, email, /confirm/i);
  await visit(page, link);
  await page.getByRole("button", { name: /confirm/i }).click();
  await expect(page.getByRole("heading", { name: "Email confirmed" })).toBeVisible();

  await visit(page, "/settings/email");
  await expect(page.getByText(/verified/i).first()).toBeVisible();
  await expect(page.getByRole("button", { name: /resend verification/i })).toHaveCount(0);
});

test("a forgotten password is reset by email, and the old one stops working", async ({ page }) => {
  const email = uniqueEmail("reset");
  await signUp(page, "Rory Reset", email);
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("button", { name: "Log out" }).click();
  await expect(nav.getByRole("link", { name: "Log in" })).toBeVisible();

  await visit(page, "/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText(/if an account exists/i)).toBeVisible();

  const link = await linkFromOutbox(page, email, /reset/i);
  await visit(page, link);
  await page.getByLabel("New password").fill("new-harbour-lantern-42");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByRole("heading", { name: "Password changed" })).toBeVisible();

  await logIn(page, email);
  await expect(page.getByText("That email and password don't match an account.")).toBeVisible();
  await logIn(page, email, "new-harbour-lantern-42");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Rory Reset" })).toBeVisible();
});

test("changing the password signs out the other devices but not this one", async ({ page, browser }) => {
  const email = uniqueEmail("change");
  await signUp(page, "Cleo Change", email);
  const otherDevice = await newPage(browser);
  await logIn(otherDevice, email);
  await expect(otherDevice.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Cleo Change" })).toBeVisible();

  await visit(page, "/settings/password");
  await page.getByLabel("Current password").fill(password);
  await page.getByLabel("New password", { exact: true }).fill("quiet-meadow-copper-88");
  await page.getByLabel("Confirm new password").fill("quiet-meadow-copper-88");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed. You were signed out on other devices.")).toBeVisible();

  await visit(otherDevice, "/settings");
  await expect(otherDevice).toHaveURL(/\/login\?redirectTo=%2Fsettings/);
  await visit(page, "/settings");
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  await otherDevice.context().close();
});

test("a customer deletes their account and can no longer log in", async ({ page }) => {
  const email = uniqueEmail("delete");
  await signUp(page, "Dana Delete", email);
  await visit(page, "/settings/data");
  await page.getByLabel("Type your email address or current password to confirm").fill(email);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/(\?|$)/);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Log in" })).toBeVisible();

  await logIn(page, email);
  await expect(page.getByText("That email and password don't match an account.")).toBeVisible();
});
