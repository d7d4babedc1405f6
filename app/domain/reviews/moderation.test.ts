import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { auditLog, notifications, reviewReports, reviews, specialistListings, specialists } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { moderateReview, reportReview } from "./moderation.server";
import { profileReviewStatements } from "./profile-reviews.server";
import type { ReviewInput } from "./review-schemas";
import { editReview, submitReview } from "./reviews.server";
import { givenBooking, givenSpecialistForReviews, goodReview as good, sessionEnded as ended } from "./reviews.test-support";

const hourMs = 60 * 60_000;
let database: TestDatabase;
const clock = createTestClock();
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date(ended.getTime() + hourMs));
});
afterEach(() => database.cleanup());

const context = () => ({ db: database.db, clock, queue: recordingQueue().queue });

async function given() {
  const setup = await givenSpecialistForReviews(database.db);
  const admin = await createUser(database.db, { role: "admin", name: "Ada Admin" });
  return { ...setup, admin };
}

async function review(setup: Awaited<ReturnType<typeof given>>, input: ReviewInput) {
  const booking = await givenBooking(database.db, setup, { endsAt: ended });
  const result = await submitReview(context(), { actorUserId: booking.customerId, bookingId: booking.id, review: input });
  if (!result.ok) throw new Error(result.message);
  return result.review;
}

async function figures(specialistId: string) {
  const specialist = await database.db.query.specialists.findFirst({ where: eq(specialists.id, specialistId) });
  const listing = await database.db.query.specialistListings.findFirst({ where: eq(specialistListings.specialistId, specialistId) });
  return { count: specialist!.ratingCount, average: specialist!.ratingAvg, listing: listing?.ratingCount };
}

/** The reviews a visitor sees on the profile. */
async function shown(specialistId: string) {
  const [, page] = profileReviewStatements(database.db, specialistId, "newest", 0);
  return (await page).map((row) => row.comment);
}

const toldOf = (reviewId: string) => database.db.select().from(notifications).where(eq(notifications.subjectId, reviewId));
const audit = () => database.db.select().from(auditLog);

describe("reviews that wait for moderation", () => {
  test.each([
    ["a link", "Book me at https://cheap.example.test"],
    ["a bare domain", "Cheaper at coachanna.com"],
    ["www.", "see www.coachanna"],
    ["a blocked word", "What a shit session"],
  ])("a review with %s is pending: it doesn't show or count and the specialist isn't told", async (_, comment) => {
    const setup = await given();
    await review(setup, good);
    const held = await review(setup, { ...good, overall: 1, comment });

    expect(held.status).toBe("pending");
    expect(await shown(setup.specialist.id)).toEqual(["Clear and practical."]);
    expect(await figures(setup.specialist.id)).toEqual({ count: 1, average: 5, listing: 1 });
    expect(await toldOf(held.id)).toEqual([]);
  });

  test("an edit that adds a link takes a published review back to pending, out of the figures", async () => {
    const setup = await given();
    const published = await review(setup, good);
    expect(await figures(setup.specialist.id)).toMatchObject({ count: 1 });
    const edited = await editReview(context(), {
      actorUserId: published.customerId,
      bookingId: published.bookingId,
      review: { ...good, comment: "Now at www.elsewhere.example" },
    });
    expect(edited).toMatchObject({ ok: true, review: { status: "pending" } });
    expect(await shown(setup.specialist.id)).toEqual([]);
    expect(await figures(setup.specialist.id)).toMatchObject({ count: 0, average: null });
  });

  test("approval publishes it: it shows, counts, and the specialist is told then, once", async () => {
    const setup = await given();
    await review(setup, good);
    const held = await review(setup, { ...good, overall: 1, comment: "see example.com" });

    const approved = await moderateReview(context(), { actorUserId: setup.admin.id, reviewId: held.id, action: "approve" });

    expect(approved).toMatchObject({ ok: true, review: { status: "published" } });
    expect(await shown(setup.specialist.id)).toHaveLength(2);
    expect(await figures(setup.specialist.id)).toEqual({ count: 2, average: 3, listing: 2 });
    const told = await toldOf(held.id);
    expect(told.map((notice) => [notice.userId, notice.kind, notice.channel]).sort()).toEqual([
      [setup.specialistUser.id, "review-new", "email"],
      [setup.specialistUser.id, "review-new", "in_app"],
    ]);
  });
});

