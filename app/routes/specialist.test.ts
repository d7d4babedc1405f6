import { and, eq, gte } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist, createUser } from "../../db/factories";
import { availabilityWindows, bookingRules, bookings, sessionTypes, slots, specialists, users } from "../../db/schema";
import { cookiePair, createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";
import { decodeHtml } from "../../tests/html";
import { createSession } from "../domain/auth/sessions.server";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
const clock = createTestClock();
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(new Date("2026-06-01T12:00:00Z"));
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

async function cookieFor(userId: string) {
  const { token } = await createSession(database.db, userId, clock.now());
  return `session=${token}`;
}

/** A freshly signed-up specialist: an account, no profile yet. */
async function newSpecialist(overrides: { name?: string; timezone?: string; emailVerifiedAt?: Date | null } = {}) {
  const user = await createUser(database.db, {
    role: "specialist",
    name: overrides.name ?? "Ada Lovelace",
    timezone: overrides.timezone ?? "Europe/Paris",
    emailVerifiedAt: overrides.emailVerifiedAt === undefined ? null : overrides.emailVerifiedAt,
  });
  return { user, cookie: await cookieFor(user.id) };
}

/** The value of the named <input>, as rendered. */
function inputValue(html: string, name: string) {
  const input = html.match(new RegExp(`<input[^>]* name="${name}"[^>]*>`))?.[0];
  expect(input, `input ${name}`).toBeDefined();
  return input!.match(/ value="([^"]*)"/)?.[1];
}

/** React escapes quotes in text; tests compare with the words a person reads. */

const pngBytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const jpegBytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);

function file(bytes: Uint8Array<ArrayBuffer>, name: string, type: string) {
  return new File([bytes], name, { type });
}

type MultipartFields = Record<string, string | string[] | File>;

/** A browser's multipart form POST (what the profile form sends, picture or not). */
function postMultipart(path: string, fields: MultipartFields, cookie: string) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  return app.request(path, { method: "POST", body, headers: { cookie: cookiePair(cookie), "sec-fetch-site": "same-origin" } });
}

const validProfile = {
  displayName: "Ada Lovelace",
  slug: "ada-lovelace",
  headline: "Analytical engines, explained",
  bio: "I help teams **ship**.\n\n- Architecture\n- Reviews",
  specialties: ["software-architecture", "data-science"],
  languages: ["en", "fr"],
  timezone: "Europe/London",
};

async function createProfile(cookie: string, fields: MultipartFields = {}) {
  const response = await postMultipart("/specialist/profile", { ...validProfile, ...fields }, cookie);
  expect(response.status, await response.clone().text()).toBe(302);
  const [row] = await database.db.select().from(specialists);
  return row!;
}

async function specialistRows() {
  return database.db.select().from(specialists);
}

async function givenWeeklyHours(specialistId: string) {
  await database.db.insert(availabilityWindows).values({ specialistId, weekday: 1, startMinute: 9 * 60, endMinute: 17 * 60 });
}

const specialistPaths = ["/specialist", "/specialist/profile", "/specialist/session-types", "/specialist/rules", "/onboarding"];

