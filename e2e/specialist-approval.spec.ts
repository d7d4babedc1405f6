import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { demoAccounts, demoPassword } from "../app/demo/seed.server";
import { visit } from "./helpers";

// A new specialist's way to the directory: set up and publish, wait for an admin, get rejected
// with a reason, fix the profile and resubmit, get approved, be told, be listed and be booked.

const zone = "Europe/Berlin";
const password = "plum-ferry-quartz-71";
const [demoCustomer, , demoAdmin] = demoAccounts;

async function newPage(browser: Browser, timezoneId = zone) {
  return (await browser.newContext({ timezoneId, baseURL: test.info().project.use.baseURL })).newPage();
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.map((violation) => `${violation.id}: ${violation.help} ${violation.nodes.map((node) => node.html).join(" | ")}`),
  ).toEqual([]);
}

async function logIn(page: Page, email: string, pass: string) {
  await visit(page, "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(pass);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Log out" })).toBeVisible();
}

async function setUpAndPublish(page: Page, name: string, slug: string) {
  await visit(page, "/signup?role=specialist");
  await page.getByLabel("Offer sessions").check();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(`${slug}@example.test`);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/onboarding\?welcome=1$/);

  await visit(page, "/specialist/profile");
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Profile address").fill(slug);
  await page.getByLabel("Headline").fill("Coach");
  await page.getByLabel("Career coaching").check();
  await page.getByLabel("English").check();
  await page.getByLabel("Time zone").selectOption(zone);
  await page.getByRole("button", { name: "Create profile" }).click();
  await expect(page.getByRole("button", { name: "Save profile" })).toBeVisible();
  await expect(page.getByText("Waiting for approval:")).toBeVisible();

  await visit(page, "/specialist/session-types");
  await page.getByLabel("Title").fill("Intro call");
  await page.getByLabel("Length (minutes)").fill("30");
  await page.getByLabel("Price").fill("0");
  await page.getByLabel("Currency").selectOption("EUR");
  await page.getByRole("button", { name: "Add session type" }).click();
  await expect(page.getByText("Intro call").first()).toBeVisible();

  await visit(page, "/specialist/availability");
  await page.getByRole("button", { name: "Add hours on Monday" }).click();
  await page.getByLabel("To (Monday, hours 1)").fill("17:00");
  await page.getByLabel("From (Monday, hours 1)").fill("09:00");
  await page.getByRole("button", { name: "Copy Monday to Tuesday–Friday" }).click();
  await page.getByRole("button", { name: "Save weekly hours" }).click();
  await expect(page.getByText(/saved/i).first()).toBeVisible();

  // Publishing is allowed while pending, and the page says what it means.
  await visit(page, "/specialist/profile");
  await page.getByRole("button", { name: "Publish profile" }).click();
  await expect(page.getByText("Your profile is published. It lists, and takes bookings, once an admin approves it.")).toBeVisible();
}

async function searchDirectory(page: Page, name: string) {
  await visit(page, `/specialists?q=${encodeURIComponent(name)}`);
  return page.getByRole("link", { name });
}

/** The admin opens the approval queue from the admin area and the specialist's preview from it. */
async function openPreview(admin: Page, name: string) {
  await visit(admin, "/");
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await admin.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Specialists" }).click();
  await expect(admin.getByRole("heading", { name: "Specialist approval" })).toBeVisible();
  await expectNoAxeViolations(admin);
  await admin.getByRole("row").filter({ hasText: name }).getByRole("link", { name }).click();
  await expect(admin.getByRole("heading", { name: `Review ${name}` })).toBeVisible();
}

