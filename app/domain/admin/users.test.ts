import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSpecialist, createUser } from "../../../db/factories";
import { auditLog, bookings, credentials, refunds, sessions, specialists, users, type User } from "../../../db/schema";
import { createScryptPasswordHasher } from "../../../platform/scrypt-password-hasher";
import { createTestClock } from "../../../tests/clock";
import { concurrencyTestLimitMs } from "../../../tests/limits";
import { createTestDatabase, openConnections, type TestDatabase } from "../../../tests/test-database";
import { verifyPasswordLogin } from "../auth/auth.server";
import { createSession } from "../auth/sessions.server";
import { adminContext, givenAdmin, givenBooking, givenPaidSpecialist, priceMinor, startOfTest } from "./admin.test-support";
import { changeUserRole, reinstateUser, searchUsers, suspendUser, userDetail, usersPageSize } from "./users.server";

let database: TestDatabase;
const clock = createTestClock();
let admin: User;
beforeEach(async () => {
  database = await createTestDatabase();
  clock.set(startOfTest);
  admin = await givenAdmin(database.db);
});
afterEach(() => database.cleanup());

const context = () => adminContext(database.db, clock);
const passwords = createScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });
const password = "plum-ferry-quartz-71";

async function withPassword(user: User) {
  await database.db.insert(credentials).values({ userId: user.id, passwordHash: await passwords.hash(password) });
}
const login = (email: string, attempt = password) =>
  verifyPasswordLogin({ db: database.db, clock, passwords, clientAddress: null }, email, attempt);

async function userRow(id: string) {
  return (await database.db.query.users.findFirst({ where: eq(users.id, id) }))!;
}
const auditsOf = (subjectId: string) => database.db.select().from(auditLog).where(eq(auditLog.subjectId, subjectId));

/** A listed specialist with an upcoming paid booking from a customer, a booking of their own with another specialist, and a past one. */
async function busySpecialist() {
  const { user, specialist, sessionType } = await givenPaidSpecialist(database.db);
  await withPassword(user);
  await database.db.update(specialists).set({ published: true }).where(eq(specialists.id, specialist.id));
  const customer = await createUser(database.db, { name: "Cara Customer" });
  const other = await givenPaidSpecialist(database.db);
  const asSpecialist = await givenBooking(database.db, clock, {
    customerId: customer.id,
    sessionTypeId: sessionType.id,
    startsAt: "2026-06-03T09:00:00Z",
  });
  const asCustomer = await givenBooking(database.db, clock, {
    customerId: user.id,
    sessionTypeId: other.sessionType.id,
    startsAt: "2026-06-04T09:00:00Z",
  });
  const unpaid = await givenBooking(database.db, clock, {
    customerId: customer.id,
    sessionTypeId: sessionType.id,
    startsAt: "2026-06-05T09:00:00Z",
    paid: false,
  });
  const past = await givenBooking(database.db, clock, {
    customerId: customer.id,
    sessionTypeId: sessionType.id,
    startsAt: "2026-06-02T14:00:00Z",
  });
  // After the past session, before the next.
  clock.set(new Date("2026-06-02T15:30:00Z"));
  return { user, specialist, customer, asSpecialist, asCustomer, unpaid, past };
}

