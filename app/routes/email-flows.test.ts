import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { credentials, outboxEmails, sessions, users, verificationTokens } from "../../db/schema";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { requestEmailChange } from "../domain/auth/email-verification.server";
import { createOutboxMailer, createOutboxSmsSender } from "../integrations/mail/outbox-mailer.server";

const hour = 60 * 60 * 1000;

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let app: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

const ada = {
  name: "Ada Lovelace",
  email: "ada@example.com",
  password: "plum-ferry-quartz-71",
  role: "customer",
  timezone: "Europe/London",
};

async function signUp() {
  const response = await app.post("/signup", ada);
  expect(response.status).toBe(302);
  return response.headers.get("set-cookie")!;
}

async function logIn(email: string, password: string) {
  return app.post("/login", { email, password });
}

async function sentMail() {
  return database.db
    .select()
    .from(outboxEmails)
    .orderBy(sql`rowid`);
}

/** The newest mail to `to`, and the path of the link in it (tests follow it as the user would). */
async function lastMailTo(to: string) {
  const mail = (await sentMail()).filter((message) => message.to === to).at(-1);
  expect(mail, `a mail to ${to}`).toBeDefined();
  const link = /http:\/\/localhost(\/[a-z-]+\?token=[a-z2-7]+\.[a-z2-7]+)/.exec(mail!.text)?.[1];
  return { mail: mail!, link };
}

async function user() {
  const [row] = await database.db.select().from(users).where(eq(users.email, ada.email));
  return row;
}

/** A fresh verification link through the resend button (a minute after sign-up, past its cooldown). */
async function newVerificationLink(cookie: string) {
  clock.advance(2 * 60 * 1000);
  await app.post("/verify-email/resend", {}, { cookie });
  const { link } = await lastMailTo(ada.email);
  expect(link).toMatch(/^\/verify-email\?token=/);
  return link!;
}

function tokenOf(link: string) {
  return new URL(link, "http://localhost").searchParams.get("token")!;
}

describe("verifying an email address", () => {
  test("sign-up mails a link; opening it only asks, the button confirms", async () => {
    await signUp();
    const { mail, link } = await lastMailTo(ada.email);
    expect(mail.template).toBe("verify-email");
    expect(link).toMatch(/^\/verify-email\?token=/);

    // Mail scanners fetch links: a GET must not use the token up.
    const page = await app.get(link!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Confirm email address");
    expect(html).toContain("ada@example.com");
    expect((await user())?.emailVerifiedAt).toBeNull();
    expect((await database.db.select().from(verificationTokens))[0]?.usedAt).toBeNull();

    const confirmed = await app.post(link!, { token: tokenOf(link!) });
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("location")).toBe("/verify-email?confirmed=email");
    expect(await (await app.get("/verify-email?confirmed=email")).text()).toContain("Your email address is confirmed.");
    expect((await user())?.emailVerifiedAt).toEqual(clock.now());
  });

  test("a used link is refused, with a way to get a new one", async () => {
    const cookie = await signUp();
    const link = await newVerificationLink(cookie);
    expect((await app.post(link, { token: tokenOf(link) })).status).toBe(302);
    await database.db.update(users).set({ emailVerifiedAt: null });

    const again = await app.post(link, { token: tokenOf(link) }, { cookie });
    expect(again.status).toBe(400);
    const html = await again.text();
    expect(html).toContain("This link has already been used.");
    expect(html).toContain('action="/verify-email/resend"');
    expect((await user())?.emailVerifiedAt).toBeNull();
  });

  test("an expired link is refused on the page and on submit", async () => {
    const link = await newVerificationLink(await signUp());
    clock.advance(48 * hour);
    const page = await (await app.get(link)).text();
    expect(page).toContain("This link has expired.");
    expect(page).not.toContain("Confirm email address</button>");
    expect(page).toContain("to get a new confirmation link");

    const submit = await app.post(link, { token: tokenOf(link) });
    expect(submit.status).toBe(400);
    expect(await submit.text()).toContain("This link has expired.");
    expect((await user())?.emailVerifiedAt).toBeNull();
  });

  test("a signed-in user gets a new link, and the old one stops working", async () => {
    const cookie = await signUp();
    clock.advance(2 * 60 * 1000);
    const before = (await sentMail()).length;
    const resend = await app.post("/verify-email/resend", { redirectTo: "/settings/email" }, { cookie });
    expect(resend.status).toBe(302);
    expect(resend.headers.get("location")).toBe("/settings/email?verification=sent");
    expect(await sentMail()).toHaveLength(before + 1);

    const tooSoon = await app.post("/verify-email/resend", {}, { cookie });
    expect(tooSoon.headers.get("location")).toBe("/verify-email?verification=too-soon");
    expect(await sentMail()).toHaveLength(before + 1);
    const page = await (await app.get("/verify-email?verification=too-soon", { cookie })).text();
    expect(page).toContain("We just sent you a link.");

    const { link } = await lastMailTo(ada.email);
    expect((await app.post(link!, { token: tokenOf(link!) })).status).toBe(302);
    expect((await user())?.emailVerifiedAt).not.toBeNull();
  });

  test("resending needs a signed-in user and is CSRF-checked", async () => {
    const anonymous = await app.post("/verify-email/resend", {});
    expect(anonymous.headers.get("location")).toMatch(/^\/login/);
    const cookie = await signUp();
    const crossSite = await app.post("/verify-email/resend", {}, { cookie, headers: { "sec-fetch-site": "cross-site" } });
    expect(crossSite.status).toBe(403);
  });
});

