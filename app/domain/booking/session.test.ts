import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createMeetingAttendance, createMeetingRecording, createUser } from "../../../db/factories";
import { bookingEvents, bookings, notifications, payments, refunds, sessionNotes, type User } from "../../../db/schema";
import type { JobMessage } from "../../../jobs/messages";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { givenBooking, givenPaidSpecialist, priceMinor, startOfTest } from "../admin/admin.test-support";
import { getReceipt } from "../payments/ledger.server";
import { drain, jobContext } from "../payments/payments.test-support";
import { maxSessionNoteLength } from "./session-form-schemas";
import {
  detectSpecialistNoShows,
  getSessionView,
  markCustomerNoShow,
  noShowGraceMs,
  saveSessionNote,
  setRecordingShared,
} from "./session.server";

let database: TestDatabase;
const clock = createTestClock();
let customer: User;
let sent: JobMessage[];
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(startOfTest);
  customer = await createUser(database.db, { name: "Cara Customer" });
  sent = [];
});
afterEach(() => database.cleanup());

const context = () => jobContext(database.db, clock, sent);
const start = new Date("2026-06-02T09:00:00Z");
const end = new Date("2026-06-02T10:00:00Z");
const at = (minutesAfterStart: number) => new Date(start.getTime() + minutesAfterStart * 60_000);

async function given(options: { paid?: boolean; zoom?: boolean } = {}) {
  const setup = await givenPaidSpecialist(database.db);
  const booking = await givenBooking(database.db, clock, {
    customerId: customer.id,
    sessionTypeId: setup.sessionType.id,
    startsAt: start.toISOString(),
    paid: options.paid,
  });
  await database.db
    .update(bookings)
    .set({
      status: "confirmed",
      meetingUrl: "https://zoom.example.test/j/123",
      meetingProvider: options.zoom === false ? "default" : "zoom",
      meetingId: "123",
    })
    .where(eq(bookings.id, booking.id));
  return { ...setup, booking };
}

const view = (userId: string, bookingId: string) => getSessionView(context(), { viewerUserId: userId, bookingId });

describe("join button", () => {
  test("opens 10 minutes before the start, says when before that, and is gone after the end", async () => {
    const { booking } = await given();
    clock.set(at(-11));
    expect((await view(customer.id, booking.id))!.join).toEqual({ state: "opens", at: at(-10) });
    clock.set(at(-10));
    expect((await view(customer.id, booking.id))!.join).toEqual({ state: "open", url: "https://zoom.example.test/j/123" });
    clock.set(at(59));
    expect((await view(customer.id, booking.id))!.join).toMatchObject({ state: "open" });
    clock.set(end);
    expect((await view(customer.id, booking.id))!.join).toBeNull();
  });
});

describe("attendance summary", () => {
  test("per party: first join, last leave and minutes present with overlapping joins counted once; open joins count until the meeting ended", async () => {
    const { booking, user: specialistUser } = await given();
    const db = database.db;
    // The specialist on two devices: 09:00–09:30 and 09:20–09:50 → 50 minutes, not 60.
    await createMeetingAttendance(db, booking.id, { role: "specialist", joinedAt: at(0), leftAt: at(30) });
    await createMeetingAttendance(db, booking.id, { role: "specialist", joinedAt: at(20), leftAt: at(50) });
    // The customer drops out and rejoins; the second leave never arrived.
    await createMeetingAttendance(db, booking.id, { role: "customer", joinedAt: at(2), leftAt: at(10) });
    await createMeetingAttendance(db, booking.id, { role: "customer", joinedAt: at(15), leftAt: null });
    await createMeetingAttendance(db, booking.id, { role: "guest", joinedAt: at(5), leftAt: at(25), participantName: "Guest" });

    clock.set(at(-1));
    expect((await view(specialistUser.id, booking.id))!.attendance).toBeNull();

    await db
      .update(bookings)
      .set({ meetingEndedAt: at(45) })
      .where(eq(bookings.id, booking.id));
    clock.set(at(90));
    expect((await view(customer.id, booking.id))!.attendance).toEqual([
      { role: "specialist", firstJoinedAt: at(0), lastLeftAt: at(50), minutesPresent: 50 },
      { role: "customer", firstJoinedAt: at(2), lastLeftAt: at(45), minutesPresent: 8 + 30 },
      { role: "guest", firstJoinedAt: at(5), lastLeftAt: at(25), minutesPresent: 20 },
    ]);

    // Without a meeting-ended event the open join counts until the booking's end; during the session, until now.
    await db.update(bookings).set({ meetingEndedAt: null }).where(eq(bookings.id, booking.id));
    expect((await view(customer.id, booking.id))!.attendance![1]).toEqual({
      role: "customer",
      firstJoinedAt: at(2),
      lastLeftAt: end,
      minutesPresent: 8 + 45,
    });
    clock.set(at(40));
    expect((await view(customer.id, booking.id))!.attendance![1]).toEqual({
      role: "customer",
      firstJoinedAt: at(2),
      lastLeftAt: null,
      minutesPresent: 8 + 25,
    });
  });
});