describe("searchUsers", () => {
  test("name or email, any case, any part; role and status filters; newest first, 25 a page; admins only", async () => {
    const created: User[] = [];
    for (const [index, name] of ["Zoë Adams", "Bob Brown", "Carla Adamson"].entries()) {
      clock.advance(60_000);
      created.push(await createUser(database.db, { name, email: `user${index}@example.com`, createdAt: clock.now() }));
    }
    await database.db.update(users).set({ status: "suspended" }).where(eq(users.id, created[2]!.id));
    await database.db.update(users).set({ role: "specialist" }).where(eq(users.id, created[1]!.id));
    const names = async (search: Parameters<typeof searchUsers>[2]) =>
      (await searchUsers(context(), admin.id, search))!.users.map((user) => user.name);

    expect(await names({ q: "adam" })).toEqual(["Carla Adamson", "Zoë Adams"]);
    expect(await names({ q: "USER1@" })).toEqual(["Bob Brown"]);
    expect(await names({ q: "adam", status: "active" })).toEqual(["Zoë Adams"]);
    expect(await names({ q: "adam", status: "suspended" })).toEqual(["Carla Adamson"]);
    expect(await names({ role: "specialist" })).toEqual(["Bob Brown"]);
    expect(await names({ q: "%" })).toEqual([]);

    for (let index = 0; index < usersPageSize; index += 1) {
      clock.advance(60_000);
      await createUser(database.db, { name: `Many ${index}`, createdAt: clock.now() });
    }
    const first = (await searchUsers(context(), admin.id, { q: "many" }))!;
    expect(first).toMatchObject({ page: 1, hasNext: false });
    expect(first.users[0]!.name).toBe(`Many ${usersPageSize - 1}`);
    const all = (await searchUsers(context(), admin.id, {}))!;
    expect(all).toMatchObject({ page: 1, hasNext: true });
    expect((await searchUsers(context(), admin.id, { page: 2 }))!.users.map((user) => user.name)).toEqual([
      "Many 0",
      "Carla Adamson",
      "Bob Brown",
      "Zoë Adams",
    ]);

    expect(await searchUsers(context(), created[0]!.id, {})).toBeNull();
  });
});

describe("userDetail", () => {
  test("profile, bookings both ways recent first, audit history, and what a suspension would do", async () => {
    const { user, specialist, asSpecialist, asCustomer, unpaid, past } = await busySpecialist();
    await createSession(database.db, user.id, clock.now());
    await changeUserRole(context(), { actorUserId: admin.id, userId: (await createUser(database.db)).id, role: "admin" });

    const detail = await userDetail(context(), admin.id, user.id);
    if (detail === null || detail === "not-allowed") throw new Error("no detail");
    expect(detail.user).toMatchObject({ id: user.id, email: user.email, role: "specialist", status: "active" });
    expect(detail.profile).toMatchObject({ slug: specialist.slug, published: true });
    expect(detail.bookings.map((booking) => [booking.id, booking.as])).toEqual([
      [unpaid.id, "specialist"],
      [asCustomer.id, "customer"],
      [asSpecialist.id, "specialist"],
      [past.id, "specialist"],
    ]);
    expect(detail.suspension).toEqual({ upcomingBookings: 3, sessions: 1, listed: true });
    expect(detail.audits).toEqual([]);

    await suspendUser(context(), { actorUserId: admin.id, userId: user.id, reason: "Spam" });
    const after = await userDetail(context(), admin.id, user.id);
    if (after === null || after === "not-allowed") throw new Error("no detail");
    expect(after.audits).toMatchObject([{ action: "user.suspend", reason: "Spam", actorName: admin.name }]);

    expect(await userDetail(context(), admin.id, "nobody")).toBeNull();
    expect(await userDetail(context(), user.id, user.id)).toBe("not-allowed");
  });
});

