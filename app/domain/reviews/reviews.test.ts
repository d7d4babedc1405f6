import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSpecialist, createUser } from "../../../db/factories";
import type { JobMessage } from "../../../jobs/messages";
import { notifications, outboxEmails, reviews, specialistListings, specialists } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { concurrencyTestLimitMs } from "../../../tests/limits";
import { recordingQueue } from "../../../tests/queue";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import type { ReviewInput } from "./review-schemas";
import { drain, jobContext } from "../payments/payments.test-support";
import { editReview, respondToReview, submitReview } from "./reviews.server";
import { givenBooking, givenSpecialistForReviews, goodReview as good, sessionEnded as ended } from "./reviews.test-support";

const hourMs = 60 * 60_000;
const dayMs = 24 * hourMs;
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
  const booking = await givenBooking(database.db, setup, { endsAt: ended });
  return { ...setup, booking };
}

async function figures(specialistId: string) {
  const specialist = await database.db.query.specialists.findFirst({ where: eq(specialists.id, specialistId) });
  const listing = await database.db.query.specialistListings.findFirst({ where: eq(specialistListings.specialistId, specialistId) });
  return {
    count: specialist!.ratingCount,
    average: specialist!.ratingAvg,
    sums: [specialist!.ratingSum, specialist!.communicationSum, specialist!.expertiseSum, specialist!.valueSum],
    listing: { count: listing?.ratingCount, average: listing?.ratingAvg },
  };
}

async function nothingWritten(specialistId: string) {
  expect(await database.db.select().from(reviews)).toEqual([]);
  expect(await figures(specialistId)).toMatchObject({ count: 0, average: null, sums: [0, 0, 0, 0] });
  expect(await database.db.select().from(notifications).where(eq(notifications.kind, "review-new"))).toEqual([]);
}

describe("submitReview", () => {
  test("the customer reviews a completed session: the review is published, the averages and the directory follow, the specialist is told", async () => {
    const { booking, specialist, specialistUser } = await given();
    const result = await submitReview(context(), { actorUserId: booking.customerId, bookingId: booking.id, review: good });

    expect(result).toMatchObject({
      ok: true,
      review: { overall: 5, communication: 4, comment: "Clear and practical.", status: "published" },
    });
    expect(await figures(specialist.id)).toEqual({ count: 1, average: 5, sums: [5, 4, 5, 3], listing: { count: 1, average: 5 } });
    const told = await database.db.select().from(notifications).where(eq(notifications.kind, "review-new"));
    expect(told.map((notice) => [notice.userId, notice.channel]).sort()).toEqual([
      [specialistUser.id, "email"],
      [specialistUser.id, "in_app"],
    ]);
  });

  test("a second review of the same booking is refused and changes nothing", async () => {
    const { booking, specialist } = await given();
    await submitReview(context(), { actorUserId: booking.customerId, bookingId: booking.id, review: good });
    const second = await submitReview(context(), {
      actorUserId: booking.customerId,
      bookingId: booking.id,
      review: { ...good, overall: 1 },
    });
    expect(second).toMatchObject({ ok: false, reason: "already-reviewed" });
    expect(await database.db.select().from(reviews)).toHaveLength(1);
    expect(await figures(specialist.id)).toMatchObject({ count: 1, average: 5 });
  });

  test.each([
    ["rating 0", { ...good, overall: 0 }],
    ["rating 6", { ...good, overall: 6 }],
    ["rating as text", { ...good, overall: "great" as unknown as number }],
    ["an aspect out of range", { ...good, value: 9 }],
    ["a missing aspect", { ...good, expertise: undefined as unknown as number }],
    ["a 2,001-character comment", { ...good, comment: "x".repeat(2001) }],
  ])("bad input (%s) is refused and writes nothing", async (_, review) => {
    const { booking, specialist } = await given();
    const result = await submitReview(context(), { actorUserId: booking.customerId, bookingId: booking.id, review });
    expect(result).toMatchObject({ ok: false, reason: "invalid-input" });
    await nothingWritten(specialist.id);
  });

  test("a 2,000-character comment and an empty one are fine", async () => {
    const setup = await givenSpecialistForReviews(database.db);
    const first = await givenBooking(database.db, setup, { endsAt: ended });
    const second = await givenBooking(database.db, setup, { endsAt: ended });
    const long = await submitReview(context(), {
      actorUserId: first.customerId,
      bookingId: first.id,
      review: { ...good, comment: "x".repeat(2000) },
    });
    const empty = await submitReview(context(), { actorUserId: second.customerId, bookingId: second.id, review: { ...good, comment: "" } });
    expect([long.ok, empty.ok]).toEqual([true, true]);
  });

  test("someone else's booking is refused and writes nothing", async () => {
    const { booking, specialist, specialistUser } = await given();
    const stranger = await createUser(database.db);
    for (const actor of [stranger.id, specialistUser.id]) {
      expect(await submitReview(context(), { actorUserId: actor, bookingId: booking.id, review: good })).toMatchObject({
        ok: false,
        reason: "not-found",
      });
    }
    await nothingWritten(specialist.id);
  });

  test.each(["confirmed", "cancelled", "pending_payment", "expired"] as const)(
    "a booking in status %s can't be reviewed",
    async (status) => {
      const setup = await givenSpecialistForReviews(database.db);
      const booking = await givenBooking(database.db, setup, { endsAt: ended, status });
      const result = await submitReview(context(), { actorUserId: booking.customerId, bookingId: booking.id, review: good });
      expect(result).toMatchObject({ ok: false, reason: "not-completed" });
      await nothingWritten(setup.specialist.id);
    },
  );

  test("reviews are taken until 60 days after the session ended, not after", async () => {
    const setup = await givenSpecialistForReviews(database.db);
    const late = await givenBooking(database.db, setup, { endsAt: ended });
    const inTime = await givenBooking(database.db, setup, { endsAt: ended });
    clock.set(new Date(ended.getTime() + 60 * dayMs + 1));
    expect(await submitReview(context(), { actorUserId: late.customerId, bookingId: late.id, review: good })).toMatchObject({
      ok: false,
      reason: "window-closed",
    });
    await nothingWritten(setup.specialist.id);
    clock.set(new Date(ended.getTime() + 60 * dayMs));
    expect(await submitReview(context(), { actorUserId: inTime.customerId, bookingId: inTime.id, review: good })).toMatchObject({
      ok: true,
    });
  });
});

