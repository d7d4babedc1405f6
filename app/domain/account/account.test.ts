import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSessionNote, createSessionType, createSpecialist, createUser } from "../../../db/factories";
import {
  credentials,
  oauthAccounts,
  outboxEmails,
  sessions,
  sessionTypes,
  specialists,
  users,
  verificationTokens,
  type User,
} from "../../../db/schema";
import { createOutboxMailer } from "../../integrations/mail/outbox-mailer.server";
import { createScryptPasswordHasher } from "../../../platform/scrypt-password-hasher";
import { createTestClock } from "../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { recordingQueue } from "../../../tests/queue";
import { moderateReview } from "../reviews/moderation.server";
import { respondToReview, submitReview } from "../reviews/reviews.server";
import { givenBooking, givenSpecialistForReviews, goodReview, sessionEnded } from "../reviews/reviews.test-support";
import { createSession } from "../auth/sessions.server";
import {
  changePassword,
  deleteAccount,
  deletedEmail,
  exportAccountData,
  getAccountSecurity,
  requestAccountEmailChange,
  revokeSession,
  signOutEverywhere,
  updateProfile,
} from "./account.server";
import { groupTimeZones, timeZoneGroups } from "./time-zone-options";
import { describeUserAgent } from "./user-agent";

const password = "plum-ferry-quartz-71";
const newPassword = "otter-lantern-violet-38";
const origin = "http://localhost";

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let context: Parameters<typeof changePassword>[0];

beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  context = {
    db: database.db,
    clock,
    passwords: createScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }),
    mailer: createOutboxMailer(database.db),
  };
});
afterEach(() => database.cleanup());

async function userWithPassword(overrides: Partial<User> = {}) {
  const user = await createUser(database.db, overrides);
  await database.db.insert(credentials).values({ userId: user.id, passwordHash: await context.passwords.hash(password) });
  return user;
}

async function sessionOf(userId: string) {
  return (await createSession(database.db, userId, clock.now(), { userAgent: "test", ipAddress: "198.51.100.1" })).id;
}

async function passwordHashOf(userId: string) {
  const [row] = await database.db.select().from(credentials).where(eq(credentials.userId, userId));
  return row?.passwordHash ?? null;
}

describe("updateProfile", () => {
  test("changes only the acting user's row", async () => {
    const ada = await createUser(database.db, { name: "Ada" });
    const bob = await createUser(database.db, { name: "Bob", timezone: "Europe/Paris" });
    await updateProfile(database.db, ada.id, { name: "Ada L.", timezone: "Asia/Calcutta" });
    const rows = await database.db.select().from(users);
    expect(rows.find((row) => row.id === ada.id)).toMatchObject({ name: "Ada L.", timezone: "Asia/Calcutta" });
    expect(rows.find((row) => row.id === bob.id)).toMatchObject({ name: "Bob", timezone: "Europe/Paris" });
  });
});

