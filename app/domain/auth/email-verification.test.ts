import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { credentials, outboxEmails, sessions, users, verificationTokens, type User } from "../../../db/schema";
import { createScryptPasswordHasher } from "../../../platform/scrypt-password-hasher";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { createOutboxMailer } from "../../integrations/mail/outbox-mailer.server";
import { verifyPasswordLogin } from "./auth.server";
import {
  requestEmailChange,
  requestPasswordReset,
  resendEmailVerification,
  resetPassword,
  sendEmailVerification,
  verifyEmailToken,
} from "./email-verification.server";
import { createSession } from "./sessions.server";

const origin = "https://specialistly.test";
const hour = 60 * 60 * 1000;

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let context: {
  db: TestDatabase["db"];
  clock: typeof clock;
  mailer: ReturnType<typeof createOutboxMailer>;
  passwords: ReturnType<typeof createScryptPasswordHasher>;
  clientAddress: string | null;
};
let user: User;

beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  context = {
    db: database.db,
    clock,
    mailer: createOutboxMailer(database.db),
    passwords: createScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }),
    clientAddress: null,
  };
  user = await createUser(database.db, { email: "ada@example.com", name: "Ada Lovelace" });
});
afterEach(() => database.cleanup());

/** Mail in the order it was sent. */
async function sentMail() {
  return database.db
    .select()
    .from(outboxEmails)
    .orderBy(sql`rowid`);
}

async function lastMail() {
  const mail = await sentMail();
  expect(mail.length).toBeGreaterThan(0);
  return mail.at(-1)!;
}

function tokenIn(mail: { text: string; html: string }, path: string) {
  const pattern = new RegExp(`${origin}${path}\\?token=([a-z2-7]+\\.[a-z2-7]+)`);
  const fromText = pattern.exec(mail.text)?.[1];
  expect(fromText, `a ${path} link in the text part`).toBeDefined();
  expect(mail.html).toContain(`href="${origin}${path}?token=${fromText}"`);
  return fromText!;
}

async function reload(userId = user.id) {
  const [row] = await database.db.select().from(users).where(eq(users.id, userId));
  return row!;
}

describe("email verification", () => {
  test("mails a branded link, stores only a hash of it, and marks the address verified once used", async () => {
    await sendEmailVerification(context, user, origin);
    const mail = await lastMail();
    expect(mail).toMatchObject({ to: "ada@example.com", template: "verify-email", subject: "Confirm your email address for Specialistly" });
    expect(mail.text).toContain("expires in 48 hours");
    expect(mail.html).toContain("Specialistly");
    const token = tokenIn(mail, "/verify-email");

    const [stored] = await database.db.select().from(verificationTokens);
    expect(stored).toMatchObject({ purpose: "verify_email", email: "ada@example.com", usedAt: null });
    expect(stored!.expiresAt.getTime() - clock.now().getTime()).toBe(48 * hour);
    expect(JSON.stringify(stored)).not.toContain(token.split(".")[1]);

    expect(await verifyEmailToken(context, token)).toEqual({ ok: true, purpose: "verify_email", userId: user.id });
    expect((await reload()).emailVerifiedAt).toEqual(clock.now());
  });

  test("a link works once, even when two requests race for it", async () => {
    await sendEmailVerification(context, user, origin);
    const token = tokenIn(await lastMail(), "/verify-email");
    const results = await Promise.all([verifyEmailToken(context, token), verifyEmailToken(context, token)]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await verifyEmailToken(context, token)).toEqual({ ok: false, message: "This link has already been used." });
  });

  test("an expired link is refused and verifies nothing", async () => {
    await sendEmailVerification(context, user, origin);
    const token = tokenIn(await lastMail(), "/verify-email");
    clock.advance(48 * hour);
    expect(await verifyEmailToken(context, token)).toEqual({ ok: false, message: "This link has expired." });
    expect((await reload()).emailVerifiedAt).toBeNull();
  });

  test("a newer link replaces the older one", async () => {
    await sendEmailVerification(context, user, origin);
    const first = tokenIn(await lastMail(), "/verify-email");
    clock.advance(5 * 60 * 1000);
    await sendEmailVerification(context, user, origin);
    const second = tokenIn(await lastMail(), "/verify-email");
    expect(await verifyEmailToken(context, first)).toMatchObject({ ok: false, message: expect.stringContaining("isn't valid") });
    expect(await verifyEmailToken(context, second)).toMatchObject({ ok: true });
  });

  test.each(["", "nonsense", `${"a".repeat(24)}.${"b".repeat(40)}`])("a malformed or unknown token %j is refused", async (token) => {
    expect(await verifyEmailToken(context, token)).toMatchObject({ ok: false, message: expect.stringContaining("isn't valid") });
  });

  test("a link of another purpose, or with a wrong secret, verifies nothing", async () => {
    await requestPasswordReset(context, user.email, origin);
    const resetToken = tokenIn(await lastMail(), "/reset-password");
    expect(await verifyEmailToken(context, resetToken)).toMatchObject({ ok: false });

    await sendEmailVerification(context, user, origin);
    const [id] = tokenIn(await lastMail(), "/verify-email").split(".");
    expect(await verifyEmailToken(context, `${id}.${"a".repeat(40)}`)).toMatchObject({ ok: false });
    expect((await reload()).emailVerifiedAt).toBeNull();
  });

  test("resending waits a minute between links and stops once the address is verified", async () => {
    const recipient = { ...user, emailVerifiedAt: null };
    expect(await resendEmailVerification(context, recipient, origin)).toBe("sent");
    expect(await resendEmailVerification(context, recipient, origin)).toBe("too-soon");
    clock.advance(61 * 1000);
    expect(await resendEmailVerification(context, recipient, origin)).toBe("sent");
    expect(await resendEmailVerification(context, { ...user, emailVerifiedAt: clock.now() }, origin)).toBe("already-verified");
    expect(await sentMail()).toHaveLength(2);
  });
});

