import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { demoAccounts, demoPassword } from "../app/demo/seed.server";
import { visit } from "./helpers";

// The whole money journey through the Stripe stand-in (playwright.config.ts starts it and an app
// pointed at it): payouts onboarding, publishing a paid session, paying on the hosted checkout,
// cancelling for a refund, the specialist's earnings and the printable receipt.

const zone = "Europe/Berlin";
const password = "plum-ferry-quartz-71";
const id = `${Date.now()}-${process.pid}`;
const slug = `stella-${id}`.slice(0, 40);
const customerName = `Carl Card ${id}`;
// Payments are confirmed by a queued job after the stand-in's webhook: on a loaded machine that can take a while.
const jobTimeout = { timeout: 45_000 };

test.describe.configure({ mode: "serial" });

let specialist: Page;
let customer: Page;
let bookingPath: string;

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.map((violation) => `${violation.id}: ${violation.help} ${violation.nodes.map((node) => node.html).join(" | ")}`),
  ).toEqual([]);
}

async function signUp(page: Page, role: "Offer sessions" | "Book sessions", name: string, email: string) {
  await visit(page, "/signup");
  await page.getByLabel(role).check();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
}

test.beforeAll(async ({ browser }) => {
  const baseURL = test.info().project.use.baseURL;
  specialist = await (await browser.newContext({ timezoneId: zone, baseURL })).newPage();
  customer = await (await browser.newContext({ timezoneId: "Europe/London", baseURL })).newPage();
});

test.afterAll(async () => {
  await specialist?.context().close();
  await customer?.context().close();
});

test("a specialist's paid session type stays a draft until payouts are set up on Stripe", async () => {
  const page = specialist;
  await signUp(page, "Offer sessions", "Stella Stripe", `stella-${id}@example.test`);
  await expect(page).toHaveURL(/\/onboarding\?welcome=1$/);

  await visit(page, "/specialist/profile");
  await page.getByLabel("Display name").fill("Stella Stripe");
  await page.getByLabel("Profile address").fill(slug);
  await page.getByLabel("Headline").fill("Career coaching for engineers moving into management");
  await page.getByLabel("Career coaching").check();
  await page.getByLabel("English").check();
  await page.getByLabel("Time zone").selectOption(zone);
  await page.getByRole("button", { name: "Create profile" }).click();
  await expect(page.getByRole("button", { name: "Save profile" })).toBeVisible();

  await visit(page, "/specialist/availability");
  await page.getByRole("button", { name: "Add hours on Monday" }).click();
  await page.getByLabel("To (Monday, hours 1)").fill("11:00");
  await page.getByLabel("From (Monday, hours 1)").fill("09:00");
  await page.getByRole("button", { name: "Copy Monday to Tuesday–Friday" }).click();
  await expect(page.getByLabel("To (Friday, hours 1)")).toHaveValue("11:00");
  await page.getByRole("button", { name: "Save weekly hours" }).click();
  await expect(page.getByText(/saved/i).first()).toBeVisible();

  await visit(page, "/specialist/session-types");
  await page.getByLabel("Title").fill("Deep dive");
  await page.getByLabel("Length (minutes)").fill("60");
  await page.getByLabel("Price").fill("120.00");
  await page.getByLabel("Currency").selectOption("EUR");
  await page.getByRole("button", { name: "Add session type" }).click();
  await expect(
    page.getByText(/^Session type added as a draft: paid sessions can be booked once your payout account can take payments/),
  ).toBeVisible();

  // It can't be activated before payouts are set up.
  await page.getByRole("link", { name: "Edit Deep dive" }).click();
  await page.getByRole("button", { name: "Activate" }).click();
  await expect(page.getByText(/^Not activated: paid sessions can be booked once your payout account can take payments/)).toBeVisible();
});

