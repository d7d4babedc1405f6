import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist, createUser } from "../../../db/factories";
import { auditLog, availabilityWindows, notifications, outboxEmails, specialists } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { createOutboxMailer, createOutboxSmsSender } from "../../integrations/mail/outbox-mailer.server";
import { findOfferWithStarts } from "../booking/booking-offer.server";
import { findOfferToBook } from "../booking/create-booking.server";
import { deliverNotification } from "../notifications/notifications.server";
import { approvalQueue, approveSpecialist, rejectSpecialist, resubmitForApproval } from "./approval.server";
import { listedSpecialistSlugs } from "./directory.server";
import { publishProfile, saveProfile } from "./profile.server";
import { findPublicProfile } from "./public-profile.server";
import { searchQuerySchema } from "./search-schema";
import { searchSpecialists } from "./search.server";

const minuteMs = 60_000;
let database: TestDatabase;
const clock = createTestClock();
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z"));
});
afterEach(() => database.cleanup());

const context = () => ({ db: database.db, clock, queue: recordingQueue().queue });

/** A specialist who signed up, created a profile, added a session type and hours, and published: all but approval. */
async function newSpecialist(name = "Ada Lovelace") {
  const user = await createUser(database.db, { role: "specialist", name });
  const slug = name.toLowerCase().replace(/ /g, "-");
  const saved = await saveProfile(context(), user.id, {
    displayName: name,
    slug,
    headline: "Careers in computing",
    bio: "Analytical engines and careers.",
    specialties: ["career-coaching"],
    languages: ["en"],
    timezone: "Europe/London",
  });
  if (!saved.ok) throw new Error(saved.message);
  const sessionType = await createSessionType(database.db, saved.specialistId);
  await database.db.insert(availabilityWindows).values({ specialistId: saved.specialistId, weekday: 1, startMinute: 540, endMinute: 1020 });
  expect(await publishProfile(database.db, user.id)).toEqual({ ok: true });
  return { user, slug, specialistId: saved.specialistId, sessionTypeId: sessionType.id };
}

const admin = () => createUser(database.db, { role: "admin", name: "Morgan Admin" });
const row = async (id: string) => (await database.db.query.specialists.findFirst({ where: eq(specialists.id, id) }))!;
const audits = () => database.db.select().from(auditLog);
const told = (userId: string) =>
  database.db
    .select({ kind: notifications.kind, channel: notifications.channel, payload: notifications.payload })
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(notifications.kind, notifications.channel);

/** Everywhere a customer could meet the specialist: directory, profile page, sitemap and booking. */
async function whereListed(setup: Awaited<ReturnType<typeof newSpecialist>>) {
  const now = clock.now();
  const search = await searchSpecialists(database.db, searchQuerySchema.parse({}), now);
  return {
    directory: search.results.some((result) => result.slug === setup.slug),
    profile: (await findPublicProfile(database.db, setup.slug, now)) !== null,
    sitemap: (await listedSpecialistSlugs(database.db)).some((entry) => entry.slug === setup.slug),
    bookingPage: (await findOfferWithStarts(database.db, { slug: setup.slug, sessionTypeId: setup.sessionTypeId, now })) !== null,
    booking: (await findOfferToBook(database.db, setup.slug, setup.sessionTypeId)) !== null,
  };
}
const nowhere = { directory: false, profile: false, sitemap: false, bookingPage: false, booking: false };
const everywhere = { directory: true, profile: true, sitemap: true, bookingPage: true, booking: true };

describe("a new profile", () => {
  test("waits for approval: published and complete, it is nowhere a customer looks until an admin approves it", async () => {
    const setup = await newSpecialist();
    expect(await row(setup.specialistId)).toMatchObject({ approval: "pending", approvalRequestedAt: clock.now(), published: true });
    expect(await whereListed(setup)).toEqual(nowhere);

    const decider = await admin();
    const approved = await approveSpecialist(context(), { actorUserId: decider.id, specialistId: setup.specialistId });
    expect(approved).toMatchObject({ ok: true, specialist: { approval: "approved", approvalDecidedBy: decider.id } });
    expect(await whereListed(setup)).toEqual(everywhere);
  });

  test("rejected, it stays unlisted; the specialist is told why in the app and by email", async () => {
    const setup = await newSpecialist();
    const decider = await admin();
    const rejected = await rejectSpecialist(context(), {
      actorUserId: decider.id,
      specialistId: setup.specialistId,
      reason: "  Please add a real headline.  ",
    });
    expect(rejected).toMatchObject({ ok: true, specialist: { approval: "rejected", approvalNote: "Please add a real headline." } });
    expect(await whereListed(setup)).toEqual(nowhere);
    expect(await told(setup.user.id)).toEqual([
      {
        kind: "specialist-rejected",
        channel: "email",
        payload: { specialistId: setup.specialistId, reason: "Please add a real headline." },
      },
      {
        kind: "specialist-rejected",
        channel: "in_app",
        payload: { specialistId: setup.specialistId, reason: "Please add a real headline." },
      },
    ]);
    const [email] = await database.db.select().from(notifications).where(eq(notifications.channel, "email"));
    const delivery = { db: database.db, clock, mailer: createOutboxMailer(database.db), sms: createOutboxSmsSender(database.db) };
    expect(await deliverNotification({ ...delivery, origin: "https://specialistly.test" }, email!.id)).toBe("sent");
    const [mail] = await database.db.select().from(outboxEmails);
    expect(mail).toMatchObject({ to: setup.user.email, subject: "Your profile wasn't approved" });
    expect(mail!.text).toContain("Please add a real headline.");
    expect(mail!.text).toContain("https://specialistly.test/specialist/profile");
  });
});

