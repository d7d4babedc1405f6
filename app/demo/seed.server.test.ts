import { getTimezoneOffset } from "date-fns-tz";
import { asc, count, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyPasswordLogin } from "../domain/auth/auth.server";
import { isLanguageCode, isSpecialty } from "../domain/specialists/specialties";
import { createScryptPasswordHasher } from "../../platform/scrypt-password-hasher";
import { createTestClock } from "../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import type { Database } from "../../db/database";
import { localDate } from "../domain/availability/calendar-week";
import { weeklyWindowsProblem } from "../domain/availability/windows";
import {
  availabilityOverrides,
  availabilityWindows,
  bookingRules,
  credentials,
  cronRuns,
  jobs,
  sessions,
  sessionTypes,
  specialists,
  users,
} from "../../db/schema";
import { demoAccounts, demoPassword, demoPasswordInUse, isDatabaseEmpty, resetDatabase, seedDemoData, seedIfEmpty } from "./seed.server";

let database: TestDatabase;
let db: Database;
/** The seeding day, fixed so that date overrides are comparable between runs. */
const seedNow = new Date("2026-06-01T12:00:00Z");
/** The hasher `npm run db:seed` and the Node server seed with. */
const scrypt = createScryptPasswordHasher();

beforeEach(async () => {
  database = await createTestDatabase();
  db = database.db;
});

afterEach(() => {
  database.cleanup();
});

/**
 * Node 20's ICU lists legacy canonical ids (Asia/Calcutta, Asia/Katmandu) in
 * `supportedValuesOf`, while modern ids (Asia/Kolkata) are accepted aliases of them.
 * So a zone is valid when Intl accepts it and resolves it to a listed zone.
 */
const supportedZones = new Set(Intl.supportedValuesOf("timeZone"));
function isSupportedZone(zone: string): boolean {
  try {
    return supportedZones.has(new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone);
  } catch {
    return false;
  }
}

async function snapshot(db: Database) {
  return {
    users: await db.select().from(users).orderBy(asc(users.id)),
    specialists: await db.select().from(specialists).orderBy(asc(specialists.id)),
    sessionTypes: await db.select().from(sessionTypes).orderBy(asc(sessionTypes.id)),
    bookingRules: await db.select().from(bookingRules).orderBy(asc(bookingRules.specialistId)),
    availabilityWindows: await db.select().from(availabilityWindows).orderBy(asc(availabilityWindows.id)),
    availabilityOverrides: await db.select().from(availabilityOverrides).orderBy(asc(availabilityOverrides.id)),
  };
}

