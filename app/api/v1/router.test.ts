import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { callApi, personalTokenFor } from "../../../tests/api-client";
import { callTestApi, countingWriteOperation } from "../../../tests/api-test-router";
import { createTestApp, signedInCookie } from "../../../tests/app-handler";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { suspendUser } from "../../domain/admin/users.server";
import { rateLimits } from "../../security/rate-limit.server";

// The router's own promises, through the real handler: addressing, CORS, body handling, rate
// limits, credentials and idempotency. Operations' own behaviour is in operations/*.

const allowedOrigin = "https://app.example.com";
const password = "correct horse battery staple";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let clock: ReturnType<typeof createTestClock>;
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  app = await createTestApp({ db: database.db, clock, env: { API_CORS_ORIGINS: [allowedOrigin] } });
});
afterEach(() => database.cleanup());

interface TokenPair {
  accessToken: string;
  refreshToken: string;
  user: { id: string };
}

async function signUp(email = "ada@example.com"): Promise<TokenPair> {
  const response = await callApi(app, {
    method: "post",
    path: "/auth/signup",
    body: { name: "Ada Customer", email, password, role: "customer" },
  });
  expect(response.status).toBe(201);
  return (await response.json()) as TokenPair;
}

async function errorCode(response: Response) {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe("addressing", () => {
  test("an unknown path is a 404 in the envelope", async () => {
    const response = await callApi(app, { method: "get", path: "/no-such-thing" });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ error: { code: "not_found", message: expect.any(String) as unknown } });
  });

  test("a known path with the wrong method is a 405 naming the allowed ones", async () => {
    const response = await callApi(app, { method: "get", path: "/auth/token" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(await errorCode(response)).toBe("method_not_allowed");
  });
});

describe("CORS", () => {
  const preflight = (origin: string) =>
    app.request("/api/v1/me", {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
    });

  test("a preflight from an allowed origin is permitted", async () => {
    const response = await preflight(allowedOrigin);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(allowedOrigin);
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-headers")).toContain("Authorization");
  });

  test("a preflight from any other origin gets no permission", async () => {
    const response = await preflight("https://evil.example");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("access-control-allow-methods")).toBeNull();
    expect(response.headers.get("access-control-allow-headers")).toBeNull();
  });

  test("an allowed origin's actual request carries Allow-Origin, errors included", async () => {
    const response = await callApi(app, { method: "get", path: "/me", headers: { origin: allowedOrigin } });
    expect(response.status).toBe(401);
    expect(response.headers.get("access-control-allow-origin")).toBe(allowedOrigin);
  });
});

