import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createUser } from "../../db/factories";
import { auditLog, bookings, credentials, refunds, specialists, users, type User } from "../../db/schema";
import { createScryptPasswordHasher } from "../../platform/scrypt-password-hasher";
import { createTestApp, signedInCookie } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { visibleText } from "../../tests/html";
import { concurrencyTestLimitMs } from "../../tests/limits";
import { createTestDatabase, openConnections, type TestDatabase } from "../../tests/test-database";
import { givenAdmin, givenBooking, givenPaidSpecialist, startOfTest } from "../domain/admin/admin.test-support";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
const clock = createTestClock();
let admin: User;
let adminCookie: string;
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(startOfTest);
  app = await createTestApp({ db: database.db, clock });
  admin = await givenAdmin(database.db);
  adminCookie = await signedInCookie(database.db, admin.id, clock.now());
});
afterEach(() => database.cleanup());

const password = "plum-ferry-quartz-71";
const passwords = createScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });
const text = async (response: Response) => visibleText(await response.text());
const page = async (path: string, cookie: string | null = adminCookie) => {
  const response = await app.get(path, { cookie });
  return { status: response.status, text: await text(response) };
};

/** A listed specialist who can log in, with an open session and an upcoming paid booking from a customer. */
async function givenBusySpecialist() {
  const { user, specialist, sessionType } = await givenPaidSpecialist(database.db);
  await database.db.update(users).set({ name: "Sam Specialist" }).where(eq(users.id, user.id));
  await database.db.update(specialists).set({ displayName: "Sam Specialist" }).where(eq(specialists.id, specialist.id));
  await database.db.insert(credentials).values({ userId: user.id, passwordHash: await passwords.hash(password) });
  const customer = await createUser(database.db, { name: "Cara Customer" });
  const booking = await givenBooking(database.db, clock, {
    customerId: customer.id,
    sessionTypeId: sessionType.id,
    startsAt: "2026-06-03T09:00:00Z",
  });
  return {
    user: { ...user, name: "Sam Specialist" },
    specialist,
    customer,
    booking,
    specialistCookie: await signedInCookie(database.db, user.id, clock.now()),
    customerCookie: await signedInCookie(database.db, customer.id, clock.now()),
  };
}

const logIn = (email: string, attempt: string) => app.post("/login", { email, password: attempt });

describe("/admin/users", () => {
  test("finds users by part of a name or email, filters by role and status, links to each", async () => {
    const { user } = await givenBusySpecialist();
    await createUser(database.db, { name: "Samantha Suspended", status: "suspended" });

    const found = await app.get("/admin/users?q=SAM", { cookie: adminCookie });
    const html = await found.text();
    expect(html).toContain(`href="/admin/users/${user.id}"`);
    expect(visibleText(html)).toContain("Sam Specialist");
    expect(visibleText(html)).toContain("Samantha Suspended");
    expect((await page("/admin/users?q=sam&status=suspended")).text).not.toContain("Sam Specialist");
    expect((await page("/admin/users?q=sam&role=specialist")).text).not.toContain("Samantha Suspended");
    expect((await page(`/admin/users?q=${encodeURIComponent(user.email.slice(3, 12))}`)).text).toContain("Sam Specialist");
    // A filter the form can't produce is a 400 that says what is allowed, and lists nobody.
    const bad = await page("/admin/users?q=sam&role=boss");
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("Choose a role from the list.");
    expect(bad.text).not.toContain("Sam Specialist");
    expect((await page("/admin/users?status=gone")).text).toContain("Choose a status from the list.");
    expect((await page("/admin/users?page=x")).text).toContain("The page must be a whole number from 1.");
    expect((await page("/admin/users?role=&status=&page=")).status).toBe(200);
    expect((await page("/admin", adminCookie)).text).toContain("Users");
  });

  test("a user's page: profile, role, status, specialist profile, bookings linking to the admin booking page", async () => {
    const { user, specialist, booking } = await givenBusySpecialist();
    const response = await app.get(`/admin/users/${user.id}`, { cookie: adminCookie });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`href="/admin/bookings/${booking.id}"`);
    expect(html).toContain(`href="/s/${specialist.slug}"`);
    const shown = visibleText(html);
    expect(shown).toContain(user.email);
    expect(shown).toContain("Specialist");
    expect(shown).toContain("Active");
    expect(shown).toContain("Cara Customer");
    expect(shown).toContain("No admin has acted on this user.");
    expect((await page("/admin/users/no-such-user")).status).toBe(404);
  });
});

