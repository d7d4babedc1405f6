import { expect, type Page } from "@playwright/test";
import { demoPassword } from "../app/demo/seed.server";

/** Navigates and waits until React has hydrated the page (JavaScript-enabled journeys only). */
export async function visit(page: Page, path: string) {
  await page.goto(path);
  await page.locator("body[data-hydrated]").waitFor();
}

/** The first link in the newest outbox email sent to `to` (the dev outbox lists them, newest first). */
export async function linkFromOutbox(page: Page, to: string, subject: RegExp) {
  await page.goto("/dev/outbox");
  const email = page
    .getByRole("article")
    .filter({ hasText: to })
    .filter({ has: page.getByRole("heading", { name: subject }) })
    .first();
  const href = await email.getByRole("link").first().getAttribute("href");
  if (!href) throw new Error(`No link in the outbox email to ${to}`);
  return new URL(href).pathname + new URL(href).search;
}

/** Fills in and sends the login form with the demo password (every seeded and fixture user has it). */
export async function submitDemoLogin(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Log in" }).click();
}

/** Signs in with the demo password and waits until the header shows the signed-in user. */
export async function logInWithDemoPassword(page: Page, email: string) {
  await submitDemoLogin(page, email);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Log out" })).toBeVisible();
}