describe("email change", () => {
  test("refuses the current address, a taken one and a malformed one, sending nothing", async () => {
    await createUser(database.db, { email: "taken@example.com" });
    expect(await requestEmailChange(context, user, "ADA@example.com", origin)).toEqual({
      ok: false,
      message: "That's already your email address.",
    });
    expect(await requestEmailChange(context, user, "Taken@Example.com", origin)).toEqual({
      ok: false,
      message: "Another account already uses that email address.",
    });
    expect(await requestEmailChange(context, user, "not an email", origin)).toMatchObject({ ok: false });
    expect(await sentMail()).toEqual([]);
    expect(await database.db.select().from(verificationTokens)).toEqual([]);
  });

  test("changes nothing until the new address confirms; then switches, signs out everywhere and tells the old address", async () => {
    await createSession(database.db, user.id, clock.now());
    await requestPasswordReset(context, user.email, origin);
    const staleReset = tokenIn(await lastMail(), "/reset-password");

    expect(await requestEmailChange(context, user, " New@Example.com ", origin)).toEqual({ ok: true });
    const confirm = await lastMail();
    expect(confirm).toMatchObject({ to: "new@example.com", template: "confirm-email-change" });
    expect(confirm.text).toContain("expires in 24 hours");
    expect((await reload()).email).toBe("ada@example.com");

    const result = await verifyEmailToken(context, tokenIn(confirm, "/verify-email"));
    expect(result).toEqual({ ok: true, purpose: "change_email", userId: user.id });
    const changed = await reload();
    expect(changed.email).toBe("new@example.com");
    expect(changed.emailVerifiedAt).toEqual(clock.now());
    expect(await database.db.select().from(sessions)).toEqual([]);

    const notice = await lastMail();
    expect(notice).toMatchObject({ to: "ada@example.com", template: "email-changed-notice" });
    expect(notice.text).toContain("new@example.com");
    // A reset link sent to the old address no longer works.
    expect(await resetPassword(context, staleReset, "plum-ferry-quartz-71", origin)).toMatchObject({ ok: false });
  });

  test("expires after 24 hours", async () => {
    await requestEmailChange(context, user, "new@example.com", origin);
    clock.advance(24 * hour);
    expect(await verifyEmailToken(context, tokenIn(await lastMail(), "/verify-email"))).toEqual({
      ok: false,
      message: "This link has expired.",
    });
    expect((await reload()).email).toBe("ada@example.com");
  });

  test("if someone else took the address in the meantime, the account keeps its old one", async () => {
    await requestEmailChange(context, user, "new@example.com", origin);
    const token = tokenIn(await lastMail(), "/verify-email");
    await createUser(database.db, { email: "new@example.com" });
    const result = await verifyEmailToken(context, token);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining("Another account started using new@example.com") });
    expect((await reload()).email).toBe("ada@example.com");
  });
});

