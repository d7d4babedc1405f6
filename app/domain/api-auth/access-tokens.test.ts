import { expect, test } from "vitest";
import { accessTokenLifetimeSeconds, signAccessToken, verifyAccessToken } from "./access-tokens.server";

const key = new TextEncoder().encode("k".repeat(32));
const otherKey = new TextEncoder().encode("o".repeat(32));
const issued = new Date("2026-06-01T12:00:00Z");
const claims = { userId: "user-1", familyId: "family-1" };

test("an access token is accepted for 15 minutes after it is issued, then refused", () => {
  const { token, expiresIn } = signAccessToken(key, claims, issued);
  expect(expiresIn).toBe(15 * 60);
  expect(verifyAccessToken(key, token, new Date(issued.getTime() + (accessTokenLifetimeSeconds - 1) * 1000))).toMatchObject(claims);
  expect(verifyAccessToken(key, token, new Date(issued.getTime() + accessTokenLifetimeSeconds * 1000))).toBeNull();
});

test("a token signed with another key, altered, or with another algorithm is refused", () => {
  const { token } = signAccessToken(key, claims, issued);
  expect(verifyAccessToken(otherKey, token, issued)).toBeNull();
  const [header, payload, signature] = token.split(".") as [string, string, string];
  const forged = btoa(JSON.stringify({ iss: "specialistly", sub: "admin-1", fam: "family-1", iat: 0, exp: 9_999_999_999 })).replace(
    /=+$/,
    "",
  );
  expect(verifyAccessToken(key, `${header}.${forged}.${signature}`, issued)).toBeNull();
  const none = btoa(JSON.stringify({ alg: "none", typ: "JWT" })).replace(/=+$/, "");
  expect(verifyAccessToken(key, `${none}.${payload}.`, issued)).toBeNull();
  expect(verifyAccessToken(key, "not.a.token", issued)).toBeNull();
  expect(verifyAccessToken(key, "", issued)).toBeNull();
});
