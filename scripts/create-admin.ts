// `npm run admin:create -- --email ada@example.com --name "Ada Lovelace" [--reset-password]`
//
// Creates an admin account, or makes an existing account an admin. The password comes from
// ADMIN_PASSWORD or, in a terminal, from a prompt that doesn't echo; never from a flag, so it
// stays out of shell history and the process list.
import { existsSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import type { PasswordHasher } from "../app/domain/auth/password-hasher";
import { passwordProblem } from "../app/domain/auth/password-policy";
import { emailSchema, nameSchema } from "../app/domain/auth/schemas";
import { ConfigError, parseAppEnv } from "../app/env.server";
import { isUniqueViolation } from "../app/lib/db-errors";
import { openDatabase } from "../db/client";
import type { Database } from "../db/database";
import { applyMigrations } from "../db/migrations";
import { credentials, sessions, users } from "../db/schema";
import { createScryptPasswordHasher } from "../platform/scrypt-password-hasher";

// ---------------------------------------------------------------------------------------------
// Core

export interface CreateAdminInput {
  email: string;
  /** Required for a new account; an existing account keeps its name. */
  name?: string;
  /** Required for a new account, and with `resetPassword`. */
  password?: string;
  /** For an existing account: replace its password (and sign it out everywhere). */
  resetPassword?: boolean;
}

export type CreateAdminResult =
  | { ok: true; userId: string; outcome: "created" | "promoted" | "already-admin"; passwordChanged: boolean }
  | { ok: false; message: string };

export async function findUserByEmail(db: Database, email: string) {
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  return user;
}

export async function createAdmin(
  db: Database,
  passwords: PasswordHasher,
  input: CreateAdminInput,
  now = new Date(),
): Promise<CreateAdminResult> {
  const parsedEmail = emailSchema.safeParse(input.email);
  if (!parsedEmail.success) return fail(`Invalid --email: ${parsedEmail.error.issues[0]!.message}`);
  const email = parsedEmail.data;

  const existing = await findUserByEmail(db, email);
  if (!existing) return createNewAdmin(db, passwords, { ...input, email }, now);

  if (existing.status !== "active") {
    return fail(`The account ${email} is ${existing.status}; refusing to make it an admin.`);
  }
  if (!input.resetPassword) {
    // Anyone can sign up with any address; without a verified email the account may belong to
    // someone else, so it may only become an admin with a password chosen here.
    if (!existing.emailVerifiedAt) {
      return fail(
        `The account ${email} hasn't verified its email address. Re-run with --reset-password to take it over with a new password.`,
      );
    }
    if (existing.role === "admin") return { ok: true, userId: existing.id, outcome: "already-admin", passwordChanged: false };
    await db.update(users).set({ role: "admin", updatedAt: now }).where(eq(users.id, existing.id));
    return { ok: true, userId: existing.id, outcome: "promoted", passwordChanged: false };
  }

  const password = checkPassword(input.password, email);
  if (!password.ok) return password;
  const passwordHash = await passwords.hash(password.value);
  await db.batch([
    db
      .update(users)
      .set({ role: "admin", emailVerifiedAt: existing.emailVerifiedAt ?? now, updatedAt: now })
      .where(eq(users.id, existing.id)),
    db
      .insert(credentials)
      .values({ userId: existing.id, passwordHash, updatedAt: now })
      .onConflictDoUpdate({ target: credentials.userId, set: { passwordHash, updatedAt: now } }),
    // Whoever knew the old password must not stay signed in as an admin.
    db.delete(sessions).where(eq(sessions.userId, existing.id)),
  ]);
  return {
    ok: true,
    userId: existing.id,
    outcome: existing.role === "admin" ? "already-admin" : "promoted",
    passwordChanged: true,
  };
}

async function createNewAdmin(
  db: Database,
  passwords: PasswordHasher,
  input: CreateAdminInput & { email: string },
  now: Date,
): Promise<CreateAdminResult> {
  if (input.name === undefined) return fail(`No account uses ${input.email} yet; give the new admin a name with --name.`);
  const name = nameSchema.safeParse(input.name);
  if (!name.success) return fail(`Invalid --name: ${name.error.issues[0]!.message}`);
  const password = checkPassword(input.password, input.email);
  if (!password.ok) return password;

  const userId = crypto.randomUUID();
  const passwordHash = await passwords.hash(password.value);
  try {
    await db.batch([
      db.insert(users).values({
        id: userId,
        email: input.email,
        name: name.data,
        role: "admin",
        emailVerifiedAt: now,
        createdAt: now,
        updatedAt: now,
      }),
      db.insert(credentials).values({ userId, passwordHash, updatedAt: now }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) return fail(`An account with ${input.email} was created just now; run the command again.`);
    throw error;
  }
  return { ok: true, userId, outcome: "created", passwordChanged: true };
}

function checkPassword(password: string | undefined, email: string): { ok: true; value: string } | { ok: false; message: string } {
  if (!password) return fail("A password is required.");
  const problem = passwordProblem(password, { email });
  return problem ? fail(`Password refused: ${problem}`) : { ok: true, value: password };
}

function fail(message: string) {
  return { ok: false as const, message };
}

// ---------------------------------------------------------------------------------------------
// Command line

export const usage = 'Usage: npm run admin:create -- --email <email> [--name "<name>"] [--reset-password]';

export type CreateAdminArgs =
  | { ok: true; help: false; email: string; name?: string; resetPassword: boolean }
  | { ok: true; help: true }
  | { ok: false; message: string };

export function parseCreateAdminArgs(args: string[]): CreateAdminArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        email: { type: "string" },
        name: { type: "string" },
        "reset-password": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // Node's messages go on to explain `--` quoting; the first sentence is the useful part.
    return fail(error instanceof Error ? (error.message.split(/\.\s/)[0] ?? error.message) : String(error));
  }
  if (values.help) return { ok: true, help: true };
  if (values.email === undefined) return fail("Missing --email.");
  const email = emailSchema.safeParse(values.email);
  if (!email.success) return fail(`Invalid --email: ${email.error.issues[0]!.message}`);
  return { ok: true, help: false, email: email.data, name: values.name, resetPassword: values["reset-password"] };
}

export interface CreateAdminIO {
  env: Record<string, string | undefined>;
  /** Asks for the password in a terminal; absent when stdin isn't one. */
  promptPassword?: () => Promise<string>;
  passwords?: PasswordHasher;
  log(message: string): void;
  error(message: string): void;
}

/** The whole command; returns the exit code. */
export async function runCreateAdmin(args: string[], io: CreateAdminIO): Promise<number> {
  const parsed = parseCreateAdminArgs(args);
  if (!parsed.ok) {
    io.error(`${parsed.message}\n${usage}`);
    return 1;
  }
  if (parsed.help) {
    io.log(`${usage}\nThe password is read from ADMIN_PASSWORD or, in a terminal, asked for.`);
    return 0;
  }

  let env;
  try {
    env = parseAppEnv(io.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.error(error.message);
      return 1;
    }
    throw error;
  }

  const handle = openDatabase({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN, syncUrl: env.DATABASE_SYNC_URL });
  try {
    await applyMigrations(handle.db);
    const existing = await findUserByEmail(handle.db, parsed.email);
    const needsPassword = !existing || parsed.resetPassword;

    let password: string | undefined;
    if (needsPassword) {
      password = io.env.ADMIN_PASSWORD || (io.promptPassword ? await io.promptPassword() : undefined);
      if (!password) {
        io.error("No password: set ADMIN_PASSWORD, or run the command in a terminal to be asked for one.");
        return 1;
      }
    } else if (io.env.ADMIN_PASSWORD) {
      io.log(`Note: ${parsed.email} already has an account, so ADMIN_PASSWORD is ignored (add --reset-password to change it).`);
    }

    const result = await createAdmin(handle.db, io.passwords ?? createScryptPasswordHasher(), {
      email: parsed.email,
      name: parsed.name,
      password,
      resetPassword: parsed.resetPassword,
    });
    if (!result.ok) {
      io.error(result.message);
      return 1;
    }
    io.log(describeResult(parsed.email, result));
    return 0;
  } finally {
    handle.close();
  }
}

function describeResult(email: string, result: Extract<CreateAdminResult, { ok: true }>) {
  const passwordNote = result.passwordChanged ? " New password set; its existing sessions were signed out." : "";
  switch (result.outcome) {
    case "created":
      return `Created admin ${email}. They can log in now.`;
    case "promoted":
      return `${email} is now an admin.${passwordNote}`;
    case "already-admin":
      return `${email} was already an admin.${passwordNote}`;
  }
}

/** Reads a line from the terminal without echoing it; asks twice so a typo can't lock anyone out. */
async function promptPasswordInTerminal(): Promise<string> {
  const ask = async (question: string) => {
    let muted = false;
    const output = new Writable({
      write(chunk: Buffer, encoding, callback) {
        if (!muted) process.stdout.write(chunk, encoding);
        callback();
      },
    });
    const terminal = createInterface({ input: process.stdin, output, terminal: true });
    terminal.on("SIGINT", () => {
      terminal.close();
      process.stdout.write("\n");
      process.exit(130);
    });
    try {
      const answer = terminal.question(question);
      muted = true; // the question is out; what follows is the typed password
      return await answer;
    } finally {
      terminal.close();
      process.stdout.write("\n");
    }
  };
  const password = await ask("Password for the admin account: ");
  if (password && (await ask("Repeat the password: ")) !== password) {
    throw new PasswordMismatchError("The passwords didn't match; nothing was changed.");
  }
  return password;
}

class PasswordMismatchError extends Error {
  override name = "PasswordMismatchError";
}

const entryScript = process.argv[1];
if (entryScript !== undefined && import.meta.url === pathToFileURL(entryScript).href) {
  if (existsSync(".env")) process.loadEnvFile(".env");
  try {
    process.exitCode = await runCreateAdmin(process.argv.slice(2), {
      env: process.env,
      promptPassword: process.stdin.isTTY ? promptPasswordInTerminal : undefined,
      log: (message) => console.log(message),
      error: (message) => console.error(message),
    });
  } catch (error) {
    if (!(error instanceof PasswordMismatchError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
