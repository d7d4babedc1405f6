import { expect, test, type Page } from "@playwright/test";
import { formatInTimeZone } from "date-fns-tz";
import { addDays, mondayOf } from "../app/domain/availability/calendar-week";
import { visit } from "./helpers";

const zone = "Europe/Berlin";
const password = "plum-ferry-quartz-71";
let counter = 0;

/** Next week's Monday in Berlin: always past the minimum notice and inside the horizon. */
function nextMonday() {
  return addDays(mondayOf(formatInTimeZone(new Date(), zone, "yyyy-MM-dd")), 7);
}

async function go(page: Page, path: string, javaScript: boolean) {
  if (javaScript) await visit(page, path);
  else await page.goto(path);
}

async function setUpPractice(page: Page, javaScript: boolean) {
  const id = `${Date.now()}-${process.pid}-${counter++}`;
  await go(page, "/signup?role=specialist", javaScript);
  await page.getByLabel("Offer sessions").check();
  await page.getByLabel("Name").fill("Greta Guide");
  await page.getByLabel("Email").fill(`greta-${id}@example.test`);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/onboarding\?welcome=1$/);

  await go(page, "/specialist/profile", javaScript);
  await page.getByLabel("Display name").fill("Greta Guide");
  await page.getByLabel("Profile address").fill(`greta-${id}`.slice(0, 40));
  await page.getByLabel("Headline").fill("Career coaching for engineers moving into management");
  await page.getByLabel("Career coaching").check();
  await page.getByLabel("English").check();
  await page.getByLabel("Time zone").selectOption(zone);
  await page.getByRole("button", { name: "Create profile" }).click();
  await expect(page.getByRole("button", { name: "Save profile" })).toBeVisible();

  for (const [title, minutes, price] of [
    ["Intro call", "30", "0"],
    ["Deep dive", "60", "120.00"],
  ] as const) {
    await go(page, "/specialist/session-types", javaScript);
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Length (minutes)").fill(minutes);
    await page.getByLabel("Price").fill(price);
    await page.getByLabel("Currency").selectOption("EUR");
    await page.getByRole("button", { name: "Add session type" }).click();
    await expect(page.getByText(title).first()).toBeVisible();
  }

  // Weekly hours: Monday 09:00–11:00, copied to Tuesday–Friday.
  await go(page, "/specialist/availability", javaScript);
  await page.getByRole("button", { name: "Add hours on Monday" }).click();
  await page.getByLabel("To (Monday, hours 1)").fill("11:00");
  await page.getByLabel("From (Monday, hours 1)").fill("09:00");
  await page.getByRole("button", { name: "Copy Monday to Tuesday–Friday" }).click();
  await expect(page.getByLabel("To (Friday, hours 1)")).toHaveValue("11:00");
  await page.getByRole("button", { name: "Save weekly hours" }).click();
  await expect(page.getByText(/saved/i).first()).toBeVisible();

  // A day off on next week's Wednesday.
  const wednesday = addDays(nextMonday(), 2);
  await page.getByLabel("Date", { exact: true }).fill(wednesday);
  await page.getByLabel("Unavailable all day").check();
  await page.getByRole("button", { name: "Save date override" }).click();
  await expect(page.getByRole("button", { name: /Remove override/ })).toBeVisible();
}

async function expectSlots(page: Page, javaScript: boolean) {
  const monday = nextMonday();
  await go(page, `/specialist/calendar?week=${monday}`, javaScript);
  await page.getByRole("navigation", { name: "Session type" }).getByRole("link", { name: "Deep dive (60 min)" }).click();
  const mondayColumn = page.locator(`li[aria-labelledby="day-${monday}"]`);
  await expect(mondayColumn.getByRole("listitem")).toHaveText(["09:00", "09:30", "10:00"]);

  const wednesdayColumn = page.locator(`li[aria-labelledby="day-${addDays(monday, 2)}"]`);
  await expect(wednesdayColumn.getByText("Day off")).toBeVisible();
  await expect(wednesdayColumn.getByText("None")).toBeVisible();
  await expect(page.locator(`li[aria-labelledby="day-${addDays(monday, 5)}"]`).getByText("None")).toBeVisible();

  await page.getByRole("navigation", { name: "Session type" }).getByRole("link", { name: "Intro call (30 min)" }).click();
  await expect(mondayColumn.getByRole("listitem")).toHaveText(["09:00", "09:30", "10:00", "10:30"]);
}

test("a new specialist creates session types, weekly hours and a day off, and sees the right slots", async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: zone, baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await setUpPractice(page, true);
  await expectSlots(page, true);
  await context.close();
});

test("the same set-up works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({
    timezoneId: zone,
    baseURL: test.info().project.use.baseURL,
    javaScriptEnabled: false,
  });
  const page = await context.newPage();
  await setUpPractice(page, false);
  await expectSlots(page, false);
  await context.close();
});
