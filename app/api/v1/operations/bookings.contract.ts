import { createUser } from "../../../../db/factories";
import type { User } from "../../../../db/schema";
import { rebuildSlotsForSpecialist } from "../../../domain/availability/slots.server";
import { givenSpecialist } from "../../../domain/booking/booking.test-support";
import { createBooking } from "../../../domain/booking/create-booking.server";
import { givenPaidBooking } from "../../../domain/payments/ledger.test-support";
import { recordingQueue } from "../../../../tests/queue";
import type { ContractScenarios, ScenarioKit } from "../contract";

// The kit's clock starts on Monday 1 June 2026, 12:00 UTC. The specialist works 09:00–17:00 in
// London (08:00–16:00 UTC), takes bookings from 4 hours ahead and lets customers cancel or move
// them for free up to 24 hours before the start.
export const openTime = "2026-06-03T10:00:00.000Z";
export const laterOpenTime = "2026-06-04T10:00:00.000Z";
/** Open, but inside the 24-hour deadline. */
export const soonOpenTime = "2026-06-02T09:00:00.000Z";

/** A listed specialist with a paid 60-minute session type (45.00 USD), open times materialized. */
export async function givenOffer(kit: Pick<ScenarioKit, "db" | "clock">, options: { priceMinor?: number } = {}) {
  const { user, specialist, types } = await givenSpecialist(kit.db, {
    sessions: [{ minutes: 60, priceMinor: options.priceMinor ?? 4500, currency: "USD" }],
  });
  await rebuildSlotsForSpecialist(kit, specialist.id);
  return { specialistUser: user, specialist, type: types[0]! };
}

/** A booking made through the domain, as the web's booking form makes it. */
export async function givenBooking(kit: Pick<ScenarioKit, "db" | "clock">, customer: User, sessionTypeId: string, startsAt: string) {
  const result = await createBooking(
    { db: kit.db, clock: kit.clock, queue: recordingQueue().queue },
    { customerId: customer.id, sessionTypeId, startsAt: new Date(startsAt), topic: "", customerTimezone: customer.timezone },
  );
  if (!result.ok) throw new Error(`Could not book: ${result.message}`);
  return result.booking;
}