describe("suspending and reinstating", () => {
  test("confirmation lists what will happen; suspending signs them out, stops login, unlists them and refunds the customer; reinstating lists them again", async () => {
    const { user, specialist, booking, specialistCookie, customerCookie } = await givenBusySpecialist();
    expect((await page(`/specialists`, null)).text).toContain("Sam Specialist");

    const confirm = await page(`/admin/users/${user.id}?step=suspend`);
    expect(confirm.text).toContain("Suspend Sam Specialist?");
    expect(confirm.text).toContain("cancel 1 upcoming booking");
    expect(confirm.text).toContain("end 1 signed-in session");
    expect(confirm.text).toContain("unlist their specialist profile");

    const noReason = await app.post(`/admin/users/${user.id}?step=suspend`, { intent: "suspend", reason: "  " }, { cookie: adminCookie });
    expect(noReason.status).toBe(400);
    expect(await text(noReason)).toContain("Give a reason.");
    expect(await database.db.select().from(auditLog)).toEqual([]);

    const suspended = await app.post(
      `/admin/users/${user.id}?step=suspend`,
      { intent: "suspend", reason: "Fake credentials" },
      { cookie: adminCookie },
    );
    expect(suspended.status).toBe(302);
    const after = await page(suspended.headers.get("location")!);
    expect(after.text).toContain("Suspended: signed out everywhere and can't log in; 1 upcoming booking cancelled with full refunds.");
    expect(after.text).toContain("user.suspend by Ada Admin");
    expect(after.text).toContain("Fake credentials");

    // Their open session is gone, and their password only tells them the account is suspended.
    expect((await app.get("/specialist", { cookie: specialistCookie })).headers.get("location")).toMatch(/^\/login/);
    const refused = await logIn(user.email, password);
    expect(refused.status).toBe(403);
    expect(await text(refused)).toContain("This account is suspended");
    const wrongPassword = await logIn(user.email, "not-the-password-9");
    expect(wrongPassword.status).toBe(400);
    const wrongText = await text(wrongPassword);
    expect(wrongText).toContain("That email and password don't match an account.");
    expect(wrongText).not.toContain("suspended");

    expect((await page(`/specialists`, null)).text).not.toContain("Sam Specialist");
    expect((await page(`/s/${specialist.slug}`, null)).status).toBe(404);
    const customerView = await page(`/bookings/${booking.id}`, customerCookie);
    expect(customerView.text).toContain("Cancelled by Specialistly");
    expect(await database.db.select().from(refunds).where(eq(refunds.bookingId, booking.id))).toMatchObject([
      { amountMinor: booking.priceMinor, status: "succeeded" },
    ]);

    const reinstated = await app.post(
      `/admin/users/${user.id}`,
      { intent: "reinstate", reason: "Documents checked" },
      { cookie: adminCookie },
    );
    expect(reinstated.status).toBe(302);
    expect((await page(reinstated.headers.get("location")!)).text).toContain("Reinstated");
    expect((await page(`/specialists`, null)).text).toContain("Sam Specialist");
    expect((await logIn(user.email, password)).status).toBe(302);
    expect((await database.db.query.bookings.findFirst({ where: eq(bookings.id, booking.id) }))!.status).toBe("cancelled");
  });

  test("an admin can't suspend themself, and isn't offered to", async () => {
    expect((await page(`/admin/users/${admin.id}`)).text).not.toContain("Suspend…");
    const response = await app.post(`/admin/users/${admin.id}`, { intent: "suspend", reason: "Testing" }, { cookie: adminCookie });
    expect(response.status).toBe(409);
    expect(await text(response)).toContain("You can't suspend yourself.");
    expect((await database.db.query.users.findFirst({ where: eq(users.id, admin.id) }))!.status).toBe("active");
  });
});

describe("role changes", () => {
  test("audited; the last active admin can't step down; an unknown role is a 400", async () => {
    const customer = await createUser(database.db, { name: "Cara Customer" });
    const promoted = await app.post(`/admin/users/${customer.id}`, { intent: "role", role: "admin" }, { cookie: adminCookie });
    expect(promoted.status).toBe(302);
    expect((await page(promoted.headers.get("location")!)).text).toContain("user.role by Ada Admin");
    expect((await app.post(`/admin/users/${customer.id}`, { intent: "role", role: "boss" }, { cookie: adminCookie })).status).toBe(400);

    const customerCookie = await signedInCookie(database.db, customer.id, clock.now());
    expect((await app.post(`/admin/users/${customer.id}`, { intent: "role", role: "customer" }, { cookie: customerCookie })).status).toBe(
      302,
    );
    const refused = await app.post(`/admin/users/${admin.id}`, { intent: "role", role: "customer" }, { cookie: adminCookie });
    expect(refused.status).toBe(409);
    expect(await text(refused)).toContain("This is the last active admin");
    expect((await database.db.query.users.findFirst({ where: eq(users.id, admin.id) }))!.role).toBe("admin");
  });

  test(
    "two admins' requests at the same moment, each demoting the other or themself, 20 times through the handler: an admin always remains",
    { timeout: concurrencyTestLimitMs },
    async () => {
      const { dbs, close } = openConnections(database.url, 2);
      try {
        const apps = await Promise.all(dbs.map((db) => createTestApp({ db, clock })));
        await database.db.update(users).set({ role: "customer" }).where(eq(users.id, admin.id));
        for (let round = 0; round < 20; round += 1) {
          const pair = [await givenAdmin(database.db), await givenAdmin(database.db)];
          const cookies = await Promise.all(pair.map((one) => signedInCookie(database.db, one.id, clock.now())));
          const subjects = round % 2 === 0 ? [pair[1]!, pair[0]!] : pair;
          const statuses = (
            await Promise.all(
              apps.map((one, index) =>
                one.post(`/admin/users/${subjects[index]!.id}`, { intent: "role", role: "customer" }, { cookie: cookies[index]! }),
              ),
            )
          ).map((response) => response.status);
          expect(statuses.sort()).toEqual(round % 2 === 0 ? [302, 403] : [302, 409]);
          expect(
            await database.db
              .select()
              .from(users)
              .where(and(eq(users.role, "admin"), eq(users.status, "active"))),
          ).toHaveLength(1);
          await database.db.update(users).set({ role: "customer" }).where(eq(users.role, "admin"));
        }
      } finally {
        close();
      }
    },
  );
});
