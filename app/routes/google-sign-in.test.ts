import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../db/factories";
import { oauthAccounts, sessions, users } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";

const clientId = "test-client.apps.googleusercontent.com";
const clientSecret = "test-client-secret";
const redirectUri = "http://localhost/auth/google/callback";

interface Claims {
  sub: string;
  email?: string;
  email_verified?: unknown;
  name?: string;
  iss?: string;
  aud?: string;
}

/**
 * A local stand-in for Google's token endpoint. The test plays the consent screen: it reads the
 * authorization URL the app redirected to and `authorize`s a code bound to that URL's PKCE
 * challenge, as Google would.
 */
function createFakeGoogle() {
  const grants = new Map<string, { challenge: string; redirectUri: string; claims: Claims }>();
  const tokenRequests: { authorization: string | null; body: URLSearchParams }[] = [];
  let idTokenOverride: string | null = null;

  const server: Server = createServer((request, response) => void answer(request, response));
  async function answer(request: IncomingMessage, response: ServerResponse) {
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.method !== "POST" || request.url !== "/token") return json(404, { error: "not_found" });
    const body = new URLSearchParams(await readBody(request));
    const authorization = request.headers.authorization ?? null;
    tokenRequests.push({ authorization, body });

    const expectedAuth = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
    if (authorization !== expectedAuth) return json(401, { error: "invalid_client" });
    if (body.get("grant_type") !== "authorization_code") return json(400, { error: "unsupported_grant_type" });
    const grant = grants.get(body.get("code") ?? "");
    grants.delete(body.get("code") ?? ""); // codes are single-use
    if (!grant) return json(400, { error: "invalid_grant", error_description: "Bad code." });
    const verifier = body.get("code_verifier") ?? "";
    if (createHash("sha256").update(verifier).digest("base64url") !== grant.challenge) {
      return json(400, { error: "invalid_grant", error_description: "PKCE verification failed." });
    }
    if (body.get("redirect_uri") !== grant.redirectUri) return json(400, { error: "invalid_grant" });

    json(200, {
      access_token: randomBytes(16).toString("hex"),
      token_type: "Bearer",
      expires_in: 3599,
      id_token: idTokenOverride ?? unsignedJwt({ iss: "https://accounts.google.com", aud: clientId, ...grant.claims }),
    });
  }

  return {
    server,
    tokenRequests,
    get origin() {
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    /** What Google does after the user consents: a code bound to the request's PKCE challenge. */
    authorize(authorizationUrl: URL, claims: Claims) {
      const code = randomBytes(12).toString("hex");
      grants.set(code, {
        challenge: authorizationUrl.searchParams.get("code_challenge")!,
        redirectUri: authorizationUrl.searchParams.get("redirect_uri")!,
        claims,
      });
      return code;
    },
    respondWithIdToken(idToken: string | null) {
      idTokenOverride = idToken;
    },
    reset() {
      grants.clear();
      tokenRequests.length = 0;
      idTokenOverride = null;
    },
  };
}