describe("changePassword", () => {
  test("checks the current password, stores the new hash and signs out every other session", async () => {
    const user = await userWithPassword();
    const current = await sessionOf(user.id);
    const other = await sessionOf(user.id);
    const someoneElse = await userWithPassword();
    const theirs = await sessionOf(someoneElse.id);
    const actor = { userId: user.id, sessionId: current, email: user.email, name: user.name };

    const result = await changePassword(context, actor, { currentPassword: password, newPassword }, origin);

    expect(result).toEqual({ ok: true });
    expect(await context.passwords.verify(newPassword, (await passwordHashOf(user.id))!)).toBe(true);
    const remaining = (await database.db.select().from(sessions)).map((session) => session.id);
    expect(remaining.sort()).toEqual([current, theirs].sort());
    expect(remaining).not.toContain(other);
    const [mail] = await database.db.select().from(outboxEmails);
    expect(mail).toMatchObject({ to: user.email, template: "password-changed-notice" });
    expect(mail?.text).not.toContain(newPassword);
  });

  test("a wrong current password changes nothing", async () => {
    const user = await userWithPassword();
    const current = await sessionOf(user.id);
    const other = await sessionOf(user.id);
    const before = await passwordHashOf(user.id);
    const actor = { userId: user.id, sessionId: current, email: user.email, name: user.name };

    const result = await changePassword(context, actor, { currentPassword: "not-my-password-1", newPassword }, origin);

    expect(result).toMatchObject({ ok: false, field: "currentPassword", message: "That isn't your current password." });
    expect(await passwordHashOf(user.id)).toBe(before);
    expect((await database.db.select().from(sessions)).map((session) => session.id).sort()).toEqual([current, other].sort());
    expect(await database.db.select().from(outboxEmails)).toEqual([]);
  });

  test("after five wrong guesses even the right password is refused for 15 minutes", async () => {
    const user = await userWithPassword();
    const actor = { userId: user.id, sessionId: await sessionOf(user.id), email: user.email, name: user.name };
    const attempt = (currentPassword: string) => changePassword(context, actor, { currentPassword, newPassword }, origin);
    for (let guess = 0; guess < 5; guess++) expect((await attempt(`wrong-guess-${guess}`)).ok).toBe(false);

    const throttled = await attempt(password);
    expect(throttled).toMatchObject({ ok: false, field: "currentPassword", status: 429 });
    expect(await context.passwords.verify(password, (await passwordHashOf(user.id))!)).toBe(true);

    clock.advance(15 * 60 * 1000 + 1);
    expect(await attempt(password)).toEqual({ ok: true });
  });

  test("a user without a password (Google sign-in) sets one without a current password", async () => {
    const user = await createUser(database.db);
    const actor = { userId: user.id, sessionId: await sessionOf(user.id), email: user.email, name: user.name };
    expect(await changePassword(context, actor, { newPassword }, origin)).toEqual({ ok: true });
    expect(await context.passwords.verify(newPassword, (await passwordHashOf(user.id))!)).toBe(true);
    expect(await getAccountSecurity(database.db, user.id, clock.now())).toMatchObject({ hasPassword: true });
  });
});

describe("requestAccountEmailChange", () => {
  test("after re-authentication, sends a link to the new address without changing the current one", async () => {
    const user = await userWithPassword({ email: "ada@example.com" });
    const result = await requestAccountEmailChange(context, user, { newEmail: "Ada.New@Example.com", currentPassword: password }, origin);
    expect(result).toEqual({ ok: true });
    const [row] = await database.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.email).toBe("ada@example.com");
    const [mail] = await database.db.select().from(outboxEmails);
    expect(mail?.to).toBe("ada.new@example.com");
    expect(await getAccountSecurity(database.db, user.id, clock.now())).toEqual({
      hasPassword: true,
      pendingEmail: "ada.new@example.com",
    });
  });

  test.each([
    [{ currentPassword: "not-my-password-1" }, "currentPassword", "That isn't your current password."],
    [{ newEmail: "ADA@example.com" }, "newEmail", "That's already your email address."],
    [{ newEmail: "taken@example.com" }, "newEmail", "Another account already uses that email address."],
  ])("%j is refused on %s and sends nothing", async (override, field, message) => {
    await createUser(database.db, { email: "taken@example.com" });
    const user = await userWithPassword({ email: "ada@example.com" });
    const input = { newEmail: "new@example.com", currentPassword: password, ...override };
    expect(await requestAccountEmailChange(context, user, input, origin)).toMatchObject({ ok: false, field, message });
    expect(await database.db.select().from(verificationTokens)).toEqual([]);
    expect(await database.db.select().from(outboxEmails)).toEqual([]);
  });

  test("a Google-only account can't change its email here", async () => {
    const user = await createUser(database.db);
    const result = await requestAccountEmailChange(context, user, { newEmail: "new@example.com", currentPassword: "x" }, origin);
    expect(result).toMatchObject({ ok: false, field: null });
    expect(await database.db.select().from(verificationTokens)).toEqual([]);
  });
});

