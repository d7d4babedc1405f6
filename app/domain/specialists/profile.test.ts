import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist, createUser } from "../../../db/factories";
import { availabilityWindows, bookingRules, bookings, sessionTypes, specialists } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { maxAvatarBytes, sniffAvatarType } from "./avatar-image";
import { defaultBookingRules, findOwnBookingRules, saveBookingRules } from "./booking-rules.server";
import { formatPriceInput, parsePriceInput, sessionCurrencies } from "./price-input";
import {
  findAvatar,
  listingProblems,
  meetsListingRequirements,
  onboardingProgress,
  publishProfile,
  removeAvatar,
  saveProfile,
  suggestSlug,
  unpublishProfile,
} from "./profile.server";
import { bookingRulesSchema, sessionTypeSchema, specialistProfileSchema, type SpecialistProfileInput } from "./schemas";
import {
  createSessionType as createOwnSessionType,
  deleteSessionType,
  findOwnSessionType,
  listOwnSessionTypes,
  setSessionTypeActive,
  updateSessionType,
} from "./session-types.server";
import { slugFromName, slugProblem, slugWithSuffix } from "./slug";

// ---------------------------------------------------------------------------------------------
// Pure rules

describe("slugs", () => {
  test.each(["ada", "ada-lovelace", "a1-b2-c3", "x".repeat(40), "2fast"])("%s is well-formed", (slug) => {
    expect(slugProblem(slug)).toBeNull();
  });

  test.each([
    ["ab", "Use 3 to 40 characters."],
    ["x".repeat(41), "Use 3 to 40 characters."],
    ["Ada", "Use only lower-case letters (a–z), digits and hyphens."],
    ["ada_l", "Use only lower-case letters (a–z), digits and hyphens."],
    ["ada lovelace", "Use only lower-case letters (a–z), digits and hyphens."],
    ["-ada", "Start and end with a letter or digit, and don't put two hyphens in a row."],
    ["ada-", "Start and end with a letter or digit, and don't put two hyphens in a row."],
    ["ada--l", "Start and end with a letter or digit, and don't put two hyphens in a row."],
    ["admin", "That address is reserved. Please choose another."],
    ["new", "That address is reserved. Please choose another."],
    ["edit", "That address is reserved. Please choose another."],
  ])("%s is refused: %s", (slug, problem) => {
    expect(slugProblem(slug)).toBe(problem);
  });

  test.each([
    ["Ada Lovelace", "ada-lovelace"],
    ["  Zoë O'Brien-Smith ", "zoe-obrien-smith"],
    ["Jürgen Groß", "jurgen-gross"],
    ["Dr. A. B. Cé", "dr-a-b-ce"],
    ["Li", "li-specialist"],
    ["Admin", "admin-specialist"],
    // Every script is transliterated, not dropped.
    ["Иван Петров", "ivan-petrov"],
    ["王芳", "wang-fang"],
    ["Σωκράτης Παπαδόπουλος", "sokratis-papadopoylos"],
    ["Nguyễn Văn An", "nguyen-van-an"],
    ["Админ", "admin-specialist"],
    ["😀", "specialist-profile"],
    ["", "specialist-profile"],
    ["A very long name that goes on and on beyond forty characters", "a-very-long-name-that-goes-on-and-on-bey"],
  ])("a name like %j suggests %j", (name, slug) => {
    expect(slugFromName(name)).toBe(slug);
    expect(slugProblem(slugFromName(name))).toBeNull();
  });

  test("any name gives a well-formed slug, with any suffix", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.integer({ min: 2, max: 9999 }), (name, number) => {
        expect(slugProblem(slugFromName(name))).toBeNull();
        expect(slugProblem(slugWithSuffix(slugFromName(name), number))).toBeNull();
      }),
    );
  });
});

