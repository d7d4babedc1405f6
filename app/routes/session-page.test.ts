// The booking page's session section through the real handler (issue #11 item 4).
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createMeetingRecording, createSessionNote, createUser } from "../../db/factories";
import { bookings, meetingRecordings, sessionNotes, users, type User } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { visibleText } from "../../tests/html";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { givenBooking, givenPaidSpecialist, startOfTest } from "../domain/admin/admin.test-support";
import { createSession } from "../domain/auth/sessions.server";
import { maxSessionNoteLength } from "../domain/booking/session-form-schemas";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
const clock = createTestClock();
let customer: User;
let specialistUser: User;
let bookingId: string;
let path: string;
const start = new Date("2026-06-02T09:00:00Z");
const at = (minutesAfterStart: number) => new Date(start.getTime() + minutesAfterStart * 60_000);

beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(startOfTest);
  app = await createTestApp({ db: database.db, clock });
  customer = await createUser(database.db, { name: "Cara Customer" });
  const setup = await givenPaidSpecialist(database.db);
  specialistUser = setup.user;
  const booking = await givenBooking(database.db, clock, {
    customerId: customer.id,
    sessionTypeId: setup.sessionType.id,
    startsAt: start.toISOString(),
  });
  await database.db.update(bookings).set({ meetingUrl: "https://meet.example.test/room-42" }).where(eq(bookings.id, booking.id));
  bookingId = booking.id;
  path = `/bookings/${bookingId}`;
});
afterEach(() => database.cleanup());

async function cookieOf(user: User) {
  const { token } = await createSession(database.db, user.id, clock.now());
  return `session=${token}`;
}

const page = async (user: User) => {
  const response = await app.get(path, { cookie: await cookieOf(user) });
  expect(response.status).toBe(200);
  return response.text();
};
/** What a person reads: without the scripts that carry the page's data. */
const text = (html: string) => visibleText(html.replace(/<script[\s\S]*?<\/script>/g, ""));
const joinLink = /<a href="https:\/\/meet\.example\.test\/room-42"[^>]*>Join the session<\/a>/;

describe("join button", () => {
  test("shows from 10 minutes before the start until the end; before that the page says when, in the viewer's zone", async () => {
    await database.db.update(users).set({ timezone: "America/New_York" }).where(eq(users.id, customer.id));
    clock.set(at(-11));
    const early = await page(customer);
    expect(early).not.toMatch(joinLink);
    // 08:50 UTC is 4:50 AM in New York (EDT).
    expect(text(early)).toMatch(/The join button appears here 10 minutes before the start, at Tue 2 Jun, 04:50\s?\./);

    clock.set(at(-10));
    expect(await page(customer)).toMatch(joinLink);
    clock.set(at(59));
    expect(await page(specialistUser)).toMatch(joinLink);
    clock.set(at(60));
    const after = await page(customer);
    expect(after).not.toMatch(joinLink);
    expect(text(after)).not.toContain("The join button appears");
  });
});

describe("notes", () => {
  test("the specialist's shared note reaches the customer escaped; the private one never does", async () => {
    const cookie = await cookieOf(specialistUser);
    const saved = await app.post(
      path,
      { intent: "save-note", visibility: "shared", body: "Try <script>alert('x')</script> **daily**" },
      { cookie },
    );
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`${path}?session=note-saved#session`);
    expect((await app.post(path, { intent: "save-note", visibility: "private", body: "Secret impression" }, { cookie })).status).toBe(302);

    const html = await page(customer);
    expect(html).toContain("Try &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; <strong>daily</strong>");
    expect(html).not.toContain("<script>alert");
    expect(text(html)).toContain("Notes from your specialist");
    expect(html).not.toContain("Secret impression");
    expect(await page(specialistUser)).toContain("Secret impression");
  });

  test("a customer can't write notes or share recordings; bad input is a 400; none of it writes anything", async () => {
    const recording = await createMeetingRecording(database.db, bookingId);
    await createSessionNote(database.db, bookingId, { visibility: "shared", body: "Original" });
    const asCustomer = { cookie: await cookieOf(customer) };
    const asSpecialist = { cookie: await cookieOf(specialistUser) };

    expect((await app.post(path, { intent: "save-note", visibility: "shared", body: "Hijacked" }, asCustomer)).status).toBe(403);
    expect((await app.post(path, { intent: "share-recording", recordingId: recording.id }, asCustomer)).status).toBe(403);
    expect((await app.post(path, { intent: "mark-customer-no-show" }, asCustomer)).status).toBe(403);

    const tooLong = await app.post(
      path,
      { intent: "save-note", visibility: "shared", body: "x".repeat(maxSessionNoteLength + 1) },
      asSpecialist,
    );
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain("Keep the note to 10,000 characters or fewer.");
    expect((await app.post(path, { intent: "save-note", visibility: "public", body: "Hi" }, asSpecialist)).status).toBe(400);
    expect((await app.post(path, { intent: "share-recording" }, asSpecialist)).status).toBe(400);
    expect((await app.post(path, { intent: "share-recording", recordingId: "not-a-recording" }, asSpecialist)).status).toBe(400);

    expect(await database.db.select({ visibility: sessionNotes.visibility, body: sessionNotes.body }).from(sessionNotes)).toEqual([
      { visibility: "shared", body: "Original" },
    ]);
    expect((await database.db.select().from(meetingRecordings))[0]!.sharedWithCustomerAt).toBeNull();
    expect((await database.db.select().from(bookings).where(eq(bookings.id, bookingId)))[0]!.noShow).toBeNull();
  });
});

describe("recordings and no-shows", () => {
  test("a shared recording shows to the customer with its passcode, and disappears when unshared", async () => {
    const recording = await createMeetingRecording(database.db, bookingId, { passcode: "Rec-9", durationMinutes: 48 });
    const asSpecialist = { cookie: await cookieOf(specialistUser) };
    expect(text(await page(customer))).not.toContain("Play the recording");
    expect((await app.post(path, { intent: "share-recording", recordingId: recording.id }, asSpecialist)).status).toBe(302);
    const shared = text(await page(customer));
    expect(shared).toContain("Play the recording");
    expect(shared).toContain("48 min");
    expect(shared).toContain("Passcode: Rec-9");
    expect((await app.post(path, { intent: "unshare-recording", recordingId: recording.id }, asSpecialist)).status).toBe(302);
    expect(text(await page(customer))).not.toContain("Play the recording");
  });

  test("after the start the specialist can mark the customer a no-show; the page says the payment is kept", async () => {
    expect(text(await page(specialistUser))).not.toContain("Mark the customer as a no-show");
    clock.set(at(20));
    const before = text(await page(specialistUser));
    expect(before).toContain("Mark the customer as a no-show");
    expect(before).toContain("The customer paid €100. A no-show isn't a cancellation, so nothing is refunded automatically.");
    expect((await app.post(path, { intent: "mark-customer-no-show" }, { cookie: await cookieOf(specialistUser) })).status).toBe(302);
    expect(text(await page(customer))).toContain("recorded that you didn't come");
    expect(text(await page(specialistUser))).toContain("Customer marked as a no-show by you");
  });
});