describe("notes", () => {
  test("the specialist's private note is theirs alone; the shared one the customer reads; nobody else sees or writes either", async () => {
    const { booking, user: specialistUser } = await given();
    const stranger = await createUser(database.db);
    const save = (actorUserId: string, visibility: "private" | "shared", body: string) =>
      saveSessionNote(context(), { actorUserId, bookingId: booking.id, visibility, body });

    expect(await save(specialistUser.id, "private", "Seemed **tired**")).toEqual({ ok: true });
    expect(await save(specialistUser.id, "shared", "Homework: <script>alert(1)</script> read *chapter 2*")).toEqual({ ok: true });

    const forSpecialist = (await view(specialistUser.id, booking.id))!;
    expect(forSpecialist.privateNote).toMatchObject({ body: "Seemed **tired**", html: "<p>Seemed <strong>tired</strong></p>" });
    expect(forSpecialist.canWriteNotes).toBe(true);
    const forCustomer = (await view(customer.id, booking.id))!;
    expect(forCustomer.privateNote).toBeNull();
    expect(forCustomer.canWriteNotes).toBe(false);
    expect(forCustomer.sharedNote!.html).toBe("<p>Homework: &lt;script&gt;alert(1)&lt;/script&gt; read <em>chapter 2</em></p>");
    expect(await view(stranger.id, booking.id)).toBeNull();

    expect(await save(customer.id, "shared", "Mine now")).toMatchObject({ ok: false, reason: "not-allowed" });
    expect(await save(stranger.id, "private", "Hi")).toMatchObject({ ok: false, reason: "not-found" });
    expect(await save(specialistUser.id, "shared", "x".repeat(maxSessionNoteLength + 1))).toMatchObject({
      ok: false,
      reason: "invalid-input",
      message: expect.stringMatching(/10,000 characters/),
    });
    const stored = await database.db.select().from(sessionNotes).where(eq(sessionNotes.bookingId, booking.id));
    expect(stored.map((note) => note.body).sort()).toEqual(["Homework: <script>alert(1)</script> read *chapter 2*", "Seemed **tired**"]);

    // An empty note clears it.
    expect(await save(specialistUser.id, "shared", "  ")).toEqual({ ok: true });
    expect((await view(customer.id, booking.id))!.sharedNote).toBeNull();
  });

  test("are not written on a booking that was never confirmed or was cancelled", async () => {
    const { booking, user: specialistUser } = await given();
    await database.db.update(bookings).set({ status: "cancelled" }).where(eq(bookings.id, booking.id));
    expect(
      await saveSessionNote(context(), { actorUserId: specialistUser.id, bookingId: booking.id, visibility: "private", body: "x" }),
    ).toMatchObject({ ok: false, reason: "conflict" });
    expect(await database.db.select().from(sessionNotes)).toEqual([]);
    expect((await view(specialistUser.id, booking.id))!.canWriteNotes).toBe(false);
  });
});

