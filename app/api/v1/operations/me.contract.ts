import { createUser } from "../../../../db/factories";
import type { ContractScenarios } from "../contract";

export const scenarios: ContractScenarios = {
  getMe: async ({ db, tokenFor }) => {
    const user = await createUser(db);
    return [
      { method: "get", path: "/me", token: await tokenFor(user.id), expect: 200 },
      { method: "get", path: "/me", expect: 401 },
      { method: "get", path: "/me", token: "not-a-token", expect: 401 },
    ];
  },
};