describe("the approval queue", () => {
  test("lists pending profiles oldest request first, and the others by filter; admins only", async () => {
    const first = await newSpecialist("First Person");
    clock.advance(minuteMs);
    const second = await newSpecialist("Second Person");
    clock.advance(minuteMs);
    const third = await newSpecialist("Third Person");
    await createSpecialist(database.db, { displayName: "Already Approved" });
    const decider = await admin();
    const viewer = { role: "admin" };

    expect((await approvalQueue(context(), viewer, "pending"))!.map((entry) => entry.displayName)).toEqual([
      "First Person",
      "Second Person",
      "Third Person",
    ]);
    await rejectSpecialist(context(), { actorUserId: decider.id, specialistId: first.specialistId, reason: "Add your hours." });
    await approveSpecialist(context(), { actorUserId: decider.id, specialistId: second.specialistId });
    expect((await approvalQueue(context(), viewer, "pending"))!.map((entry) => entry.id)).toEqual([third.specialistId]);
    expect((await approvalQueue(context(), viewer, "rejected"))!.map((entry) => [entry.id, entry.note])).toEqual([
      [first.specialistId, "Add your hours."],
    ]);
    expect((await approvalQueue(context(), viewer, "approved"))!.map((entry) => entry.displayName)).toContain("Second Person");

    // Resubmitted, the first profile goes to the back of the queue.
    clock.advance(minuteMs);
    expect(await resubmitForApproval(context(), { actorUserId: first.user.id })).toEqual({ ok: true });
    expect((await approvalQueue(context(), viewer, "pending"))!.map((entry) => entry.id)).toEqual([third.specialistId, first.specialistId]);

    for (const role of ["customer", "specialist"]) expect(await approvalQueue(context(), { role }, "pending")).toBeNull();
  });
});