describe("hide and restore", () => {
  test("a hidden review leaves the profile and the figures, keeps its reason for the author, and comes back on restore", async () => {
    const setup = await given();
    await review(setup, good);
    const bad = await review(setup, { ...good, overall: 1, comment: "Meh." });
    expect(await figures(setup.specialist.id)).toEqual({ count: 2, average: 3, listing: 2 });

    const hidden = await moderateReview(context(), {
      actorUserId: setup.admin.id,
      reviewId: bad.id,
      action: "hide",
      reason: "Personal details about the specialist.",
    });
    expect(hidden).toMatchObject({ ok: true, review: { status: "hidden", moderationReason: "Personal details about the specialist." } });
    expect(await shown(setup.specialist.id)).toEqual(["Clear and practical."]);
    expect(await figures(setup.specialist.id)).toEqual({ count: 1, average: 5, listing: 1 });

    const restored = await moderateReview(context(), { actorUserId: setup.admin.id, reviewId: bad.id, action: "restore" });
    expect(restored).toMatchObject({ ok: true, review: { status: "published", moderationReason: null } });
    expect(await shown(setup.specialist.id)).toHaveLength(2);
    expect(await figures(setup.specialist.id)).toEqual({ count: 2, average: 3, listing: 2 });
  });

  test("a pending review can be hidden straight away: it never shows or counts and the specialist is never told", async () => {
    const setup = await given();
    const held = await review(setup, { ...good, comment: "www.spam.example" });
    const hidden = await moderateReview(context(), { actorUserId: setup.admin.id, reviewId: held.id, action: "hide", reason: "Spam." });
    expect(hidden).toMatchObject({ ok: true, review: { status: "hidden" } });
    expect(await figures(setup.specialist.id)).toMatchObject({ count: 0 });
    expect(await toldOf(held.id)).toEqual([]);
    expect((await audit()).map((row) => [row.action, row.before, row.after])).toEqual([
      ["review.hide", { status: "pending", moderationReason: null }, { status: "hidden", moderationReason: "Spam." }],
    ]);
  });

  test("a hidden review stays hidden when its author edits it", async () => {
    const setup = await given();
    const bad = await review(setup, good);
    await moderateReview(context(), { actorUserId: setup.admin.id, reviewId: bad.id, action: "hide", reason: "Spam." });
    const edited = await editReview(context(), { actorUserId: bad.customerId, bookingId: bad.bookingId, review: good });
    expect(edited).toMatchObject({ ok: true, review: { status: "hidden" } });
    expect(await figures(setup.specialist.id)).toMatchObject({ count: 0 });
  });
});