describe("suspendUser", () => {
  test("signs them out everywhere, stops their login, unlists the profile and cancels their upcoming bookings with full refunds", async () => {
    const { user, specialist, asSpecialist, asCustomer, unpaid, past } = await busySpecialist();
    await createSession(database.db, user.id, clock.now());
    await createSession(database.db, user.id, clock.now());

    const result = await suspendUser(context(), { actorUserId: admin.id, userId: user.id, reason: "  Fake credentials  " });
    expect(result).toEqual({ ok: true, cancelledBookings: 3, refundErrors: [] });

    expect((await userRow(user.id)).status).toBe("suspended");
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    expect((await database.db.query.specialists.findFirst({ where: eq(specialists.id, specialist.id) }))!.published).toBe(false);
    expect(await login(user.email)).toEqual({ suspended: true });
    // Without the password nothing is revealed.
    expect(await login(user.email, "wrong-password-1")).toBeNull();

    for (const booking of [asSpecialist, asCustomer, unpaid]) {
      expect((await database.db.query.bookings.findFirst({ where: eq(bookings.id, booking.id) }))!.status).toBe("cancelled");
    }
    expect((await database.db.query.bookings.findFirst({ where: eq(bookings.id, past.id) }))!.status).toBe("confirmed");
    const refundRows = await database.db.select().from(refunds);
    expect(refundRows.map((refund) => [refund.bookingId, refund.amountMinor]).sort()).toEqual(
      [
        [asSpecialist.id, priceMinor],
        [asCustomer.id, priceMinor],
      ].sort(),
    );
    expect(await auditsOf(user.id)).toMatchObject([
      {
        actorId: admin.id,
        action: "user.suspend",
        subjectType: "user",
        before: { status: "active", role: "specialist", published: true },
        after: { status: "suspended", role: "specialist", published: false },
        reason: "Fake credentials",
      },
    ]);
  });

  test("no reason, an unknown user, oneself, a user already suspended, a non-admin: a clear error and nothing written", async () => {
    const customer = await createUser(database.db);
    await createSession(database.db, customer.id, clock.now());
    const suspended = await createUser(database.db, { status: "suspended" });
    const suspend = (actorUserId: string, userId: string, reason: unknown) => suspendUser(context(), { actorUserId, userId, reason });

    expect(await suspend(admin.id, customer.id, "")).toMatchObject({ ok: false, reason: "invalid-input", message: "Give a reason." });
    expect(await suspend(admin.id, customer.id, undefined)).toMatchObject({ ok: false, reason: "invalid-input" });
    expect(await suspend(admin.id, customer.id, "x".repeat(501))).toMatchObject({ ok: false, reason: "invalid-input" });
    expect(await suspend(admin.id, "nobody", "Spam")).toMatchObject({ ok: false, reason: "not-found" });
    expect(await suspend(admin.id, admin.id, "Testing")).toMatchObject({
      ok: false,
      reason: "self",
      message: "You can't suspend yourself.",
    });
    expect(await suspend(admin.id, suspended.id, "Again")).toMatchObject({ ok: false, reason: "wrong-state" });
    expect(await suspend(customer.id, admin.id, "Revenge")).toMatchObject({ ok: false, reason: "not-allowed" });

    expect(await database.db.select().from(auditLog)).toEqual([]);
    expect((await userRow(customer.id)).status).toBe("active");
    expect((await userRow(admin.id)).status).toBe("active");
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, customer.id))).toHaveLength(1);
  });

  test(
    "two admins suspending each other at the same moment: one is suspended, never both",
    { timeout: concurrencyTestLimitMs },
    async () => {
      const { dbs, close } = openConnections(database.url, 2);
      try {
        for (let round = 0; round < 30; round += 1) {
          const [first, second] = [await givenAdmin(database.db), await givenAdmin(database.db)];
          await database.db
            .update(users)
            .set({ status: "suspended" })
            .where(and(eq(users.role, "admin"), eq(users.id, admin.id)));
          const results = await Promise.all([
            suspendUser({ ...context(), db: dbs[0]! }, { actorUserId: first.id, userId: second.id, reason: "Rogue" }),
            suspendUser({ ...context(), db: dbs[1]! }, { actorUserId: second.id, userId: first.id, reason: "Rogue" }),
          ]);
          expect(results.filter((result) => result.ok)).toHaveLength(1);
          const statuses = [(await userRow(first.id)).status, (await userRow(second.id)).status].sort();
          expect(statuses).toEqual(["active", "suspended"]);
          // The next round starts with no active admin but its own two.
          await database.db.update(users).set({ status: "suspended" }).where(eq(users.role, "admin"));
        }
      } finally {
        close();
      }
    },
  );
});

describe("reinstateUser", () => {
  test("active again and listed as before; the cancelled bookings stay cancelled", async () => {
    const { user, specialist, asSpecialist } = await busySpecialist();
    await suspendUser(context(), { actorUserId: admin.id, userId: user.id, reason: "Checking a complaint" });

    expect(await reinstateUser(context(), { actorUserId: admin.id, userId: user.id, reason: "Complaint unfounded" })).toEqual({ ok: true });
    expect((await userRow(user.id)).status).toBe("active");
    expect((await database.db.query.specialists.findFirst({ where: eq(specialists.id, specialist.id) }))!.published).toBe(true);
    expect((await database.db.query.bookings.findFirst({ where: eq(bookings.id, asSpecialist.id) }))!.status).toBe("cancelled");
    expect(await login(user.email)).toEqual({ userId: user.id, role: "specialist" });
    expect((await auditsOf(user.id)).map((row) => [row.action, row.reason])).toEqual([
      ["user.suspend", "Checking a complaint"],
      ["user.reinstate", "Complaint unfounded"],
    ]);

    expect(await reinstateUser(context(), { actorUserId: admin.id, userId: user.id })).toMatchObject({ ok: false, reason: "wrong-state" });
    expect(await reinstateUser(context(), { actorUserId: admin.id, userId: "nobody" })).toMatchObject({ ok: false, reason: "not-found" });
    expect(await auditsOf(user.id)).toHaveLength(2);
  });

  test("a profile that was unlisted before the suspension stays unlisted", async () => {
    const { user, specialist } = await createSpecialist(database.db, { published: false });
    await suspendUser(context(), { actorUserId: admin.id, userId: user.id, reason: "Spam" });
    expect(await reinstateUser(context(), { actorUserId: admin.id, userId: user.id })).toEqual({ ok: true });
    expect((await database.db.query.specialists.findFirst({ where: eq(specialists.id, specialist.id) }))!.published).toBe(false);
  });
});