describe("seedDemoData", () => {
  beforeEach(async () => {
    await seedDemoData(db, { passwords: scrypt, now: seedNow });
  });

  it("creates a marketplace of published, approved specialists with unique slugs, and one newcomer waiting for approval", async () => {
    const rows = await db.select().from(specialists);
    expect(rows.length).toBeGreaterThanOrEqual(24);
    expect(new Set(rows.map((s) => s.slug)).size).toBe(rows.length);
    for (const specialist of rows) {
      expect(specialist.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(specialist).toMatchObject({ published: true, ratingAvg: null, ratingCount: 0 });
      expect(specialist.approvalRequestedAt).toEqual(specialist.createdAt);
    }
    const pending = rows.filter((specialist) => specialist.approval !== "approved");
    expect(pending.map((specialist) => [specialist.slug, specialist.approval])).toEqual([["noor-haddad", "pending"]]);
  });

  it("covers many specialties, all from the curated list, with real languages", async () => {
    const rows = await db.select().from(specialists);
    const covered = new Set(rows.flatMap((s) => s.specialties));
    expect(covered.size).toBeGreaterThanOrEqual(8);
    for (const specialist of rows) {
      expect(specialist.specialties.length).toBeGreaterThanOrEqual(1);
      expect(specialist.specialties.filter((slug) => !isSpecialty(slug))).toEqual([]);
      expect(specialist.languages.length).toBeGreaterThanOrEqual(1);
      expect(specialist.languages.filter((code) => !isLanguageCode(code))).toEqual([]);
    }
  });

  it("spreads specialists over valid time zones, including a half- or quarter-hour offset", async () => {
    const zones = new Set((await db.select({ timezone: specialists.timezone }).from(specialists)).map((r) => r.timezone));
    expect(zones.size).toBeGreaterThanOrEqual(6);
    expect([...zones].filter((zone) => !isSupportedZone(zone))).toEqual([]);
    for (const zone of ["America/Los_Angeles", "Europe/London", "Asia/Tokyo", "Asia/Kolkata", "Asia/Kathmandu"]) {
      expect(zones).toContain(zone);
    }
    const someInstant = new Date("2025-03-01T12:00:00Z");
    const oddOffsets = [...zones].filter((zone) => getTimezoneOffset(zone, someInstant) % (60 * 60 * 1000) !== 0);
    expect(oddOffsets.length).toBeGreaterThanOrEqual(1);
  });

  it("writes bios of two to four markdown paragraphs and a headline", async () => {
    for (const specialist of await db.select().from(specialists)) {
      const paragraphs = specialist.bio.split(/\n\s*\n/);
      expect(paragraphs.length, specialist.slug).toBeGreaterThanOrEqual(2);
      expect(paragraphs.length, specialist.slug).toBeLessThanOrEqual(4);
      expect(specialist.headline.length).toBeGreaterThan(10);
    }
  });

  it("gives every specialist one to three active session types with sane prices and lengths", async () => {
    const types = await db.select().from(sessionTypes);
    for (const specialist of await db.select().from(specialists)) {
      const own = types.filter((t) => t.specialistId === specialist.id);
      expect(own.filter((t) => t.active).length, specialist.slug).toBeGreaterThanOrEqual(1);
      expect(own.length, specialist.slug).toBeLessThanOrEqual(3);
      // One specialist charges in one currency.
      expect(new Set(own.map((t) => t.currency)).size, specialist.slug).toBe(1);
    }
    for (const type of types) {
      expect(Number.isInteger(type.priceMinor)).toBe(true);
      expect(type.priceMinor).toBeGreaterThanOrEqual(0);
      expect(type.minutes).toBeGreaterThanOrEqual(15);
      expect(type.minutes).toBeLessThanOrEqual(240);
    }
    expect(types.some((t) => t.priceMinor === 0)).toBe(true); // free intro calls exist
  });

  it("prices in several currencies, in minor units (JPY has none)", async () => {
    const types = await db.select().from(sessionTypes);
    const currencies = new Set(types.map((t) => t.currency));
    expect(currencies.size).toBeGreaterThanOrEqual(2);
    for (const code of ["USD", "EUR", "GBP", "JPY", "INR"]) expect(currencies).toContain(code);
    const paidYen = types.filter((t) => t.currency === "JPY" && t.priceMinor > 0).map((t) => t.priceMinor);
    expect(Math.min(...paidYen)).toBeGreaterThanOrEqual(1_000); // ¥1,000+, not ¥10 from a ×100 mistake
    expect(Math.max(...paidYen)).toBeLessThan(100_000);
  });

  it("creates the demo accounts with their roles; the demo specialist works from Tokyo", async () => {
    for (const account of demoAccounts) {
      const user = await db.query.users.findFirst({ where: eq(users.email, account.email) });
      expect(user, account.email).toMatchObject({ role: account.role, name: account.name });
    }
    const customer = await db.query.users.findFirst({ where: eq(users.role, "customer") });
    expect(customer?.timezone).toBe("America/Los_Angeles");
    const specialistUser = await db.query.users.findFirst({ where: eq(users.email, "specialist@demo.specialistly.test") });
    const profile = await db.query.specialists.findFirst({ where: eq(specialists.userId, specialistUser!.id) });
    expect(profile?.timezone).toBe("Asia/Tokyo");
  });

  it("lets each demo account log in with the demo password, and only with it", async () => {
    const context = { db, clock: createTestClock(), passwords: createScryptPasswordHasher(), clientAddress: null };
    for (const account of demoAccounts) {
      const user = await db.query.users.findFirst({ where: eq(users.email, account.email) });
      expect(await verifyPasswordLogin(context, account.email, demoPassword), account.email).toMatchObject({ userId: user!.id });
      expect(await verifyPasswordLogin(context, account.email, `${demoPassword}!`), account.email).toBeNull();
    }
  });

  it("gives every user a verified email and one shared password hash (hashed once per run)", async () => {
    const rows = await db
      .select({ verifiedAt: users.emailVerifiedAt, passwordHash: credentials.passwordHash })
      .from(users)
      .leftJoin(credentials, eq(credentials.userId, users.id));
    expect(rows.length).toBeGreaterThanOrEqual(27);
    for (const row of rows) expect(row.verifiedAt).toBeInstanceOf(Date);
    const hashes = new Set(rows.map((row) => row.passwordHash));
    expect(hashes.size).toBe(1);
    const [hash] = [...hashes];
    expect(hash).toMatch(/^scrypt\$/);
    expect(hash).not.toContain(demoPassword);
  });

  it("gives each specialist its own user with the specialist role and zone", async () => {
    const rows = await db
      .select({
        role: users.role,
        userZone: users.timezone,
        zone: specialists.timezone,
        name: users.name,
        displayName: specialists.displayName,
      })
      .from(specialists)
      .innerJoin(users, eq(users.id, specialists.userId));
    for (const row of rows) {
      expect(row.role).toBe("specialist");
      expect(row.userZone).toBe(row.zone);
      expect(row.name).toBe(row.displayName);
    }
  });
  it("gives every specialist sound weekly hours, varied: office days, evenings, weekends, until midnight", async () => {
    const windows = await db.select().from(availabilityWindows);
    for (const specialist of await db.select().from(specialists)) {
      const own = windows.filter((w) => w.specialistId === specialist.id);
      expect(own.length, specialist.slug).toBeGreaterThanOrEqual(3);
      expect(weeklyWindowsProblem(own), specialist.slug).toBeNull();
    }
    const byDay = (specialistId: string, weekday: number) =>
      windows.filter((w) => w.specialistId === specialistId && w.weekday === weekday).map((w) => [w.startMinute, w.endMinute]);
    const ids = new Set(windows.map((w) => w.specialistId));
    // Mon–Fri 09:00–12:00 + 13:00–17:00
    expect([...ids].some((id) => [1, 2, 3, 4, 5].every((day) => JSON.stringify(byDay(id, day)) === "[[540,720],[780,1020]]"))).toBe(true);
    expect(windows.some((w) => w.startMinute >= 18 * 60 && w.weekday <= 5)).toBe(true); // evenings
    expect(windows.some((w) => w.weekday >= 6)).toBe(true); // weekends
    expect(windows.some((w) => w.endMinute === 1440)).toBe(true); // until midnight
    expect(new Set(windows.map((w) => `${w.weekday}:${w.startMinute}-${w.endMinute}`)).size).toBeGreaterThanOrEqual(15);
  });

  it("lets the demo specialist in Tokyo work office hours in Tokyo time", async () => {
    const [kenji] = await db.select().from(specialists).where(eq(specialists.slug, "kenji-watanabe"));
    const own = await db.select().from(availabilityWindows).where(eq(availabilityWindows.specialistId, kenji!.id));
    expect(kenji!.timezone).toBe("Asia/Tokyo");
    expect(own.filter((w) => w.weekday === 1).map((w) => [w.startMinute, w.endMinute])).toEqual([
      [540, 720],
      [780, 1020],
    ]);
  });

  it("gives every specialist booking rules within the product's ranges, and not all the same", async () => {
    const rules = await db.select().from(bookingRules);
    const ids = (await db.select({ id: specialists.id }).from(specialists)).map((row) => row.id).sort();
    expect(rules.map((rule) => rule.specialistId).sort()).toEqual(ids);
    for (const rule of rules) {
      expect(rule.minNoticeMinutes).toBeGreaterThanOrEqual(120);
      expect(rule.minNoticeMinutes).toBeLessThanOrEqual(24 * 60);
      expect(rule.bufferBeforeMinutes).toBeLessThanOrEqual(15);
      expect(rule.bufferAfterMinutes).toBeLessThanOrEqual(15);
      expect([15, 30, 60]).toContain(rule.slotIntervalMinutes);
    }
    expect(new Set(rules.map((rule) => rule.slotIntervalMinutes)).size).toBe(3);
    expect(new Set(rules.map((rule) => rule.minNoticeMinutes)).size).toBeGreaterThanOrEqual(3);
    expect(rules.some((rule) => rule.dailyCap === null)).toBe(true);
    expect(rules.some((rule) => rule.dailyCap !== null)).toBe(true);
    expect(rules.some((rule) => rule.bufferBeforeMinutes + rule.bufferAfterMinutes > 0)).toBe(true);
  });

  it("plans upcoming date overrides in each specialist's zone, a day off for everyone", async () => {
    const overrides = await db.select().from(availabilityOverrides);
    for (const specialist of await db.select().from(specialists)) {
      const own = overrides.filter((o) => o.specialistId === specialist.id);
      const today = localDate(seedNow, specialist.timezone);
      expect(own.length, specialist.slug).toBeGreaterThanOrEqual(1);
      for (const override of own) expect(override.date > today, specialist.slug).toBe(true);
      expect(
        own.some((o) => o.startMinute === null && o.endMinute === null),
        specialist.slug,
      ).toBe(true);
    }
    expect(overrides.some((o) => o.startMinute !== null)).toBe(true); // some short days too
  });
});

describe("seedIfEmpty", () => {
  it("seeds an empty database once and leaves a seeded one alone", async () => {
    expect(await isDatabaseEmpty(db)).toBe(true);
    expect(await seedIfEmpty(db, { passwords: scrypt, now: seedNow })).toBe(true);
    const first = await snapshot(db);
    expect(await isDatabaseEmpty(db)).toBe(false);

    expect(await seedIfEmpty(db, { passwords: scrypt, now: seedNow })).toBe(false);
    expect(await snapshot(db)).toEqual(first);
  });

  it("does not seed a database that already has users", async () => {
    await db.insert(users).values({ email: "someone@example.test", name: "Someone" });
    expect(await seedIfEmpty(db, { passwords: scrypt })).toBe(false);
    expect(await db.select({ n: count() }).from(specialists)).toEqual([{ n: 0 }]);
  });
});

describe("demoPasswordInUse", () => {
  const passwords = createScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });

  it("is false without demo data", async () => {
    await db.insert(users).values({ email: "ada@example.com", name: "Ada", role: "admin", timezone: "UTC" });
    expect(await demoPasswordInUse(db, passwords)).toBe(false);
  });

  it("is true while any seeded account still has the demo password", async () => {
    await seedDemoData(db, { passwords, now: seedNow });
    expect(await demoPasswordInUse(db, passwords)).toBe(true);

    const admin = demoAccounts.find((account) => account.role === "admin")!;
    const [adminUser] = await db.select().from(users).where(eq(users.email, admin.email));
    const changed = await passwords.hash("a-private-admin-password-42");
    await db.update(credentials).set({ passwordHash: changed }).where(eq(credentials.userId, adminUser!.id));
    expect(await demoPasswordInUse(db, passwords)).toBe(true);

    await db.update(credentials).set({ passwordHash: changed });
    expect(await demoPasswordInUse(db, passwords)).toBe(false);
  });
});

