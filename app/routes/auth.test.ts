import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { credentials, sessions, users } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  database = await createTestDatabase();
  app = await createTestApp({ db: database.db });
});
afterEach(() => database.cleanup());

const validSignUp = {
  name: "Ada Lovelace",
  email: "Ada@Example.com",
  password: "plum-ferry-quartz-71",
  role: "customer",
  timezone: "Europe/London",
};

async function signUp(fields: Partial<typeof validSignUp> = {}) {
  return app.post("/signup", { ...validSignUp, ...fields });
}

describe("sign up", () => {
  test("creates the user with a hashed password and signs them in", async () => {
    const response = await signUp();
    expect(response.status).toBe(302);
    // The landing page tells them to check their email.
    expect(response.headers.get("location")).toBe("/?welcome=1");
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^session=[a-z2-7]{24}\.[a-z2-7]{40};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const [user] = await database.db.select().from(users);
    expect(user).toMatchObject({ email: "ada@example.com", role: "customer", timezone: "Europe/London" });
    const [credential] = await database.db.select().from(credentials);
    expect(credential?.passwordHash).toMatch(/^scrypt\$/);
    expect(credential?.passwordHash).not.toContain(validSignUp.password);

    const [session] = await database.db.select().from(sessions);
    const secret = cookie.split(";")[0]!.split(".")[1]!;
    expect(session?.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(session?.secretHash).not.toContain(secret);

    const home = await app.get("/", { cookie });
    expect(await home.text()).toContain("Ada Lovelace");
  });

  test("sign-up never redirects off-site, and a line break in the target is no 500", async () => {
    for (const [index, redirectTo] of ["/\t/evil.example/", "/\r\n/evil.example", "/.//evil.example"].entries()) {
      const response = await signUp({ email: `ada${index}@example.com`, redirectTo } as Partial<typeof validSignUp>);
      expect(response.status, JSON.stringify(redirectTo)).toBe(302);
      expect(response.headers.get("location"), JSON.stringify(redirectTo)).toBe("/?welcome=1");
    }
  });

  test("a specialist lands in onboarding", async () => {
    const response = await signUp({ role: "specialist" });
    expect(response.headers.get("location")).toBe("/onboarding?welcome=1");
    const onboarding = await app.get("/onboarding", { cookie: response.headers.get("set-cookie") });
    expect(onboarding.status).toBe(200);
  });

  test.each([
    [{ name: "" }, "Enter your name."],
    [{ email: "not-an-email" }, "Enter a valid email address"],
    [{ password: "short" }, "Use at least 10 characters."],
    [{ password: "1234567890" }, "too common"],
    [{ role: "admin" }, "Choose whether you&#x27;re booking or offering sessions."],
    [{ timezone: "Mars/Olympus" }, "Choose a time zone from the list."],
  ])("bad input %j gets a field error and writes nothing", async (fields, message) => {
    const response = await signUp(fields);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(await database.db.select().from(users)).toEqual([]);
    expect(await database.db.select().from(sessions)).toEqual([]);
  });

  test("an email that is taken (in any case) is refused", async () => {
    await signUp();
    const again = await signUp({ email: "ADA@example.COM", name: "Someone Else" });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("An account with this email already exists");
    expect(await database.db.select().from(users)).toHaveLength(1);
  });
});

describe("log in and out", () => {
  test("the right password starts a new session; a wrong one is refused without saying which part", async () => {
    await signUp();
    const wrong = await app.post("/login", { email: "ada@example.com", password: "wrong-password-123" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("That email and password don&#x27;t match an account.");
    const unknown = await app.post("/login", { email: "nobody@example.com", password: "whatever-password" });
    expect(await unknown.text()).toContain("That email and password don&#x27;t match an account.");

    const ok = await app.post("/login", { email: "ADA@example.com", password: validSignUp.password, redirectTo: "/onboarding" });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/onboarding");
  });

  test("without a redirectTo a specialist lands on their practice and a customer on their bookings", async () => {
    await signUp();
    await signUp({ email: "sam@example.com", role: "specialist" });
    const customer = await app.post("/login", { email: validSignUp.email, password: validSignUp.password });
    expect(customer.headers.get("location")).toBe("/bookings");
    const specialist = await app.post("/login", { email: "sam@example.com", password: validSignUp.password });
    expect(specialist.headers.get("location")).toBe("/specialist");
  });

  test("after signing up the landing page says to check the email", async () => {
    const response = await signUp();
    const page = await app.get(response.headers.get("location")!, { cookie: response.headers.get("set-cookie") });
    expect(await page.text()).toContain("Check your email.");
    expect(await (await app.get("/", { cookie: response.headers.get("set-cookie") })).text()).not.toContain("Check your email.");
  });

  test("login never redirects off-site", async () => {
    await signUp();
    for (const redirectTo of ["https://evil.example", "//evil.example", "/\\evil.example", "/\t/evil.example/", "/\r\n/evil.example"]) {
      const response = await app.post("/login", { email: validSignUp.email, password: validSignUp.password, redirectTo });
      expect(response.status, JSON.stringify(redirectTo)).toBe(302);
      expect(response.headers.get("location"), JSON.stringify(redirectTo)).toBe("/bookings");
    }
  });

  test("session fixation is impossible: a planted session id is never adopted", async () => {
    await signUp();
    await database.db.delete(sessions);
    const planted = `session=${"a".repeat(24)}.${"b".repeat(40)}`;
    const login = await app.post("/login", { email: validSignUp.email, password: validSignUp.password }, { cookie: planted });
    expect(login.status).toBe(302);
    const issued = login.headers.get("set-cookie")!.split(";")[0]!;
    expect(issued).not.toBe(planted);
    const stored = await database.db.select({ id: sessions.id }).from(sessions);
    expect(stored.map((row) => row.id)).toEqual([issued.split("=")[1]!.split(".")[0]]);
    expect((await app.get("/onboarding", { cookie: planted })).headers.get("location")).toMatch(/^\/login/);
  });

  test("a signed-in user posting the login form again gets no second session", async () => {
    const cookie = (await signUp()).headers.get("set-cookie")!;
    const again = await app.post("/login", { email: validSignUp.email, password: validSignUp.password }, { cookie });
    expect(again.headers.get("location")).toBe("/");
    expect(again.headers.get("set-cookie")).toBeNull();
    expect(await database.db.select().from(sessions)).toHaveLength(1);
  });

  test("a stolen cookie with a wrong secret is rejected", async () => {
    const cookie = (await signUp()).headers.get("set-cookie")!;
    const [pair] = cookie.split(";");
    const [id] = pair!.split(".");
    const forged = `${id}.${"a".repeat(40)}`;
    const html = await (await app.get("/", { cookie: forged })).text();
    expect(html).not.toContain("Ada Lovelace");
    expect(html).toContain("Log in");
    expect(await database.db.select().from(sessions)).toHaveLength(1);
  });

  test("logging out ends the session on the server", async () => {
    const cookie = (await signUp()).headers.get("set-cookie")!;
    const out = await app.post("/logout", {}, { cookie });
    expect(out.status).toBe(302);
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    expect(
      await database.db
        .select()
        .from(sessions)
        .where(eq(sessions.id, cookie.split("=")[1]!.split(".")[0]!)),
    ).toEqual([]);
  });
});

describe("CSRF", () => {
  test("a form posted from another site is rejected with 403 and changes nothing", async () => {
    const response = await app.post("/signup", validSignUp, { headers: { "sec-fetch-site": "cross-site" } });
    expect(response.status).toBe(403);
    expect(await database.db.select().from(users)).toEqual([]);
  });

  test("without Sec-Fetch-Site, the Origin must be the app's", async () => {
    const foreign = await app.request("/signup", {
      method: "POST",
      body: new URLSearchParams(validSignUp),
      headers: { origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    const none = await app.request("/signup", { method: "POST", body: new URLSearchParams(validSignUp) });
    expect(none.status).toBe(403);
    const own = await app.request("/signup", {
      method: "POST",
      body: new URLSearchParams(validSignUp),
      // Browsers always send Host; Remix compares it with Origin too.
      headers: { origin: "http://localhost", host: "localhost" },
    });
    expect(own.status).toBe(302);
  });
});

test("every response carries the security headers, with a fresh CSP nonce", async () => {
  const first = await app.get("/");
  const second = await app.get("/");
  const csp = first.headers.get("content-security-policy")!;
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeDefined();
  expect(second.headers.get("content-security-policy")).not.toContain(nonce);
  expect(await first.text()).toContain(`nonce="${nonce}"`);
  expect(first.headers.get("x-content-type-options")).toBe("nosniff");
  expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(first.headers.get("permissions-policy")).toContain("camera=()");
  expect(first.headers.get("strict-transport-security")).toContain("max-age=");
});

describe("rate limiting", () => {
  test("the 11th rapid wrong password gets 429 with Retry-After, and even the right one waits", async () => {
    await signUp();
    for (let attempt = 1; attempt <= 10; attempt++) {
      const response = await app.post("/login", { email: validSignUp.email, password: `wrong-password-${attempt}` });
      expect(response.status, `attempt ${attempt}`).toBe(400);
    }
    const limited = await app.post("/login", { email: validSignUp.email, password: "wrong-password-11" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.text()).toContain("Too many attempts");
    const right = await app.post("/login", { email: validSignUp.email, password: validSignUp.password });
    expect(right.status).toBe(429);
    expect(right.headers.get("set-cookie")).toBeNull();
  });

  test("a successful login clears the account's counter", async () => {
    await signUp();
    for (let attempt = 1; attempt <= 9; attempt++) {
      await app.post("/login", { email: validSignUp.email, password: `wrong-password-${attempt}` });
    }
    expect((await app.post("/login", { email: validSignUp.email, password: validSignUp.password })).status).toBe(302);
    for (let attempt = 1; attempt <= 10; attempt++) {
      const response = await app.post("/login", { email: validSignUp.email, password: `wrong-again-${attempt}` });
      expect(response.status, `attempt ${attempt}`).toBe(400);
    }
  });
});