describe("the audit log", () => {
  test("each admin action leaves exactly one audit row with who, what, when, before and after", async () => {
    const setup = await given();
    const held = await review(setup, { ...good, comment: "www.example.com" });

    clock.set(new Date("2026-06-02T08:00:00Z"));
    await moderateReview(context(), { actorUserId: setup.admin.id, reviewId: held.id, action: "approve" });
    expect(await audit()).toEqual([
      expect.objectContaining({
        actorId: setup.admin.id,
        action: "review.approve",
        subjectType: "review",
        subjectId: held.id,
        before: { status: "pending", moderationReason: null },
        after: { status: "published", moderationReason: null },
        reason: null,
        at: new Date("2026-06-02T08:00:00Z"),
      }),
    ]);

    await moderateReview(context(), { actorUserId: setup.admin.id, reviewId: held.id, action: "hide", reason: "Advertising." });
    await moderateReview(context(), { actorUserId: setup.admin.id, reviewId: held.id, action: "restore" });
    const rows = await audit();
    expect(rows.map((row) => [row.action, row.before, row.after, row.reason])).toEqual([
      ["review.approve", { status: "pending", moderationReason: null }, { status: "published", moderationReason: null }, null],
      [
        "review.hide",
        { status: "published", moderationReason: null },
        { status: "hidden", moderationReason: "Advertising." },
        "Advertising.",
      ],
      ["review.restore", { status: "hidden", moderationReason: "Advertising." }, { status: "published", moderationReason: null }, null],
    ]);
  });

  test("non-admins, a missing reason, a wrong state and an unknown review are refused and write nothing", async () => {
    const setup = await given();
    const published = await review(setup, good);
    const customer = await createUser(database.db);
    const before = await database.db.query.reviews.findFirst({ where: eq(reviews.id, published.id) });

    for (const actor of [customer.id, setup.specialistUser.id, published.customerId]) {
      expect(await moderateReview(context(), { actorUserId: actor, reviewId: published.id, action: "hide", reason: "x" })).toMatchObject({
        ok: false,
        reason: "not-allowed",
      });
    }
    const suspended = await createUser(database.db, { role: "admin", status: "suspended" });
    expect(
      await moderateReview(context(), { actorUserId: suspended.id, reviewId: published.id, action: "hide", reason: "x" }),
    ).toMatchObject({ ok: false, reason: "not-allowed" });
    for (const reason of [undefined, "", "   ", "x".repeat(501)]) {
      expect(
        await moderateReview(context(), { actorUserId: setup.admin.id, reviewId: published.id, action: "hide", reason }),
      ).toMatchObject({
        ok: false,
        reason: "invalid-input",
      });
    }
    expect(await moderateReview(context(), { actorUserId: setup.admin.id, reviewId: published.id, action: "approve" })).toMatchObject({
      ok: false,
      reason: "wrong-state",
    });
    expect(await moderateReview(context(), { actorUserId: setup.admin.id, reviewId: published.id, action: "restore" })).toMatchObject({
      ok: false,
      reason: "wrong-state",
    });
    expect(await moderateReview(context(), { actorUserId: setup.admin.id, reviewId: "nope", action: "approve" })).toMatchObject({
      ok: false,
      reason: "not-found",
    });

    expect(await audit()).toEqual([]);
    expect(await database.db.query.reviews.findFirst({ where: eq(reviews.id, published.id) })).toEqual(before);
    expect(await figures(setup.specialist.id)).toMatchObject({ count: 1 });
  });

  test("two admins hiding the same review at once: one wins, one audit row", async () => {
    const setup = await given();
    const published = await review(setup, good);
    const other = await createUser(database.db, { role: "admin" });
    const results = await Promise.all(
      [setup.admin.id, other.id].map((actorUserId) =>
        moderateReview(context(), { actorUserId, reviewId: published.id, action: "hide", reason: "Spam." }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await audit()).toHaveLength(1);
  });
});

describe("reports", () => {
  test("a signed-in user reports a review; hiding it resolves the open reports", async () => {
    const setup = await given();
    const published = await review(setup, good);
    const one = await createUser(database.db);
    const two = await createUser(database.db);

    expect(await reportReview(context(), { actorUserId: one.id, reviewId: published.id, reason: "spam" })).toEqual({ ok: true });
    expect(
      await reportReview(context(), { actorUserId: two.id, reviewId: published.id, reason: "other", note: "  Mentions my name.  " }),
    ).toEqual({ ok: true });
    const open = await database.db.select().from(reviewReports);
    expect(open.map((report) => [report.reporterId, report.reason, report.note, report.resolvedAt])).toEqual([
      [one.id, "spam", null, null],
      [two.id, "other", "Mentions my name.", null],
    ]);

    clock.set(new Date("2026-06-03T00:00:00Z"));
    await moderateReview(context(), { actorUserId: setup.admin.id, reviewId: published.id, action: "hide", reason: "Spam." });
    const resolved = await database.db.select().from(reviewReports);
    expect(resolved.map((report) => [report.resolvedAt, report.resolvedBy])).toEqual([
      [new Date("2026-06-03T00:00:00Z"), setup.admin.id],
      [new Date("2026-06-03T00:00:00Z"), setup.admin.id],
    ]);
  });

  test("a bad reason, an over-long note, a second open report, one's own review or a hidden one are refused and write nothing", async () => {
    const setup = await given();
    const published = await review(setup, good);
    const reporter = await createUser(database.db);
    const refused = (input: { actorUserId: string; reviewId?: string; reason: unknown; note?: unknown }) =>
      reportReview(context(), { reviewId: published.id, ...input });

    expect(await refused({ actorUserId: reporter.id, reason: "boring" })).toMatchObject({ ok: false, reason: "invalid-input" });
    expect(await refused({ actorUserId: reporter.id, reason: undefined })).toMatchObject({ ok: false, reason: "invalid-input" });
    expect(await refused({ actorUserId: reporter.id, reason: "other", note: "x".repeat(501) })).toMatchObject({
      ok: false,
      reason: "invalid-input",
    });
    expect(await refused({ actorUserId: published.customerId, reason: "spam" })).toMatchObject({ ok: false, reason: "own-review" });
    expect(await refused({ actorUserId: reporter.id, reviewId: "nope", reason: "spam" })).toMatchObject({ ok: false, reason: "not-found" });
    expect(await database.db.select().from(reviewReports)).toEqual([]);

    await refused({ actorUserId: reporter.id, reason: "spam" });
    expect(await refused({ actorUserId: reporter.id, reason: "offensive" })).toMatchObject({ ok: false, reason: "already-reported" });
    expect(await database.db.select().from(reviewReports)).toHaveLength(1);

    await moderateReview(context(), { actorUserId: setup.admin.id, reviewId: published.id, action: "hide", reason: "Spam." });
    const other = await createUser(database.db);
    expect(await refused({ actorUserId: other.id, reason: "spam" })).toMatchObject({ ok: false, reason: "not-found" });
    expect(await database.db.select().from(reviewReports)).toHaveLength(1);
  });
});