describe("password reset", () => {
  beforeEach(async () => {
    await database.db.insert(credentials).values({ userId: user.id, passwordHash: await context.passwords.hash("old-password-horse-9") });
  });

  async function resetToken() {
    await requestPasswordReset(context, "Ada@Example.com", origin);
    const mail = await lastMail();
    expect(mail).toMatchObject({ to: "ada@example.com", template: "reset-password" });
    expect(mail.text).toContain("expires in 1 hour");
    return tokenIn(mail, "/reset-password");
  }

  test("an unknown, malformed or suspended account gets no mail and no token", async () => {
    await createUser(database.db, { email: "gone@example.com", status: "suspended" });
    await requestPasswordReset(context, "nobody@example.com", origin);
    await requestPasswordReset(context, "gone@example.com", origin);
    await requestPasswordReset(context, "not an email", origin);
    expect(await sentMail()).toEqual([]);
    expect(await database.db.select().from(verificationTokens)).toEqual([]);
  });

  test("a second request within a minute sends nothing more, so the first link keeps working", async () => {
    const token = await resetToken();
    await requestPasswordReset(context, user.email, origin);
    expect(await sentMail()).toHaveLength(1);
    expect(await resetPassword(context, token, "plum-ferry-quartz-71", origin)).toMatchObject({ ok: true });
  });

  test("sets the new password, verifies the address, signs out everywhere and sends a notice", async () => {
    await createSession(database.db, user.id, clock.now());
    await createSession(database.db, user.id, clock.now());
    const token = await resetToken();

    expect(await resetPassword(context, token, "plum-ferry-quartz-71", origin)).toEqual({ ok: true, userId: user.id });
    expect(await verifyPasswordLogin(context, user.email, "old-password-horse-9")).toBeNull();
    expect(await verifyPasswordLogin(context, user.email, "plum-ferry-quartz-71")).toMatchObject({ userId: user.id });
    expect(await database.db.select().from(sessions)).toEqual([]);
    expect((await reload()).emailVerifiedAt).toEqual(clock.now());

    const notice = await lastMail();
    expect(notice).toMatchObject({ to: "ada@example.com", template: "password-changed-notice" });
    expect(notice.text).toContain(`${origin}/forgot-password`);
    expect(await resetPassword(context, token, "another-fine-password-2", origin)).toEqual({
      ok: false,
      message: "This link has already been used.",
    });
  });

  test("gives an account without a password (Google sign-in) one", async () => {
    await database.db.delete(credentials);
    const token = await resetToken();
    expect(await resetPassword(context, token, "plum-ferry-quartz-71", origin)).toMatchObject({ ok: true });
    expect(await verifyPasswordLogin(context, user.email, "plum-ferry-quartz-71")).toMatchObject({ userId: user.id });
  });

  test.each([
    ["short", "Use at least 10 characters."],
    ["1234567890", "too common"],
    ["x".repeat(201), "Use at most 200 characters."],
  ])("a password the policy refuses (%s) changes nothing and leaves the link usable", async (password, message) => {
    await createSession(database.db, user.id, clock.now());
    const token = await resetToken();
    const [before] = await database.db.select().from(credentials);

    const result = await resetPassword(context, token, password, origin);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining(message) });
    expect(await database.db.select().from(credentials)).toEqual([before]);
    expect(await database.db.select().from(sessions)).toHaveLength(1);
    expect(await sentMail()).toHaveLength(1);
    expect(await resetPassword(context, token, "plum-ferry-quartz-71", origin)).toMatchObject({ ok: true });
  });

  test("the link expires after an hour", async () => {
    const token = await resetToken();
    clock.advance(hour);
    expect(await resetPassword(context, token, "plum-ferry-quartz-71", origin)).toEqual({
      ok: false,
      message: "This link has expired.",
    });
    expect(await verifyPasswordLogin(context, user.email, "old-password-horse-9")).toMatchObject({ userId: user.id });
  });
});