function readBody(request: IncomingMessage) {
  return new Promise<string>((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}

/** Well-formed but unsigned: the app trusts the token endpoint's TLS, not a signature. */
function unsignedJwt(payload: object) {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "RS256", kid: "test", typ: "JWT" })}.${part({ ...payload, iat: 1, exp: 9_999_999_999 })}.${Buffer.from("sig").toString("base64url")}`;
}

const google = createFakeGoogle();
beforeAll(() => new Promise<void>((resolve) => google.server.listen(0, "127.0.0.1", resolve)));
afterAll(() => new Promise<void>((resolve) => google.server.close(() => resolve())));

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
const clock = createTestClock();
beforeEach(async () => {
  google.reset();
  database = await createTestDatabase();
  app = await createTestApp({
    db: database.db,
    clock,
    env: {
      GOOGLE_CLIENT_ID: clientId,
      GOOGLE_CLIENT_SECRET: clientSecret,
      GOOGLE_AUTHORIZATION_URL: `${google.origin}/authorize`,
      GOOGLE_TOKEN_URL: `${google.origin}/token`,
    },
  });
});
afterEach(() => database.cleanup());

/** "a=1; Path=/" × n → "a=1; b=2", as the browser would send them back. */
function cookieHeader(response: Response) {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0]!)
    .filter((pair) => !pair.endsWith("="))
    .join("; ");
}

async function startSignIn(redirectTo?: string) {
  const response = await app.get(`/auth/google${redirectTo ? `?${new URLSearchParams({ redirectTo })}` : ""}`);
  expect(response.status).toBe(302);
  return { response, authorizationUrl: new URL(response.headers.get("location")!), cookie: cookieHeader(response) };
}

function callback(params: Record<string, string>, cookie: string) {
  return app.request(`/auth/google/callback?${new URLSearchParams(params)}`, { headers: { cookie } });
}

/** The whole round trip: start, consent as `claims`, come back with the code. */
async function signInWithGoogle(claims: Claims, redirectTo?: string) {
  const { authorizationUrl, cookie } = await startSignIn(redirectTo);
  const code = google.authorize(authorizationUrl, claims);
  return callback({ code, state: authorizationUrl.searchParams.get("state")! }, cookie);
}

async function expectSignedInAs(response: Response, name: string) {
  expect(response.status).toBe(302);
  const home = await app.get("/", { cookie: response.headers.get("set-cookie") });
  expect(await home.text()).toContain(name);
}

const escaped = (text: string) => text.replaceAll("'", "&#x27;");
const ada = { sub: "google-ada-1", email: "Ada@Example.com", email_verified: true, name: "Ada Lovelace" };

describe("starting Google sign-in", () => {
  test("redirects to the authorization endpoint with PKCE and sets short-lived, HttpOnly flow cookies", async () => {
    const { response, authorizationUrl } = await startSignIn("/bookings?tab=upcoming");
    expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(`${google.origin}/authorize`);
    const params = authorizationUrl.searchParams;
    expect(params.get("response_type")).toBe("code");
    expect(params.get("client_id")).toBe(clientId);
    expect(params.get("redirect_uri")).toBe(redirectUri);
    expect(params.get("scope")).toBe("openid email profile");
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get("state")).toMatch(/^[A-Za-z0-9_-]{20,}$/);

    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const cookies = response.headers.getSetCookie();
    expect(cookies).toHaveLength(3);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).toMatch(/Max-Age=600/i);
    }
    expect(cookies.join("\n")).toContain(`google_oauth_state=${params.get("state")}`);
    // The verifier stays in the browser's cookie; only its hash goes to Google.
    const verifier = /google_oauth_verifier=([^;]+)/.exec(cookies.join("\n"))![1]!;
    expect(createHash("sha256").update(verifier).digest("base64url")).toBe(params.get("code_challenge"));
    expect(authorizationUrl.toString()).not.toContain(verifier);
  });

  test("a form POST starts the flow too, and a fresh state is made each time", async () => {
    const first = await app.post("/auth/google", { redirectTo: "/" });
    const second = await app.post("/auth/google", {});
    expect(first.status).toBe(302);
    expect(second.status).toBe(302);
    const state = (response: Response) => new URL(response.headers.get("location")!).searchParams.get("state");
    expect(state(first)).not.toBe(state(second));
  });
});

describe("Google callback", () => {
  test("a new Google user gets a verified customer account and is signed in where they were going", async () => {
    const response = await signInWithGoogle(ada, "/onboarding?from=google");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/onboarding?from=google");

    // Arctic authenticates with HTTP Basic and sends the PKCE verifier, which the fake checked.
    expect(google.tokenRequests).toHaveLength(1);
    expect(google.tokenRequests[0]!.authorization).toMatch(/^Basic /);
    expect(google.tokenRequests[0]!.body.get("code_verifier")).toBeTruthy();

    const allUsers = await database.db.select().from(users);
    expect(allUsers).toHaveLength(1);
    expect(allUsers[0]).toMatchObject({
      email: "ada@example.com",
      name: "Ada Lovelace",
      role: "customer",
      timezone: "UTC",
      status: "active",
      emailVerifiedAt: clock.now(),
    });
    expect(await database.db.select().from(oauthAccounts)).toMatchObject([
      { provider: "google", providerUserId: "google-ada-1", userId: allUsers[0]!.id },
    ]);

    // The flow cookies are single-use: the success response deletes them.
    const setCookies = response.headers.getSetCookie();
    for (const name of ["google_oauth_state", "google_oauth_verifier", "google_oauth_redirect"]) {
      expect(setCookies.find((cookie) => cookie.startsWith(`${name}=`))).toMatch(/Max-Age=0/i);
    }
    await expectSignedInAs(response, "Ada Lovelace");
  });

  test("an existing account with the same, Google-verified email is linked and marked verified", async () => {
    const existing = await createUser(database.db, { email: "ada@example.com", name: "Ada Existing", role: "specialist" });
    const response = await signInWithGoogle(ada);
    expect(response.headers.get("location")).toBe("/");
    await expectSignedInAs(response, "Ada Existing");

    expect(await database.db.select().from(users)).toHaveLength(1);
    const [user] = await database.db.select().from(users).where(eq(users.id, existing.id));
    expect(user).toMatchObject({ role: "specialist", emailVerifiedAt: clock.now() });
    expect(await database.db.select().from(oauthAccounts)).toMatchObject([{ providerUserId: ada.sub, userId: existing.id }]);
  });

  test("the second sign-in finds the user through the link, even after the Google email changed", async () => {
    await signInWithGoogle(ada);
    const again = await signInWithGoogle({ ...ada, email: "ada@new-domain.example", name: "Ada L." });
    await expectSignedInAs(again, "Ada Lovelace");
    expect(await database.db.select().from(users)).toMatchObject([{ email: "ada@example.com" }]);
    expect(await database.db.select().from(oauthAccounts)).toHaveLength(1);
    expect(await database.db.select().from(sessions)).toHaveLength(2);
  });

  test("an unverified Google email is never linked to an existing account", async () => {
    const existing = await createUser(database.db, { email: "ada@example.com", name: "Ada Existing" });
    const response = await signInWithGoogle({ ...ada, email_verified: false });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(escaped("Google hasn't verified that address"));
    expect(html).toContain("Log in with your email and password instead.");
    expect(response.headers.getSetCookie().some((cookie) => /^session=[^;]/.test(cookie))).toBe(false);

    expect(await database.db.select().from(oauthAccounts)).toEqual([]);
    expect(await database.db.select().from(sessions)).toEqual([]);
    const [user] = await database.db.select().from(users).where(eq(users.id, existing.id));
    expect(user?.emailVerifiedAt).toBeNull();
  });

  test("an unverified Google email doesn't create an account either", async () => {
    for (const email_verified of [false, "true", undefined]) {
      const response = await signInWithGoogle({ ...ada, email_verified });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(escaped("Google didn't share a verified email address"));
    }
    expect(await database.db.select().from(users)).toEqual([]);
  });

  test("a suspended user can't sign in through Google", async () => {
    await signInWithGoogle(ada);
    await database.db.update(users).set({ status: "suspended" });
    const response = await signInWithGoogle(ada);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain(escaped("This account can't sign in right now."));
    expect(await database.db.select().from(sessions)).toHaveLength(1); // only the first one
  });

  test("a state that doesn't match the cookie is refused before the code is exchanged", async () => {
    const { authorizationUrl, cookie } = await startSignIn();
    const code = google.authorize(authorizationUrl, ada);
    const response = await callback({ code, state: "attacker-state" }, cookie);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(escaped("We couldn't confirm that this sign-in was started by you"));
    expect(google.tokenRequests).toEqual([]);
    expect(await database.db.select().from(users)).toEqual([]);
  });

  test("a callback without the flow cookies (expired, other browser) asks to start again", async () => {
    const { authorizationUrl } = await startSignIn();
    const code = google.authorize(authorizationUrl, ada);
    const response = await callback({ code, state: authorizationUrl.searchParams.get("state")! }, "");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Your Google sign-in expired or was started in another browser.");
    expect(google.tokenRequests).toEqual([]);
  });

  test("declining consent (error=access_denied) shows a friendly page and clears the flow cookies", async () => {
    const { authorizationUrl, cookie } = await startSignIn("/somewhere");
    const response = await callback({ error: "access_denied", state: authorizationUrl.searchParams.get("state")! }, cookie);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("You cancelled signing in with Google, so nothing changed.");
    expect(html).toContain('href="/auth/google?redirectTo=%2Fsomewhere"');
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.getSetCookie().filter((c) => /Max-Age=0/i.test(c))).toHaveLength(3);
    expect(await database.db.select().from(users)).toEqual([]);
  });

  test("a code the token endpoint rejects (HTTP 400) shows a friendly page", async () => {
    const { authorizationUrl, cookie } = await startSignIn();
    const response = await callback({ code: "made-up-code", state: authorizationUrl.searchParams.get("state")! }, cookie);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(escaped("Google didn't accept this sign-in"));
    expect(google.tokenRequests).toHaveLength(1);
    expect(await database.db.select().from(sessions)).toEqual([]);
  });

  test("a verifier that doesn't match the challenge (code from another flow) is rejected by PKCE", async () => {
    const victim = await startSignIn();
    const code = google.authorize(victim.authorizationUrl, ada);
    const attacker = await startSignIn();
    const response = await callback({ code, state: attacker.authorizationUrl.searchParams.get("state")! }, attacker.cookie);
    expect(response.status).toBe(400);
    expect(await database.db.select().from(users)).toEqual([]);
  });

  test.each([
    ["not a JWT", "not-a-jwt"],
    ["no sub claim", unsignedJwt({ iss: "https://accounts.google.com", aud: clientId, email: "a@example.com" })],
    ["another client's token", unsignedJwt({ iss: "https://accounts.google.com", aud: "someone-else", sub: "x" })],
    ["another issuer", unsignedJwt({ iss: "https://evil.example", aud: clientId, sub: "x" })],
  ])("a malformed id token (%s) shows a friendly page, not a 500", async (_label, idToken) => {
    google.respondWithIdToken(idToken);
    const response = await signInWithGoogle(ada);
    expect(response.status).toBe(502);
    expect(await response.text()).toContain(escaped("Google sent back sign-in details we couldn't read."));
    expect(await database.db.select().from(users)).toEqual([]);
  });

  test("an off-site redirectTo is ignored", async () => {
    const response = await signInWithGoogle(ada, "//evil.example/steal");
    expect(response.headers.get("location")).toBe("/");
  });
});

describe("when Google isn't configured", () => {
  test("the start and callback routes answer 404", async () => {
    const unconfigured = await createTestApp({ db: database.db });
    expect((await unconfigured.get("/auth/google")).status).toBe(404);
    expect((await unconfigured.post("/auth/google", {})).status).toBe(404);
    expect((await unconfigured.get("/auth/google/callback?code=x&state=y")).status).toBe(404);
  });
});