describe("resetting a password", () => {
  test("an unknown email gets the same answer and no mail", async () => {
    await signUp();
    const before = await sentMail();

    const unknown = await app.post("/forgot-password", { email: "nobody@example.com" });
    const known = await app.post("/forgot-password", { email: "ADA@example.com" });
    expect(unknown.status).toBe(302);
    expect(unknown.headers.get("location")).toBe(known.headers.get("location"));

    const mail = await sentMail();
    expect(mail.filter((message) => message.to === "nobody@example.com")).toEqual([]);
    expect(mail.slice(before.length).map((message) => message.template)).toEqual(["reset-password"]);
    const page = await (await app.get(unknown.headers.get("location")!)).text();
    expect(page).toContain("If an account exists for that email, we sent a link");
  });

  test("a malformed email gets a field error and nothing is sent", async () => {
    const response = await app.post("/forgot-password", { email: "not-an-email" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Enter a valid email address");
    expect(await sentMail()).toEqual([]);
  });

  test("the link sets a new password, signs every session out and sends a notice", async () => {
    const signUpCookie = await signUp();
    const loginCookie = (await logIn(ada.email, ada.password)).headers.get("set-cookie")!;
    expect(await database.db.select().from(sessions)).toHaveLength(2);
    await app.post("/forgot-password", { email: ada.email });
    const { link } = await lastMailTo(ada.email);
    expect(link).toMatch(/^\/reset-password\?token=/);

    const form = await (await app.get(link!)).text();
    expect(form).toContain("Choose a new password");
    expect(form).toMatch(/<input[^>]*name="password"[^>]*type="password"/);

    const done = await app.post(link!, { token: tokenOf(link!), password: "velvet-harbor-signal-3" });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/reset-password/done");
    expect(await (await app.get("/reset-password/done")).text()).toContain("Your password was changed.");

    expect(await database.db.select().from(sessions)).toEqual([]);
    for (const cookie of [signUpCookie, loginCookie]) {
      expect(await (await app.get("/", { cookie })).text()).not.toContain("Ada Lovelace");
    }
    expect((await logIn(ada.email, ada.password)).status).toBe(400);
    expect((await logIn(ada.email, "velvet-harbor-signal-3")).status).toBe(302);
    expect((await lastMailTo(ada.email)).mail.template).toBe("password-changed-notice");

    const reuse = await app.post(link!, { token: tokenOf(link!), password: "another-good-phrase-4" });
    expect(reuse.status).toBe(400);
    expect(await reuse.text()).toContain("This link has already been used.");
  });

  test.each([
    ["short", "Use at least 10 characters."],
    ["1234567890", "too common"],
  ])("a refused password (%s) gets a field error and changes nothing", async (password, message) => {
    await signUp();
    await app.post("/forgot-password", { email: ada.email });
    const { link } = await lastMailTo(ada.email);
    const [credentialBefore] = await database.db.select().from(credentials);
    const mailBefore = (await sentMail()).length;

    const response = await app.post(link!, { token: tokenOf(link!), password });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(message);
    expect(html).toContain("Save new password");
    expect(await database.db.select().from(credentials)).toEqual([credentialBefore]);
    expect(await database.db.select().from(sessions)).toHaveLength(1);
    expect((await database.db.select().from(verificationTokens))[0]?.usedAt).toBeNull();
    expect(await sentMail()).toHaveLength(mailBefore);
  });

  test("an expired or bogus link shows why and offers a new one", async () => {
    await signUp();
    await app.post("/forgot-password", { email: ada.email });
    const { link } = await lastMailTo(ada.email);
    clock.advance(hour);
    const expired = await (await app.get(link!)).text();
    expect(expired).toContain("This link has expired.");
    expect(expired).toContain('href="/forgot-password"');

    const bogus = await (await app.get("/reset-password?token=nope")).text();
    expect(bogus).toContain("This link isn&#x27;t valid.");
    const missing = await (await app.get("/reset-password")).text();
    expect(missing).toContain("This link is incomplete.");
  });
});

describe("changing an email address", () => {
  const mailContext = () => ({ db: database.db, clock, mailer: createOutboxMailer(database.db) });

  test("a taken address is refused", async () => {
    await signUp();
    const other = { ...ada, email: "grace@example.com", name: "Grace Hopper" };
    await app.post("/signup", other);
    const result = await requestEmailChange(mailContext(), (await user())!, "grace@example.com", "http://localhost");
    expect(result).toEqual({ ok: false, message: "Another account already uses that email address." });
    expect((await sentMail()).filter((mail) => mail.template === "confirm-email-change")).toEqual([]);
  });

  test("the link sent to the new address switches the account, signs it out and notifies the old address", async () => {
    const cookie = await signUp();
    expect(await requestEmailChange(mailContext(), (await user())!, "ada@newmail.example", "http://localhost")).toEqual({ ok: true });
    const { mail, link } = await lastMailTo("ada@newmail.example");
    expect(mail.template).toBe("confirm-email-change");
    expect((await user())?.email).toBe("ada@example.com");

    const page = await (await app.get(link!, { cookie })).text();
    expect(page).toContain("Confirm your new email address");
    expect(page).toContain("ada@newmail.example");

    const confirmed = await app.post(link!, { token: tokenOf(link!) }, { cookie });
    expect(confirmed.headers.get("location")).toBe("/verify-email?confirmed=new-email");
    expect(confirmed.headers.get("set-cookie")).toMatch(/^session=;/);
    expect(await (await app.get("/verify-email?confirmed=new-email")).text()).toContain("log in with the new address");

    expect(await user()).toBeUndefined();
    const [changed] = await database.db.select().from(users).where(eq(users.email, "ada@newmail.example"));
    expect(changed?.emailVerifiedAt).toEqual(clock.now());
    expect(await database.db.select().from(sessions)).toEqual([]);
    const notice = await lastMailTo("ada@example.com");
    expect(notice.mail.template).toBe("email-changed-notice");
    expect(notice.mail.text).toContain("ada@newmail.example");

    expect((await logIn("ada@example.com", ada.password)).status).toBe(400);
    expect((await logIn("ada@newmail.example", ada.password)).status).toBe(302);
  });
});

describe("/dev/outbox", () => {
  test("does not exist in production", async () => {
    await signUp();
    const response = await app.get("/dev/outbox");
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("Page not found");
    expect(html).not.toContain("verify-email?token=");
  });

  // Outbox mail holds live reset links: anyone who could read it could take over any account.
  test("in development, does not exist for other machines", async () => {
    const devApp = await createTestApp({ db: database.db, clock, env: { NODE_ENV: "development" } });
    await signUp();
    await app.post("/forgot-password", { email: ada.email });
    const response = await devApp.get("/dev/outbox");
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("reset-password?token=");
  });

  test("in development, does not exist for a page that rebinds its own name to this machine", async () => {
    const devApp = await createTestApp({ db: database.db, clock, env: { NODE_ENV: "development" }, clientAddress: "127.0.0.1" });
    await signUp();
    await app.post("/forgot-password", { email: ada.email });
    const response = await devApp.request("http://attacker.example:3000/dev/outbox");
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("reset-password?token=");
  });

  test("lists sent mail newest first, with text, links and a sandboxed HTML preview", async () => {
    const devApp = await createTestApp({ db: database.db, clock, env: { NODE_ENV: "development" }, clientAddress: "127.0.0.1" });
    await newVerificationLink(await signUp());
    // The outbox stamps mail with the real time; make sure the two differ.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await app.post("/forgot-password", { email: ada.email });
    const response = await devApp.get("/dev/outbox");
    expect(response.status).toBe(200);
    const html = await response.text();
    const resetAt = html.indexOf("Reset your Specialistly password");
    const verifyAt = html.indexOf("Confirm your email address for Specialistly");
    expect(resetAt).toBeGreaterThan(-1);
    expect(verifyAt).toBeGreaterThan(resetAt);
    expect(html).toContain('sandbox=""');
    expect(html).toMatch(/srcdoc="/i);
    expect(html).toMatch(/<a href="http:\/\/localhost\/reset-password\?token=[a-z2-7.]+"/);
  });
  test("shows text messages marked as SMS, and each mail's extra headers and attachments", async () => {
    const devApp = await createTestApp({ db: database.db, clock, env: { NODE_ENV: "development" }, clientAddress: "127.0.0.1" });
    await createOutboxSmsSender(database.db).send({
      to: "+14155550100",
      body: "Reminder: Intro in an hour",
      template: "reminder-1h",
      messageKey: "n1",
    });
    await createOutboxMailer(database.db).send({
      to: ada.email,
      subject: "Reminder: Intro within a day",
      html: "<p>Hi</p>",
      text: "Don't want reminders? Unsubscribe at http://localhost/unsubscribe/n2.",
      template: "reminder-24h",
      messageKey: "n2",
      headers: { "List-Unsubscribe": "<http://localhost/unsubscribe/n2>" },
      attachments: [{ filename: "session.ics", contentType: "text/calendar; charset=utf-8", content: "BEGIN:VCALENDAR" }],
    });
    const html = await (await devApp.get("/dev/outbox")).text();
    expect(html).toMatch(/>SMS<\/span>Text message to \+14155550100/);
    expect(html).toContain("Reminder: Intro in an hour");
    expect(html).toContain("List-Unsubscribe");
    expect(html).toContain("&lt;http://localhost/unsubscribe/n2&gt;");
    // The sentence's full stop is not part of the listed link.
    expect(html).toContain('<a href="http://localhost/unsubscribe/n2" class=');
    expect(html).toMatch(/<a href="data:text\/calendar;charset=utf-8,BEGIN%3AVCALENDAR" download="session.ics"/);
  });
});
