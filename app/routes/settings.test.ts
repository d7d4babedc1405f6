import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist, createUser } from "../../db/factories";
import { availabilityWindows, credentials, outboxEmails, sessions, specialists, users, verificationTokens } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { createSession } from "../domain/auth/sessions.server";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let clock: ReturnType<typeof createTestClock>;
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

const password = "plum-ferry-quartz-71";
const newPassword = "otter-lantern-violet-38";
const firefoxOnWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";

/** Signs up through the real form; returns the session cookie and the new user's id. */
async function signUp(fields: Record<string, string> = {}) {
  const response = await app.post("/signup", {
    name: "Ada Lovelace",
    email: "ada@example.com",
    password,
    role: "customer",
    timezone: "Europe/London",
    ...fields,
  });
  expect(response.status).toBe(302);
  const [user] = await database.db
    .select()
    .from(users)
    .where(eq(users.email, fields.email ?? "ada@example.com"));
  return { cookie: response.headers.get("set-cookie")!, userId: user!.id };
}

async function logIn(email = "ada@example.com", userAgent = firefoxOnWindows) {
  const response = await app.post("/login", { email, password }, { headers: { "user-agent": userAgent } });
  expect(response.status).toBe(302);
  return response.headers.get("set-cookie")!;
}

/** A signed-in user who has no password (as after Google sign-in). */
async function googleOnlyUser() {
  const user = await createUser(database.db, { email: "g@example.com", name: "Gia Google", timezone: "UTC" });
  const { token } = await createSession(database.db, user.id, clock.now());
  return { cookie: `session=${token}`, userId: user.id };
}

const sessionIdOf = (cookie: string) => cookie.split(";")[0]!.split("=")[1]!.split(".")[0]!;

async function userRow(userId: string) {
  const [row] = await database.db.select().from(users).where(eq(users.id, userId));
  return row!;
}

async function sessionIds() {
  return (await database.db.select({ id: sessions.id }).from(sessions)).map((row) => row.id).sort();
}

describe("access", () => {
  test.each(["/settings", "/settings/email", "/settings/password", "/settings/sessions", "/settings/data", "/settings/data/export"])(
    "anonymous GET %s goes to log in and comes back",
    async (path) => {
      const response = await app.get(path);
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(`/login?${new URLSearchParams({ redirectTo: path })}`);
    },
  );

  // An index route's action is addressed with `?index` (Remix's <Form> adds it).
  test.each(["/settings?index", "/settings/email", "/settings/password", "/settings/sessions", "/settings/data"])(
    "anonymous POST %s changes nothing and goes to log in",
    async (path) => {
      const response = await app.post(path, { name: "Mallory", confirmation: "x", intent: "sign-out-everywhere" });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    },
  );

  test("the layout links every section", async () => {
    const { cookie } = await signUp();
    const html = await (await app.get("/settings", { cookie })).text();
    for (const [href, label] of [
      ["/settings", "Profile"],
      ["/settings/email", "Email"],
      ["/settings/password", "Password"],
      ["/settings/sessions", "Sessions"],
      ["/settings/data", "Your data"],
    ]) {
      expect(html).toMatch(new RegExp(`href="${href}"[^>]*>${label}</a>`));
    }
  });
});

