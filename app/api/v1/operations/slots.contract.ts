import { createSessionType } from "../../../../db/factories";
import type { ContractScenarios } from "../contract";
import { givenListedSpecialist } from "./directory.test-support";

export const scenarios: ContractScenarios = {
  listSlots: async ({ db, clock }) => {
    const { specialist, sessionTypes } = await givenListedSpecialist(db, clock, { timezone: "Europe/Berlin" });
    const inactive = await createSessionType(db, specialist.id, { active: false });
    const id = sessionTypes[0]!.id;
    return [
      { method: "get", path: `/session-types/${id}/slots?from=2026-06-02&to=2026-06-05&timezone=America/New_York`, expect: 200 },
      { method: "get", path: `/session-types/${id}/slots`, expect: 200 },
      { method: "get", path: `/session-types/${id}/slots?timezone=Mars/Olympus`, expect: 400 },
      { method: "get", path: `/session-types/${id}/slots?from=2026-06-01&to=2026-09-01`, expect: 400 },
      { method: "get", path: `/session-types/${id}/slots?from=yesterday`, expect: 400 },
      { method: "get", path: `/session-types/${inactive.id}/slots`, expect: 404 },
    ];
  },
};
