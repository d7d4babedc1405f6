import { afterEach, beforeEach, expect, test } from "vitest";
import { createUser } from "../../db/factories";
import { createTestApp, signedInCookie } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { visibleText } from "../../tests/html";
import { recordingQueue } from "../../tests/queue";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { moderateReview } from "../domain/reviews/moderation.server";
import { submitReview } from "../domain/reviews/reviews.server";
import { givenBooking, givenSpecialistForReviews, goodReview, sessionEnded } from "../domain/reviews/reviews.test-support";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

test("an admin's action shows in the audit log with who, when, what changed and why; filters narrow it; a bad filter is a 400", async () => {
  const { db } = database;
  const clock = createTestClock(new Date(sessionEnded.getTime() + 60 * 60_000));
  const context = { db, clock, queue: recordingQueue().queue };
  const setup = await givenSpecialistForReviews(db);
  const booking = await givenBooking(db, setup, { endsAt: sessionEnded });
  const written = await submitReview(context, { actorUserId: booking.customerId, bookingId: booking.id, review: goodReview });
  if (!written.ok) throw new Error(written.message);
  const admin = await createUser(db, { role: "admin", name: "Ada Admin" });
  const hidden = await moderateReview(context, {
    actorUserId: admin.id,
    reviewId: written.review.id,
    action: "hide",
    reason: "Off topic.",
  });
  expect(hidden.ok).toBe(true);

  const app = await createTestApp({ db, clock });
  const cookie = await signedInCookie(db, admin.id, clock.now(), "UTC");
  const page = async (query: string) => {
    const response = await app.get(`/admin/audit${query}`, { cookie });
    return { status: response.status, text: visibleText(await response.text()) };
  };

  const all = await page("");
  expect(all.status).toBe(200);
  expect(all.text).toContain(
    `Ada Admin review.hide review ${written.review.id} status: published → hidden moderationReason: — → Off topic. Reason: Off topic.`,
  );
  expect((await page("?action=review.hide&actor=ada")).text).toContain("review.hide review");
  expect((await page("?action=review.approve")).text).toContain("No entries match.");

  const bad = await page("?from=2026-02-30");
  expect(bad.status).toBe(400);
  expect(bad.text).toContain("That first day doesn't exist.");
  expect(bad.text).not.toContain("review.hide review");

  const customer = await createUser(db);
  expect((await app.get("/admin/audit", { cookie: await signedInCookie(db, customer.id, clock.now()) })).status).toBe(403);
});
