// Forms behave (issue #16, item 14): where signing in and up lead, and what specialists' forms show
// after a save and after a later mistake.
import { expect, test, type Page } from "@playwright/test";
import { demoAccounts, demoPassword } from "../app/demo/seed.server";
import { visit } from "./helpers";

const [customer, specialist] = demoAccounts;
let counter = 0;
const unique = (label: string) => `${label}-${Date.now()}-${process.pid}-${counter++}`;

async function logIn(page: Page, email: string, path = "/login") {
  await visit(page, path);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Log in" }).click();
}

test("after logging in a specialist lands on their practice, a customer on their bookings, anyone on the page they came from", async ({
  browser,
}) => {
  for (const [email, landing] of [
    [specialist.email, "/specialist"],
    [customer.email, "/bookings"],
  ] as const) {
    const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    const page = await context.newPage();
    await logIn(page, email);
    await expect(page).toHaveURL(new RegExp(`${landing}$`));
    await context.close();
  }
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await logIn(page, customer.email, `/login?${new URLSearchParams({ redirectTo: "/specialists?language=ja" })}`);
  await expect(page).toHaveURL(/\/specialists\?language=ja$/);
  await context.close();
});

test("after signing up the new user is told to check their email", async ({ page }) => {
  await visit(page, "/signup");
  await page.getByLabel("Book sessions").check();
  await page.getByLabel("Name").fill("Nia Newcomer");
  await page.getByLabel("Email").fill(`${unique("nia")}@example.test`);
  await page.getByLabel("Password").fill("plum-ferry-quartz-71");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Check your email")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Nia Newcomer" })).toBeVisible();
});

test("adding a session type empties the form, and a later mistake replaces the earlier success message", async ({ page }) => {
  await logIn(page, specialist.email);
  await expect(page).not.toHaveURL(/\/login/);
  await visit(page, "/specialist/session-types");
  const title = unique("Office hours");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Length (minutes)").fill("45");
  await page.getByLabel("Price").fill("40");
  await page.getByRole("button", { name: "Add session type" }).click();
  await expect(page.getByText("Session type added.")).toBeVisible();
  await expect(page.getByRole("link", { name: `Edit ${title}` })).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveValue("");
  await expect(page.getByLabel("Price")).toHaveValue("");

  // A mistake now: the old success message goes, the error shows.
  await page.getByLabel("Length (minutes)").fill("3");
  await page.getByRole("button", { name: "Add session type" }).click();
  await expect(page.getByText("Session type added.")).toBeHidden();
  await expect(page.getByText("Sessions last at least 15 minutes.")).toBeVisible();
});

test("blocking time empties the form, and a later mistake replaces the earlier success message", async ({ page }) => {
  await logIn(page, specialist.email);
  await expect(page).not.toHaveURL(/\/login/);
  await visit(page, "/specialist/availability");
  // Night-time, weeks ahead: outside the demo's hours, so no other journey loses an open time.
  const day = new Date(Date.now() + (40 + (counter % 10)) * 86_400_000).toISOString().slice(0, 10);
  const note = unique("Dentist");
  await page.getByLabel("From", { exact: true }).fill(`${day}T02:00`);
  await page.getByLabel("Until", { exact: true }).fill(`${day}T03:00`);
  await page.getByLabel(/^Note/).fill(note);
  await page.getByRole("button", { name: "Block this time" }).click();
  await expect(page.getByText("Blocked time added.")).toBeVisible();
  await expect(page.getByText(note)).toBeVisible();
  await expect(page.getByLabel("From", { exact: true })).toHaveValue("");
  await expect(page.getByLabel(/^Note/)).toHaveValue("");

  await page.getByLabel("From", { exact: true }).fill(`${day}T05:00`);
  await page.getByLabel("Until", { exact: true }).fill(`${day}T04:00`);
  await page.getByRole("button", { name: "Block this time" }).click();
  await expect(page.getByText("Blocked time added.")).toBeHidden();
});