describe("prices", () => {
  test.each<[string, string, number]>([
    ["49.50", "USD", 4950],
    ["49.5", "USD", 4950],
    ["49", "USD", 4900],
    ["0.29", "USD", 29],
    ["1.15", "EUR", 115],
    [".5", "GBP", 50],
    ["7.", "CHF", 700],
    ["0", "USD", 0],
    ["0.00", "USD", 0],
    [" 12.30 ", "BRL", 1230],
    ["0049.99", "AUD", 4999],
    ["8000", "JPY", 8000],
    ["9999999.99", "USD", 999_999_999],
  ])("%j %s is %i minor units", (text, currency, minor) => {
    expect(parsePriceInput(text, currency)).toEqual({ ok: true, amountMinor: minor });
  });

  test.each<[string, string, string]>([
    ["", "USD", "Enter the price as a number, like 49.50."],
    [".", "USD", "Enter the price as a number, like 49.50."],
    ["-1", "USD", "Enter the price as a number, like 49.50."],
    ["1,50", "EUR", "Enter the price as a number, like 49.50."],
    ["1e2", "USD", "Enter the price as a number, like 49.50."],
    ["$5", "USD", "Enter the price as a number, like 49.50."],
    ["Infinity", "USD", "Enter the price as a number, like 49.50."],
    ["abc", "JPY", "Enter the price as a whole number, like 5000."],
    ["1.234", "USD", "USD prices have at most 2 decimal places."],
    ["100.5", "JPY", "JPY prices are whole numbers, without decimals."],
    ["10000000", "USD", "Enter a price below 10,000,000."],
  ])("%j %s is refused: %s", (text, currency, message) => {
    expect(parsePriceInput(text, currency)).toEqual({ ok: false, message });
  });

  test("formats minor units back to what a person types", () => {
    expect(formatPriceInput(4950, "USD")).toBe("49.50");
    expect(formatPriceInput(5, "USD")).toBe("0.05");
    expect(formatPriceInput(0, "EUR")).toBe("0.00");
    expect(formatPriceInput(8000, "JPY")).toBe("8000");
    expect(() => formatPriceInput(1.5, "USD")).toThrow(RangeError);
  });

  test("minor units survive the round trip in every currency", () => {
    fc.assert(
      fc.property(fc.constantFrom(...sessionCurrencies), fc.integer({ min: 0, max: 999_999_999 }), (currency, minor) => {
        const text = formatPriceInput(minor, currency);
        const parsed = parsePriceInput(text, currency);
        if (currency === "JPY" && minor > 9_999_999) expect(parsed.ok).toBe(false);
        else expect(parsed).toEqual({ ok: true, amountMinor: minor });
      }),
    );
  });
});

describe("avatar sniffing", () => {
  const bytes = (...values: number[]) => new Uint8Array(values);
  const ascii = (text: string) => new TextEncoder().encode(text);

  test("recognises PNG, JPEG and WebP by their first bytes", () => {
    expect(sniffAvatarType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe("image/png");
    expect(sniffAvatarType(bytes(0xff, 0xd8, 0xff, 0xdb))).toBe("image/jpeg");
    expect(sniffAvatarType(ascii("RIFF\u0001\u0002\u0003\u0004WEBPVP8 "))).toBe("image/webp");
  });

  test.each([
    ["empty", new Uint8Array(0)],
    ["a truncated PNG signature", bytes(0x89, 0x50, 0x4e, 0x47)],
    ["SVG", ascii('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    ["HTML", ascii("<!doctype html><script>alert(1)</script>")],
    ["GIF", ascii("GIF89a\u0001\u0000")],
    ["a RIFF that isn't WebP", ascii("RIFF\u0001\u0002\u0003\u0004WAVEfmt ")],
    ["a PE executable", ascii("MZ\u0090\u0000")],
    ["a PDF", ascii("%PDF-1.7")],
  ])("refuses %s", (_name, content) => {
    expect(sniffAvatarType(content)).toBeNull();
  });
});

describe("schemas", () => {
  test("booking rules combine hours and minutes and map the refund choice", () => {
    const base = { minNoticeHours: 1, minNoticeMinutes: 45, horizonDays: 30, slotIntervalMinutes: 15, cancellationDeadlineHours: 12 };
    expect(bookingRulesSchema.parse({ ...base, lateRefund: "percentage", lateRefundPercent: 25 })).toEqual({
      minNoticeMinutes: 105,
      horizonDays: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      slotIntervalMinutes: 15,
      dailyCap: null,
      cancellationDeadlineHours: 12,
      lateCancellationRefundPercent: 25,
      remind24h: true,
      remind1h: true,
    });
    expect(bookingRulesSchema.parse({ ...base, lateRefund: "none", lateRefundPercent: 25 }).lateCancellationRefundPercent).toBe(0);
    expect(bookingRulesSchema.parse({ ...base, lateRefund: "none", reminders: "1h" })).toMatchObject({ remind24h: false, remind1h: true });
    expect(bookingRulesSchema.parse({ ...base, lateRefund: "none", reminders: "none" })).toMatchObject({
      remind24h: false,
      remind1h: false,
    });
  });

  test("a session type's price becomes minor units of its currency", () => {
    const input = { title: " Intro ", minutes: 30, price: "19.99", currency: "SGD" };
    expect(sessionTypeSchema.parse(input)).toEqual({
      title: "Intro",
      description: "",
      minutes: 30,
      priceMinor: 1999,
      currency: "SGD",
      videoProvider: "default",
    });
    expect(sessionTypeSchema.safeParse({ ...input, currency: "KWD" }).success).toBe(false);
  });

  test("the profile schema lower-cases the slug and de-duplicates choices", () => {
    const parsed = specialistProfileSchema.parse({
      displayName: "Ada",
      slug: " Ada-L ",
      specialties: ["leadership", "leadership"],
      languages: ["en", "en", "fr"],
      timezone: "UTC",
    });
    expect(parsed).toMatchObject({ slug: "ada-l", specialties: ["leadership"], languages: ["en", "fr"], headline: "", bio: "" });
  });
});

// ---------------------------------------------------------------------------------------------
// Data access and authorization

let database: TestDatabase;
const clock = createTestClock();
const context = () => ({ db: database.db, clock });
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z"));
});
afterEach(() => database.cleanup());

const profileInput = (overrides: Partial<SpecialistProfileInput> = {}): SpecialistProfileInput => ({
  displayName: "Ada Lovelace",
  slug: "ada-lovelace",
  headline: "Engines",
  bio: "Hello",
  specialties: ["leadership"],
  languages: ["en"],
  timezone: "Europe/London",
  ...overrides,
});

const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])], "a.png", { type: "image/png" });

