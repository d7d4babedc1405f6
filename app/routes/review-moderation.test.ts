import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../db/factories";
import { auditLog, reviewReports, reviews, specialists } from "../../db/schema";
import { createTestApp, signedInCookie } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { decodeHtml } from "../../tests/html";
import { recordingQueue } from "../../tests/queue";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { submitReview } from "../domain/reviews/reviews.server";
import { givenBooking, givenSpecialistForReviews } from "../domain/reviews/reviews.test-support";

const hourMs = 60 * 60_000;
let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
const clock = createTestClock();
const ended = new Date("2026-06-01T10:00:00Z");
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date(ended.getTime() + hourMs));
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

async function given(comment = "Clear and practical.") {
  const setup = await givenSpecialistForReviews(database.db);
  const booking = await givenBooking(database.db, setup, { endsAt: ended });
  const written = await submitReview(
    { db: database.db, clock, queue: recordingQueue().queue },
    { actorUserId: booking.customerId, bookingId: booking.id, review: { overall: 2, communication: 2, expertise: 2, value: 2, comment } },
  );
  if (!written.ok) throw new Error(written.message);
  const admin = await createUser(database.db, { role: "admin" });
  const reporter = await createUser(database.db);
  return {
    ...setup,
    review: written.review,
    authorCookie: await signedInCookie(database.db, booking.customerId, clock.now()),
    adminCookie: await signedInCookie(database.db, admin.id, clock.now()),
    reporterCookie: await signedInCookie(database.db, reporter.id, clock.now()),
    reviewPage: `/bookings/${booking.id}/review`,
  };
}

const page = async (path: string, cookie?: string) => decodeHtml(await (await app.get(path, { cookie })).text());
const ratingCount = async () => (await database.db.select().from(specialists)).map((row) => row.ratingCount);

describe("reporting a review", () => {
  test("the profile offers a report form on each review; a signed-in user reports, an admin hides it with a reason", async () => {
    const { specialist, review, reporterCookie, adminCookie, authorCookie, reviewPage } = await given("Rude and useless.");
    const profile = await page(`/s/${specialist.slug}`);
    expect(profile).toContain(`action="/reviews/${review.id}/report"`);

    const reported = await app.post(
      `/reviews/${review.id}/report`,
      { reason: "offensive", note: "Insults the specialist." },
      { cookie: reporterCookie },
    );
    expect(reported.status).toBe(302);
    expect(await page(reported.headers.get("location")!, reporterCookie)).toContain("an admin will look at this review");

    const queue = await page("/admin/reviews", adminCookie);
    expect(queue).toContain("Rude and useless.");
    expect(queue).toContain("Offensive or abusive: Insults the specialist.");

    const hidden = await app.post(
      "/admin/reviews",
      { intent: "hide", reviewId: review.id, reason: "Insulting language." },
      { cookie: adminCookie },
    );
    expect(hidden.status).toBe(302);
    expect(await page(`/s/${specialist.slug}`)).not.toContain("Rude and useless.");
    expect(await ratingCount()).toEqual([0]);
    expect(await page(reviewPage, authorCookie)).toContain("Insulting language.");
    expect(await page("/admin/reviews?show=hidden", adminCookie)).toContain("Rude and useless.");
    expect(await database.db.select().from(auditLog)).toHaveLength(1);
  });

  test("signed out, the report sends you to log in and writes nothing", async () => {
    const { review } = await given();
    const response = await app.post(`/reviews/${review.id}/report`, { reason: "spam" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/reviews/${review.id}/report`)}`);
    expect(await database.db.select().from(reviewReports)).toEqual([]);
  });

  test("a bad reason, a second report and one's own review are 4xx and write nothing more", async () => {
    const { review, reporterCookie, authorCookie } = await given();
    const path = `/reviews/${review.id}/report`;
    expect((await app.post(path, { reason: "boring" }, { cookie: reporterCookie })).status).toBe(400);
    expect((await app.post(path, { reason: "other", note: "x".repeat(501) }, { cookie: reporterCookie })).status).toBe(400);
    expect((await app.post(path, { reason: "spam" }, { cookie: authorCookie })).status).toBe(403);
    expect(await database.db.select().from(reviewReports)).toEqual([]);
    expect((await app.post(path, { reason: "spam" }, { cookie: reporterCookie })).status).toBe(302);
    expect((await app.post(path, { reason: "spam" }, { cookie: reporterCookie })).status).toBe(409);
    expect(await database.db.select().from(reviewReports)).toHaveLength(1);
  });
});

describe("/admin/reviews", () => {
  test("a held review awaits moderation: its author is told, an admin approves it and it shows", async () => {
    const { specialist, review, adminCookie, authorCookie, reviewPage } = await given("Cheaper at coachanna.com");
    expect(await page(reviewPage, authorCookie)).toContain("awaits moderation");
    expect(await page(`/s/${specialist.slug}`)).not.toContain("coachanna.com");
    expect(await page("/admin/reviews", adminCookie)).toContain("Cheaper at coachanna.com");

    const approved = await app.post("/admin/reviews", { intent: "approve", reviewId: review.id }, { cookie: adminCookie });
    expect(approved.status).toBe(302);
    expect(await page(`/s/${specialist.slug}`)).toContain("Cheaper at coachanna.com");
    expect(await ratingCount()).toEqual([1]);
  });

  test("non-admins are refused and a hide without a reason is a 400; nothing is written", async () => {
    const { review, adminCookie, reporterCookie, authorCookie } = await given();
    for (const cookie of [reporterCookie, authorCookie]) {
      expect((await app.get("/admin/reviews", { cookie })).status).toBe(403);
      expect((await app.post("/admin/reviews", { intent: "hide", reviewId: review.id, reason: "x" }, { cookie })).status).toBe(403);
    }
    expect((await app.post("/admin/reviews", { intent: "hide", reviewId: review.id, reason: "" }, { cookie: adminCookie })).status).toBe(
      400,
    );
    expect((await app.post("/admin/reviews", { intent: "approve", reviewId: review.id }, { cookie: adminCookie })).status).toBe(409);
    expect((await app.post("/admin/reviews", { intent: "delete", reviewId: review.id }, { cookie: adminCookie })).status).toBe(400);
    expect(await database.db.select().from(auditLog)).toEqual([]);
    expect((await database.db.select().from(reviews).where(eq(reviews.id, review.id)))[0]?.status).toBe("published");
  });
});
