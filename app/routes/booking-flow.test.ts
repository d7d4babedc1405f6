import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../db/factories";
import { bookingEvents, bookingRules, bookings, outboxEmails, payments, refunds, specialists, type User } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { runJob } from "../../jobs";
import { recordingQueue } from "../../tests/queue";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { visibleText } from "../../tests/html";
import { rebuildSlotsForSpecialist } from "../domain/availability/slots.server";
import { createSession } from "../domain/auth/sessions.server";
import { givenSpecialist } from "../domain/booking/booking.test-support";
import { createBooking } from "../domain/booking/create-booking.server";
import { foldIcsLine } from "../domain/booking/ics";
import { createOutboxMailer, createOutboxSmsSender } from "../integrations/mail/outbox-mailer.server";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let customer: User;
let customerCookie: string;
// Monday 1 June 2026, 12:00 UTC = 14:00 in Berlin. With 4 hours' notice and hours 09:00–17:00
// Berlin, the first open time is Tuesday 2 June 09:00 Berlin = 07:00 UTC.
const clock = createTestClock();
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z"));
  app = await createTestApp({ db: database.db, clock, env: { APP_URL: "https://specialistly.example" } });
  customer = await createUser(database.db, { name: "Cara Customer", timezone: "America/New_York" });
  customerCookie = await cookieFor(customer.id);
});
afterEach(() => database.cleanup());

async function cookieFor(userId: string) {
  const { token } = await createSession(database.db, userId, clock.now());
  return `session=${token}`;
}

/** A listed specialist in Berlin, open every day 09:00–17:00, with slots materialized. */
async function listed(
  session: { priceMinor: number; currency?: string },
  rules: Partial<Omit<typeof bookingRules.$inferInsert, "specialistId">> = {},
) {
  const given = await givenSpecialist(database.db, {
    timezone: "Europe/Berlin",
    rules,
    sessions: [{ minutes: 60, ...session }],
  });
  await database.db.update(specialists).set({ displayName: "Greta Berg, PhD" }).where(eq(specialists.id, given.specialist.id));
  await rebuildSlotsForSpecialist({ db: database.db, clock }, given.specialist.id);
  const type = given.types[0]!;
  return { ...given, type, bookPath: `/s/${given.specialist.slug}/book/${type.id}` };
}

const slotHref = (iso: string) => `start=${encodeURIComponent(iso)}`;
/** A time offered on the shown day: a button of the times form. */
const slotButton = (iso: string) => `name="start" value="${iso}"`;

async function allBookings() {
  return database.db.select().from(bookings);
}

async function bookDirectly(customerId: string, sessionTypeId: string, startsAt: string) {
  const result = await createBooking(
    { db: database.db, clock, queue: recordingQueue().queue },
    { customerId, sessionTypeId, startsAt: new Date(startsAt), topic: "", customerTimezone: "UTC" },
  );
  if (!result.ok) throw new Error(result.message);
  return result.booking;
}