describe("decisions", () => {
  test("approving writes one audit row with before and after, and tells the specialist they are listed", async () => {
    const setup = await newSpecialist();
    const decider = await admin();
    await approveSpecialist(context(), { actorUserId: decider.id, specialistId: setup.specialistId });
    expect(await audits()).toEqual([
      expect.objectContaining({
        actorId: decider.id,
        action: "specialist.approve",
        subjectType: "specialist",
        subjectId: setup.specialistId,
        before: { approval: "pending", approvalNote: null },
        after: { approval: "approved", approvalNote: null },
        at: clock.now(),
      }),
    ]);
    expect((await told(setup.user.id)).map((notice) => [notice.kind, notice.channel, notice.payload])).toEqual([
      ["specialist-approved", "email", { specialistId: setup.specialistId, slug: setup.slug, listed: true }],
      ["specialist-approved", "in_app", { specialistId: setup.specialistId, slug: setup.slug, listed: true }],
    ]);
  });

  test("approving a published profile without weekly hours tells the specialist it isn't listed yet", async () => {
    const setup = await newSpecialist();
    await database.db.delete(availabilityWindows).where(eq(availabilityWindows.specialistId, setup.specialistId));
    await approveSpecialist(context(), { actorUserId: (await admin()).id, specialistId: setup.specialistId });
    expect((await told(setup.user.id)).map((notice) => notice.payload)).toEqual([
      { specialistId: setup.specialistId, slug: setup.slug, listed: false },
      { specialistId: setup.specialistId, slug: setup.slug, listed: false },
    ]);
  });

  test("reject → resubmit → approve: each step moves the state, and the reason goes with the rejection only", async () => {
    const setup = await newSpecialist();
    const decider = await admin();
    await rejectSpecialist(context(), { actorUserId: decider.id, specialistId: setup.specialistId, reason: "Tell clients what you do." });
    clock.advance(minuteMs);
    expect(await resubmitForApproval(context(), { actorUserId: setup.user.id })).toEqual({ ok: true });
    expect(await row(setup.specialistId)).toMatchObject({ approval: "pending", approvalRequestedAt: clock.now() });
    expect(await whereListed(setup)).toEqual(nowhere);

    const approved = await approveSpecialist(context(), { actorUserId: decider.id, specialistId: setup.specialistId });
    expect(approved).toMatchObject({ ok: true, specialist: { approval: "approved", approvalNote: null } });
    expect((await audits()).map((entry) => entry.action).sort()).toEqual(["specialist.approve", "specialist.reject"]);
    expect(await whereListed(setup)).toEqual(everywhere);
  });

  test.each([
    ["no reason", undefined],
    ["a blank reason", "   "],
    ["a reason over 1,000 characters", "x".repeat(1001)],
  ])("a rejection with %s is refused with a clear message and writes nothing", async (_, reason) => {
    const setup = await newSpecialist();
    const decider = await admin();
    const before = await row(setup.specialistId);
    const result = await rejectSpecialist(context(), { actorUserId: decider.id, specialistId: setup.specialistId, reason });
    expect(result).toMatchObject({
      ok: false,
      reason: "invalid-input",
      message: expect.stringMatching(/^(Say why the profile isn.t approved|Keep the reason to 1,000 characters)/),
    });
    expect(await row(setup.specialistId)).toEqual(before);
    expect(await audits()).toEqual([]);
    expect(await told(setup.user.id)).toEqual([]);
  });

  test("a reason of exactly 1,000 characters is accepted", async () => {
    const setup = await newSpecialist();
    const decider = await admin();
    const result = await rejectSpecialist(context(), {
      actorUserId: decider.id,
      specialistId: setup.specialistId,
      reason: "x".repeat(1000),
    });
    expect(result).toMatchObject({ ok: true });
  });

  test("decisions from the wrong state are refused: approving twice, rejecting an approved profile; an unknown id is not found", async () => {
    const setup = await newSpecialist();
    const decider = await admin();
    await approveSpecialist(context(), { actorUserId: decider.id, specialistId: setup.specialistId });
    expect(await approveSpecialist(context(), { actorUserId: decider.id, specialistId: setup.specialistId })).toMatchObject({
      ok: false,
      reason: "wrong-state",
    });
    expect(
      await rejectSpecialist(context(), { actorUserId: decider.id, specialistId: setup.specialistId, reason: "Changed my mind." }),
    ).toMatchObject({ ok: false, reason: "wrong-state" });
    expect(await approveSpecialist(context(), { actorUserId: decider.id, specialistId: "no-such-id" })).toMatchObject({
      ok: false,
      reason: "not-found",
    });
    expect(await audits()).toHaveLength(1);
    expect(await row(setup.specialistId)).toMatchObject({ approval: "approved" });
  });

  test("two admins deciding at once write one decision and one audit row", async () => {
    const setup = await newSpecialist();
    const [one, two] = [await admin(), await admin()];
    const results = await Promise.all([
      approveSpecialist(context(), { actorUserId: one.id, specialistId: setup.specialistId }),
      rejectSpecialist(context(), { actorUserId: two.id, specialistId: setup.specialistId, reason: "Not a real person." }),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([expect.objectContaining({ reason: "wrong-state" })]);
    const [entry, ...more] = await audits();
    expect(more).toEqual([]);
    expect((await row(setup.specialistId)).approval).toBe(entry!.action === "specialist.approve" ? "approved" : "rejected");
    expect(new Set((await told(setup.user.id)).map((notice) => notice.kind)).size).toBe(1);
  });

  test("only an active admin decides: customers, specialists and a suspended admin are refused and write nothing", async () => {
    const setup = await newSpecialist();
    const suspended = await createUser(database.db, { role: "admin", status: "suspended" });
    const others = [await createUser(database.db), setup.user, suspended];
    for (const actor of others) {
      expect(await approveSpecialist(context(), { actorUserId: actor.id, specialistId: setup.specialistId })).toMatchObject({
        ok: false,
        reason: "not-allowed",
      });
      expect(await rejectSpecialist(context(), { actorUserId: actor.id, specialistId: setup.specialistId, reason: "No." })).toMatchObject({
        ok: false,
        reason: "not-allowed",
      });
    }
    expect(await row(setup.specialistId)).toMatchObject({ approval: "pending", approvalDecidedAt: null });
    expect(await audits()).toEqual([]);
  });
});

describe("resubmitting", () => {
  test("only from rejected, and only one's own profile", async () => {
    const setup = await newSpecialist();
    const other = await newSpecialist("Grace Hopper");
    const decider = await admin();
    expect(await resubmitForApproval(context(), { actorUserId: setup.user.id })).toMatchObject({ ok: false, reason: "wrong-state" });
    await rejectSpecialist(context(), { actorUserId: decider.id, specialistId: setup.specialistId, reason: "Add a picture." });
    await rejectSpecialist(context(), { actorUserId: decider.id, specialistId: other.specialistId, reason: "Add a bio." });

    // Grace resubmits hers; Ada's stays rejected: the function only ever touches the actor's own row.
    expect(await resubmitForApproval(context(), { actorUserId: other.user.id })).toEqual({ ok: true });
    expect(await row(setup.specialistId)).toMatchObject({ approval: "rejected", approvalNote: "Add a picture." });
    const customer = await createUser(database.db);
    expect(await resubmitForApproval(context(), { actorUserId: customer.id })).toMatchObject({ ok: false, reason: "not-found" });

    await approveSpecialist(context(), { actorUserId: decider.id, specialistId: other.specialistId });
    expect(await resubmitForApproval(context(), { actorUserId: other.user.id })).toMatchObject({ ok: false, reason: "wrong-state" });
    expect(await row(other.specialistId)).toMatchObject({ approval: "approved" });
  });
});