async function specialistUser() {
  return createUser(database.db, { role: "specialist", name: "Ada Lovelace" });
}

async function withProfile(overrides: Partial<SpecialistProfileInput> = {}) {
  const user = await specialistUser();
  const result = await saveProfile(context(), user.id, profileInput(overrides));
  if (!result.ok) throw new Error(result.message);
  return { user, specialistId: result.specialistId };
}

describe("saveProfile", () => {
  test("creates the profile pending approval (requested now), unpublished, with booking rules; then updates it", async () => {
    const user = await specialistUser();
    const created = await saveProfile(context(), user.id, profileInput({ avatar: png }));
    expect(created).toMatchObject({ ok: true, created: true });
    const [row] = await database.db.select().from(specialists);
    expect(row).toMatchObject({
      userId: user.id,
      approval: "pending",
      approvalRequestedAt: clock.now(),
      published: false,
      avatarContentType: "image/png",
    });
    expect(await database.db.select().from(bookingRules)).toHaveLength(1);

    const updated = await saveProfile(context(), user.id, profileInput({ headline: "New" }));
    expect(updated).toEqual({ ok: true, created: false, specialistId: row!.id });
    const [after] = await database.db.select().from(specialists);
    expect(after).toMatchObject({ headline: "New", avatarContentType: "image/png" });
    expect(await database.db.select().from(specialists)).toHaveLength(1);
  });

  test("refuses a slug another specialist has, and writes nothing", async () => {
    await createSpecialist(database.db, { slug: "ada-lovelace" });
    const user = await specialistUser();
    expect(await saveProfile(context(), user.id, profileInput())).toEqual({
      ok: false,
      field: "slug",
      message: "That address is already taken. Please choose another.",
    });
    expect(await database.db.select().from(specialists).where(eq(specialists.userId, user.id))).toEqual([]);
    expect(await database.db.select().from(bookingRules)).toEqual([]);
  });

  test("refuses a picture whose bytes aren't an image, and writes nothing", async () => {
    const user = await specialistUser();
    const fake = new File(["<html><script>alert(1)</script>"], "a.png", { type: "image/png" });
    expect(await saveProfile(context(), user.id, profileInput({ avatar: fake }))).toEqual({
      ok: false,
      field: "avatar",
      message: "That file isn't a PNG, JPEG or WebP picture.",
    });
    expect(await database.db.select().from(specialists)).toEqual([]);
  });

  test("refuses a picture over the limit even if the schema was skipped", async () => {
    const user = await specialistUser();
    const big = new File([new Uint8Array(maxAvatarBytes + 1).fill(0xff)], "a.jpg", { type: "image/jpeg" });
    const result = await saveProfile(context(), user.id, profileInput({ avatar: big }));
    expect(result).toMatchObject({ ok: false, field: "avatar" });
    expect(await database.db.select().from(specialists)).toEqual([]);
  });

  test("removeAvatar clears only the user's own picture", async () => {
    const { user } = await withProfile({ avatar: png });
    const other = await withProfile({ slug: "grace-hopper", avatar: png });
    expect(await removeAvatar(database.db, user.id)).toBe(true);
    const rows = await database.db.select().from(specialists);
    expect(rows.find((row) => row.userId === user.id)?.avatarImage).toBeNull();
    expect(rows.find((row) => row.userId === other.user.id)?.avatarImage).not.toBeNull();
    expect(await removeAvatar(database.db, (await specialistUser()).id)).toBe(false);
  });
});

