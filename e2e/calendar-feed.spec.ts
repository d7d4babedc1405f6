import { expect, test } from "@playwright/test";
import { createSessionType, createSpecialist, createUser } from "../db/factories";
import { bookings } from "../db/schema";
import { onE2eDatabase } from "./e2e-database";
import { logInWithDemoPassword, visit } from "./helpers";

// A customer turns on their calendar feed in settings, fetches it through the page's link as a
// calendar app would (no session), finds their booking there, gets a new address, and the old one
// is gone at once.
const dayMs = 24 * 3600_000;

async function givenCustomerWithBooking() {
  return onE2eDatabase(async ({ db, suffix, signInWithDemoPassword }) => {
    const customer = await createUser(db, { name: "Fern Feed", email: `fern-${suffix}@example.test` });
    const specialistName = `Felix Feedwell ${suffix}`;
    const { specialist } = await createSpecialist(db, {
      displayName: specialistName,
      timezone: "UTC",
      user: { name: specialistName, email: `felix-${suffix}@example.test` },
    });
    await signInWithDemoPassword([customer.id]);
    const type = await createSessionType(db, specialist.id, { title: "Feed check", priceMinor: 0 });
    const startsAt = new Date(Math.ceil((Date.now() + 2 * dayMs) / 3600_000) * 3600_000);
    await db.insert(bookings).values({
      specialistId: specialist.id,
      customerId: customer.id,
      sessionTypeId: type.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3600_000),
      status: "confirmed",
      priceMinor: 0,
      currency: "EUR",
      customerTimezone: "UTC",
      meetingUrl: "https://meet.jit.si/specialistly-feed-journey",
    });
    return { email: customer.email, specialistName, startsAt };
  });
}

/** "2026-12-03T10:00:00.000Z" → "20261203T100000Z", as the feed writes instants. */
const icsTime = (at: Date) =>
  at
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");

test("a user turns on the calendar feed, finds their booking in it, and a new address ends the old one", async ({ page, request }) => {
  const fixture = await givenCustomerWithBooking();
  await logInWithDemoPassword(page, fixture.email);
  await visit(page, "/settings");
  await page.getByRole("link", { name: "Calendar feed" }).click();
  await page.getByRole("button", { name: "Turn on the calendar feed" }).click();
  await expect(page.getByText("Your calendar feed is on.")).toBeVisible();

  const address = page.getByLabel("Feed address");
  const url = await address.inputValue();
  expect(url).toMatch(/\/calendar-feed\/[A-Za-z0-9_-]{43}\.ics$/);
  await expect(page.getByRole("link", { name: "Subscribe in your calendar app" })).toHaveAttribute(
    "href",
    url.replace(/^https?:/, "webcal:"),
  );
  const download = page.getByRole("link", { name: "Download the feed (.ics)" });
  await expect(download).toHaveAttribute("href", url);

  // A calendar app fetches it without any session (`request` shares no cookies with the page).
  const feed = await request.get((await download.getAttribute("href"))!);
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  const body = (await feed.text()).replaceAll("\r\n ", "");
  expect(body).toContain(`SUMMARY:Feed check with ${fixture.specialistName}`);
  expect(body).toContain(`DTSTART:${icsTime(fixture.startsAt)}`);
  expect(body).toContain("LOCATION:https://meet.jit.si/specialistly-feed-journey");

  await page.getByRole("button", { name: "Get a new address" }).click();
  await expect(page.getByText("Your calendar feed has a new address.")).toBeVisible();
  const rotated = await address.inputValue();
  expect(rotated).not.toBe(url);
  expect((await request.get(url)).status()).toBe(404);
  expect((await request.get(rotated)).status()).toBe(200);
});