describe("booking a session", () => {
  test("a free session, end to end: pick a time, confirm, see the booking and its calendar file", async () => {
    const { bookPath } = await listed({ priceMinor: 0 });

    const picker = await app.request(bookPath, { headers: { cookie: `${customerCookie}; tz=Europe%2FBerlin` } });
    expect(picker.status).toBe(200);
    const pickerHtml = await picker.text();
    expect(visibleText(pickerHtml)).toContain("Tuesday 2 June");
    expect(pickerHtml).toContain(slotButton("2026-06-02T07:00:00.000Z"));
    // Same zone as the specialist: one time only.
    expect(visibleText(pickerHtml)).not.toContain("your time ·");
    // Nothing is offered before the minimum notice.
    expect(pickerHtml).not.toContain(slotButton("2026-06-01T16:00:00.000Z"));

    const confirm = visibleText(
      await (await app.get(`${bookPath}?${slotHref("2026-06-02T07:00:00.000Z")}`, { cookie: customerCookie })).text(),
    );
    expect(confirm).toContain("Confirm your booking");
    // Tomorrow's time is already inside the 24-hour deadline.
    expect(confirm).toContain("This session is free. It starts within 24 hours, so you can cancel it but not move it.");
    expect(confirm).toContain("Book");
    expect(confirm).not.toContain("Book and pay");

    const response = await app.post(
      bookPath,
      { startsAt: "2026-06-02T07:00:00.000Z", topic: "Pricing; roadmap", customerTimezone: "America/New_York" },
      { cookie: customerCookie },
    );
    expect(response.status).toBe(302);
    const [booking] = await allBookings();
    expect(booking).toMatchObject({
      status: "confirmed",
      customerId: customer.id,
      topic: "Pricing; roadmap",
      customerTimezone: "America/New_York",
    });
    expect(response.headers.get("location")).toBe(`/bookings/${booking!.id}?booked=1`);

    const detail = await app.get(`/bookings/${booking!.id}?booked=1`, { cookie: customerCookie });
    expect(detail.status).toBe(200);
    const detailHtml = await detail.text();
    const text = visibleText(detailHtml);
    expect(text).toContain("You're booked!");
    expect(text).toContain("60 minutes with Greta Berg, PhD");
    // The customer's own zone (no tz cookie: their account's), and the specialist's.
    expect(text).toContain("Tue, 2 Jun 2026, 03:00–04:00 (New York, your time)");
    expect(text).toContain("Tue, 2 Jun 2026, 09:00–10:00 (Berlin, Greta Berg, PhD's time)");
    // The join button waits until 10 minutes before the start (session-page.test.ts); until then the page says when.
    expect(detailHtml).not.toContain(`href="${booking!.meetingUrl}"`);
    expect(text).toMatch(/The join button appears here 10 minutes before the start, at Tue 2 Jun, 02:50\s?\./);
    expect(text).toContain("Nothing has been paid, so there's nothing to refund.");

    const list = visibleText(await (await app.get("/bookings", { cookie: customerCookie })).text());
    expect(list).toContain("My bookings");
    expect(list).toContain("60 minutes with Greta Berg, PhD");

    const ics = await app.get(`/bookings/${booking!.id}/ics`, { cookie: customerCookie });
    expect(ics.status).toBe(200);
    expect(ics.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(ics.headers.get("content-disposition")).toBe(`attachment; filename="specialistly-booking-${booking!.id.slice(0, 8)}.ics"`);
    const body = await ics.text();
    const expected = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Specialistly//Bookings//EN",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "BEGIN:VEVENT",
      `UID:${booking!.id}@specialistly.example`,
      "DTSTAMP:20260601T120000Z",
      "SEQUENCE:0",
      'ORGANIZER;CN="Greta Berg, PhD via Specialistly":mailto:no-reply@specialistly.example',
      "DTSTART:20260602T070000Z",
      "DTEND:20260602T080000Z",
      "SUMMARY:60 minutes with Greta Berg\\, PhD",
      `DESCRIPTION:Video room: ${booking!.meetingUrl}\\nTopic: Pricing\\; roadmap\\nBooking: https://specialistly.example/bookings/${booking!.id}`,
      `URL:${booking!.meetingUrl}`,
      `LOCATION:${booking!.meetingUrl}`,
      "STATUS:CONFIRMED",
      "END:VEVENT",
      "END:VCALENDAR",
    ];
    expect(body.endsWith("\r\n")).toBe(true);
    expect(body.replace(/\r\n/g, "").includes("\n")).toBe(false);
    // Folded at 75 octets, unfolded it is exactly the expected content.
    for (const line of body.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(body.replaceAll("\r\n ", "")).toBe(`${expected.join("\r\n")}\r\n`);
    expect(body).toContain("\r\n ");
  });

  test("a paid session goes on to payment, at the price from the database whatever the form says", async () => {
    const { bookPath } = await listed({ priceMinor: 10_000, currency: "EUR" });
    const confirm = visibleText(
      await (await app.get(`${bookPath}?${slotHref("2026-06-02T07:00:00.000Z")}`, { cookie: customerCookie })).text(),
    );
    expect(confirm).toContain("€100");
    expect(confirm).toContain("Book and pay");
    expect(confirm).toContain("This time starts within the 24-hour cancellation deadline, so if you cancel there's no refund.");

    const response = await app.post(
      bookPath,
      { startsAt: "2026-06-02T07:00:00.000Z", customerTimezone: "Europe/Berlin", priceMinor: "1", currency: "JPY" },
      { cookie: customerCookie },
    );
    expect(response.status).toBe(302);
    const [booking] = await allBookings();
    expect(response.headers.get("location")).toBe(`/bookings/${booking!.id}/pay`);
    expect(booking).toMatchObject({ status: "pending_payment", priceMinor: 10_000, currency: "EUR" });

    const detail = visibleText(await (await app.get(`/bookings/${booking!.id}`, { cookie: customerCookie })).text());
    expect(detail).toContain("Pay now");
    // Held for 30 minutes: until 12:30 UTC = 08:30 in New York.
    expect(detail).toContain("We're holding this time for you until Mon 1 Jun, 08:30.");
  });

  test("anonymous visitors see the times and are asked to log in or sign up to book", async () => {
    const { bookPath } = await listed({ priceMinor: 0 });
    const path = `${bookPath}?${slotHref("2026-06-02T07:00:00.000Z")}`;
    const html = await (await app.get(path)).text();
    const redirectTo = encodeURIComponent(path).replaceAll("%20", "+");
    expect(html).toContain(`href="/login?redirectTo=${redirectTo}"`);
    expect(html).toContain(`href="/signup?redirectTo=${redirectTo}"`);
    // Without a cookie or a choice, times are in the specialist's zone.
    expect(visibleText(html)).toContain("Times in the specialist's time zone: Berlin (GMT+2)");

    const post = await app.post(bookPath, { startsAt: "2026-06-02T07:00:00.000Z", customerTimezone: "Europe/Berlin" });
    expect(post.status).toBe(302);
    expect(post.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect(await allBookings()).toEqual([]);
  });

  test("times show in the viewer's zone with the specialist's beside them; a zone chosen in the form is used, not saved", async () => {
    const { bookPath } = await listed({ priceMinor: 0 });
    const fromCookie = visibleText(await (await app.get(bookPath, { cookie: "tz=America/New_York" })).text());
    expect(fromCookie).toContain("Times in your time zone: New York (GMT-4)");
    expect(fromCookie).toContain("Tuesday 2 June");
    expect(fromCookie).toContain("03:00 your time · 09:00 Berlin");

    // Picking a zone (even just submitting the specialist's, shown by default) changes this view only:
    // the visitor's detected zone stays theirs.
    const chosen = await app.get(`${bookPath}?tz=Asia%2FTokyo`, { cookie: "tz=America/New_York" });
    expect(chosen.headers.get("set-cookie")).toBeNull();
    const chosenText = visibleText(await chosen.text());
    // 07:00 UTC is 16:00 in Tokyo, still on Tuesday.
    expect(chosenText).toContain("16:00 your time · 09:00 Berlin");
    expect(chosenText).toContain("Times in the chosen time zone: Tokyo (GMT+9)");
    // Signed in without a detected zone: the account's saved zone.
    const signedIn = visibleText(await (await app.get(bookPath, { cookie: customerCookie })).text());
    expect(signedIn).toContain("Times in your time zone: New York (GMT-4)");
    // An unknown zone is ignored rather than failing.
    expect((await app.get(`${bookPath}?tz=Mars%2FOlympus`)).status).toBe(200);
  });

  test("a time taken meanwhile: 409 with the fresh open times and nothing written", async () => {
    const { bookPath, type } = await listed({ priceMinor: 0 });
    const rival = await createUser(database.db);
    await bookDirectly(rival.id, type.id, "2026-06-02T07:00:00.000Z");

    const response = await app.post(
      `${bookPath}?${slotHref("2026-06-02T07:00:00.000Z")}`,
      { startsAt: "2026-06-02T07:00:00.000Z", customerTimezone: "Europe/Berlin" },
      { cookie: customerCookie },
    );
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(visibleText(html)).toContain("Someone just booked that time — here are the times still open");
    expect(html).not.toContain(slotButton("2026-06-02T07:00:00.000Z"));
    expect(html).not.toContain(slotButton("2026-06-02T07:30:00.000Z"));
    expect(html).toContain(slotButton("2026-06-02T08:00:00.000Z"));
    expect(await allBookings()).toHaveLength(1);
  });

  test.each([
    ["an unknown time", { startsAt: "2026-06-02T07:10:00.000Z" }, "That time isn't one of the specialist's open times"],
    ["a time outside the hours", { startsAt: "2026-06-02T18:00:00.000Z" }, "That time isn't one of the specialist's open times"],
    ["a past time", { startsAt: "2026-05-30T07:00:00.000Z" }, "That time is too soon to book"],
    ["no time at all", { startsAt: "tomorrow" }, "Choose one of the listed times."],
    ["a made-up time zone", { customerTimezone: "Mars/Olympus" }, "Choose a valid time zone."],
    ["a too-long topic", { topic: "x".repeat(1001) }, "Keep the topic to 1000 characters or fewer."],
  ])("%s: 400 with a clear message and nothing written", async (_name, fields, message) => {
    const { bookPath } = await listed({ priceMinor: 0 });
    const response = await app.post(
      bookPath,
      { startsAt: "2026-06-02T07:00:00.000Z", customerTimezone: "Europe/Berlin", ...fields },
      { cookie: customerCookie },
    );
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain(message);
    expect(await allBookings()).toEqual([]);
  });

  test("an unknown or inactive session type is a 404", async () => {
    const { specialist } = await listed({ priceMinor: 0 });
    expect((await app.get(`/s/${specialist.slug}/book/nope`)).status).toBe(404);
    expect(
      (await app.post(`/s/${specialist.slug}/book/nope`, { startsAt: "2026-06-02T07:00:00.000Z" }, { cookie: customerCookie })).status,
    ).toBe(404);
  });
});

describe("someone else's booking", () => {
  test("is a 404 everywhere for another customer, and nothing changes", async () => {
    const { type } = await listed({ priceMinor: 0 });
    const booking = await bookDirectly(customer.id, type.id, "2026-06-02T07:00:00.000Z");
    const other = await cookieFor((await createUser(database.db)).id);

    expect((await app.get(`/bookings/${booking.id}`, { cookie: other })).status).toBe(404);
    expect((await app.get(`/bookings/${booking.id}/ics`, { cookie: other })).status).toBe(404);
    expect((await app.get(`/bookings/${booking.id}/reschedule`, { cookie: other })).status).toBe(404);
    expect((await app.post(`/bookings/${booking.id}`, { intent: "cancel", reason: "Mine" }, { cookie: other })).status).toBe(404);
    expect((await app.post(`/bookings/${booking.id}/reschedule`, { startsAt: "2026-06-03T07:00:00.000Z" }, { cookie: other })).status).toBe(
      404,
    );
    expect(await allBookings()).toMatchObject([{ status: "confirmed", startsAt: new Date("2026-06-02T07:00:00.000Z") }]);
    expect(visibleText(await (await app.get("/bookings", { cookie: other })).text())).toContain("No upcoming bookings.");
    expect((await app.get(`/bookings/${booking.id}`)).headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });
});

describe("rescheduling", () => {
  test("moves to a chosen open time", async () => {
    const { type } = await listed({ priceMinor: 0 });
    const booking = await bookDirectly(customer.id, type.id, "2026-06-03T07:00:00.000Z");
    const page = await (await app.get(`/bookings/${booking.id}/reschedule?day=2026-06-04`, { cookie: customerCookie })).text();
    expect(visibleText(page)).toContain("Choose a new time");
    expect(page).toContain(slotButton("2026-06-04T08:00:00.000Z"));

    const response = await app.post(
      `/bookings/${booking.id}/reschedule`,
      { startsAt: "2026-06-04T08:00:00.000Z" },
      { cookie: customerCookie },
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/bookings/${booking.id}?rescheduled=1`);
    const detail = visibleText(await (await app.get(`/bookings/${booking.id}?rescheduled=1`, { cookie: customerCookie })).text());
    expect(detail).toContain("Booking moved to the new time.");
    // In the customer's zone (New York), from their point of view.
    expect(detail).toContain("Moved by you from Wed 3 Jun, 03:00");
  });

  test("a Zoom booking's page and calendar file label the Zoom link with its meeting ID and passcode", async () => {
    const { type } = await listed({ priceMinor: 0 });
    const booking = await bookDirectly(customer.id, type.id, "2026-06-03T07:00:00.000Z");
    const zoomUrl = "https://us02web.zoom.us/j/81234567890?pwd=abc";
    await database.db
      .update(bookings)
      .set({ meetingProvider: "zoom", meetingUrl: zoomUrl, meetingId: "81234567890", meetingPasscode: "k3yP4ss" })
      .where(eq(bookings.id, booking.id));

    const ics = (await (await app.get(`/bookings/${booking.id}/ics`, { cookie: customerCookie })).text()).replaceAll("\r\n ", "");
    expect(ics).toContain(`LOCATION:${zoomUrl}`);
    expect(ics).toContain(`DESCRIPTION:Zoom meeting: ${zoomUrl}\\nMeeting ID: 81234567890\\nPasscode: k3yP4ss\\n`);

    const before = await (await app.get(`/bookings/${booking.id}`, { cookie: customerCookie })).text();
    expect(visibleText(before)).toContain("Zoom meeting 81234567890 · Passcode: k3yP4ss");
    // The join button itself appears from 10 minutes before the start.
    clock.set(new Date("2026-06-03T06:55:00.000Z"));
    const html = await (await app.get(`/bookings/${booking.id}`, { cookie: customerCookie })).text();
    expect(html).toContain(`href="${zoomUrl.replace("&", "&amp;")}"`);
    expect(visibleText(html)).toContain("Join the Zoom meeting");
  });

  test("the calendar file keeps its UID and gets a higher SEQUENCE, downloaded or emailed alike", async () => {
    const { type } = await listed({ priceMinor: 0 });
    const booking = await bookDirectly(customer.id, type.id, "2026-06-03T07:00:00.000Z");
    const calendarLine = (body: string, name: string) =>
      body
        .replaceAll("\r\n ", "")
        .split("\r\n")
        .find((line) => line.startsWith(`${name}:`));
    const before = await (await app.get(`/bookings/${booking.id}/ics`, { cookie: customerCookie })).text();
    expect(calendarLine(before, "SEQUENCE")).toBe("SEQUENCE:0");

    const response = await app.post(
      `/bookings/${booking.id}/reschedule`,
      { startsAt: "2026-06-04T08:00:00.000Z" },
      { cookie: customerCookie },
    );
    expect(response.status).toBe(302);
    const after = await (await app.get(`/bookings/${booking.id}/ics`, { cookie: customerCookie })).text();
    expect(calendarLine(after, "UID")).toBe(calendarLine(before, "UID"));
    expect(calendarLine(after, "SEQUENCE")).toBe("SEQUENCE:1");
    expect(calendarLine(after, "DTSTART")).toBe("DTSTART:20260604T080000Z");

    // The move's email to the customer carries the same file.
    const jobs = {
      db: database.db,
      clock,
      queue: recordingQueue().queue,
      mailer: createOutboxMailer(database.db),
      sms: createOutboxSmsSender(database.db),
      origin: "https://specialistly.example",
    };
    for (const message of app.enqueued) await runJob(jobs, message);
    const [mail] = (await database.db.select().from(outboxEmails).where(eq(outboxEmails.to, customer.email))).filter(
      (row) => row.template === "booking-rescheduled",
    );
    const emailed = mail!.attachments![0]!.content;
    expect(calendarLine(emailed, "UID")).toBe(calendarLine(before, "UID"));
    expect(calendarLine(emailed, "SEQUENCE")).toBe("SEQUENCE:1");
  });

  test("a target taken meanwhile is a 409 with fresh times, and the booking stays put", async () => {
    const { type } = await listed({ priceMinor: 0 });
    const booking = await bookDirectly(customer.id, type.id, "2026-06-03T07:00:00.000Z");
    await bookDirectly((await createUser(database.db)).id, type.id, "2026-06-04T08:00:00.000Z");

    const response = await app.post(
      `/bookings/${booking.id}/reschedule?${slotHref("2026-06-04T08:00:00.000Z")}`,
      { startsAt: "2026-06-04T08:00:00.000Z" },
      { cookie: customerCookie },
    );
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(visibleText(html)).toContain("Someone just booked that time — here are the times still open");
    expect(html).toContain(slotButton("2026-06-04T09:00:00.000Z"));
    expect(html).not.toContain(slotButton("2026-06-04T08:00:00.000Z"));
    const [row] = await database.db.select().from(bookings).where(eq(bookings.id, booking.id));
    expect(row!.startsAt).toEqual(new Date("2026-06-03T07:00:00.000Z"));
    expect(await database.db.select().from(bookingEvents)).toEqual([]);
  });
});

describe("cancelling", () => {
  async function paidBooking(rules: { lateCancellationRefundPercent: number }) {
    const given = await listed({ priceMinor: 10_000, currency: "EUR" }, { cancellationDeadlineHours: 24, ...rules });
    const booking = await bookDirectly(customer.id, given.type.id, "2026-06-03T07:00:00.000Z");
    // As the payment webhook leaves it.
    await database.db.update(bookings).set({ status: "confirmed", holdExpiresAt: null }).where(eq(bookings.id, booking.id));
    await database.db.insert(payments).values({
      bookingId: booking.id,
      provider: "test",
      checkoutId: "cs_test_1",
      paymentId: "pi_test_1",
      amountMinor: 10_000,
      feeMinor: 2_000,
      currency: "EUR",
      status: "paid",
      kept: true,
    });
    return { ...given, booking };
  }

  test("before the deadline the customer sees the full refund, cancels, and the refund is recorded", async () => {
    const { booking } = await paidBooking({ lateCancellationRefundPercent: 50 });
    const before = visibleText(await (await app.get(`/bookings/${booking.id}`, { cookie: customerCookie })).text());
    expect(before).toContain("You'll get €100 back.");

    const missingReason = await app.post(`/bookings/${booking.id}`, { intent: "cancel", reason: " " }, { cookie: customerCookie });
    expect(missingReason.status).toBe(400);
    expect(visibleText(await missingReason.text())).toContain("Tell the other party why you're cancelling.");
    expect((await allBookings())[0]!.status).toBe("confirmed");

    const response = await app.post(`/bookings/${booking.id}`, { intent: "cancel", reason: "Plans changed" }, { cookie: customerCookie });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/bookings/${booking.id}?cancelled=1`);
    expect((await allBookings())[0]!.status).toBe("cancelled");
    expect(await database.db.select().from(refunds)).toMatchObject([{ bookingId: booking.id, amountMinor: 10_000, reason: "cancelled" }]);
    const after = visibleText(await (await app.get(`/bookings/${booking.id}?cancelled=1`, { cookie: customerCookie })).text());
    expect(after).toContain("Booking cancelled. A refund of €100 is on its way.");
    expect(after).toContain("Cancelled by you: “Plans changed”");

    const again = await app.post(`/bookings/${booking.id}`, { intent: "cancel", reason: "Again" }, { cookie: customerCookie });
    expect(again.status).toBe(400);
    expect(visibleText(await again.text())).toContain("This booking is already cancelled or finished.");
  });

  test("after the deadline the customer is shown (and gets) the late percentage; the specialist would refund in full", async () => {
    const { booking, user: specialistUser } = await paidBooking({ lateCancellationRefundPercent: 50 });
    clock.set(new Date("2026-06-02T12:00:00Z"));
    const customerView = visibleText(await (await app.get(`/bookings/${booking.id}`, { cookie: customerCookie })).text());
    expect(customerView).toContain("You'll get €50 back.");
    expect(customerView).not.toContain("Move to another time");
    const specialistCookie = await cookieFor(specialistUser.id);
    const specialistView = visibleText(await (await app.get(`/bookings/${booking.id}`, { cookie: specialistCookie })).text());
    expect(specialistView).toContain("€100 goes back to the customer in full.");
    expect(specialistView).toContain("Move to another time");

    await app.post(`/bookings/${booking.id}`, { intent: "cancel", reason: "Late, sorry" }, { cookie: customerCookie });
    expect(await database.db.select().from(refunds)).toMatchObject([{ amountMinor: 5_000 }]);
  });

  test("a free session: nothing to refund, no refund row", async () => {
    await database.db.delete(bookingRules);
    const { type } = await listed({ priceMinor: 0 });
    const booking = await bookDirectly(customer.id, type.id, "2026-06-03T07:00:00.000Z");
    const response = await app.post(
      `/bookings/${booking.id}`,
      { intent: "cancel", reason: "No longer needed" },
      { cookie: customerCookie },
    );
    expect(response.status).toBe(302);
    expect((await allBookings())[0]!.status).toBe("cancelled");
    expect(await database.db.select().from(refunds)).toEqual([]);
  });
});

describe("calendar file folding", () => {
  test("folds at 75 octets without splitting a multi-byte character", () => {
    const folded = foldIcsLine(`DESCRIPTION:${"é".repeat(40)}`);
    expect(folded).toBe(`DESCRIPTION:${"é".repeat(31)}\r\n ${"é".repeat(9)}`);
    expect(foldIcsLine("SHORT:line")).toBe("SHORT:line");
  });
});