describe("resetDatabase", () => {
  it("empties every table, including ones the seed does not touch", async () => {
    await seedDemoData(db, { passwords: scrypt });
    const [someone] = await db.select().from(users).limit(1);
    const now = new Date();
    await db.insert(sessions).values({ id: "s1", userId: someone!.id, secretHash: "x", lastVerifiedAt: now, expiresAt: now });
    await db.insert(jobs).values({ type: "test", payload: {}, runAt: now });
    await db.insert(cronRuns).values({ name: "tick", scheduledFor: now, startedAt: now });

    await resetDatabase(db);

    const tables = [users, credentials, sessions, specialists, sessionTypes, bookingRules, availabilityWindows, availabilityOverrides];
    for (const table of [...tables, jobs, cronRuns]) {
      expect(await db.select({ n: count() }).from(table)).toEqual([{ n: 0 }]);
    }
    expect(await isDatabaseEmpty(db)).toBe(true);
  });

  it("keeps the migrations journal, so the schema stays migrated", async () => {
    const journal = await database.client.execute("select count(*) as n from __drizzle_migrations");
    await resetDatabase(db);
    expect((await database.client.execute("select count(*) as n from __drizzle_migrations")).rows).toEqual(journal.rows);
  });

  it("lets the seed run again and produce exactly the same data", async () => {
    await seedDemoData(db, { passwords: scrypt, now: seedNow });
    const first = await snapshot(db);
    await resetDatabase(db);
    await seedDemoData(db, { passwords: scrypt, now: seedNow });
    expect(await snapshot(db)).toEqual(first);
  });
});

describe("determinism", () => {
  it("seeds identical rows into separate databases", async () => {
    const other = await createTestDatabase();
    try {
      await seedDemoData(db, { passwords: scrypt, now: seedNow });
      await seedDemoData(other.db, { passwords: scrypt, now: seedNow });
      expect(await snapshot(other.db)).toEqual(await snapshot(db));
    } finally {
      other.cleanup();
    }
  });
});
