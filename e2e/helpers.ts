import type { Page } from "@playwright/test";

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
