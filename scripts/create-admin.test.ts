import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { verifyPasswordLogin } from "../app/domain/auth/auth.server";
import { createUser } from "../db/factories";
import { credentials, sessions, users } from "../db/schema";
import { createScryptPasswordHasher } from "../platform/scrypt-password-hasher";
import { createTestClock } from "../tests/clock";
import { createTestDatabase, type TestDatabase } from "../tests/test-database";
import { createAdmin, parseCreateAdminArgs, runCreateAdmin, usage, type CreateAdminIO } from "./create-admin";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

// Light parameters keep the tests fast; the stored hash records them, so logins verify the same way.
const passwords = createScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });
const password = "plum-ferry-quartz-71";

function canLogIn(email: string, attempt: string) {
  return verifyPasswordLogin({ db: database.db, clock: createTestClock(), passwords, clientAddress: null }, email, attempt);
}

async function userByEmail(email: string) {
  return database.db.query.users.findFirst({ where: eq(users.email, email) });
}

async function addSession(userId: string) {
  const now = new Date();
  await database.db.insert(sessions).values({ id: crypto.randomUUID(), userId, secretHash: "x", lastVerifiedAt: now, expiresAt: now });
}

describe("createAdmin", () => {
  test("creates a verified admin with a normalized email who can log in", async () => {
    const result = await createAdmin(database.db, passwords, { email: "  Ada@Example.COM ", name: " Ada Lovelace ", password });
    expect(result).toMatchObject({ ok: true, outcome: "created", passwordChanged: true });

    const user = await userByEmail("ada@example.com");
    expect(user).toMatchObject({ name: "Ada Lovelace", role: "admin", status: "active" });
    expect(user?.emailVerifiedAt).toBeInstanceOf(Date);
    const [credential] = await database.db.select().from(credentials);
    expect(credential?.passwordHash).toMatch(/^scrypt\$/);
    expect(credential?.passwordHash).not.toContain(password);
    expect(await canLogIn("ada@example.com", password)).toMatchObject({ userId: user!.id });
  });

  test.each([
    [{ password: "1234567890" }, "Password refused: This password is too common"],
    [{ password: "short" }, "Password refused: Use at least 10 characters."],
    [{ password: "ada.lovelace-2026" }, "Password refused: Your password shouldn't contain your email address."],
    [{ password: undefined }, "A password is required."],
    [{ name: undefined }, "give the new admin a name with --name"],
    [{ name: "   " }, "Invalid --name: Enter your name."],
    [{ email: "not-an-email" }, "Invalid --email: Enter a valid email address"],
  ])("refuses %j with a clear message and writes nothing", async (overrides, message) => {
    const input = { email: "ada.lovelace@example.com", name: "Ada", password, ...overrides };
    const result = await createAdmin(database.db, passwords, input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
    expect(await database.db.select().from(users)).toEqual([]);
    expect(await database.db.select().from(credentials)).toEqual([]);
  });

  test("promotes an existing verified user and keeps their name, password and sessions", async () => {
    const { userId } = await signedUpUser({ emailVerifiedAt: new Date() });
    await addSession(userId);

    const result = await createAdmin(database.db, passwords, {
      email: "grace@example.com",
      name: "Other Name",
      password: "ignored-password-123",
    });
    expect(result).toEqual({ ok: true, userId, outcome: "promoted", passwordChanged: false });
    expect(await userByEmail("grace@example.com")).toMatchObject({ role: "admin", name: "Grace Hopper" });
    expect(await canLogIn("grace@example.com", "old-password-river-9")).toMatchObject({ userId });
    expect(await database.db.select().from(sessions)).toHaveLength(1);
  });

  test("refuses to promote an unverified account unless its password is reset", async () => {
    const { userId } = await signedUpUser({ emailVerifiedAt: null });
    const refused = await createAdmin(database.db, passwords, { email: "grace@example.com" });
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining("--reset-password") });
    expect(await userByEmail("grace@example.com")).toMatchObject({ role: "customer" });

    await addSession(userId);
    const taken = await createAdmin(database.db, passwords, { email: "grace@example.com", password, resetPassword: true });
    expect(taken).toEqual({ ok: true, userId, outcome: "promoted", passwordChanged: true });
    const user = await userByEmail("grace@example.com");
    expect(user?.role).toBe("admin");
    expect(user?.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await canLogIn("grace@example.com", password)).toMatchObject({ userId });
    expect(await canLogIn("grace@example.com", "old-password-river-9")).toBeNull();
    // Whoever held the account before is signed out.
    expect(await database.db.select().from(sessions)).toEqual([]);
  });

  test("sets a password for an account that had none (e.g. Google sign-in)", async () => {
    const user = await createUser(database.db, { email: "lin@example.com", emailVerifiedAt: new Date() });
    const result = await createAdmin(database.db, passwords, { email: "lin@example.com", password, resetPassword: true });
    expect(result).toMatchObject({ ok: true, outcome: "promoted", passwordChanged: true });
    expect(await canLogIn("lin@example.com", password)).toMatchObject({ userId: user.id });
  });

  test("a weak reset password changes nothing", async () => {
    const { userId } = await signedUpUser({ emailVerifiedAt: new Date() });
    const result = await createAdmin(database.db, passwords, { email: "grace@example.com", password: "password123", resetPassword: true });
    expect(result.ok).toBe(false);
    expect(await userByEmail("grace@example.com")).toMatchObject({ role: "customer" });
    expect(await canLogIn("grace@example.com", "old-password-river-9")).toMatchObject({ userId });
  });

  test("won't make a suspended account an admin", async () => {
    await createUser(database.db, { email: "mallory@example.com", status: "suspended", emailVerifiedAt: new Date() });
    const result = await createAdmin(database.db, passwords, { email: "mallory@example.com" });
    expect(result).toEqual({ ok: false, message: "The account mallory@example.com is suspended; refusing to make it an admin." });
    expect(await userByEmail("mallory@example.com")).toMatchObject({ role: "customer" });
  });
});