test("the specialist completes payouts onboarding on the stand-in and publishes the paid session", async () => {
  const page = specialist;
  await visit(page, "/specialist/payouts");
  await expect(page.getByRole("heading", { name: "Payouts" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Country of your bank account").selectOption("DE");
  await page.getByRole("button", { name: "Set up payouts with Stripe" }).click();

  // Stripe's hosted onboarding (the stand-in's page).
  await expect(page.getByRole("heading", { name: "Set up payouts" })).toBeVisible();
  await page.getByRole("button", { name: "Complete onboarding" }).click();

  await expect(page).toHaveURL(/\/specialist\/payouts\?returned=1/);
  await expect(page.getByText("You're set up: clients can now pay for your sessions.")).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "Not yet" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  await visit(page, "/specialist/session-types");
  await page.getByRole("link", { name: "Edit Deep dive" }).click();
  await page.getByRole("button", { name: "Activate" }).click();
  await expect(page.getByText("Activated: clients can book this session type again.")).toBeVisible();

  await visit(page, "/specialist/profile");
  await page.getByRole("button", { name: "Publish profile" }).click();
  await expect(page.getByText("Your profile is published. It lists, and takes bookings, once an admin approves it.")).toBeVisible();

  // A new profile lists once an admin approves it (ADR 0019): the demo admin does, from the queue.
  const admin = await (await page.context().browser()!.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await visit(admin, "/login");
  await admin.getByLabel("Email").fill(demoAccounts[2].email);
  await admin.getByLabel("Password").fill(demoPassword);
  await admin.getByRole("button", { name: "Log in" }).click();
  await expect(admin.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Log out" })).toBeVisible();
  await visit(admin, "/admin/specialists");
  await admin.getByRole("row").filter({ hasText: "Stella Stripe" }).getByRole("link", { name: "Stella Stripe" }).click();
  await admin.getByRole("button", { name: "Approve" }).click();
  await expect(admin.getByText("Approved: the specialist is told, and their profile lists once it is published.")).toBeVisible();
  await admin.context().close();

  await visit(page, "/specialist/profile");
  await expect(page.getByText("Your profile is published: it appears in the directory and clients can book you.")).toBeVisible();
  await visit(page, `/s/${slug}`);
  await expect(page.getByRole("link", { name: "Book Deep dive" })).toBeVisible();
});

/** Books the first time on the given day (counted from the last open day) and pays on the stand-in's checkout. */
async function bookAndPay(page: Page, daysFromLast: number) {
  await visit(page, `/s/${slug}`);
  await page.getByRole("link", { name: "Book Deep dive" }).click();
  await page.locator("body[data-hydrated]").waitFor();
  const days = page.getByRole("navigation", { name: "Days with open times" }).getByRole("link");
  const day = days.nth((await days.count()) - 1 - daysFromLast);
  await day.click();
  await expect(day).toHaveAttribute("aria-current", "date");
  await page
    .getByRole("group", { name: /^Times on / })
    .getByRole("button")
    .first()
    .click();
  await page.getByRole("button", { name: "Book and pay" }).click();

  // Stripe's hosted checkout (the stand-in's page), not the app's test checkout.
  await expect(page.getByRole("heading", { name: "Pay €120.00" })).toBeVisible();
  await page.getByRole("button", { name: "Pay", exact: true }).click();

  await expect(page).toHaveURL(/\/bookings\/[^/?]+\?paid=1/);
  // The stand-in's webhook is processed by the job queue; the page refreshes itself until then.
  await expect(page.getByText("Confirmed", { exact: true })).toBeVisible(jobTimeout);
  await expect(page.getByText("Payment received — your booking is confirmed.")).toBeVisible();
  await expect(page.getByText("Test payment — no real money moves.")).toHaveCount(0);
  return new URL(page.url()).pathname;
}

test("a customer books and pays on the stand-in's checkout and sees the booking confirmed", async () => {
  await signUp(customer, "Book sessions", customerName, `carl-${id}@example.test`);
  await expect(customer).toHaveURL("/?welcome=1");
  // The last day with open times: well before the 24-hour cancellation deadline.
  bookingPath = await bookAndPay(customer, 0);
});

test("the customer cancels before the deadline and sees the refund", async () => {
  const page = customer;
  await visit(page, bookingPath);
  await expect(page.getByText("You'll get €120 back.")).toBeVisible();
  await page.getByLabel(/Reason/).fill("Plans changed");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Cancel booking" }).click();
  await expect(page.getByText("Booking cancelled. A refund of €120 is on its way.")).toBeVisible();
  await expect(page.getByText("Cancelled", { exact: true })).toBeVisible();
  // The refund's final state comes from the stand-in's refund events.
  const refunds = page.getByRole("region", { name: "Refunds" });
  await expect(async () => {
    await page.reload();
    await expect(refunds).toContainText("Refund: €120 refunded", { timeout: 1_000 });
  }).toPass(jobTimeout);
});

test("the customer books another session and keeps it", async () => {
  await bookAndPay(customer, 1);
});

test("the specialist's earnings show gross, fee, net and the refund; the receipt prints", async () => {
  const page = specialist;
  await visit(page, "/specialist/earnings");
  const totals = page.getByRole("region", { name: "Totals in EUR" });
  for (const label of ["Gross", "Platform fee", "Refunds", "Net", "Pending", "Paid out"]) {
    await expect(totals.getByText(label, { exact: true })).toBeVisible();
  }
  // One session kept, one refunded in full (the refund gives back its share of the fee too).
  const figure = (label: string) => totals.locator(`dt:text-is("${label}") + dd`);
  await expect(figure("Gross")).toHaveText("€240");
  await expect(figure("Platform fee")).toHaveText("€24");
  await expect(figure("Refunds")).toHaveText("€120");
  await expect(figure("Net")).toHaveText("€96");
  await expect(figure("Pending")).toHaveText("€96");
  const rows = page.getByRole("row").filter({ hasText: customerName });
  const kept = rows.filter({ hasText: "Confirmed" });
  const cancelled = rows.filter({ hasText: "Cancelled" });
  await expect(kept).toContainText("Deep dive");
  // Gross, fee, refunds, net.
  await expect(kept).toContainText("€120€24€0€96");
  await expect(cancelled).toContainText("€120€0€120€0");
  await expectNoAxeViolations(page);

  // The specialist's receipt of the kept session: the fee kept and the net.
  await kept.getByRole("link", { name: /^R-\d{6}$/ }).click();
  await expect(page.getByRole("row", { name: "Platform fee kept €24" })).toBeVisible();
  await expect(page.getByRole("row", { name: "Net to the specialist €96" })).toBeVisible();

  // The refunded session's receipt: the payment, the refund, and it prints.
  await page.goBack();
  const receiptLink = cancelled.getByRole("link", { name: /^R-\d{6}$/ });
  const receiptNumber = (await receiptLink.textContent())!;
  await receiptLink.click();
  await page.locator("body[data-hydrated]").waitFor();
  const heading = page.getByRole("heading", { level: 1, name: `Receipt ${receiptNumber}` });
  await expect(heading).toBeVisible();
  await expect(page.getByRole("row", { name: "Amount paid €120" })).toBeVisible();
  await expect(page.getByRole("row", { name: /^Refund of .* · Refunded −€120$/ })).toBeVisible();
  await expect(page.getByRole("row", { name: "Total after refunds €0" })).toBeVisible();
  await expect(page.locator('link[rel="stylesheet"][media="print"]')).toHaveCount(1);
  await page.evaluate(() => {
    window.print = () => document.body.setAttribute("data-printed", "");
  });
  await page.getByRole("button", { name: "Print" }).click();
  await expect(page.locator("body[data-printed]")).toHaveCount(1);
  await page.emulateMedia({ media: "print" });
  await expect(heading).toBeVisible();
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
});