describe("bodies", () => {
  const login = { email: "ada@example.com", password };

  test("a body that isn't JSON is a 415", async () => {
    const response = await callApi(app, {
      method: "post",
      path: "/auth/token",
      rawBody: "email=ada@example.com",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(415);
    expect(await errorCode(response)).toBe("unsupported_media_type");
  });

  test("broken JSON is a 400 invalid_json", async () => {
    const response = await callApi(app, {
      method: "post",
      path: "/auth/token",
      rawBody: '{"email": "ada@example.com",',
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe("invalid_json");
  });

  test("a body over 64 KB is a 413", async () => {
    const response = await callApi(app, { method: "post", path: "/auth/token", body: { ...login, padding: "x".repeat(65 * 1024) } });
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe("payload_too_large");
  });
});

describe("rate limits", () => {
  test("POST /auth/token reports its limit on every answer, then answers 429 with Retry-After past it", async () => {
    await signUp();
    const { limit } = rateLimits.loginByAccount;
    const attempt = (attemptPassword: string) =>
      callApi(app, { method: "post", path: "/auth/token", body: { email: "ada@example.com", password: attemptPassword } });
    // A refused attempt counts, so it tells the client what is left.
    const wrong = await attempt("wrong password!");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("ratelimit-policy")).toMatch(/^"login";q=\d+;w=\d+$/);
    expect(wrong.headers.get("ratelimit")).toMatch(new RegExp(`^"login";r=${limit - 1};t=\\d+$`));
    const signedIn = await attempt(password);
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get("ratelimit")).toMatch(/^"login";r=\d+;t=\d+$/);
    let refused = wrong;
    for (let count = 0; count <= limit && refused.status !== 429; count++) refused = await attempt("wrong password!");
    expect(refused.status).toBe(429);
    expect(await errorCode(refused)).toBe("rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("ratelimit")).toMatch(/;r=0;/);
  });
});

describe("credentials", () => {
  test("a signed-in web session's cookie is ignored: without a bearer token /me is 401", async () => {
    const user = await createUser(database.db);
    const cookie = await signedInCookie(database.db, user.id, clock.now());
    const response = await callApi(app, { method: "get", path: "/me", headers: { cookie } });
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe("unauthorized");
  });

  test("a suspended user's tokens stop working", async () => {
    const { accessToken, user } = await signUp();
    const personal = await personalTokenFor(database.db, user.id, clock.now());
    const admin = await createUser(database.db, { role: "admin" });
    expect((await callApi(app, { method: "get", path: "/me", token: accessToken })).status).toBe(200);
    expect(await suspendUser(app.context, { actorUserId: admin.id, userId: user.id, reason: "Spam bookings" })).toMatchObject({ ok: true });
    expect((await callApi(app, { method: "get", path: "/me", token: accessToken })).status).toBe(401);
    expect((await callApi(app, { method: "get", path: "/me", token: personal })).status).toBe(401);
  });

  test("reusing a refresh token revokes its family, the access tokens issued with it included", async () => {
    const first = await signUp();
    const rotated = await callApi(app, { method: "post", path: "/auth/refresh", body: { refreshToken: first.refreshToken } });
    expect(rotated.status).toBe(200);
    const second = (await rotated.json()) as TokenPair;
    expect((await callApi(app, { method: "get", path: "/me", token: second.accessToken })).status).toBe(200);

    const reuse = await callApi(app, { method: "post", path: "/auth/refresh", body: { refreshToken: first.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(await reuse.json()).toMatchObject({ error: { code: "unauthorized", details: { reason: "reused" } } });
    expect((await callApi(app, { method: "get", path: "/me", token: second.accessToken })).status).toBe(401);
    expect((await callApi(app, { method: "get", path: "/me", token: first.accessToken })).status).toBe(401);
    const refresh = await callApi(app, { method: "post", path: "/auth/refresh", body: { refreshToken: second.refreshToken } });
    expect(refresh.status).toBe(401);
  });

  test("logging out ends the access token, and no other sign-in", async () => {
    const first = await signUp();
    const other = await callApi(app, { method: "post", path: "/auth/token", body: { email: "ada@example.com", password } });
    const otherPair = (await other.json()) as TokenPair;
    const logout = await callApi(app, { method: "post", path: "/auth/logout", token: first.accessToken, body: {} });
    expect(logout.status).toBe(204);
    expect((await callApi(app, { method: "get", path: "/me", token: first.accessToken })).status).toBe(401);
    expect((await callApi(app, { method: "get", path: "/me", token: otherPair.accessToken })).status).toBe(200);
  });
});

describe("idempotency", () => {
  test("the same key and body get the first response again, marked replayed, with one effect", async () => {
    const { accessToken } = await signUp();
    const { operation, effects } = countingWriteOperation();
    const call = {
      method: "post",
      path: "/test/notes",
      token: accessToken,
      body: { text: "once" },
      headers: { "idempotency-key": "key-1" },
    };
    const first = await callTestApi(app, [operation], call);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const firstBody: unknown = await first.json();
    const again = await callTestApi(app, [operation], call);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(firstBody);
    expect(effects).toEqual(["once"]);
  });

  test("the same key with another body is a 422 and acts not at all", async () => {
    const { accessToken } = await signUp();
    const { operation, effects } = countingWriteOperation();
    const call = { method: "post", path: "/test/notes", token: accessToken, headers: { "idempotency-key": "key-2" } };
    expect((await callTestApi(app, [operation], { ...call, body: { text: "first" } })).status).toBe(201);
    const changed = await callTestApi(app, [operation], { ...call, body: { text: "second" } });
    expect(changed.status).toBe(422);
    expect(await errorCode(changed)).toBe("idempotency_key_reused");
    expect(effects).toEqual(["first"]);
  });

  test("without a key each request acts", async () => {
    const { accessToken } = await signUp();
    const { operation, effects } = countingWriteOperation();
    const call = { method: "post", path: "/test/notes", token: accessToken, body: { text: "twice" } };
    await callTestApi(app, [operation], call);
    await callTestApi(app, [operation], call);
    expect(effects).toEqual(["twice", "twice"]);
  });
});
