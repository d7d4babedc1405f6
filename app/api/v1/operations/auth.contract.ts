import { createUser } from "../../../../db/factories";
import type { ContractScenarios } from "../contract";

const password = "correct horse battery staple";

export const scenarios: ContractScenarios = {
  signUp: async () => [
    {
      method: "post",
      path: "/auth/signup",
      body: { name: "Ada Customer", email: "ada@example.com", password, role: "customer", timezone: "Europe/Berlin" },
      expect: 201,
    },
    {
      method: "post",
      path: "/auth/signup",
      body: { name: "Ada Again", email: "ADA@example.com", password, role: "customer" },
      expect: 409,
    },
  ],
  createToken: async ({ db, app }) => {
    await callSignUp(app, "grace@example.com");
    await createUser(db, { email: "other@example.com" });
    return [
      { method: "post", path: "/auth/token", body: { email: "grace@example.com", password }, expect: 200 },
      { method: "post", path: "/auth/token", body: { email: "grace@example.com", password: "wrong password!" }, expect: 401 },
    ];
  },
  refreshToken: async ({ app }) => {
    const { refreshToken } = await callSignUp(app, "linus@example.com");
    return [
      { method: "post", path: "/auth/refresh", body: { refreshToken }, expect: 200 },
      { method: "post", path: "/auth/refresh", body: { refreshToken }, expect: 401 },
    ];
  },
  logout: async ({ app }) => {
    const { accessToken } = await callSignUp(app, "barbara@example.com");
    return [
      { method: "post", path: "/auth/logout", token: accessToken, body: {}, expect: 204 },
      { method: "get", path: "/me", token: accessToken, expect: 401 },
    ];
  },
};

async function callSignUp(app: Parameters<ContractScenarios[string]>[0]["app"], email: string) {
  const response = await app.request("/api/v1/auth/signup", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "Someone", email, password, role: "customer" }),
  });
  if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { accessToken: string; refreshToken: string };
}