test("the specialist's email names the customer and rating and links to the review page", async () => {
  const { booking, specialistUser } = await given();
  const sent: JobMessage[] = [];
  const jobs = { ...jobContext(database.db, clock, sent), origin: "https://specialistly.example" };
  await submitReview(jobs, { actorUserId: booking.customerId, bookingId: booking.id, review: good });
  await drain(sent, jobs);
  const mails = await database.db.select().from(outboxEmails).where(eq(outboxEmails.to, specialistUser.email));
  expect(mails.map((mail) => mail.subject)).toEqual(["New review from Casey Customer: 5 of 5"]);
  expect(mails[0]!.text).toContain(`https://specialistly.example/bookings/${booking.id}/review`);
  expect(mails[0]!.text).toContain("Clear and practical.");
});

describe("editReview", () => {
  test("the author edits within 48 hours and the averages move by the difference", async () => {
    const setup = await givenSpecialistForReviews(database.db);
    const mine = await givenBooking(database.db, setup, { endsAt: ended });
    const other = await givenBooking(database.db, setup, { endsAt: ended });
    await submitReview(context(), { actorUserId: other.customerId, bookingId: other.id, review: { ...good, overall: 4 } });
    await submitReview(context(), { actorUserId: mine.customerId, bookingId: mine.id, review: good });
    expect(await figures(setup.specialist.id)).toMatchObject({ count: 2, average: 4.5, sums: [9, 8, 10, 6] });

    clock.advance(48 * hourMs);
    const edited = await editReview(context(), {
      actorUserId: mine.customerId,
      bookingId: mine.id,
      review: { overall: 1, communication: 2, expertise: 3, value: 5, comment: "Changed my mind." },
    });
    expect(edited).toMatchObject({ ok: true, review: { overall: 1, comment: "Changed my mind." } });
    expect(await figures(setup.specialist.id)).toEqual({ count: 2, average: 2.5, sums: [5, 6, 8, 8], listing: { count: 2, average: 2.5 } });
  });

  test("after 48 hours, by someone else, or with bad input an edit is refused and changes nothing", async () => {
    const { booking, specialist, specialistUser } = await given();
    await submitReview(context(), { actorUserId: booking.customerId, bookingId: booking.id, review: good });
    const attempt = (actorUserId: string, review: ReviewInput = { ...good, overall: 1 }) =>
      editReview(context(), { actorUserId, bookingId: booking.id, review });

    expect(await attempt(booking.customerId, { ...good, overall: 6 })).toMatchObject({ ok: false, reason: "invalid-input" });
    expect(await attempt(specialistUser.id)).toMatchObject({ ok: false, reason: "not-found" });
    clock.advance(48 * hourMs + 1);
    expect(await attempt(booking.customerId)).toMatchObject({ ok: false, reason: "edit-window-closed" });
    const [review] = await database.db.select().from(reviews);
    expect(review).toMatchObject({ overall: 5, comment: "Clear and practical." });
    expect(await figures(specialist.id)).toMatchObject({ count: 1, average: 5, sums: [5, 4, 5, 3] });
  });
});