describe("recordings", () => {
  test("the customer sees a recording only while the specialist shares it; revoking hides it at once", async () => {
    const { booking, user: specialistUser } = await given();
    const recording = await createMeetingRecording(database.db, booking.id, { passcode: "Xy12" });
    const share = (actorUserId: string, shared: boolean, recordingId = recording.id) =>
      setRecordingShared(context(), { actorUserId, bookingId: booking.id, recordingId, shared });

    expect((await view(specialistUser.id, booking.id))!.recordings).toMatchObject([{ id: recording.id, shared: false }]);
    expect((await view(customer.id, booking.id))!.recordings).toEqual([]);
    expect(await share(customer.id, true)).toMatchObject({ ok: false, reason: "not-allowed" });
    expect((await view(customer.id, booking.id))!.recordings).toEqual([]);

    expect(await share(specialistUser.id, true)).toEqual({ ok: true });
    expect((await view(customer.id, booking.id))!.recordings).toEqual([
      {
        id: recording.id,
        playUrl: recording.playUrl,
        passcode: "Xy12",
        durationMinutes: 55,
        startedAt: recording.startedAt,
        shared: true,
      },
    ]);
    expect(await share(specialistUser.id, false)).toEqual({ ok: true });
    expect((await view(customer.id, booking.id))!.recordings).toEqual([]);

    // Another booking's recording can't be shared through this one.
    const other = await given();
    const elsewhere = await createMeetingRecording(database.db, other.booking.id);
    expect(await share(specialistUser.id, true, elsewhere.id)).toMatchObject({ ok: false, reason: "invalid-input" });
  });
});

async function history(bookingId: string) {
  return database.db.select().from(bookingEvents).where(eq(bookingEvents.bookingId, bookingId));
}
async function noticesOf(bookingId: string) {
  return (await database.db.select().from(notifications).where(eq(notifications.subjectId, bookingId))).filter(
    (notice) => notice.kind === "session-no-show" && notice.channel === "in_app",
  );
}

describe("customer no-show", () => {
  test("the specialist marks it after the start, once: history line, the customer told, and no refund", async () => {
    const { booking, user: specialistUser } = await given();
    const mark = (actorUserId: string) => markCustomerNoShow(context(), { actorUserId, bookingId: booking.id });

    clock.set(at(-1));
    expect(await mark(specialistUser.id)).toMatchObject({ ok: false, reason: "conflict" });
    clock.set(at(15));
    expect(await mark(customer.id)).toMatchObject({ ok: false, reason: "not-allowed" });
    expect(await history(booking.id)).toEqual([]);

    expect(await mark(specialistUser.id)).toEqual({ ok: true });
    const [row] = await database.db.select().from(bookings).where(eq(bookings.id, booking.id));
    expect(row).toMatchObject({ noShow: "customer", noShowAt: at(15), status: "confirmed" });
    expect(await history(booking.id)).toMatchObject([
      { fromStatus: "confirmed", toStatus: "confirmed", actor: "specialist", reason: "customer marked as a no-show" },
    ]);
    expect((await noticesOf(booking.id)).map((notice) => notice.userId)).toEqual([customer.id]);
    expect(await database.db.select().from(refunds)).toEqual([]);

    expect(await mark(specialistUser.id)).toMatchObject({ ok: false, reason: "conflict" });
    expect(await history(booking.id)).toHaveLength(1);
    // Marked one way, never the other.
    clock.set(new Date(end.getTime() + noShowGraceMs));
    expect(await detectSpecialistNoShows(context(), { webhooksConfigured: true })).toBe(0);
  });

  test("is refused when the meeting shows the customer joined", async () => {
    const { booking, user: specialistUser } = await given();
    await createMeetingAttendance(database.db, booking.id, { role: "customer", joinedAt: at(1), leftAt: at(3) });
    clock.set(at(20));
    expect((await view(specialistUser.id, booking.id))!.canMarkCustomerNoShow).toBe(false);
    expect(await markCustomerNoShow(context(), { actorUserId: specialistUser.id, bookingId: booking.id })).toMatchObject({
      ok: false,
      reason: "conflict",
    });
    expect((await database.db.select().from(bookings).where(eq(bookings.id, booking.id)))[0]!.noShow).toBeNull();
  });
});