describe("suggestSlug", () => {
  test("skips taken slugs", async () => {
    expect(await suggestSlug(database.db, "Ada Lovelace")).toBe("ada-lovelace");
    await createSpecialist(database.db, { slug: "ada-lovelace" });
    await createSpecialist(database.db, { slug: "ada-lovelace-2" });
    expect(await suggestSlug(database.db, "Ada Lovelace")).toBe("ada-lovelace-3");
  });
});

describe("listing", () => {
  test("lists what is missing until the specialist has an active session type and weekly hours", async () => {
    const { user, specialistId } = await withProfile();
    expect((await listingProblems(database.db, specialistId)).map((problem) => problem.code)).toEqual([
      "no-active-session-type",
      "no-weekly-hours",
    ]);
    expect(await publishProfile(database.db, user.id)).toMatchObject({ ok: false, reason: "incomplete" });

    await createSessionType(database.db, specialistId, { active: false });
    await database.db.insert(availabilityWindows).values({ specialistId, weekday: 3, startMinute: 600, endMinute: 660 });
    expect((await listingProblems(database.db, specialistId)).map((problem) => problem.code)).toEqual(["no-active-session-type"]);

    await createSessionType(database.db, specialistId);
    expect(await listingProblems(database.db, specialistId)).toEqual([]);
    expect(await publishProfile(database.db, user.id)).toEqual({ ok: true });
    expect((await database.db.select().from(specialists))[0]!.published).toBe(true);
    expect(await unpublishProfile(database.db, user.id)).toBe(true);
    expect((await database.db.select().from(specialists))[0]!.published).toBe(false);
  });

  test("publishing without a profile is refused", async () => {
    const user = await specialistUser();
    expect(await publishProfile(database.db, user.id)).toEqual({ ok: false, reason: "no-profile" });
  });

  test("the SQL condition agrees with listingProblems", async () => {
    const complete = (await createSpecialist(database.db)).specialist.id;
    const noHours = (await createSpecialist(database.db)).specialist.id;
    const inactiveOnly = (await createSpecialist(database.db)).specialist.id;
    const nothing = (await createSpecialist(database.db)).specialist.id;
    await createSessionType(database.db, complete);
    await createSessionType(database.db, noHours);
    await createSessionType(database.db, inactiveOnly, { active: false });
    for (const id of [complete, inactiveOnly]) {
      await database.db.insert(availabilityWindows).values({ specialistId: id, weekday: 1, startMinute: 0, endMinute: 60 });
    }
    const rows = await database.db.select({ id: specialists.id, listable: meetsListingRequirements.mapWith(Boolean) }).from(specialists);
    for (const row of rows) {
      expect(row.listable, row.id).toBe((await listingProblems(database.db, row.id)).length === 0);
    }
    expect(rows.filter((row) => row.listable).map((row) => row.id)).toEqual([complete]);
    expect(rows.map((row) => row.id).sort()).toEqual([complete, noHours, inactiveOnly, nothing].sort());
  });
});