describe("respondToReview", () => {
  test("the booking's specialist responds once and may edit the response; nobody else may", async () => {
    const { booking, specialistUser } = await given();
    await submitReview(context(), { actorUserId: booking.customerId, bookingId: booking.id, review: good });
    const otherSpecialist = await createSpecialist(database.db);
    for (const actor of [booking.customerId, otherSpecialist.user.id]) {
      expect(await respondToReview(context(), { actorUserId: actor, bookingId: booking.id, response: "Hijack" })).toMatchObject({
        ok: false,
        reason: "not-found",
      });
    }
    expect(await respondToReview(context(), { actorUserId: specialistUser.id, bookingId: booking.id, response: "  " })).toMatchObject({
      ok: false,
      reason: "invalid-input",
    });
    expect(
      await respondToReview(context(), { actorUserId: specialistUser.id, bookingId: booking.id, response: "y".repeat(2001) }),
    ).toMatchObject({ ok: false, reason: "invalid-input" });
    expect((await database.db.select().from(reviews))[0]).toMatchObject({ response: null, respondedAt: null });

    const respondedAt = clock.now();
    expect(
      await respondToReview(context(), { actorUserId: specialistUser.id, bookingId: booking.id, response: "Thank you!" }),
    ).toMatchObject({
      ok: true,
      review: { response: "Thank you!", respondedAt, responseUpdatedAt: respondedAt },
    });
    clock.advance(10 * dayMs);
    const edited = await respondToReview(context(), { actorUserId: specialistUser.id, bookingId: booking.id, response: "Thanks again!" });
    expect(edited).toMatchObject({ ok: true, review: { response: "Thanks again!", respondedAt, responseUpdatedAt: clock.now() } });
  });

  test("there is nothing to respond to before a review", async () => {
    const { booking, specialistUser } = await given();
    expect(await respondToReview(context(), { actorUserId: specialistUser.id, bookingId: booking.id, response: "Hello" })).toMatchObject({
      ok: false,
      reason: "not-found",
    });
  });
});

describe("concurrency", () => {
  test("40 simultaneous reviews of one specialist: every count and average is exact", { timeout: concurrencyTestLimitMs }, async () => {
    const setup = await givenSpecialistForReviews(database.db);
    const booked = [];
    for (let index = 0; index < 40; index += 1) booked.push(await givenBooking(database.db, setup, { endsAt: ended }));
    const ratings = booked.map((_, index) => ({
      overall: (index % 5) + 1,
      communication: ((index + 1) % 5) + 1,
      expertise: ((index + 2) % 5) + 1,
      value: ((index * 3) % 5) + 1,
      comment: `Review ${index}`,
    }));
    // Each booking also sent twice at once: only one of each pair may count.
    const results = await Promise.all(
      [...booked, ...booked].map((booking, index) =>
        submitReview(context(), { actorUserId: booking.customerId, bookingId: booking.id, review: ratings[index % booked.length]! }),
      ),
    );

    expect(results.filter((result) => result.ok)).toHaveLength(40);
    expect(results.filter((result) => !result.ok).map((result) => !result.ok && result.reason)).toEqual(Array(40).fill("already-reviewed"));
    const sum = (key: keyof (typeof ratings)[number]) => ratings.reduce((total, rating) => total + Number(rating[key]), 0);
    expect(await figures(setup.specialist.id)).toEqual({
      count: 40,
      average: sum("overall") / 40,
      sums: [sum("overall"), sum("communication"), sum("expertise"), sum("value")],
      listing: { count: 40, average: sum("overall") / 40 },
    });
  });
});
