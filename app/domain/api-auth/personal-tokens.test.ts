import { afterEach, beforeEach, expect, test } from "vitest";
import { createUser } from "../../../db/factories";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { authenticateBearer } from "./api-principal.server";
import { createPersonalToken, listPersonalTokens, maxPersonalTokensPerUser, revokePersonalToken } from "./personal-tokens.server";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

const now = new Date("2026-06-01T12:00:00Z");
const noKey = () => Promise.reject(new Error("personal tokens need no signing key"));

test("a created token authenticates as its owner with its scope, and is listed without its secret", async () => {
  const user = await createUser(database.db);
  const created = await createPersonalToken(database.db, user.id, { name: "CI", scope: "read" }, now);
  if (!created.ok) throw new Error(created.message);
  const principal = await authenticateBearer(database.db, noKey, created.token, now);
  expect(principal).toMatchObject({ user: { id: user.id }, scope: "read" });
  const listed = await listPersonalTokens(database.db, user.id);
  expect(listed).toEqual([{ id: created.id, name: "CI", scope: "read", createdAt: now, lastUsedAt: now }]);
  expect(JSON.stringify(listed)).not.toContain(created.token.split(".")[1]);
});

test("only the owner can revoke a token; a revoked token no longer authenticates", async () => {
  const owner = await createUser(database.db);
  const other = await createUser(database.db);
  const created = await createPersonalToken(database.db, owner.id, { name: "CI", scope: "read_write" }, now);
  if (!created.ok) throw new Error(created.message);
  expect(await revokePersonalToken(database.db, other.id, created.id)).toBe(false);
  expect(await authenticateBearer(database.db, noKey, created.token, now)).not.toBeNull();
  expect(await revokePersonalToken(database.db, owner.id, created.id)).toBe(true);
  expect(await authenticateBearer(database.db, noKey, created.token, now)).toBeNull();
  expect(await revokePersonalToken(database.db, owner.id, created.id)).toBe(false);
});

test(`a user has at most ${maxPersonalTokensPerUser} tokens`, async () => {
  const user = await createUser(database.db);
  for (let index = 0; index < maxPersonalTokensPerUser; index++) {
    expect((await createPersonalToken(database.db, user.id, { name: `T${index}`, scope: "read" }, now)).ok).toBe(true);
  }
  const refused = await createPersonalToken(database.db, user.id, { name: "One more", scope: "read" }, now);
  expect(refused).toMatchObject({ ok: false, message: expect.stringContaining("at most") as unknown });
  expect(await listPersonalTokens(database.db, user.id)).toHaveLength(maxPersonalTokensPerUser);
});