describe("sessions", () => {
  test("revoking someone else's session id changes nothing", async () => {
    const ada = await userWithPassword();
    const bob = await userWithPassword();
    const bobs = await sessionOf(bob.id);
    expect(await revokeSession(database.db, ada.id, bobs)).toBe(false);
    expect(await database.db.select().from(sessions).where(eq(sessions.id, bobs))).toHaveLength(1);
    expect(await revokeSession(database.db, bob.id, bobs)).toBe(true);
    expect(await database.db.select().from(sessions).where(eq(sessions.id, bobs))).toEqual([]);
  });

  test("signing out everywhere ends only the user's own sessions", async () => {
    const ada = await userWithPassword();
    const bob = await userWithPassword();
    await sessionOf(ada.id);
    await sessionOf(ada.id);
    const bobs = await sessionOf(bob.id);
    await signOutEverywhere(database.db, ada.id);
    expect((await database.db.select().from(sessions)).map((session) => session.id)).toEqual([bobs]);
  });
});

describe("exportAccountData", () => {
  test("has the profile, sign-in methods, sessions and specialist profile, and no secrets", async () => {
    const { user, specialist } = await createSpecialist(database.db, {
      headline: "Career coach",
      user: { name: "Grace Hopper", email: "grace@example.com", emailVerifiedAt: clock.now() },
    });
    await database.db.insert(credentials).values({ userId: user.id, passwordHash: await context.passwords.hash(password) });
    await database.db.insert(oauthAccounts).values({ provider: "google", providerUserId: "google-123", userId: user.id });
    await createSessionType(database.db, specialist.id, { title: "Career review", priceMinor: 12_000, currency: "EUR" });
    const sessionId = await sessionOf(user.id);
    const [session] = await database.db.select().from(sessions);
    const other = await createSpecialist(database.db, { user: { name: "Someone Else" } });

    const exported = await exportAccountData(database.db, user.id, clock.now());

    expect(exported).toMatchObject({
      version: 1,
      exportedAt: "2026-06-01T12:00:00.000Z",
      profile: { id: user.id, email: "grace@example.com", name: "Grace Hopper", role: "specialist", status: "active" },
      signIn: {
        password: { lastChangedAt: expect.any(String) },
        linkedAccounts: [{ provider: "google", providerUserId: "google-123", linkedAt: expect.any(String) }],
      },
      sessions: [{ userAgent: "test", ipAddress: "198.51.100.1", startedAt: "2026-06-01T12:00:00.000Z" }],
      specialistProfile: {
        slug: specialist.slug,
        headline: "Career coach",
        sessionTypes: [{ title: "Career review", price: { amountMinor: 12_000, currency: "EUR" } }],
      },
    });
    const json = JSON.stringify(exported);
    expect(json).not.toContain("scrypt$");
    expect(json).not.toContain(session!.secretHash);
    expect(json).not.toContain(sessionId);
    expect(json).not.toContain("Someone Else");
    expect(json).not.toContain(other.specialist.slug);
  });

  test("has the reviews the user wrote (a hidden one with its reason) and, for a specialist, the responses they wrote", async () => {
    const { db } = database;
    const reviewClock = createTestClock(new Date(sessionEnded.getTime() + 60 * 60_000));
    const reviewContext = { db, clock: reviewClock, queue: recordingQueue().queue };
    const setup = await givenSpecialistForReviews(db);
    const booking = await givenBooking(db, setup, { endsAt: sessionEnded });
    const written = await submitReview(reviewContext, { actorUserId: booking.customerId, bookingId: booking.id, review: goodReview });
    if (!written.ok) throw new Error(written.message);
    const responded = await respondToReview(reviewContext, {
      actorUserId: setup.specialistUser.id,
      bookingId: booking.id,
      response: "Thank you, Casey.",
    });
    expect(responded.ok).toBe(true);
    const admin = await createUser(db, { role: "admin" });
    expect(
      (await moderateReview(reviewContext, { actorUserId: admin.id, reviewId: written.review.id, action: "hide", reason: "Off topic." }))
        .ok,
    ).toBe(true);

    const customerExport = await exportAccountData(db, booking.customerId, clock.now());
    expect(customerExport.reviewsWritten).toEqual([
      expect.objectContaining({
        bookingId: booking.id,
        specialist: setup.specialist.displayName,
        ratings: { overall: 5, communication: 4, expertise: 5, value: 3 },
        comment: "Clear and practical.",
        status: "hidden",
        moderationReason: "Off topic.",
        specialistResponse: "Thank you, Casey.",
      }),
    ]);
    const specialistExport = await exportAccountData(db, setup.specialistUser.id, clock.now());
    expect(specialistExport.reviewsWritten).toEqual([]);
    expect(specialistExport.specialistProfile?.reviewResponses).toEqual([
      expect.objectContaining({ reviewId: written.review.id, response: "Thank you, Casey." }),
    ]);
    expect((await exportAccountData(db, admin.id, clock.now())).reviewsWritten).toEqual([]);
  });

  test("has the session notes the user can read: the specialist both, the customer only the shared one", async () => {
    const { db } = database;
    const setup = await givenSpecialistForReviews(db);
    const booking = await givenBooking(db, setup, { endsAt: sessionEnded });
    await createSessionNote(db, booking.id, { visibility: "private", body: "Only mine" });
    await createSessionNote(db, booking.id, { visibility: "shared", body: "For you both" });

    const customerNotes = (await exportAccountData(db, booking.customerId, clock.now())).sessionNotes;
    expect(customerNotes).toEqual([expect.objectContaining({ bookingId: booking.id, visibility: "shared", body: "For you both" })]);
    const specialistNotes = (await exportAccountData(db, setup.specialistUser.id, clock.now())).sessionNotes;
    expect(specialistNotes.map((note) => note.body)).toEqual(["Only mine", "For you both"]);
    const stranger = await createUser(db);
    expect((await exportAccountData(db, stranger.id, clock.now())).sessionNotes).toEqual([]);
  });

  test("a customer has no specialist section and survives JSON round trips", async () => {
    const user = await createUser(database.db);
    const exported = await exportAccountData(database.db, user.id, clock.now());
    expect(exported.specialistProfile).toBeNull();
    expect(exported.signIn).toEqual({ password: null, linkedAccounts: [] });
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
  });
});