describe("access", () => {
  test.each(specialistPaths)("anonymous GET %s goes to log in", async (path) => {
    const response = await app.get(path);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/login?${new URLSearchParams({ redirectTo: path })}`);
  });

  test.each(specialistPaths)("a customer gets 403 for GET %s", async (path) => {
    const customer = await createUser(database.db, { role: "customer" });
    const response = await app.get(path, { cookie: await cookieFor(customer.id) });
    expect(response.status).toBe(403);
  });

  test("a customer can't create a profile, a session type or rules, or publish", async () => {
    const customer = await createUser(database.db, { role: "customer", name: "Carl Customer" });
    const cookie = await cookieFor(customer.id);
    expect((await postMultipart("/specialist/profile", validProfile, cookie)).status).toBe(403);
    expect((await app.post("/specialist/profile", { intent: "publish" }, { cookie })).status).toBe(403);
    const sessionType = { title: "Intro", minutes: "30", price: "10", currency: "USD" };
    expect((await app.post("/specialist/session-types", sessionType, { cookie })).status).toBe(403);
    expect((await app.post("/specialist/rules", { minNoticeHours: "1", horizonDays: "5" }, { cookie })).status).toBe(403);
    expect(await specialistRows()).toEqual([]);
    expect(await database.db.select().from(sessionTypes)).toEqual([]);
    expect(await database.db.select().from(bookingRules)).toEqual([]);
  });

  test("the layout links every section", async () => {
    const { cookie } = await newSpecialist();
    const html = await (await app.get("/specialist", { cookie })).text();
    for (const [href, label] of [
      ["/specialist/profile", "Profile"],
      ["/specialist/session-types", "Session types"],
      ["/specialist/rules", "Booking rules"],
      ["/specialist/availability", "Availability"],
      ["/specialist/calendar", "Calendar"],
    ]) {
      expect(html).toMatch(new RegExp(`href="${href}"[^>]*>${label}</a>`));
    }
  });

  test.each(["/specialist/session-types", "/specialist/rules"])("without a profile, %s asks for one first", async (path) => {
    const { cookie } = await newSpecialist();
    const response = await app.get(path, { cookie });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/specialist/profile?profileFirst=1");
    const page = await (await app.get("/specialist/profile?profileFirst=1", { cookie })).text();
    expect(page).toContain("Create your profile first");
  });
});

describe("profile", () => {
  test("a new specialist gets a suggested address, their name and their time zone", async () => {
    await createSpecialist(database.db, { slug: "ada-lovelace" });
    const { cookie } = await newSpecialist({ timezone: "Asia/Kathmandu" });
    const html = await (await app.get("/specialist/profile", { cookie })).text();
    expect(html).toContain("Create your public profile");
    expect(html).toContain('value="ada-lovelace-2"');
    expect(html).toContain('value="Ada Lovelace"');
    expect(html).toMatch(/<option value="Asia\/Kathmandu" selected="">/);
    expect(html).toMatch(/<form method="post" action="\/specialist\/profile" enctype="multipart\/form-data"/i);
    expect(html).not.toContain("Publish profile");
  });

  test("creating the profile stores it pending approval and unpublished, with default booking rules and the picture", async () => {
    const { user, cookie } = await newSpecialist();
    // The declared type is ignored: the bytes say PNG.
    const response = await postMultipart(
      "/specialist/profile",
      { ...validProfile, slug: "  Ada-Lovelace ", avatar: file(pngBytes, "me.bin", "application/octet-stream") },
      cookie,
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/specialist/profile?created=1");

    const [row] = await specialistRows();
    expect(row).toMatchObject({
      userId: user.id,
      slug: "ada-lovelace",
      displayName: "Ada Lovelace",
      headline: validProfile.headline,
      bio: validProfile.bio,
      specialties: validProfile.specialties,
      languages: validProfile.languages,
      timezone: "Europe/London",
      approval: "pending",
      approvalRequestedAt: clock.now(),
      published: false,
      avatarContentType: "image/png",
    });
    expect(new Uint8Array(row!.avatarImage!)).toEqual(pngBytes);
    const [rules] = await database.db.select().from(bookingRules);
    expect(rules).toMatchObject({ specialistId: row!.id, minNoticeMinutes: 240, horizonDays: 60, lateCancellationRefundPercent: 0 });

    const page = decodeHtml(await (await app.get("/specialist/profile?created=1", { cookie })).text());
    expect(page).toContain("Your profile is created");
    expect(page).toContain("<p>I help teams <strong>ship</strong>.</p>");
    expect(page).toContain("Remove picture");
    expect(page).toContain("Before you can publish:");
  });

  test("saving changes keeps the picture unless a new one is uploaded", async () => {
    const { cookie } = await newSpecialist();
    await createProfile(cookie, { avatar: file(pngBytes, "me.png", "image/png") });
    const response = await postMultipart(
      "/specialist/profile",
      { ...validProfile, displayName: "Ada King", specialties: ["leadership"], languages: ["de"] },
      cookie,
    );
    expect(response.headers.get("location")).toBe("/specialist/profile?saved=1");
    const [row] = await specialistRows();
    expect(row).toMatchObject({ displayName: "Ada King", specialties: ["leadership"], languages: ["de"], avatarContentType: "image/png" });
    expect(await database.db.select().from(bookingRules)).toHaveLength(1);

    await postMultipart("/specialist/profile", { ...validProfile, avatar: file(jpegBytes, "me.jpg", "image/jpeg") }, cookie);
    const [replaced] = await specialistRows();
    expect(replaced!.avatarContentType).toBe("image/jpeg");
    expect(new Uint8Array(replaced!.avatarImage!)).toEqual(jpegBytes);
  });

  const tooLong = (length: number) => "x".repeat(length);

  test.each<[string, MultipartFields, string]>([
    ["no display name", { displayName: " " }, "Enter the name clients will see."],
    ["a long display name", { displayName: tooLong(101) }, "Use at most 100 characters."],
    ["no slug", { slug: "" }, "Choose the address of your profile."],
    ["a short slug", { slug: "ab" }, "Use 3 to 40 characters."],
    ["a long slug", { slug: tooLong(41) }, "Use 3 to 40 characters."],
    ["a slug with spaces", { slug: "ada lovelace" }, "Use only lower-case letters (a–z), digits and hyphens."],
    ["a slug with accents", { slug: "zoé" }, "Use only lower-case letters (a–z), digits and hyphens."],
    ["a slug ending in a hyphen", { slug: "ada-" }, "Start and end with a letter or digit"],
    ["a reserved slug", { slug: "admin" }, "That address is reserved."],
    ["another reserved slug", { slug: "new" }, "That address is reserved."],
    ["a long headline", { headline: tooLong(121) }, "Use at most 120 characters."],
    ["a long bio", { bio: tooLong(5001) }, "Use at most 5,000 characters."],
    ["no specialty", { specialties: [] }, "Choose at least one specialty."],
    ["an unknown specialty", { specialties: ["astrology"] }, "Choose specialties from the list."],
    [
      "six specialties",
      { specialties: ["leadership", "nutrition", "legal-advice", "ux-design", "data-science", "tax-accounting"] },
      "Choose at most 5 specialties.",
    ],
    ["no language", { languages: [] }, "Choose at least one language you hold sessions in."],
    ["an unknown language", { languages: ["xx"] }, "Choose languages from the list."],
    ["an unknown time zone", { timezone: "Mars/Olympus" }, "Choose a time zone from the list."],
    [
      "a picture that is really HTML",
      { avatar: file(new TextEncoder().encode("<svg onload=alert(1)>"), "a.png", "image/png") },
      "That file isn't a PNG, JPEG or WebP picture.",
    ],
    [
      "a GIF",
      { avatar: file(new TextEncoder().encode("GIF89a......"), "a.gif", "image/gif") },
      "That file isn't a PNG, JPEG or WebP picture.",
    ],
    ["an empty picture", { avatar: file(new Uint8Array(0), "a.png", "image/png") }, "That file isn't a PNG, JPEG or WebP picture."],
    [
      "a picture just over 512 KB",
      { avatar: file(new Uint8Array([...pngBytes, ...new Uint8Array(512 * 1024 + 1 - pngBytes.length)]), "big.png", "image/png") },
      "That picture is larger than 512 KB.",
    ],
    ["a 2 MB picture", { avatar: file(new Uint8Array(2 * 1024 * 1024), "huge.png", "image/png") }, "That picture is larger than 512 KB."],
  ])("creating with %s gets a field error and writes nothing", async (_case, fields, message) => {
    const { cookie } = await newSpecialist();
    const response = await postMultipart("/specialist/profile", { ...validProfile, ...fields }, cookie);
    expect(response.status).toBe(400);
    expect(decodeHtml(await response.text())).toContain(message);
    expect(await specialistRows()).toEqual([]);
    expect(await database.db.select().from(bookingRules)).toEqual([]);
  });

  test.each<[string, MultipartFields, string]>([
    ["a reserved slug", { slug: "edit" }, "That address is reserved."],
    ["no specialty", { specialties: [] }, "Choose at least one specialty."],
    [
      "a fake picture",
      { avatar: file(new TextEncoder().encode("MZ executable"), "a.webp", "image/webp") },
      "That file isn't a PNG, JPEG or WebP picture.",
    ],
    ["a picture over 512 KB", { avatar: file(new Uint8Array(600 * 1024), "big.png", "image/png") }, "That picture is larger than 512 KB."],
  ])("updating with %s changes nothing", async (_case, fields, message) => {
    const { cookie } = await newSpecialist();
    const before = await createProfile(cookie, { avatar: file(pngBytes, "me.png", "image/png") });
    const response = await postMultipart("/specialist/profile", { ...validProfile, displayName: "Changed", ...fields }, cookie);
    expect(response.status).toBe(400);
    expect(decodeHtml(await response.text())).toContain(message);
    expect(await specialistRows()).toEqual([before]);
  });

  test("a slug someone else has is refused; keeping your own is fine", async () => {
    await createSpecialist(database.db, { slug: "ada-lovelace" });
    const { cookie } = await newSpecialist();
    const response = await postMultipart("/specialist/profile", validProfile, cookie);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("That address is already taken. Please choose another.");
    expect(await database.db.select().from(specialists).where(eq(specialists.displayName, "Ada Lovelace"))).toEqual([]);

    await createProfile(cookie, { slug: "ada-l" });
    const again = await postMultipart("/specialist/profile", { ...validProfile, slug: "ada-l", headline: "New" }, cookie);
    expect(again.status).toBe(302);
  });

  test("line breaks count once, as in the browser, and are stored as \\n", async () => {
    const { cookie } = await newSpecialist();
    // Browsers send each line break as CRLF: 7,499 characters on the wire, 5,000 in the textarea.
    const bio = Array.from({ length: 2500 }, () => "a").join("\r\n");
    const row = await createProfile(cookie, { bio });
    expect(row.bio).toBe(bio.replaceAll("\r\n", "\n"));
    expect(row.bio).toHaveLength(4999);
  });

  test("a failed save shows what was typed, not the saved values", async () => {
    const { cookie } = await newSpecialist();
    await createProfile(cookie);
    const response = await postMultipart("/specialist/profile", { ...validProfile, headline: "Typed headline", slug: "x" }, cookie);
    const html = await response.text();
    expect(html).toContain('value="Typed headline"');
    expect(html).toMatch(/<input type="checkbox" name="languages"[^>]* checked="" value="fr"/);
    expect(html).toMatch(/<input type="checkbox" name="languages"[^>]* value="de"/);
    expect(html).not.toMatch(/<input type="checkbox" name="languages"[^>]* checked="" value="de"/);
  });

  test("removing the picture falls back to initials", async () => {
    const { cookie } = await newSpecialist();
    await createProfile(cookie, { avatar: file(pngBytes, "me.png", "image/png") });
    const response = await app.post("/specialist/profile", { intent: "remove-avatar" }, { cookie });
    expect(response.headers.get("location")).toBe("/specialist/profile?pictureRemoved=1");
    const [row] = await specialistRows();
    expect(row).toMatchObject({ avatarImage: null, avatarContentType: null });

    const avatar = await app.get("/avatars/ada-lovelace", { cookie });
    expect(avatar.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(await avatar.text()).toContain(">AL</text>");
  });

  test("changing the time zone moves the open times", async () => {
    const { cookie } = await newSpecialist();
    const row = await createProfile(cookie);
    await givenWeeklyHours(row.id);
    await app.post("/specialist/session-types", { title: "Intro", minutes: "60", price: "10", currency: "USD" }, { cookie });
    const firstStart = async () => {
      const [slot] = await database.db.select().from(slots).orderBy(slots.startsAt).limit(1);
      return slot?.startsAt.toISOString();
    };
    // Monday 8 June: 09:00 in London is 08:00 UTC; in Tokyo it is 00:00 UTC.
    expect(await firstStart()).toBe("2026-06-08T08:00:00.000Z");
    await postMultipart("/specialist/profile", { ...validProfile, timezone: "Asia/Tokyo" }, cookie);
    expect(await firstStart()).toBe("2026-06-08T00:00:00.000Z");
  });
});

describe("avatars", () => {
  test("a listed specialist's picture is served to everyone with its type and caching headers", async () => {
    const { cookie } = await newSpecialist();
    const row = await createProfile(cookie, { avatar: file(jpegBytes, "me.jpg", "image/jpeg") });
    await database.db.update(specialists).set({ published: true, approval: "approved" }).where(eq(specialists.id, row.id));

    const response = await app.get("/avatars/ada-lovelace");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(jpegBytes);
    // The same bytes for everyone: a signed-in visitor may cache it too.
    expect((await app.get("/avatars/ada-lovelace", { cookie })).headers.get("cache-control")).toBe("public, max-age=3600");
  });

  test("an unpublished profile's picture is only shown to its owner, never cached publicly", async () => {
    const { cookie } = await newSpecialist();
    await createProfile(cookie, { avatar: file(pngBytes, "me.png", "image/png") });
    expect((await app.get("/avatars/ada-lovelace")).status).toBe(404);
    const stranger = await createUser(database.db, { role: "specialist" });
    expect((await app.get("/avatars/ada-lovelace", { cookie: await cookieFor(stranger.id) })).status).toBe(404);

    const own = await app.get("/avatars/ada-lovelace", { cookie });
    expect(own.status).toBe(200);
    expect(own.headers.get("content-type")).toBe("image/png");
    expect(own.headers.get("cache-control")).toBe("private, no-store");
  });

  test("without a picture, initials are drawn; an unknown slug is 404", async () => {
    await createSpecialist(database.db, { slug: "grace-hopper", displayName: "Grace Hopper" });
    const response = await app.get("/avatars/grace-hopper");
    expect(response.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.text()).toContain(">GH</text>");
    expect((await app.get("/avatars/nobody-here")).status).toBe(404);
  });
});

describe("publishing", () => {
  test("is refused with what is missing, then allowed once it is there", async () => {
    const { cookie } = await newSpecialist();
    const row = await createProfile(cookie);

    const refused = await app.post("/specialist/profile", { intent: "publish" }, { cookie });
    expect(refused.status).toBe(400);
    const html = decodeHtml(await refused.text());
    expect(html).toContain("Your profile can't be published yet:");
    expect(html).toContain("Add at least one active session type");
    expect(html).toContain("Set your weekly hours");
    expect((await specialistRows())[0]!.published).toBe(false);

    await givenWeeklyHours(row.id);
    const inactive = await createSessionType(database.db, row.id, { active: false });
    const stillRefused = decodeHtml(await (await app.post("/specialist/profile", { intent: "publish" }, { cookie })).text());
    expect(stillRefused).toContain("Add at least one active session type");
    expect(stillRefused).not.toContain("Set your weekly hours");
    expect((await specialistRows())[0]!.published).toBe(false);

    await app.post(`/specialist/session-types/${inactive.id}`, { intent: "activate" }, { cookie });
    const published = await app.post("/specialist/profile", { intent: "publish" }, { cookie });
    expect(published.headers.get("location")).toBe("/specialist/profile?published=1");
    expect((await specialistRows())[0]!.published).toBe(true);
    expect(await (await app.get("/specialist/profile?published=1", { cookie })).text()).toContain("Unpublish");

    const unpublished = await app.post("/specialist/profile", { intent: "unpublish" }, { cookie });
    expect(unpublished.headers.get("location")).toBe("/specialist/profile?unpublished=1");
    expect((await specialistRows())[0]!.published).toBe(false);
  });

  test("without a profile there is nothing to publish", async () => {
    const { cookie } = await newSpecialist();
    const response = await app.post("/specialist/profile", { intent: "publish" }, { cookie });
    expect(response.headers.get("location")).toBe("/specialist/profile");
    expect(await specialistRows()).toEqual([]);
  });
});

describe("session types", () => {
  const validType = { title: "Career chat", description: "Bring your CV.", minutes: "45", price: "49.50", currency: "USD" };

  async function givenProfile() {
    const specialist = await newSpecialist();
    const row = await createProfile(specialist.cookie);
    return { ...specialist, specialistId: row.id };
  }

  test("are created with exact minor units and listed with formatted prices", async () => {
    const { cookie, specialistId } = await givenProfile();
    const response = await app.post("/specialist/session-types", validType, { cookie });
    expect(response.headers.get("location")).toBe("/specialist/session-types?created=1");
    await app.post(
      "/specialist/session-types",
      { ...validType, title: "Quick", minutes: "15", price: "8000", currency: "JPY" },
      { cookie },
    );
    await app.post("/specialist/session-types", { ...validType, title: "Free intro", price: "0", description: "" }, { cookie });
    await app.post("/specialist/session-types", { ...validType, title: "Odd cents", price: "0.29" }, { cookie });

    const rows = await database.db.select().from(sessionTypes).orderBy(sessionTypes.title);
    expect(
      rows.map(({ title, minutes, priceMinor, currency, active, specialistId: owner }) => ({
        title,
        minutes,
        priceMinor,
        currency,
        active,
        owner,
      })),
    ).toEqual([
      { title: "Career chat", minutes: 45, priceMinor: 4950, currency: "USD", active: true, owner: specialistId },
      { title: "Free intro", minutes: 45, priceMinor: 0, currency: "USD", active: true, owner: specialistId },
      { title: "Odd cents", minutes: 45, priceMinor: 29, currency: "USD", active: true, owner: specialistId },
      { title: "Quick", minutes: 15, priceMinor: 8000, currency: "JPY", active: true, owner: specialistId },
    ]);

    const html = await (await app.get("/specialist/session-types?created=1", { cookie })).text();
    expect(html).toContain("Session type added.");
    expect(html).toContain("45 minutes · $49.50");
    expect(html).toContain("15 minutes · ¥8,000");
    expect(html).toContain("45 minutes · Free");
  });

  test.each<[Record<string, string>, string]>([
    [{ title: "" }, "Give the session a title."],
    [{ title: "x".repeat(81) }, "Use at most 80 characters."],
    [{ description: "x".repeat(1001) }, "Use at most 1,000 characters."],
    [{ minutes: "" }, "Enter the length in minutes, like 60."],
    [{ minutes: "sixty" }, "Enter the length in minutes, like 60."],
    [{ minutes: "10" }, "Sessions last at least 15 minutes."],
    [{ minutes: "245" }, "Sessions last at most 240 minutes (4 hours)."],
    [{ minutes: "62" }, "Use a multiple of 5 minutes, like 45 or 60."],
    [{ minutes: "47.5" }, "Use whole minutes."],
    [{ price: "" }, "Enter a price (0 for a free session)."],
    [{ price: "-5" }, "Enter the price as a number, like 49.50."],
    [{ price: "12,50" }, "Enter the price as a number, like 49.50."],
    [{ price: "1e3" }, "Enter the price as a number, like 49.50."],
    [{ price: "49.555" }, "USD prices have at most 2 decimal places."],
    [{ price: "10.5", currency: "JPY" }, "JPY prices are whole numbers, without decimals."],
    [{ price: "10000000" }, "Enter a price below 10,000,000."],
    [{ currency: "XYZ" }, "Choose a currency from the list."],
    [{ currency: "usd" }, "Choose a currency from the list."],
  ])("bad input %j gets a field error and writes nothing", async (fields, message) => {
    const { cookie } = await givenProfile();
    const response = await app.post("/specialist/session-types", { ...validType, ...fields }, { cookie });
    expect(response.status).toBe(400);
    expect(decodeHtml(await response.text())).toContain(message);
    expect(await database.db.select().from(sessionTypes)).toEqual([]);
  });

  test("a new session type starts in the specialist's own currency", async () => {
    // The profile is in Europe/London: with no prices yet, pounds.
    const { cookie, specialistId } = await givenProfile();
    const first = await (await app.get("/specialist/session-types", { cookie })).text();
    expect(first).toMatch(/<option value="GBP" selected="">/);

    // Once they price sessions, the currency most of them use.
    await createSessionType(database.db, specialistId, { title: "A", priceMinor: 1000, currency: "EUR" });
    await createSessionType(database.db, specialistId, { title: "B", priceMinor: 1000, currency: "USD" });
    await createSessionType(database.db, specialistId, { title: "C", priceMinor: 1000, currency: "USD" });
    const later = await (await app.get("/specialist/session-types", { cookie })).text();
    expect(later).toMatch(/<option value="USD" selected="">/);
  });

  test("are edited, deactivated and activated again", async () => {
    const { cookie, specialistId } = await givenProfile();
    const type = await createSessionType(database.db, specialistId, { title: "Deep dive", priceMinor: 4950, currency: "EUR" });
    const page = await (await app.get(`/specialist/session-types/${type.id}`, { cookie })).text();
    expect(inputValue(page, "price")).toBe("49.50");
    expect(page).toMatch(/<option value="EUR" selected="">/);

    const saved = await app.post(`/specialist/session-types/${type.id}`, { ...validType, price: "120", currency: "GBP" }, { cookie });
    expect(saved.headers.get("location")).toBe("/specialist/session-types?saved=1");
    const [edited] = await database.db.select().from(sessionTypes);
    expect(edited).toMatchObject({ title: "Career chat", description: "Bring your CV.", minutes: 45, priceMinor: 12000, currency: "GBP" });

    const bad = await app.post(`/specialist/session-types/${type.id}`, { ...validType, minutes: "300" }, { cookie });
    expect(bad.status).toBe(400);
    expect(await database.db.select().from(sessionTypes)).toEqual([edited]);

    await app.post(`/specialist/session-types/${type.id}`, { intent: "deactivate" }, { cookie });
    expect((await database.db.select().from(sessionTypes))[0]!.active).toBe(false);
    expect(await (await app.get(`/specialist/session-types/${type.id}?deactivated=1`, { cookie })).text()).toContain("Deactivated");
    await app.post(`/specialist/session-types/${type.id}`, { intent: "activate" }, { cookie });
    expect((await database.db.select().from(sessionTypes))[0]!.active).toBe(true);
  });

  test("are deleted when nobody booked them, deactivated instead when somebody did", async () => {
    const { cookie, specialistId } = await givenProfile();
    const unbooked = await createSessionType(database.db, specialistId, { title: "Unbooked" });
    const booked = await createSessionType(database.db, specialistId, { title: "Booked" });
    const customer = await createUser(database.db);
    await database.db.insert(bookings).values({
      specialistId,
      customerId: customer.id,
      sessionTypeId: booked.id,
      startsAt: new Date("2026-05-01T10:00:00Z"),
      endsAt: new Date("2026-05-01T11:00:00Z"),
      status: "completed",
      priceMinor: booked.priceMinor,
      currency: booked.currency,
      customerTimezone: "UTC",
    });

    const bookedPage = await (await app.get(`/specialist/session-types/${booked.id}`, { cookie })).text();
    expect(bookedPage).not.toContain("Delete session type");
    expect(decodeHtml(bookedPage)).toContain("This session type has bookings, so it can't be deleted");

    const deleted = await app.post(`/specialist/session-types/${unbooked.id}`, { intent: "delete" }, { cookie });
    expect(deleted.headers.get("location")).toBe("/specialist/session-types?deleted=1");
    const kept = await app.post(`/specialist/session-types/${booked.id}`, { intent: "delete" }, { cookie });
    expect(kept.headers.get("location")).toBe(`/specialist/session-types/${booked.id}?keptForBookings=1`);

    const rows = await database.db.select().from(sessionTypes);
    expect(rows.map((row) => [row.title, row.active])).toEqual([["Booked", false]]);
  });

  test("someone else's session type is 404 for every method and never changes", async () => {
    const { cookie } = await givenProfile();
    const { specialist: other } = await createSpecialist(database.db);
    const theirs = await createSessionType(database.db, other.id, { title: "Theirs" });
    const before = await database.db.select().from(sessionTypes);

    expect((await app.get(`/specialist/session-types/${theirs.id}`, { cookie })).status).toBe(404);
    for (const fields of [
      validType,
      { ...validType, minutes: "7" },
      { intent: "deactivate" },
      { intent: "activate" },
      { intent: "delete" },
    ]) {
      const response = await app.post(`/specialist/session-types/${theirs.id}`, fields, { cookie });
      expect(response.status, JSON.stringify(fields)).toBe(404);
    }
    expect(await database.db.select().from(sessionTypes)).toEqual(before);
    expect((await app.get("/specialist/session-types/no-such-id", { cookie })).status).toBe(404);
  });

  test("changes refresh the open times", async () => {
    const { cookie, specialistId } = await givenProfile();
    await givenWeeklyHours(specialistId);
    await app.post("/specialist/session-types", validType, { cookie });
    const [type] = await database.db.select().from(sessionTypes);
    const futureSlots = () => database.db.$count(slots, and(eq(slots.sessionTypeId, type!.id), gte(slots.startsAt, clock.now())));
    expect(await futureSlots()).toBeGreaterThan(0);
    await app.post(`/specialist/session-types/${type!.id}`, { intent: "deactivate" }, { cookie });
    expect(await futureSlots()).toBe(0);
  });
});

describe("booking rules", () => {
  const validRules = {
    minNoticeHours: "2",
    minNoticeMinutes: "30",
    horizonDays: "90",
    bufferBeforeMinutes: "10",
    bufferAfterMinutes: "15",
    slotIntervalMinutes: "15",
    dailyCap: "6",
    cancellationDeadlineHours: "48",
    lateRefund: "percentage",
    lateRefundPercent: "50",
  };

  async function givenProfile() {
    const specialist = await newSpecialist();
    const row = await createProfile(specialist.cookie);
    return { ...specialist, specialistId: row.id };
  }

  const rulesRow = async () => (await database.db.select().from(bookingRules))[0]!;

  test("shows the defaults with a hint for each field, and saves changes", async () => {
    const { cookie, specialistId } = await givenProfile();
    const page = await (await app.get("/specialist/rules", { cookie })).text();
    expect(inputValue(page, "minNoticeHours")).toBe("4");
    expect(inputValue(page, "horizonDays")).toBe("60");
    expect(inputValue(page, "dailyCap")).toBeUndefined();
    expect(page).toMatch(/type="radio" name="lateRefund"[^>]* checked="" value="none"/);
    expect(page).toContain("How far ahead clients can book");
    expect(page).toContain("Leave empty for no limit.");

    const response = await app.post("/specialist/rules", validRules, { cookie });
    expect(response.headers.get("location")).toBe("/specialist/rules?saved=1");
    expect(await rulesRow()).toMatchObject({
      specialistId,
      minNoticeMinutes: 150,
      horizonDays: 90,
      bufferBeforeMinutes: 10,
      bufferAfterMinutes: 15,
      slotIntervalMinutes: 15,
      dailyCap: 6,
      cancellationDeadlineHours: 48,
      lateCancellationRefundPercent: 50,
    });
    const saved = await (await app.get("/specialist/rules?saved=1", { cookie })).text();
    expect(saved).toContain("Booking rules saved.");
    expect(inputValue(saved, "minNoticeMinutes")).toBe("30");
    expect(saved).toMatch(/type="radio" name="lateRefund"[^>]* checked="" value="percentage"/);

    await app.post("/specialist/rules", { ...validRules, dailyCap: "", lateRefund: "none", lateRefundPercent: "80" }, { cookie });
    expect(await rulesRow()).toMatchObject({ dailyCap: null, lateCancellationRefundPercent: 0 });
  });

  test("the specialist chooses which reminders go out, without JavaScript", async () => {
    const { cookie } = await givenProfile();
    const page = await (await app.get("/specialist/rules", { cookie })).text();
    expect(page).toMatch(/type="radio" name="reminders"[^>]* checked="" value="both"/);
    for (const [choice, stored] of [
      ["1h", { remind24h: false, remind1h: true }],
      ["24h", { remind24h: true, remind1h: false }],
      ["none", { remind24h: false, remind1h: false }],
      ["both", { remind24h: true, remind1h: true }],
    ] as const) {
      await app.post("/specialist/rules", { ...validRules, reminders: choice }, { cookie });
      expect(await rulesRow()).toMatchObject(stored);
      const saved = await (await app.get("/specialist/rules?saved=1", { cookie })).text();
      expect(saved).toMatch(new RegExp(`type="radio" name="reminders"[^>]* checked="" value="${choice}"`));
    }
    const response = await app.post("/specialist/rules", { ...validRules, reminders: "weekly" }, { cookie });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Choose which reminders go out.");
  });

  test("a specialist without a rules row sees the defaults and can save", async () => {
    const { user, specialist } = await createSpecialist(database.db);
    const cookie = await cookieFor(user.id);
    expect(inputValue(await (await app.get("/specialist/rules", { cookie })).text(), "horizonDays")).toBe("60");
    await app.post("/specialist/rules", validRules, { cookie });
    expect(await rulesRow()).toMatchObject({ specialistId: specialist.id, horizonDays: 90 });
  });

  test.each<[Record<string, string>, string]>([
    [{ minNoticeHours: "" }, "Enter the hours as a whole number."],
    [{ minNoticeHours: "-1" }, "Use at least 0 hours."],
    [{ minNoticeHours: "721" }, "Use at most 720 hours."],
    [{ minNoticeHours: "720", minNoticeMinutes: "30" }, "The minimum notice can be at most 30 days (720 hours)."],
    [{ minNoticeMinutes: "60" }, "Use at most 59 minutes."],
    [{ horizonDays: "0" }, "Use at least 1 days."],
    [{ horizonDays: "366" }, "Use at most 365 days."],
    [{ horizonDays: "1.5" }, "Enter the number of days as a whole number."],
    [{ bufferBeforeMinutes: "241" }, "Use at most 240 minutes."],
    [{ bufferAfterMinutes: "-5" }, "Use at least 0 minutes."],
    [{ slotIntervalMinutes: "0" }, "Use at least 5 minutes."],
    [{ slotIntervalMinutes: "7" }, "Use a multiple of 5 minutes, like 15 or 30."],
    [{ slotIntervalMinutes: "300" }, "Use at most 240 minutes."],
    [{ dailyCap: "0" }, "Use at least 1 sessions."],
    [{ dailyCap: "49" }, "Use at most 48 sessions."],
    [{ cancellationDeadlineHours: "721" }, "Use at most 720 hours."],
    [{ lateRefund: "" }, "Choose what a late cancellation is refunded."],
    [{ lateRefund: "all" }, "Choose what a late cancellation is refunded."],
    [{ lateRefundPercent: "" }, "Enter the percentage to refund, from 1 to 100."],
    [{ lateRefundPercent: "0" }, "Use at least 1 %."],
    [{ lateRefundPercent: "101" }, "Use at most 100 %."],
  ])("bad input %j gets a field error and writes nothing", async (fields, message) => {
    const { cookie } = await givenProfile();
    const before = await rulesRow();
    const response = await app.post("/specialist/rules", { ...validRules, ...fields }, { cookie });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(await rulesRow()).toEqual(before);
  });
});

describe("onboarding", () => {
  const ticks = (html: string) => [...html.matchAll(/<span class="sr-only"> \(done\)<\/span>/g)].length;

  test("is a live checklist with links to what is left", async () => {
    const { user, cookie } = await newSpecialist();
    let html = await (await app.get("/onboarding", { cookie })).text();
    expect(ticks(html)).toBe(0);
    expect(html).toContain("0 of 5 steps done");
    expect(html).toContain(">Create profile</a>");
    expect(html).toContain("Your weekly hours are read in <strong>Europe/Paris</strong>");
    for (const href of [
      "/settings/email",
      "/specialist/profile",
      "/specialist/session-types",
      "/specialist/availability",
      "/specialist/profile#publish",
    ]) {
      expect(html).toContain(`href="${href}"`);
    }

    await database.db.update(users).set({ emailVerifiedAt: clock.now() }).where(eq(users.id, user.id));
    const row = await createProfile(cookie);
    html = await (await app.get("/onboarding", { cookie })).text();
    expect(ticks(html)).toBe(2);
    expect(html).not.toContain(">Create profile</a>");
    expect(html).toContain("Your weekly hours are read in <strong>Europe/London</strong>");

    await app.post("/specialist/session-types", { title: "Intro", minutes: "30", price: "10", currency: "USD" }, { cookie });
    await givenWeeklyHours(row.id);
    await app.post("/specialist/profile", { intent: "publish" }, { cookie });
    html = decodeHtml(await (await app.get("/onboarding", { cookie })).text());
    expect(ticks(html)).toBe(5);
    expect(html).toContain("✓");
    // Every step done, but nobody has approved the profile: the checklist says so, not "all set".
    expect(html).toContain("Waiting for approval:");
    expect(html).toContain("your profile lists and takes bookings once an admin approves it");
    expect(html).not.toContain("You're all set");

    await database.db.update(specialists).set({ approval: "approved" }).where(eq(specialists.id, row.id));
    html = decodeHtml(await (await app.get("/onboarding", { cookie })).text());
    expect(html).toContain("You're all set");
  });
});
