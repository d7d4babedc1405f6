import { createHash, randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { givenCalendarSpecialist } from "./calendar-sync-fixtures";
import { logInWithDemoPassword } from "./helpers";

// A specialist connects Google Calendar on the stand-in's consent page; an event put in that
// calendar through the stand-in's Calendar API (as the calendar's owner, with their own token)
// takes its time out of the customer's slot picker once synced, and a direct booking POST for it
// answers 409.

// The Google stand-in playwright.config.ts starts, with the OAuth client it gives the app.
const googleStandIn = {
  url: `http://127.0.0.1:${process.env.E2E_GOOGLE_STAND_IN_PORT ?? 12140}`,
  clientId: "standInLocalDev.apps.googleusercontent.com",
  clientSecret: "standInLocalDevSecret",
};

/** Tomorrow but one, at `hour`:00 UTC: past any notice, inside the specialist's hours. */
function dayAfterTomorrowAt(hour: number) {
  const at = new Date();
  at.setUTCDate(at.getUTCDate() + 2);
  at.setUTCHours(hour, 0, 0, 0);
  return at;
}

/** The calendar owner's own access token at the stand-in (authorization code with PKCE). */
async function ownerToken(request: APIRequestContext) {
  const verifier = randomBytes(32).toString("base64url");
  const redirectUri = "http://127.0.0.1/owner";
  const consent = await request.post(`${googleStandIn.url}/o/oauth2/v2/auth`, {
    form: {
      client_id: googleStandIn.clientId,
      response_type: "code",
      redirect_uri: redirectUri,
      scope: "https://www.googleapis.com/auth/calendar.events",
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
      decision: "allow",
    },
    maxRedirects: 0,
  });
  const code = new URL(consent.headers().location!).searchParams.get("code")!;
  const token = await request.post(`${googleStandIn.url}/token`, {
    form: {
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_id: googleStandIn.clientId,
      client_secret: googleStandIn.clientSecret,
    },
  });
  expect(token.ok()).toBe(true);
  return ((await token.json()) as { access_token: string }).access_token;
}

test("a busy event in Google Calendar leaves the slot picker after a sync, and a direct booking POST for it is a 409", async ({
  browser,
  request,
}) => {
  const given = await givenCalendarSpecialist();
  const busyAt = dayAfterTomorrowAt(10).toISOString();
  const slot = (page: Page, iso: string) => page.locator(`button[name="start"][value="${iso}"]`);

  const bea = await browser.newContext({ timezoneId: "UTC" });
  const beaPage = await bea.newPage();
  await logInWithDemoPassword(beaPage, given.specialistEmail);
  await beaPage.goto("/specialist/video");
  await beaPage.getByRole("button", { name: "Connect Google Calendar" }).click();
  await expect(beaPage.getByRole("heading", { name: "This app wants to access your Google Account" })).toBeVisible();
  await beaPage.getByRole("button", { name: "Allow" }).click();
  await expect(beaPage.getByText("Google Calendar is connected.")).toBeVisible();
  // Connecting enqueues the first sync, which lists the calendars (the primary one ticked).
  await expect(async () => {
    await beaPage.reload();
    await expect(beaPage.getByText(/Last synced/)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(beaPage.getByRole("checkbox", { name: /\(primary\)/ })).toBeChecked();

  const casey = await browser.newContext({ timezoneId: "UTC" });
  const caseyPage = await casey.newPage();
  await logInWithDemoPassword(caseyPage, given.customerEmail);
  await caseyPage.goto(`${given.bookPath}?start=${encodeURIComponent(busyAt)}`);
  await expect(slot(caseyPage, busyAt)).toBeVisible();

  const token = await ownerToken(request);
  const inserted = await request.post(`${googleStandIn.url}/calendar/v3/calendars/primary/events`, {
    headers: { authorization: `Bearer ${token}` },
    data: {
      summary: "Dentist",
      start: { dateTime: busyAt },
      end: { dateTime: new Date(Date.parse(busyAt) + 60 * 60_000).toISOString() },
    },
  });
  expect(inserted.ok()).toBe(true);

  await beaPage.getByRole("button", { name: "Sync now" }).click();
  await expect(beaPage.getByText("Your busy times are being read again.")).toBeVisible();
  await expect(async () => {
    await caseyPage.goto(`${given.bookPath}?start=${encodeURIComponent(busyAt)}`);
    await expect(slot(caseyPage, busyAt)).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  // The hour after it is still open.
  await expect(slot(caseyPage, dayAfterTomorrowAt(11).toISOString())).toBeVisible();

  const origin = new URL(caseyPage.url()).origin;
  const direct = await caseyPage.request.post(given.bookPath, {
    form: { startsAt: busyAt, customerTimezone: "UTC" },
    headers: { origin, "sec-fetch-site": "same-origin" },
    maxRedirects: 0,
  });
  expect(direct.status()).toBe(409);
  expect(await direct.text()).toContain("The specialist is busy at that time");

  await bea.close();
  await casey.close();
});