describe("caching", () => {
  // Anything rendered for a signed-in user must never be stored, by the browser or a shared cache.
  test.each(["/", "/specialists", "/settings", "/settings/email", "/settings/email.data", "/settings/data/export"])(
    "signed-in GET %s is private, no-store",
    async (path) => {
      const { cookie } = await signUp();
      const response = await app.get(path, { cookie });
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("private, no-store");
    },
  );

  test("the responses that sign in or out are private, no-store", async () => {
    const signUpResponse = await app.post("/signup", {
      name: "Ada Lovelace",
      email: "ada@example.com",
      password,
      role: "customer",
      timezone: "Europe/London",
    });
    expect(signUpResponse.headers.get("cache-control")).toBe("private, no-store");
    const logInResponse = await app.post("/login", { email: "ada@example.com", password });
    expect(logInResponse.headers.get("cache-control")).toBe("private, no-store");
    const logOutResponse = await app.post("/logout", {}, { cookie: logInResponse.headers.get("set-cookie") });
    expect(logOutResponse.headers.get("cache-control")).toBe("private, no-store");
  });

  test("anonymous GET /login keeps its own caching", async () => {
    const response = await app.get("/login");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBeNull();
  });

  // Shared caches (a CDN) may keep the public pages anonymous visitors see, and serve them stale
  // while they refetch; never a signed-in visitor's copy of the same pages.
  async function listedSpecialist(slug: string) {
    const { specialist } = await createSpecialist(database.db, { slug, published: true });
    await createSessionType(database.db, specialist.id);
    await database.db.insert(availabilityWindows).values({ specialistId: specialist.id, weekday: 3, startMinute: 540, endMinute: 1020 });
  }

  const publicPages = ["/", "/specialists", "/s/ada-public", "/_root.data", "/specialists.data", "/s/ada-public.data", "/sitemap.xml"];

  test.each(publicPages)("anonymous GET %s may be kept by shared caches, briefly, and served stale while refetched", async (path) => {
    await listedSpecialist("ada-public");
    const response = await app.get(path);
    expect(response.status).toBe(200);
    const cacheControl = response.headers.get("cache-control") ?? "";
    expect(cacheControl).toMatch(/^public\b/);
    expect(cacheControl).toMatch(/\bs-maxage=\d+/);
    expect(cacheControl).toMatch(/\bstale-while-revalidate=\d+/);
    // The pages show times in the zone from the visitor's cookie: a cache keeps one copy per zone.
    if (path !== "/sitemap.xml") expect(response.headers.get("vary")).toMatch(/\bCookie\b/);
  });

  test.each(publicPages.filter((path) => path !== "/sitemap.xml"))("signed-in GET %s is private, no-store", async (path) => {
    await listedSpecialist("ada-public");
    const { cookie } = await signUp();
    const response = await app.get(path, { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
  });
});

describe("profile", () => {
  test("shows the current name and zone, saves changes and says so", async () => {
    const { cookie, userId } = await signUp();
    const page = await (await app.get("/settings", { cookie })).text();
    expect(page).toContain('value="Ada Lovelace"');
    expect(page).toMatch(/<option value="Europe\/London" selected="">London \(GMT\+1\)<\/option>/);
    expect(page).toContain('<optgroup label="America">');
    expect(page).toMatch(/<form method="post" action="\/settings\?index"/);

    const response = await app.post("/settings?index", { name: "  Ada King ", timezone: "America/Argentina/Buenos_Aires" }, { cookie });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/settings?saved=1");
    expect(await userRow(userId)).toMatchObject({ name: "Ada King", timezone: "America/Argentina/Buenos_Aires" });

    const saved = await (await app.get("/settings?saved=1", { cookie })).text();
    expect(saved).toContain("Saved");
    expect(saved).toMatch(/<option value="America\/Argentina\/Buenos_Aires" selected="">Argentina \/ Buenos Aires/);
  });

  test.each([
    ["UTC", "UTC", "UTC"],
    // Saved under its old name: selected under its current one.
    ["Asia/Calcutta", "Asia/Kolkata", "Kolkata"],
  ])("a zone missing from the runtime's list (%s) is still listed and selected", async (zone, value, label) => {
    const { cookie, userId } = await signUp();
    await database.db.update(users).set({ timezone: zone }).where(eq(users.id, userId));
    const page = await (await app.get("/settings", { cookie })).text();
    expect(page).toContain(`<option value="${value}" selected="">${label} (`);
  });

  test.each([
    [{ name: "" }, "Enter your name."],
    [{ name: "x".repeat(101) }, "Use at most 100 characters."],
    [{ timezone: "Mars/Olympus" }, "Choose a time zone from the list."],
    [{ timezone: "" }, "Choose a time zone from the list."],
  ])("bad input %j gets a field error and writes nothing", async (fields, message) => {
    const { cookie, userId } = await signUp();
    const before = await userRow(userId);
    const response = await app.post("/settings?index", { name: "Ada King", timezone: "Asia/Tokyo", ...fields }, { cookie });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(message);
    expect(html).not.toContain("Saved");
    expect(await userRow(userId)).toEqual(before);
  });
});

describe("email", () => {
  test("shows the address and its status, with a resend button while unverified", async () => {
    const { cookie } = await signUp();
    const html = await (await app.get("/settings/email", { cookie })).text();
    expect(html).toContain("ada@example.com");
    expect(html).toContain("Not verified");
    expect(html).toMatch(/<form method="post" action="\/verify-email\/resend"/);
    expect(html).toContain("Resend verification email");
  });

  test("re-authenticates, then sends a confirmation link to the new address", async () => {
    const { cookie, userId } = await signUp();
    const response = await app.post("/settings/email", { newEmail: "Ada.King@Example.com", currentPassword: password }, { cookie });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/settings/email?sent=1");
    expect((await userRow(userId)).email).toBe("ada@example.com");
    const mail = await database.db.select().from(outboxEmails).where(eq(outboxEmails.to, "ada.king@example.com"));
    expect(mail).toHaveLength(1);

    const page = await (await app.get("/settings/email?sent=1", { cookie })).text();
    expect(page).toContain("We sent a confirmation link to <!-- -->ada.king@example.com<!-- -->. Your address changes when you click it.");
  });

  test.each([
    [{ newEmail: "" }, "Enter your email address."],
    [{ newEmail: "not-an-email" }, "Enter a valid email address"],
    [{ newEmail: "ada@example.com" }, "That&#x27;s already your email address."],
    [{ newEmail: "taken@example.com" }, "Another account already uses that email address."],
    [{ currentPassword: "" }, "Enter your current password."],
    [{ currentPassword: "wrong-password-1" }, "That isn&#x27;t your current password."],
  ])("bad input %j gets a field error and sends nothing", async (fields, message) => {
    await createUser(database.db, { email: "taken@example.com" });
    const { cookie, userId } = await signUp();
    const mailBefore = await database.db.select().from(outboxEmails);
    const response = await app.post("/settings/email", { newEmail: "new@example.com", currentPassword: password, ...fields }, { cookie });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(message);
    expect(html).not.toContain(password);
    expect((await userRow(userId)).email).toBe("ada@example.com");
    expect(await database.db.select().from(verificationTokens).where(eq(verificationTokens.purpose, "change_email"))).toEqual([]);
    expect(await database.db.select().from(outboxEmails)).toEqual(mailBefore);
  });

  test.each(["/settings/email", "/settings/email.data"])("guessing the current password at %s is limited", async (path) => {
    const { cookie, userId } = await signUp();
    const attempt = (currentPassword: string) => app.post(path, { newEmail: "new@example.com", currentPassword }, { cookie });
    for (let guess = 0; guess < 5; guess++) expect((await attempt(`wrong-guess-${guess}`)).status).toBe(400);
    const blocked = await attempt(password);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBe("900");
    expect(await blocked.text()).toContain("Too many attempts. Please wait 15 minutes and try again.");
    expect((await userRow(userId)).email).toBe("ada@example.com");
    expect(await database.db.select().from(outboxEmails).where(eq(outboxEmails.to, "new@example.com"))).toEqual([]);
  });

  test("a Google-only account is told it can't change its email here", async () => {
    const { cookie, userId } = await googleOnlyUser();
    const page = await (await app.get("/settings/email", { cookie })).text();
    expect(page).toContain("You sign in with Google, so your email address can&#x27;t be changed here.");
    expect(page).not.toContain('name="currentPassword"');

    const response = await app.post("/settings/email", { newEmail: "new@example.com", currentPassword: "anything" }, { cookie });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("signs in with Google");
    expect((await userRow(userId)).email).toBe("g@example.com");
    expect(await database.db.select().from(outboxEmails)).toEqual([]);
  });
});

describe("password", () => {
  test("a change keeps this session, ends the others and says so", async () => {
    const { cookie, userId } = await signUp();
    const laptop = await logIn();
    const bystander = await signUp({ email: "bob@example.com", name: "Bob" });

    const response = await app.post(
      "/settings/password",
      { currentPassword: password, newPassword, confirmPassword: newPassword },
      { cookie },
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/settings/password?changed=1");
    const page = await (await app.get("/settings/password?changed=1", { cookie })).text();
    expect(page).toContain("Password changed. You were signed out on other devices.");

    expect((await app.get("/settings", { cookie: laptop })).status).toBe(302);
    expect(await sessionIds()).toEqual([sessionIdOf(cookie), sessionIdOf(bystander.cookie)].sort());
    const [credential] = await database.db.select().from(credentials).where(eq(credentials.userId, userId));
    expect(credential?.passwordHash).toMatch(/^scrypt\$/);
    expect((await app.post("/login", { email: "ada@example.com", password })).status).toBe(400);
    expect((await app.post("/login", { email: "ada@example.com", password: newPassword })).status).toBe(302);
  });

  test.each([
    [{ currentPassword: "" }, "Enter your current password."],
    [{ currentPassword: "wrong-password-1" }, "That isn&#x27;t your current password."],
    [{ newPassword: "short", confirmPassword: "short" }, "Use at least 10 characters."],
    [{ newPassword: "1234567890", confirmPassword: "1234567890" }, "This password is too common"],
    [
      { newPassword: "ada-example-password", confirmPassword: "ada-example-password" },
      "Your password shouldn&#x27;t contain your email address.",
    ],
    [{ confirmPassword: "something-else-42" }, "The two passwords don&#x27;t match."],
  ])("bad input %j gets a field error and changes nothing", async (fields, message) => {
    const { cookie, userId } = await signUp({ email: "ada-example@example.com" });
    const laptop = await logIn("ada-example@example.com");
    const [before] = await database.db.select().from(credentials).where(eq(credentials.userId, userId));
    const sessionsBefore = await sessionIds();

    const response = await app.post(
      "/settings/password",
      { currentPassword: password, newPassword, confirmPassword: newPassword, ...fields },
      { cookie },
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(message);
    expect(html).not.toContain(password);
    const [after] = await database.db.select().from(credentials).where(eq(credentials.userId, userId));
    expect(after).toEqual(before);
    expect(await sessionIds()).toEqual(sessionsBefore);
    expect((await app.get("/settings", { cookie: laptop })).status).toBe(200);
  });

  // The .data path is the same form submitted with JavaScript (Remix single fetch).
  test.each(["/settings/password", "/settings/password.data"])(
    "guessing the current password at %s is limited, even with a valid session",
    async (path) => {
      const { cookie, userId } = await signUp();
      const [before] = await database.db.select().from(credentials).where(eq(credentials.userId, userId));
      const attempt = (currentPassword: string) =>
        app.post(path, { currentPassword, newPassword, confirmPassword: newPassword }, { cookie });
      for (let guess = 0; guess < 5; guess++) expect((await attempt(`wrong-guess-${guess}`)).status).toBe(400);
      const blocked = await attempt(password);
      expect(blocked.status).toBe(429);
      expect(blocked.headers.get("retry-after")).toBe("900");
      expect(await blocked.text()).toContain("Too many attempts. Please wait 15 minutes and try again.");
      const [after] = await database.db.select().from(credentials).where(eq(credentials.userId, userId));
      expect(after).toEqual(before);
    },
  );

  test("a Google-only account sets a password without a current one, then can log in with it", async () => {
    const { cookie } = await googleOnlyUser();
    const page = await (await app.get("/settings/password", { cookie })).text();
    expect(page).toContain("Set a password");
    expect(page).not.toContain('name="currentPassword"');
    const response = await app.post("/settings/password", { newPassword, confirmPassword: newPassword }, { cookie });
    expect(response.status).toBe(302);
    expect((await app.post("/login", { email: "g@example.com", password: newPassword })).status).toBe(302);
  });
});

describe("sessions", () => {
  test("lists each session with its device, address and times in the user's zone, marking this one", async () => {
    const { cookie } = await signUp();
    clock.advance(2 * 60 * 60 * 1000);
    await logIn();
    const html = await (await app.get("/settings/sessions", { cookie })).text();
    expect(html).toContain("This device");
    expect(html).toContain("Firefox on Windows");
    expect(html).toContain("203.0.113.7");
    // The clock starts at 12:00 UTC on 1 June: 13:00 and 15:00 in London (GMT+1 in summer).
    expect(html).toContain("1 Jun 2026, 13:00 GMT+1");
    expect(html).toContain("1 Jun 2026, 15:00 GMT+1");
    expect(html.match(/name="revokeSession"/g)).toHaveLength(1);
  });

  test("signs out one other device", async () => {
    const { cookie } = await signUp();
    const laptop = await logIn();
    const response = await app.post("/settings/sessions", { revokeSession: sessionIdOf(laptop) }, { cookie });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/settings/sessions?revoked=1");
    expect(await sessionIds()).toEqual([sessionIdOf(cookie)]);
    expect((await app.get("/settings", { cookie: laptop })).status).toBe(302);
    expect(await (await app.get("/settings/sessions?revoked=1", { cookie })).text()).toContain("That device was signed out.");
  });

  test("a forged id of someone else's session changes nothing and is a 404", async () => {
    const { cookie } = await signUp();
    const bob = await signUp({ email: "bob@example.com", name: "Bob" });
    const before = await sessionIds();
    for (const target of [sessionIdOf(bob.cookie), "a".repeat(24), ""]) {
      const response = await app.post("/settings/sessions", { revokeSession: target }, { cookie });
      expect(response.status).toBe(404);
    }
    expect(await sessionIds()).toEqual(before);
    expect((await app.get("/settings", { cookie: bob.cookie })).status).toBe(200);
  });

  test("sign out everywhere ends every session, this one included", async () => {
    const { cookie } = await signUp();
    const laptop = await logIn();
    const bob = await signUp({ email: "bob@example.com", name: "Bob" });
    const response = await app.post("/settings/sessions", { intent: "sign-out-everywhere" }, { cookie });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login");
    expect(response.headers.get("set-cookie")).toMatch(/^session=;.*Max-Age=0/);
    expect(await sessionIds()).toEqual([sessionIdOf(bob.cookie)]);
    for (const old of [cookie, laptop]) expect((await app.get("/settings", { cookie: old })).status).toBe(302);
  });
});

describe("your data", () => {
  test("exports the user's data as a JSON download without secrets", async () => {
    const { cookie, userId } = await signUp({ role: "specialist", name: "Grace Hopper", email: "grace@example.com" });
    const { specialist } = await createSpecialist(database.db, { userId, headline: "Compiler whisperer" });
    await createSessionType(database.db, specialist.id, { title: "Code review" });
    await logIn("grace@example.com");
    await signUp({ email: "bob@example.com", name: "Bob Bystander" });

    const response = await app.get("/settings/data/export", { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="specialistly-export-2026-06-01.json"');
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const body = await response.text();
    const exported = JSON.parse(body) as Record<string, unknown>;
    expect(exported).toMatchObject({
      version: 1,
      profile: { email: "grace@example.com", name: "Grace Hopper", timezone: "Europe/London" },
      specialistProfile: { headline: "Compiler whisperer", sessionTypes: [{ title: "Code review" }] },
    });
    expect(exported.sessions).toHaveLength(2);

    expect(body).not.toContain("scrypt$");
    expect(body).not.toMatch(/secret_?hash/i);
    for (const session of await database.db.select().from(sessions)) {
      expect(body).not.toContain(session.secretHash);
      expect(body).not.toContain(session.id);
    }
    expect(body).not.toContain("Bob Bystander");
    expect(body).not.toContain("bob@example.com");
  });

  test("the page offers the export and the delete form", async () => {
    const { cookie } = await signUp();
    const html = await (await app.get("/settings/data", { cookie })).text();
    expect(html).toMatch(/<a href="\/settings\/data\/export" download=""/);
    expect(html).toContain("Delete my account");
  });

  test("deleting the account anonymises it, signs out, and frees the email", async () => {
    const { cookie, userId } = await signUp({ role: "specialist" });
    const { specialist } = await createSpecialist(database.db, { userId, displayName: "Ada Lovelace", bio: "Analyst." });
    const laptop = await logIn();

    const response = await app.post("/settings/data", { confirmation: "ada@example.com" }, { cookie });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/?accountDeleted=1");
    expect(response.headers.get("set-cookie")).toMatch(/^session=;.*Max-Age=0/);

    expect(await userRow(userId)).toMatchObject({
      email: `deleted-${userId}@deleted.invalid`,
      name: "Deleted user",
      status: "deleted",
      emailVerifiedAt: null,
    });
    const [profile] = await database.db.select().from(specialists).where(eq(specialists.id, specialist.id));
    expect(profile).toMatchObject({ published: false, displayName: "Deleted specialist", bio: "", slug: `deleted-${userId}` });
    expect(await sessionIds()).toEqual([]);
    for (const old of [cookie, laptop]) expect((await app.get("/settings", { cookie: old })).status).toBe(302);

    const login = await app.post("/login", { email: "ada@example.com", password });
    expect(login.status).toBe(400);
    const again = await signUp({ name: "Ada Again" });
    expect(again.userId).not.toBe(userId);
  });

  test.each([
    [{ confirmation: "" }, "Type your email address or current password to confirm."],
    [{ confirmation: "someone@example.com" }, "That is neither your email address nor your current password."],
  ])("a wrong confirmation %j changes nothing", async (fields, message) => {
    const { cookie, userId } = await signUp();
    const before = await userRow(userId);
    const response = await app.post("/settings/data", fields, { cookie });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(await userRow(userId)).toEqual(before);
    expect(await sessionIds()).toEqual([sessionIdOf(cookie)]);
  });

  test("guessing the password to confirm is limited and says when to retry", async () => {
    const { cookie, userId } = await signUp();
    const before = await userRow(userId);
    for (let guess = 0; guess < 5; guess++) {
      expect((await app.post("/settings/data", { confirmation: `wrong-guess-${guess}` }, { cookie })).status).toBe(400);
    }
    const blocked = await app.post("/settings/data", { confirmation: password }, { cookie });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBe("900");
    expect(await userRow(userId)).toEqual(before);
  });

  test("the last admin is told to appoint another admin first", async () => {
    const { cookie, userId } = await signUp();
    await database.db.update(users).set({ role: "admin" }).where(eq(users.id, userId));
    const response = await app.post("/settings/data", { confirmation: password }, { cookie });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("You are the only admin. Make someone else an admin before deleting your account.");
    expect((await userRow(userId)).status).toBe("active");
  });
});
