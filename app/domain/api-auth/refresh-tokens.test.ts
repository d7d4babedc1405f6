import { afterEach, beforeEach, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { users } from "../../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { issueRefreshToken, refreshTokenLifetimeMs, rotateRefreshToken } from "./refresh-tokens.server";
import { eq } from "drizzle-orm";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());
const now = new Date("2026-06-01T12:00:00Z");

test("each refresh token works once and is replaced by the next of its family", async () => {
  const user = await createUser(database.db);
  const first = await issueRefreshToken(database.db, user.id, now);
  const second = await rotateRefreshToken(database.db, first.refreshToken, now);
  expect(second).toMatchObject({ ok: true, userId: user.id, familyId: first.familyId });
  if (!second.ok) throw new Error("unreachable");
  expect(second.refreshToken).not.toBe(first.refreshToken);
  const third = await rotateRefreshToken(database.db, second.refreshToken, now);
  expect(third).toMatchObject({ ok: true, familyId: first.familyId });
});

test("presenting a used refresh token revokes the whole family: the newest token stops working too", async () => {
  const user = await createUser(database.db);
  const first = await issueRefreshToken(database.db, user.id, now);
  const second = await rotateRefreshToken(database.db, first.refreshToken, now);
  if (!second.ok) throw new Error("the first rotation failed");
  expect(await rotateRefreshToken(database.db, first.refreshToken, now)).toEqual({ ok: false, reason: "reused" });
  expect(await rotateRefreshToken(database.db, second.refreshToken, now)).toEqual({ ok: false, reason: "invalid" });
  // Another sign-in of the same user is untouched.
  const elsewhere = await issueRefreshToken(database.db, user.id, now);
  expect(await rotateRefreshToken(database.db, elsewhere.refreshToken, now)).toMatchObject({ ok: true });
});

test("two concurrent uses of one token: at most one succeeds, and the family is revoked", async () => {
  const user = await createUser(database.db);
  const first = await issueRefreshToken(database.db, user.id, now);
  const results = await Promise.all([
    rotateRefreshToken(database.db, first.refreshToken, now),
    rotateRefreshToken(database.db, first.refreshToken, now),
  ]);
  expect(results.filter((result) => result.ok).length).toBeLessThanOrEqual(1);
  for (const result of results)
    if (result.ok) expect(await rotateRefreshToken(database.db, result.refreshToken, now)).toMatchObject({ ok: false });
});

test("expired, malformed, forged and suspended-account tokens are refused", async () => {
  const user = await createUser(database.db);
  const { refreshToken } = await issueRefreshToken(database.db, user.id, now);
  expect(await rotateRefreshToken(database.db, refreshToken, new Date(now.getTime() + refreshTokenLifetimeMs))).toEqual({
    ok: false,
    reason: "expired",
  });
  expect(await rotateRefreshToken(database.db, "garbage", now)).toEqual({ ok: false, reason: "invalid" });
  const [id] = refreshToken.split(".");
  expect(await rotateRefreshToken(database.db, `${id}.${"a".repeat(40)}`, now)).toEqual({ ok: false, reason: "invalid" });
  const other = await issueRefreshToken(database.db, user.id, now);
  await database.db.update(users).set({ status: "suspended" }).where(eq(users.id, user.id));
  expect(await rotateRefreshToken(database.db, other.refreshToken, now)).toEqual({ ok: false, reason: "invalid" });
});