describe("changeUserRole", () => {
  test("audited; a specialist with a profile stays one; the last active admin can't be demoted", async () => {
    const customer = await createUser(database.db);
    expect(await changeUserRole(context(), { actorUserId: admin.id, userId: customer.id, role: "specialist" })).toEqual({ ok: true });
    expect((await userRow(customer.id)).role).toBe("specialist");
    expect(await auditsOf(customer.id)).toMatchObject([
      { action: "user.role", before: { role: "customer" }, after: { role: "specialist" } },
    ]);

    const { user: withProfile } = await createSpecialist(database.db);
    expect(await changeUserRole(context(), { actorUserId: admin.id, userId: withProfile.id, role: "customer" })).toMatchObject({
      ok: false,
      reason: "has-profile",
    });
    expect(await changeUserRole(context(), { actorUserId: admin.id, userId: customer.id, role: "boss" })).toMatchObject({
      ok: false,
      reason: "invalid-input",
    });
    expect(await changeUserRole(context(), { actorUserId: admin.id, userId: "nobody", role: "admin" })).toMatchObject({
      ok: false,
      reason: "not-found",
    });
    expect(await changeUserRole(context(), { actorUserId: customer.id, userId: customer.id, role: "admin" })).toMatchObject({
      ok: false,
      reason: "not-allowed",
    });
    // The only admin demoting themself: refused, nothing written.
    expect(await changeUserRole(context(), { actorUserId: admin.id, userId: admin.id, role: "customer" })).toMatchObject({
      ok: false,
      reason: "last-admin",
      message: expect.stringContaining("last active admin"),
    });
    expect((await userRow(admin.id)).role).toBe("admin");
    expect(await auditsOf(admin.id)).toEqual([]);
    expect(await auditsOf(withProfile.id)).toEqual([]);

    // With a second admin, one may step down.
    await changeUserRole(context(), { actorUserId: admin.id, userId: customer.id, role: "admin" });
    expect(await changeUserRole(context(), { actorUserId: admin.id, userId: admin.id, role: "customer" })).toEqual({ ok: true });
  });

  test(
    "two admins demoting each other, or each themself, at the same moment, 40 times: one admin always remains",
    { timeout: concurrencyTestLimitMs },
    async () => {
      const { dbs, close } = openConnections(database.url, 2);
      await database.db.update(users).set({ role: "customer" }).where(eq(users.id, admin.id));
      try {
        for (let round = 0; round < 40; round += 1) {
          const [first, second] = [await givenAdmin(database.db), await givenAdmin(database.db)];
          // Even rounds: each demotes the other; odd rounds: each steps down, which only the same-statement count can stop.
          const subjects = round % 2 === 0 ? [second, first] : [first, second];
          const results = await Promise.all(
            [first, second].map((actor, index) =>
              changeUserRole({ db: dbs[index]!, clock }, { actorUserId: actor.id, userId: subjects[index]!.id, role: "customer" }),
            ),
          );
          expect(results.filter((result) => result.ok)).toHaveLength(1);
          const admins = await database.db
            .select()
            .from(users)
            .where(and(eq(users.role, "admin"), eq(users.status, "active")));
          expect(admins).toHaveLength(1);
          // Clear the stage for the next round's pair.
          await database.db.update(users).set({ role: "customer" }).where(eq(users.role, "admin"));
        }
        expect(await database.db.select().from(auditLog)).toHaveLength(40);
      } finally {
        close();
      }
    },
  );
});