test("a new specialist is listed only after an admin approves them, with a rejection and a resubmission on the way", async ({
  browser,
}) => {
  const id = `${Date.now()}-${process.pid}`;
  const name = `Nadia Newcomer ${id}`;
  const slug = `nadia-${id}`.slice(0, 40);
  const reason = "Your headline says only “Coach”: tell clients what you coach and for whom.";

  const specialist = await newPage(browser);
  await setUpAndPublish(specialist, name, slug);

  const customer = await newPage(browser, "Europe/London");
  await logIn(customer, demoCustomer.email, demoPassword);
  await expect(await searchDirectory(customer, name)).toHaveCount(0);
  await customer.goto(`/s/${slug}`);
  await expect(customer.getByRole("heading", { name: "No specialist has that address" })).toBeVisible();

  // The admin previews the profile as customers will see it, and rejects it with a reason.
  const admin = await newPage(browser, "Europe/London");
  await logIn(admin, demoAdmin.email, demoPassword);
  await openPreview(admin, name);
  const preview = admin.getByRole("region", { name: "Preview of the public profile" });
  await expect(preview.getByRole("heading", { name, level: 3 })).toBeVisible();
  await expect(preview.getByText("Coach", { exact: true })).toBeVisible();
  await expect(admin.getByText("Intro call: 30 min, Free")).toBeVisible();
  await expect(admin.getByText("09:00–17:00").first()).toBeVisible();
  await expectNoAxeViolations(admin);
  await admin.getByLabel("Reason the specialist will see").fill(reason);
  await admin.getByRole("button", { name: "Reject" }).click();
  await expect(admin.getByText("Not approved: the specialist is told your reason and can resubmit.")).toBeVisible();

  // The specialist reads why, fixes the headline and resubmits.
  await visit(specialist, "/specialist/profile");
  await expect(specialist.getByText(`Not approved: ${reason}`)).toBeVisible();
  await expectNoAxeViolations(specialist);
  await specialist.getByLabel("Headline").fill("Career coaching for engineers moving into management");
  await specialist.getByRole("button", { name: "Save profile" }).click();
  await expect(specialist.getByText("Profile saved.")).toBeVisible();
  await specialist.getByRole("button", { name: "Resubmit for review" }).click();
  await expect(specialist.getByText("Resubmitted: your profile is back with the admins, waiting for approval.")).toBeVisible();
  await expect(specialist.getByText("Waiting for approval:")).toBeVisible();
  await expect(await searchDirectory(customer, name)).toHaveCount(0);

  // Back in the queue: the admin sees the new headline and the earlier reason, and approves.
  await openPreview(admin, name);
  await expect(admin.getByText("Career coaching for engineers moving into management").first()).toBeVisible();
  await expect(admin.getByText(`Previously not approved because: ${reason}`)).toBeVisible();
  await admin.getByRole("button", { name: "Approve" }).click();
  await expect(admin.getByText("Approved: the specialist is told, and their profile lists once it is published.")).toBeVisible();

  // The specialist is told, in the app and by email.
  await visit(specialist, "/notifications");
  await expect(specialist.getByText("Your profile is approved")).toBeVisible();
  await visit(specialist, "/dev/outbox");
  await expect(
    specialist
      .getByRole("article")
      .filter({ hasText: `${slug}@example.test` })
      .getByRole("heading", { name: "Your profile is approved" }),
  ).toBeVisible();
  await visit(specialist, "/specialist/profile");
  await expect(specialist.getByText("Approved: an admin approved your profile.")).toBeVisible();

  // Listed and bookable.
  await (await searchDirectory(customer, name)).click();
  await expect(customer.getByRole("heading", { name, level: 1 })).toBeVisible();
  await customer.getByRole("link", { name: "Book Intro call" }).click();
  await customer.locator("body[data-hydrated]").waitFor();
  await customer
    .getByRole("group", { name: /^Times on / })
    .getByRole("button")
    .first()
    .click();
  await customer.getByRole("button", { name: "Book", exact: true }).click();
  await expect(customer.getByText("Confirmed", { exact: true })).toBeVisible();

  for (const page of [specialist, customer, admin]) await page.context().close();
});