describe("session types", () => {
  const input = {
    title: "Intro",
    description: "",
    minutes: 30,
    priceMinor: 1500,
    currency: "EUR" as const,
    videoProvider: "default" as const,
  };

  test("belong to the acting specialist only", async () => {
    const { user } = await withProfile();
    const stranger = await withProfile({ slug: "grace-hopper" });
    const created = await createOwnSessionType(context(), user.id, input);
    if (!created.ok) throw new Error("not created");
    const before = await database.db.select().from(sessionTypes);

    expect(await findOwnSessionType(database.db, stranger.user.id, created.id)).toBeNull();
    expect(await updateSessionType(context(), stranger.user.id, created.id, { ...input, title: "Hijacked" })).toBe("not-found");
    expect(await setSessionTypeActive(context(), stranger.user.id, created.id, false)).toBe("not-found");
    expect(await deleteSessionType(context(), stranger.user.id, created.id)).toBe("not-found");
    expect(await listOwnSessionTypes(database.db, stranger.user.id)).toEqual([]);
    expect(await database.db.select().from(sessionTypes)).toEqual(before);

    expect(await findOwnSessionType(database.db, user.id, created.id)).toMatchObject({ title: "Intro", hasBookings: false });
    expect(await updateSessionType(context(), user.id, created.id, { ...input, title: "Renamed" })).toBe("saved");
    expect((await database.db.select().from(sessionTypes))[0]!.title).toBe("Renamed");
  });

  test("can't be created before there is a profile", async () => {
    const user = await specialistUser();
    expect(await createOwnSessionType(context(), user.id, input)).toEqual({ ok: false, reason: "no-profile" });
    expect(await listOwnSessionTypes(database.db, user.id)).toBeNull();
    expect(await database.db.select().from(sessionTypes)).toEqual([]);
  });

  test("with bookings are deactivated instead of deleted", async () => {
    const { user, specialistId } = await withProfile();
    const type = await createSessionType(database.db, specialistId);
    const customer = await createUser(database.db);
    await database.db.insert(bookings).values({
      specialistId,
      customerId: customer.id,
      sessionTypeId: type.id,
      startsAt: new Date("2026-05-01T10:00:00Z"),
      endsAt: new Date("2026-05-01T11:00:00Z"),
      status: "cancelled",
      priceMinor: 100,
      currency: "USD",
      customerTimezone: "UTC",
    });
    expect(await findOwnSessionType(database.db, user.id, type.id)).toMatchObject({ hasBookings: true });
    expect(await deleteSessionType(context(), user.id, type.id)).toBe("deactivated");
    expect(await database.db.select({ active: sessionTypes.active }).from(sessionTypes)).toEqual([{ active: false }]);
  });
});

describe("booking rules", () => {
  test("the defaults shown are the table's own defaults", async () => {
    const { specialistId } = await createSpecialist(database.db).then(({ specialist }) => ({ specialistId: specialist.id }));
    const [inserted] = await database.db.insert(bookingRules).values({ specialistId }).returning();
    const { specialistId: _id, updatedAt: _at, ...tableDefaults } = inserted!;
    expect(defaultBookingRules()).toEqual(tableDefaults);
  });

  test("are read and written only through the user's own profile", async () => {
    const { user, specialistId } = await withProfile();
    const rules = { ...defaultBookingRules(), horizonDays: 90, dailyCap: 4 };
    expect(await saveBookingRules(context(), user.id, rules)).toBe(true);
    expect(await findOwnBookingRules(database.db, user.id)).toEqual(rules);
    const [row] = await database.db.select().from(bookingRules).where(eq(bookingRules.specialistId, specialistId));
    expect(row).toMatchObject({ horizonDays: 90, dailyCap: 4 });

    const noProfile = await specialistUser();
    expect(await saveBookingRules(context(), noProfile.id, rules)).toBe(false);
    expect(await findOwnBookingRules(database.db, noProfile.id)).toBeNull();
    expect(await database.db.select().from(bookingRules)).toHaveLength(1);
  });
});

describe("onboardingProgress", () => {
  test("follows each step", async () => {
    const user = await specialistUser();
    expect(await onboardingProgress(database.db, user)).toEqual({
      emailConfirmed: false,
      profileCreated: false,
      hasSessionType: false,
      hasWeeklyHours: false,
      published: false,
    });
    const result = await saveProfile(context(), user.id, profileInput());
    if (!result.ok) throw new Error(result.message);
    await createSessionType(database.db, result.specialistId);
    expect(await onboardingProgress(database.db, { ...user, emailVerifiedAt: clock.now() })).toEqual({
      emailConfirmed: true,
      profileCreated: true,
      hasSessionType: true,
      hasWeeklyHours: false,
      published: false,
    });
  });
});

describe("findAvatar", () => {
  test("says whether the specialist is listed", async () => {
    await createSpecialist(database.db, { slug: "listed-one" });
    await createSpecialist(database.db, { slug: "hidden-one", published: false });
    await createSpecialist(database.db, { slug: "pending-one", approval: "pending" });
    expect(await findAvatar(database.db, "listed-one")).toMatchObject({ listed: true, image: null });
    expect(await findAvatar(database.db, "hidden-one")).toMatchObject({ listed: false });
    expect(await findAvatar(database.db, "pending-one")).toMatchObject({ listed: false });
    expect(await findAvatar(database.db, "nobody")).toBeNull();
  });
});