describe("deleteAccount", () => {
  test("removes sign-in data and anonymises the user and their specialist profile in one go", async () => {
    const { user, specialist } = await createSpecialist(database.db, { user: { email: "grace@example.com" } });
    await database.db.insert(credentials).values({ userId: user.id, passwordHash: await context.passwords.hash(password) });
    await database.db.insert(oauthAccounts).values({ provider: "google", providerUserId: "google-123", userId: user.id });
    await database.db.insert(verificationTokens).values({
      id: "token-id",
      userId: user.id,
      purpose: "verify_email",
      secretHash: "0".repeat(64),
      email: user.email,
      expiresAt: new Date(clock.now().getTime() + 60_000),
    });
    await sessionOf(user.id);
    const sessionType = await createSessionType(database.db, specialist.id);
    const bystander = await userWithPassword();
    const bystanderSession = await sessionOf(bystander.id);

    expect(await deleteAccount(context, user.id, "GRACE@example.com ")).toEqual({ ok: true });

    const [row] = await database.db.select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({
      email: deletedEmail(user.id),
      name: "Deleted user",
      status: "deleted",
      emailVerifiedAt: null,
    });
    expect(await database.db.select().from(specialists).where(eq(specialists.id, specialist.id))).toEqual([
      expect.objectContaining({
        published: false,
        displayName: "Deleted specialist",
        headline: "",
        bio: "",
        slug: `deleted-${user.id}`,
      }),
    ]);
    expect(await database.db.select().from(credentials).where(eq(credentials.userId, user.id))).toEqual([]);
    expect(await database.db.select().from(oauthAccounts)).toEqual([]);
    expect(await database.db.select().from(verificationTokens)).toEqual([]);
    // Rows others may reference stay valid.
    expect(await database.db.select().from(sessionTypes).where(eq(sessionTypes.id, sessionType.id))).toHaveLength(1);
    // Nobody else is touched.
    expect((await database.db.select().from(sessions)).map((session) => session.id)).toEqual([bystanderSession]);
    expect(await passwordHashOf(bystander.id)).not.toBeNull();
  });

  test("the current password confirms too; anything else changes nothing", async () => {
    const user = await userWithPassword({ email: "ada@example.com" });
    expect(await deleteAccount(context, user.id, "ada@example.org")).toMatchObject({ ok: false, field: "confirmation" });
    expect(await deleteAccount(context, user.id, "wrong-password")).toMatchObject({ ok: false, field: "confirmation" });
    expect((await database.db.select().from(users))[0]?.status).toBe("active");
    expect(await passwordHashOf(user.id)).not.toBeNull();

    expect(await deleteAccount(context, user.id, password)).toEqual({ ok: true });
    expect((await database.db.select().from(users))[0]?.status).toBe("deleted");
  });

  test("the last admin can't delete themselves; with another admin they can", async () => {
    const admin = await userWithPassword({ role: "admin", email: "admin@example.com" });
    const refused = await deleteAccount(context, admin.id, "admin@example.com");
    expect(refused).toMatchObject({ ok: false, field: null, message: expect.stringContaining("only admin") });
    expect((await database.db.select().from(users).where(eq(users.id, admin.id)))[0]?.status).toBe("active");

    await createUser(database.db, { role: "admin" });
    expect(await deleteAccount(context, admin.id, "admin@example.com")).toEqual({ ok: true });
  });
});

