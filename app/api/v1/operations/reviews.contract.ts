import { createUser } from "../../../../db/factories";
import { submitReview } from "../../../domain/reviews/reviews.server";
import { givenBooking, givenSpecialistForReviews, goodReview } from "../../../domain/reviews/reviews.test-support";
import { recordingQueue } from "../../../../tests/queue";
import type { ContractScenarios, ScenarioKit } from "../contract";

/** A specialist, a customer and the customer's completed booking that ended an hour before the kit's clock. */
export async function givenCompletedBooking(
  { db, clock }: Pick<ScenarioKit, "db" | "clock">,
  status: "completed" | "confirmed" = "completed",
) {
  const setup = await givenSpecialistForReviews(db);
  const customer = await createUser(db, { name: "Casey Customer" });
  const booking = await givenBooking(db, setup, { endsAt: new Date(clock.now().getTime() - 60 * 60_000), customerId: customer.id, status });
  return { ...setup, customer, booking };
}

/** The customer's review of the booking, written as the page writes it. */
export async function givenReview(kit: Pick<ScenarioKit, "db" | "clock">, given: Awaited<ReturnType<typeof givenCompletedBooking>>) {
  const result = await submitReview(
    { db: kit.db, clock: kit.clock, queue: recordingQueue().queue },
    { actorUserId: given.customer.id, bookingId: given.booking.id, review: goodReview },
  );
  if (!result.ok) throw new Error(result.message);
  return result.review;
}

export const scenarios: ContractScenarios = {
  createReview: async (kit) => {
    const given = await givenCompletedBooking(kit);
    const upcoming = await givenCompletedBooking(kit, "confirmed");
    const token = await kit.tokenFor(given.customer.id);
    const path = `/bookings/${given.booking.id}/review`;
    return [
      {
        method: "post",
        path,
        token,
        body: { overall: 5, communication: 4, expertise: 5, value: 4, comment: "Clear and practical." },
        expect: 201,
      },
      { method: "post", path, token, body: { overall: 4, communication: 4, expertise: 4, value: 4 }, expect: 409 },
      { method: "post", path, token: await kit.tokenFor(given.specialistUser.id), body: goodReview, expect: 404 },
      {
        method: "post",
        path: `/bookings/${upcoming.booking.id}/review`,
        token: await kit.tokenFor(upcoming.customer.id),
        body: goodReview,
        expect: 409,
      },
      { method: "post", path, token, body: { ...goodReview, overall: 6 }, expect: 400 },
      { method: "post", path, token, body: { ...goodReview, overall: [5] }, expect: 400 },
    ];
  },
  listMyReviews: async (kit) => {
    const given = await givenCompletedBooking(kit);
    await givenReview(kit, given);
    return [
      { method: "get", path: "/reviews?limit=10", token: await kit.tokenFor(given.specialistUser.id), expect: 200 },
      { method: "get", path: "/reviews?limit=0", token: await kit.tokenFor(given.customer.id), expect: 400 },
    ];
  },
  respondToReview: async (kit) => {
    const given = await givenCompletedBooking(kit);
    const review = await givenReview(kit, given);
    const path = `/reviews/${review.id}/response`;
    return [
      { method: "post", path, token: await kit.tokenFor(given.specialistUser.id), body: { response: "Thank you, Casey!" }, expect: 200 },
      { method: "post", path, token: await kit.tokenFor(given.customer.id), body: { response: "Not mine to answer." }, expect: 404 },
      { method: "post", path, token: await kit.tokenFor(given.specialistUser.id), body: { response: "   " }, expect: 400 },
    ];
  },
};
