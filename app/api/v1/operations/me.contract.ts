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
  updateMe: async ({ db, tokenFor }) => {
    const user = await createUser(db, { name: "Old Name", timezone: "UTC" });
    const token = await tokenFor(user.id);
    return [
      { method: "patch", path: "/me", token, body: { name: "New Name", timezone: "Europe/Berlin" }, expect: 200 },
      { method: "patch", path: "/me", token, body: { timezone: "Mars/Olympus_Mons" }, expect: 400 },
      { method: "patch", path: "/me", token, body: { name: "  " }, expect: 400 },
      { method: "patch", path: "/me", token, body: { email: "new@example.com" }, expect: 400 },
    ];
  },
  getMyPreferences: async ({ db, tokenFor }) => {
    const user = await createUser(db);
    return [
      { method: "get", path: "/me/preferences", token: await tokenFor(user.id), expect: 200 },
      { method: "get", path: "/me/preferences", expect: 401 },
    ];
  },
  updateMyPreferences: async ({ db, tokenFor }) => {
    const user = await createUser(db);
    const token = await tokenFor(user.id);
    return [
      {
        method: "put",
        path: "/me/preferences",
        token,
        body: { preferences: [{ key: "reminders", channel: "sms", enabled: false }] },
        expect: 200,
      },
      {
        method: "put",
        path: "/me/preferences",
        token,
        body: { preferences: [{ key: "booking-confirmed", channel: "email", enabled: false }] },
        expect: 400,
      },
      {
        method: "put",
        path: "/me/preferences",
        token,
        body: { preferences: [{ key: "no-such-thing", channel: "email", enabled: true }] },
        expect: 400,
      },
    ];
  },
};