describe("specialist no-show", () => {
  test("a Zoom session the customer joined and the specialist never did is refunded in full, once, through the ledger; both are told", async () => {
    const { booking, user: specialistUser } = await given();
    await createMeetingAttendance(database.db, booking.id, { role: "customer", joinedAt: at(1), leftAt: at(20) });

    clock.set(new Date(end.getTime() + noShowGraceMs - 1));
    expect(await detectSpecialistNoShows(context(), { webhooksConfigured: true })).toBe(0);
    clock.set(new Date(end.getTime() + noShowGraceMs));
    expect(await detectSpecialistNoShows(context(), { webhooksConfigured: false })).toBe(0);
    expect(await detectSpecialistNoShows(context(), { webhooksConfigured: true })).toBe(1);
    expect(await detectSpecialistNoShows(context(), { webhooksConfigured: true })).toBe(0);
    await drain(sent, context());
    clock.advance(60_000);
    expect(await detectSpecialistNoShows(context(), { webhooksConfigured: true })).toBe(0);
    await drain(sent, context());

    const [row] = await database.db.select().from(bookings).where(eq(bookings.id, booking.id));
    expect(row).toMatchObject({ noShow: "specialist", noShowAt: new Date(end.getTime() + noShowGraceMs) });
    expect(await database.db.select().from(refunds).where(eq(refunds.bookingId, booking.id))).toMatchObject([
      { amountMinor: priceMinor, feeRefundedMinor: booking.feeMinor, reason: "specialist-no-show", status: "succeeded" },
    ]);
    // The ledger's view of the money: the receipt (numbered as a kept payment is) nets to nothing.
    await database.db.update(payments).set({ receiptNumber: 1 }).where(eq(payments.bookingId, booking.id));
    const receipt = await getReceipt(database.db, { userId: customer.id, role: "customer" }, booking.id);
    expect(receipt.status === "ok" && receipt.receipt.money).toMatchObject({
      grossMinor: priceMinor,
      refundsMinor: priceMinor,
      feeMinor: 0,
      netMinor: 0,
    });
    expect(await history(booking.id)).toMatchObject([{ actor: "system", reason: expect.stringMatching(/^specialist no-show/) }]);
    expect((await noticesOf(booking.id)).map((notice) => notice.userId).sort()).toEqual([customer.id, specialistUser.id].sort());

    // Marked one way, never the other.
    expect(await markCustomerNoShow(context(), { actorUserId: specialistUser.id, bookingId: booking.id })).toMatchObject({ ok: false });
  });

  test("no evidence, no verdict: the specialist joined, nobody joined, not a Zoom meeting, or long ago", async () => {
    const specialistCame = await given();
    await createMeetingAttendance(database.db, specialistCame.booking.id, { role: "customer", joinedAt: at(1), leftAt: at(20) });
    await createMeetingAttendance(database.db, specialistCame.booking.id, { role: "specialist", joinedAt: at(5), leftAt: at(20) });
    // Nobody seen: the webhooks may have stopped arriving, so nothing is decided.
    await given();
    const defaultRoom = await given({ zoom: false });
    await createMeetingAttendance(database.db, defaultRoom.booking.id, { role: "customer", joinedAt: at(1), leftAt: at(20) });

    const old = await given({ zoom: true });
    await createMeetingAttendance(database.db, old.booking.id, { role: "customer", joinedAt: at(1), leftAt: at(20) });
    await database.db
      .update(bookings)
      .set({ startsAt: at(-8 * 24 * 60), endsAt: at(-8 * 24 * 60 + 60) })
      .where(eq(bookings.id, old.booking.id));

    clock.set(new Date(end.getTime() + noShowGraceMs));
    expect(await detectSpecialistNoShows(context(), { webhooksConfigured: true })).toBe(0);
    expect(await database.db.select().from(refunds)).toEqual([]);
  });

  test("a session with no kept payment is marked and both told, with nothing to refund", async () => {
    const { booking } = await given({ paid: false });
    await createMeetingAttendance(database.db, booking.id, { role: "customer", joinedAt: at(1), leftAt: at(20) });
    clock.set(new Date(end.getTime() + noShowGraceMs));
    expect(await detectSpecialistNoShows(context(), { webhooksConfigured: true })).toBe(1);
    expect(await database.db.select().from(refunds)).toEqual([]);
    expect(await noticesOf(booking.id)).toHaveLength(2);
  });
});