export const scenarios: ContractScenarios = {
  createBooking: async (kit) => {
    const { specialistUser, type } = await givenOffer(kit);
    const customer = await createUser(kit.db, { timezone: "America/New_York" });
    const other = await createUser(kit.db);
    const token = await kit.tokenFor(customer.id);
    const body = { sessionTypeId: type.id, startsAt: openTime, timezone: "America/New_York", note: "Career change" };
    const once = { "Idempotency-Key": "6f1c1f4e-book-once" };
    return [
      { method: "post", path: "/bookings", token, body, headers: once, expect: 201 },
      // The same request again is answered with the same booking.
      { method: "post", path: "/bookings", token, body, headers: once, expect: 201 },
      { method: "post", path: "/bookings", token: await kit.tokenFor(other.id), body, expect: 409 },
      { method: "post", path: "/bookings", token: await kit.tokenFor(specialistUser.id), body, expect: 403 },
      { method: "post", path: "/bookings", token, body: { ...body, startsAt: "next Tuesday" }, expect: 400 },
      { method: "post", path: "/bookings", token, body: { ...body, timezone: "Mars/Olympus" }, expect: 400 },
      { method: "post", path: "/bookings", token, body: { ...body, sessionTypeId: "no-such-session" }, expect: 404 },
      { method: "post", path: "/bookings", body, expect: 401 },
    ];
  },
  listBookings: async (kit) => {
    const { type } = await givenOffer(kit);
    const customer = await createUser(kit.db);
    await givenBooking(kit, customer, type.id, openTime);
    await givenBooking(kit, customer, type.id, laterOpenTime);
    const token = await kit.tokenFor(customer.id);
    return [
      { method: "get", path: "/bookings?limit=1&status=pending_payment", token, expect: 200 },
      { method: "get", path: "/bookings?status=booked", token, expect: 400 },
      { method: "get", path: "/bookings?cursor=not-a-cursor", token, expect: 400 },
      { method: "get", path: `/bookings?from=${laterOpenTime}&to=${openTime}`, token, expect: 400 },
      { method: "get", path: "/bookings", expect: 401 },
    ];
  },
  getBooking: async (kit) => {
    const { type } = await givenOffer(kit);
    const customer = await createUser(kit.db);
    const booking = await givenBooking(kit, customer, type.id, openTime);
    const stranger = await createUser(kit.db);
    return [
      { method: "get", path: `/bookings/${booking.id}`, token: await kit.tokenFor(customer.id), expect: 200 },
      { method: "get", path: `/bookings/${booking.id}`, token: await kit.tokenFor(stranger.id), expect: 404 },
      { method: "get", path: "/bookings/no-such-booking", token: await kit.tokenFor(customer.id), expect: 404 },
    ];
  },
  rescheduleBooking: async (kit) => {
    const { type } = await givenOffer(kit);
    const customer = await createUser(kit.db);
    const booking = await givenBooking(kit, customer, type.id, openTime);
    const soon = await givenBooking(kit, customer, type.id, soonOpenTime);
    const taken = "2026-06-05T10:00:00.000Z";
    await givenBooking(kit, await createUser(kit.db), type.id, taken);
    const token = await kit.tokenFor(customer.id);
    const path = `/bookings/${booking.id}/reschedule`;
    return [
      { method: "post", path, token, body: { startsAt: laterOpenTime }, expect: 200 },
      { method: "post", path, token, body: { startsAt: taken }, expect: 409 },
      { method: "post", path, token, body: { startsAt: "later" }, expect: 400 },
      { method: "post", path: `/bookings/${soon.id}/reschedule`, token, body: { startsAt: taken }, expect: 403 },
      { method: "post", path, token: await kit.tokenFor((await createUser(kit.db)).id), body: { startsAt: openTime }, expect: 404 },
    ];
  },
  previewCancellation: async (kit) => {
    const { type } = await givenOffer(kit);
    const { bookingId, customer } = await givenPaidBooking(kit.db, kit.clock, { sessionType: type, startsAt: new Date(openTime) });
    return [
      { method: "get", path: `/bookings/${bookingId}/cancellation`, token: await kit.tokenFor(customer.id), expect: 200 },
      { method: "get", path: `/bookings/${bookingId}/cancellation`, token: await kit.tokenFor((await createUser(kit.db)).id), expect: 404 },
    ];
  },
  cancelBooking: async (kit) => {
    const { type } = await givenOffer(kit);
    const { bookingId, customer } = await givenPaidBooking(kit.db, kit.clock, { sessionType: type, startsAt: new Date(openTime) });
    const token = await kit.tokenFor(customer.id);
    const path = `/bookings/${bookingId}/cancel`;
    return [
      { method: "post", path, token, body: { reason: "Something came up at work." }, expect: 200 },
      { method: "post", path, token, body: { reason: "Again." }, expect: 409 },
      { method: "post", path, token, body: { reason: " " }, expect: 400 },
      { method: "post", path, token: await kit.tokenFor((await createUser(kit.db)).id), body: { reason: "Not mine." }, expect: 404 },
    ];
  },
  getReceipt: async (kit) => {
    const { type, specialistUser } = await givenOffer(kit);
    const { bookingId, customer } = await givenPaidBooking(kit.db, kit.clock, { sessionType: type, startsAt: new Date(openTime) });
    const unpaid = await givenBooking(kit, customer, type.id, laterOpenTime);
    const token = await kit.tokenFor(customer.id);
    return [
      { method: "get", path: `/bookings/${bookingId}/receipt`, token, expect: 200 },
      { method: "get", path: `/bookings/${bookingId}/receipt`, token: await kit.tokenFor(specialistUser.id), expect: 200 },
      { method: "get", path: `/bookings/${unpaid.id}/receipt`, token, expect: 404 },
      { method: "get", path: `/bookings/${bookingId}/receipt`, token: await kit.tokenFor((await createUser(kit.db)).id), expect: 404 },
    ];
  },
};