async function signedUpUser({ emailVerifiedAt }: { emailVerifiedAt: Date | null }) {
  const user = await createUser(database.db, { email: "grace@example.com", name: "Grace Hopper", emailVerifiedAt });
  await database.db.insert(credentials).values({ userId: user.id, passwordHash: await passwords.hash("old-password-river-9") });
  return { userId: user.id };
}

describe("parseCreateAdminArgs", () => {
  test("reads the flags and normalizes the email", () => {
    expect(parseCreateAdminArgs(["--email", " Ada@Example.com", "--name", "Ada Lovelace", "--reset-password"])).toEqual({
      ok: true,
      help: false,
      email: "ada@example.com",
      name: "Ada Lovelace",
      resetPassword: true,
    });
  });

  test.each([
    [[], "Missing --email."],
    [["--email"], "Option '--email <value>' argument missing"],
    [["--email", "nope"], "Invalid --email: Enter a valid email address, like name@example.com."],
    [["--email", "a@example.com", "--password", "x"], "Unknown option '--password'"],
    [["--email", "a@example.com", "extra"], "Unexpected argument 'extra'"],
  ])("%j → %j", (args, message) => {
    expect(parseCreateAdminArgs(args)).toEqual({ ok: false, message });
  });
});

describe("runCreateAdmin (the command)", () => {
  function io(env: Record<string, string | undefined>, promptPassword?: () => Promise<string>) {
    const out: string[] = [];
    const err: string[] = [];
    const value: CreateAdminIO = {
      env: { DATABASE_URL: database.url, ...env },
      promptPassword,
      passwords,
      log: (message) => out.push(message),
      error: (message) => err.push(message),
    };
    return { io: value, out, err };
  }

  test("creates the admin from ADMIN_PASSWORD", async () => {
    const run = io({ ADMIN_PASSWORD: password });
    expect(await runCreateAdmin(["--email", "Ada@Example.com", "--name", "Ada"], run.io)).toBe(0);
    expect(run.out).toEqual(["Created admin ada@example.com. They can log in now."]);
    expect(run.err).toEqual([]);
    expect(await canLogIn("ada@example.com", password)).not.toBeNull();
  });

  test("asks for the password when ADMIN_PASSWORD is absent and a terminal is attached", async () => {
    const run = io({}, async () => password);
    expect(await runCreateAdmin(["--email", "ada@example.com", "--name", "Ada"], run.io)).toBe(0);
    expect(await canLogIn("ada@example.com", password)).not.toBeNull();
  });

  test("without a password source it explains and writes nothing", async () => {
    const run = io({});
    expect(await runCreateAdmin(["--email", "ada@example.com", "--name", "Ada"], run.io)).toBe(1);
    expect(run.err).toEqual(["No password: set ADMIN_PASSWORD, or run the command in a terminal to be asked for one."]);
    expect(await database.db.select().from(users)).toEqual([]);
  });

  test("refuses a weak password", async () => {
    const run = io({ ADMIN_PASSWORD: "1234567890" });
    expect(await runCreateAdmin(["--email", "ada@example.com", "--name", "Ada"], run.io)).toBe(1);
    expect(run.err[0]).toMatch(/^Password refused: This password is too common/);
    expect(await database.db.select().from(users)).toEqual([]);
  });

  test("promoting an existing account doesn't ask for a password", async () => {
    await createUser(database.db, { email: "grace@example.com", emailVerifiedAt: new Date() });
    const run = io({}, () => Promise.reject(new Error("should not prompt")));
    expect(await runCreateAdmin(["--email", "grace@example.com"], run.io)).toBe(0);
    expect(run.out).toEqual(["grace@example.com is now an admin."]);
  });

  test("bad flags and bad configuration get one clear line (plus usage) and exit 1", async () => {
    const badFlag = io({ ADMIN_PASSWORD: password });
    expect(await runCreateAdmin(["--mail", "ada@example.com"], badFlag.io)).toBe(1);
    expect(badFlag.err).toEqual([`Unknown option '--mail'\n${usage}`]);

    const badEnv = io({ DATABASE_URL: "postgres://db.example.com/app", ADMIN_PASSWORD: password });
    expect(await runCreateAdmin(["--email", "ada@example.com", "--name", "Ada"], badEnv.io)).toBe(1);
    expect(badEnv.err).toEqual([
      'Invalid configuration: DATABASE_URL expected a file:, libsql://, http(s):// or ws(s):// URL (got "postgres://db.example.com/app")',
    ]);
  });
});
