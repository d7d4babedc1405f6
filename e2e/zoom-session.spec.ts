import { expect, test } from "@playwright/test";
import { and, eq } from "drizzle-orm";
import { demoAccounts } from "../app/demo/seed.server";
import { bookings } from "../db/schema";
import { onE2eDatabase } from "./e2e-database";
import { bookIntroCall, connectOnStandIn, putIntroCallOn, signedIn } from "./video-journeys";

// A Zoom session from end to end: the specialist connects Zoom on the stand-in's consent page and
// puts their intro call on Zoom; a customer books it and the booking gets its Zoom meeting (from
// the meeting job); the stand-in replays the session's signed webhooks to /webhooks/zoom; the
// Session section shows who attended, and the recording the specialist shares reaches the
// customer. Siti Rahmawati's intro call is left alone by other journeys.
const specialist = { email: "siti-rahmawati@demo.specialistly.test", slug: "siti-rahmawati" };
const customer = demoAccounts[0];
const zoomStandInURL = `http://127.0.0.1:${process.env.E2E_ZOOM_STAND_IN_PORT ?? 12130}`;

test("a Zoom session: the booking gets its Zoom meeting, the webhooks show who attended, and a shared recording reaches the customer", async ({
  browser,
  request,
}) => {
  const siti = await signedIn(browser, specialist.email, "Asia/Jakarta");
  await connectOnStandIn(siti.page, "Zoom");
  await putIntroCallOn(siti.page, /^Zoom/);
  await siti.context.close();

  const jordan = await signedIn(browser, customer.email, "America/Los_Angeles");
  const bookingPage = await bookIntroCall(jordan.page, specialist.slug, 2);
  // The meeting job runs on the queue: the page shows the Zoom meeting once it has (its join
  // button appears 10 minutes before the start; the calendar file carries the link).
  const meetingLine = jordan.page.getByText(/Zoom meeting \d+ · Passcode: \w+/);
  await expect(async () => {
    await jordan.page.reload();
    await expect(meetingLine).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  const meetingId = /Zoom meeting (\d+)/.exec((await meetingLine.textContent()) ?? "")![1]!;
  const ics = (await (await jordan.page.request.get(`${bookingPage}/ics`)).text()).replace(/\r\n[ \t]/g, "");
  expect(ics).toMatch(/LOCATION:http:\/\/127\.0\.0\.1:\d+\/j\/\d+\?pwd=/);
  expect(ics).toContain(`Meeting ID: ${meetingId}`);
  await jordan.context.close();

  // Time passes: the session took place over the last half hour (the replay's times are now's).
  await onE2eDatabase(async ({ db }) => {
    const now = Date.now();
    await db
      .update(bookings)
      .set({ startsAt: new Date(now - 30 * 60_000), endsAt: new Date(now - 60_000) })
      .where(and(eq(bookings.meetingProvider, "zoom"), eq(bookings.meetingId, meetingId)));
  });

  // Zoom's side: Siti hosts, Jordan joins under another email (the one other participant).
  const replay = await request.post(`${zoomStandInURL}/__stand-in/meetings/${meetingId}/replay`, {
    data: {
      participants: [
        { name: "Siti Rahmawati", host: true, joinMinute: 0, leaveMinute: 15 },
        { name: "Jordan R.", email: "jordan.personal@example.com", joinMinute: 1, leaveMinute: 14 },
      ],
    },
  });
  expect(replay.status()).toBe(200);
  const { deliveries } = (await replay.json()) as { deliveries: { event: string; status: number }[] };
  expect(deliveries).toHaveLength(7);
  expect(deliveries.every((delivery) => delivery.status === 200)).toBe(true);

  // The page shows who attended, from the webhooks the queue applied.
  const sitiAfter = await signedIn(browser, specialist.email, "Asia/Jakarta");
  await sitiAfter.page.goto(bookingPage);
  const session = sitiAfter.page.getByRole("region", { name: "Session" });
  await expect(async () => {
    await sitiAfter.page.reload();
    await expect(session.getByRole("row", { name: /^You / })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(session.getByRole("row", { name: new RegExp(`^${customer.name} `) })).toContainText("13");
  await expect(session.getByText("still in the meeting")).toHaveCount(0);

  // The recording arrived with recording.completed: Siti shares it, and Jordan sees it.
  await session.getByRole("button", { name: "Share with customer" }).click();
  await expect(sitiAfter.page.getByText("The recording is shared with the customer.")).toBeVisible();
  await sitiAfter.context.close();
  const jordanAfter = await signedIn(browser, customer.email, "America/Los_Angeles");
  await jordanAfter.page.goto(bookingPage);
  const customerSession = jordanAfter.page.getByRole("region", { name: "Session" });
  await expect(customerSession.getByRole("link", { name: /Play the recording/ })).toHaveAttribute("href", /^https:\/\//);
  await expect(customerSession.getByRole("row", { name: /^You / })).toContainText("13");
  await jordanAfter.context.close();
});
