import { createUser } from "../../../../db/factories";
import { givenSpecialist } from "../../../domain/booking/booking.test-support";
import { givenPaidBooking, givenRefund } from "../../../domain/payments/ledger.test-support";
import { bookedStart, givenPendingBooking } from "../../../domain/payments/payments.test-support";
import type { ContractScenarios, ScenarioKit } from "../contract";

// The test clock starts on Monday 1 June 2026, 12:00 UTC; payments go through the test provider.

/** A specialist with one paid booking (partly refunded) and the customer who paid. */
async function givenPaidPractice({ db, clock, tokenFor }: ScenarioKit) {
  const { user, types } = await givenSpecialist(db, { sessions: [{ minutes: 60, priceMinor: 10_000 }] });
  const paid = await givenPaidBooking(db, clock, { sessionType: types[0]!, startsAt: bookedStart });
  await givenRefund(db, clock, { paymentId: paid.payment.id, amountMinor: 2_500, reason: "goodwill" });
  return { ...paid, specialistToken: await tokenFor(user.id), customerToken: await tokenFor(paid.customer.id) };
}

export const scenarios: ContractScenarios = {
  startCheckout: async (kit) => {
    const { booking, customer } = await givenPendingBooking(kit.db, kit.clock);
    const token = await kit.tokenFor(customer.id);
    const stranger = await kit.tokenFor((await createUser(kit.db)).id);
    const paid = await givenPaidPractice(kit);
    return [
      { method: "post", path: `/bookings/${booking.id}/checkout`, token, expect: 200 },
      { method: "post", path: `/bookings/${booking.id}/checkout`, token, expect: 200 },
      { method: "post", path: `/bookings/${booking.id}/checkout`, token: stranger, expect: 404 },
      { method: "post", path: `/bookings/${paid.bookingId}/checkout`, token: paid.customerToken, expect: 409 },
    ];
  },
  listPayments: async (kit) => {
    const { customerToken, specialistToken } = await givenPaidPractice(kit);
    return [
      { method: "get", path: "/payments?limit=10", token: customerToken, expect: 200 },
      { method: "get", path: "/payments", token: specialistToken, expect: 200 },
      { method: "get", path: "/payments?cursor=not-a-cursor", token: customerToken, expect: 400 },
      { method: "get", path: "/payments?limit=0", token: customerToken, expect: 400 },
    ];
  },
  getEarnings: async (kit) => {
    const { customerToken, specialistToken } = await givenPaidPractice(kit);
    const noProfile = await kit.tokenFor((await createUser(kit.db, { role: "specialist" })).id);
    return [
      { method: "get", path: "/earnings?from=2026-01&to=2026-06", token: specialistToken, expect: 200 },
      { method: "get", path: "/earnings", token: specialistToken, expect: 200 },
      { method: "get", path: "/earnings?from=2026-07&to=2026-01", token: specialistToken, expect: 400 },
      { method: "get", path: "/earnings?from=2020-01", token: specialistToken, expect: 400 },
      { method: "get", path: "/earnings?to=June", token: specialistToken, expect: 400 },
      { method: "get", path: "/earnings", token: customerToken, expect: 403 },
      { method: "get", path: "/earnings", token: noProfile, expect: 404 },
    ];
  },
  listEarningEntries: async (kit) => {
    const { customerToken, specialistToken } = await givenPaidPractice(kit);
    return [
      { method: "get", path: "/earnings/entries?month=2026-06&status=confirmed&limit=5", token: specialistToken, expect: 200 },
      { method: "get", path: "/earnings/entries", token: specialistToken, expect: 200 },
      { method: "get", path: "/earnings/entries?status=pending_payment", token: specialistToken, expect: 400 },
      { method: "get", path: "/earnings/entries", token: customerToken, expect: 403 },
    ];
  },
};
