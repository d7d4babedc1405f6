import { createReview, createSpecialist } from "../../../../db/factories";
import type { ContractScenarios } from "../contract";
import { givenListedSpecialist } from "./directory.test-support";

const day = 24 * 60 * 60 * 1000;

export const scenarios: ContractScenarios = {
  listSpecialists: async ({ db, clock }) => {
    await givenListedSpecialist(db, clock, { specialties: ["career-coaching"], languages: ["en", "de"] }, [
      { priceMinor: 0, minutes: 15 },
      { priceMinor: 9_000, currency: "EUR" },
    ]);
    await givenListedSpecialist(db, clock, { specialties: ["product-management"] });
    return [
      {
        method: "get",
        path: "/specialists?q=consultant&specialty=career-coaching&language=de&currency=USD&minPrice=10&maxPrice=500&availableWithin=7&sort=price&limit=10",
        expect: 200,
      },
      { method: "get", path: "/specialists", expect: 200 },
      { method: "get", path: "/specialists?minPrice=50&maxPrice=10", expect: 400 },
      { method: "get", path: "/specialists?limit=101", expect: 400 },
      { method: "get", path: "/specialists?cursor=not-a-cursor", expect: 400 },
      { method: "get", path: "/specialists", token: "not-a-token", expect: 401 },
    ];
  },
  getSpecialist: async ({ db, clock }) => {
    const { specialist, sessionTypes } = await givenListedSpecialist(db, clock);
    await createReview(db, sessionTypes[0]!, { createdAt: new Date(clock.now().getTime() - day), response: "Thank you!" });
    const { specialist: unlisted } = await createSpecialist(db, { published: false });
    return [
      { method: "get", path: `/specialists/${specialist.slug}`, expect: 200 },
      { method: "get", path: `/specialists/${unlisted.slug}`, expect: 404 },
    ];
  },
  listSessionTypes: async ({ db, clock }) => {
    const { specialist } = await givenListedSpecialist(db, clock, {}, [{ priceMinor: 0 }, { priceMinor: 5_000 }]);
    return [
      { method: "get", path: `/specialists/${specialist.slug}/session-types`, expect: 200 },
      { method: "get", path: "/specialists/nobody-here/session-types", expect: 404 },
    ];
  },
  listSpecialistReviews: async ({ db, clock }) => {
    const { specialist, sessionTypes } = await givenListedSpecialist(db, clock);
    for (const [index, overall] of [5, 3, 4].entries()) {
      await createReview(db, sessionTypes[0]!, { overall, createdAt: new Date(clock.now().getTime() - (index + 1) * day) });
    }
    return [
      { method: "get", path: `/specialists/${specialist.slug}/reviews?sort=highest&limit=2`, expect: 200 },
      { method: "get", path: `/specialists/${specialist.slug}/reviews?sort=best`, expect: 400 },
      { method: "get", path: `/specialists/${specialist.slug}/reviews?cursor=%%%`, expect: 400 },
      { method: "get", path: "/specialists/nobody-here/reviews", expect: 404 },
    ];
  },
};
