import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { channelsOfNextReminder, givenBookingNotifications } from "./notification-fixtures";

let counter = 0;
const password = "plum-ferry-quartz-71";

async function signUp(page: Page, javaScript: boolean) {
  const email = `bell-${javaScript ? "js" : "nojs"}-${Date.now()}-${process.pid}-${counter++}@example.test`;
  await page.goto("/signup");
  if (javaScript) await page.locator("body[data-hydrated]").waitFor();
  await page.getByLabel("Book sessions").check();
  await page.getByLabel("Name").fill("Bea Bell");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Bea Bell" })).toBeVisible();
  return email;
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.map(
      (violation) =>
        `${violation.id}: ${violation.help} ${violation.nodes.map((node) => node.html + " " + node.failureSummary).join(" | ")}`,
    ),
  ).toEqual([]);
}

for (const javaScript of [true, false]) {
  test(`the bell counts unread notifications; the list marks them read; preferences save; a reminder's unsubscribe link stops reminder emails (JavaScript ${javaScript ? "on" : "off"})`, async ({
    browser,
  }) => {
    const baseURL = test.info().project.use.baseURL!;
    const context = await browser.newContext({ baseURL, javaScriptEnabled: javaScript });
    const page = await context.newPage();
    const email = await signUp(page, javaScript);
    const { bookingId, startsAt } = await givenBookingNotifications(email, baseURL);

    await page.goto("/bookings");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Notifications, 3 unread" })).toBeVisible();
    await nav.getByRole("link", { name: "Notifications, 3 unread" }).click();
    await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
    const list = page.getByRole("list", { name: "Notifications" });
    await expect(list.getByRole("listitem")).toHaveCount(3);
    await expect(list.getByRole("listitem", { name: "Unread: Strategy call with Rita Reminder within a day" })).toBeVisible();
    await expect(list.getByRole("listitem", { name: "Unread: Confirmed: Earlier call with Rita Reminder" })).toBeVisible();
    if (javaScript) await expectNoAxeViolations(page);

    // Mark one read: the count drops.
    if (javaScript) await page.locator("body[data-hydrated]").waitFor();
    await page.getByRole("button", { name: "Mark “Confirmed: Earlier call with Rita Reminder” as read" }).click();
    await expect(list.getByRole("listitem", { name: "Confirmed: Earlier call with Rita Reminder", exact: true })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Notifications, 2 unread" })).toBeVisible();

    // Following one leads to its booking and reads it.
    await list.getByRole("link", { name: /Confirmed: Strategy call with Rita Reminder/ }).click();
    await expect(page).toHaveURL(new RegExp(`/bookings/${bookingId}$`));
    await expect(nav.getByRole("link", { name: "Notifications, 1 unread" })).toBeVisible();

    // Preferences: turn off receipts in the app; their email can't be turned off.
    await page.goto("/settings/notifications");
    if (javaScript) await page.locator("body[data-hydrated]").waitFor();
    const receipts = page.getByRole("group", { name: "Booking confirmations" });
    await expect(receipts.getByRole("checkbox", { name: "Email" })).toBeDisabled();
    await expect(receipts.getByText("Always on: receipts and cancellations always go by email.")).toBeVisible();
    if (javaScript) await expectNoAxeViolations(page);
    await receipts.getByRole("checkbox", { name: "In the app" }).uncheck();
    await page.getByRole("button", { name: "Save preferences" }).click();
    await expect(page.getByText("Notification preferences saved")).toBeVisible();
    await page.reload();
    await expect(
      page.getByRole("group", { name: "Booking confirmations" }).getByRole("checkbox", { name: "In the app" }),
    ).not.toBeChecked();

    // A phone number that can't be texted is refused with a field error.
    await page.getByLabel("Country").selectOption("GB");
    await page.getByLabel("Mobile number").fill("020 7946 0958");
    await page.getByLabel("Text me reminders and cancellations at this number").check();
    await page.getByRole("button", { name: "Save phone settings" }).click();
    await expect(page.getByText("That isn't a mobile number in United Kingdom we can text.")).toBeVisible();
    await page.getByLabel("Mobile number").fill("07911 123456");
    await page.getByRole("button", { name: "Save phone settings" }).click();
    await expect(page.getByText("Phone settings saved")).toBeVisible();
    await expect(page.getByLabel("Mobile number")).toHaveValue("+44 7911 123456");

    // The reminder email's unsubscribe link, from the outbox, works without signing in.
    await page.goto("/dev/outbox");
    const reminder = page
      .getByRole("article")
      .filter({ hasText: email })
      .filter({ has: page.getByRole("heading", { name: /^Reminder: Strategy call/ }) });
    const href = await reminder
      .getByRole("link", { name: /\/unsubscribe\// })
      .first()
      .getAttribute("href");
    const anonymous = await browser.newContext({ baseURL, javaScriptEnabled: javaScript });
    const stranger = await anonymous.newPage();
    // The outbox lists links found in the plain text, where this one ends a sentence: drop its full stop.
    await stranger.goto(new URL(href!.replace(/[.,;:)]+$/, "")).pathname);
    await expect(stranger.getByText("Stop emails about “Reminders before a session”")).toBeVisible();
    if (javaScript) await stranger.locator("body[data-hydrated]").waitFor();
    await stranger.getByRole("button", { name: "Unsubscribe" }).click();
    await expect(stranger.getByText(/Done: we won't email .* about “Reminders before a session” any more/)).toBeVisible();
    await anonymous.close();

    await page.goto("/settings/notifications");
    const reminders = page.getByRole("group", { name: "Reminders before a session" });
    await expect(reminders.getByRole("checkbox", { name: "Email" })).not.toBeChecked();
    await expect(reminders.getByRole("checkbox", { name: "In the app" })).toBeChecked();
    // The next reminder goes by text and in the app, not by email.
    expect(await channelsOfNextReminder(email, bookingId, startsAt)).toEqual(["in_app", "sms"]);
    await context.close();
  });
}