describe("time zone options", () => {
  test("groups by region, sorts by place and always includes the current zone", () => {
    const at = new Date("2026-01-15T12:00:00Z");
    const groups = groupTimeZones(["Europe/London", "America/New_York", "Europe/Berlin"], "Asia/Calcutta", at);
    expect(groups).toEqual([
      { region: "America", zones: [{ value: "America/New_York", label: "New York (GMT-5)" }] },
      // Under its current name, whatever the runtime calls it.
      { region: "Asia", zones: [{ value: "Asia/Kolkata", label: "Kolkata (GMT+5:30)" }] },
      {
        region: "Europe",
        zones: [
          { value: "Europe/Berlin", label: "Berlin (GMT+1)" },
          { value: "Europe/London", label: "London (GMT)" },
        ],
      },
    ]);
  });

  test("the runtime's list gains UTC and the zone in use, by its current name", () => {
    const values = (zone: string) => timeZoneGroups(zone, new Date()).flatMap((group) => group.zones.map((z) => z.value));
    expect(values("UTC")).toContain("UTC");
    expect(values("Asia/Calcutta")).toContain("Asia/Kolkata");
    expect(values("America/Fort_Wayne")).toContain("America/Fort_Wayne");
    expect(values("Europe/Paris").filter((zone) => zone === "Europe/Paris")).toHaveLength(1);
    expect(timeZoneGroups("UTC", new Date())[0]?.region).toBe("Other");
  });
});

describe("describeUserAgent", () => {
  test.each([
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
      "Edge on Windows",
    ],
    [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
      "Safari on macOS",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "Safari on iOS",
    ],
    [
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
      "Chrome on Android",
    ],
    ["Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0", "Firefox on Linux"],
    ["curl/8.5.0", "Unknown device"],
    [null, "Unknown device"],
  ])("%s → %s", (userAgent, expected) => {
    expect(describeUserAgent(userAgent)).toBe(expected);
  });
});
