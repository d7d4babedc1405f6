import { expect, test } from "@playwright/test";
import { demoAccounts } from "../app/demo/seed.server";
import { bookIntroCall, connectOnStandIn, putIntroCallOn, signedIn } from "./video-journeys";

// A specialist connects Google Calendar on the Google stand-in's consent page, puts their free
// intro call on Google Meet, a customer books it, and the booking carries the Meet link (from the
// event the meeting job put on the stand-in's calendar). Priya Raman's intro call is left alone by
// the other journeys.
const specialist = { email: "priya-raman@demo.specialistly.test", slug: "priya-raman" };
const customer = demoAccounts[0];

test("a session type on Google Meet: the customer's booking names Google Meet and its calendar file carries the Meet link", async ({
  browser,
}) => {
  const priya = await signedIn(browser, specialist.email, "Asia/Kolkata");
  await connectOnStandIn(priya.page, "Google Calendar");
  await putIntroCallOn(priya.page, /^Google Meet/);
  await priya.context.close();

  const jordan = await signedIn(browser, customer.email, "Europe/Berlin");
  const bookingPage = await bookIntroCall(jordan.page, specialist.slug, 4);
  // The meeting job runs on the queue: once it has, the page names Google Meet and the calendar
  // file carries the Meet link (the join button itself appears 10 minutes before the start).
  await expect(async () => {
    await jordan.page.reload();
    await expect(jordan.page.getByText("Google Meet", { exact: true })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  const ics = (await (await jordan.page.request.get(`${bookingPage}/ics`)).text()).replace(/\r\n[ \t]/g, "");
  expect(ics).toMatch(/LOCATION:https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}\r\n/);
  await jordan.context.close();
});
