import { afterEach, beforeEach, expect, test } from "vitest";
import { callApi } from "../../../../tests/api-client";
import { createTestApp } from "../../../../tests/app-handler";
import { createTestClock } from "../../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../../tests/test-database";
import { rateLimits } from "../../../security/rate-limit.server";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
const clock = createTestClock();
beforeEach(async () => {
  database = await createTestDatabase();
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

const password = "correct horse battery staple";
const signIn = (attempt: string) =>
  callApi(app, { method: "post", path: "/auth/token", body: { email: "ada@example.com", password: attempt } });

test("as on the web, signing in successfully gives the account its login attempts back", async () => {
  const signedUp = await callApi(app, {
    method: "post",
    path: "/auth/signup",
    body: { name: "Ada", email: "ada@example.com", password, role: "customer" },
  });
  expect(signedUp.status).toBe(201);
  const perAccount = rateLimits.loginByAccount.limit;
  for (let attempt = 1; attempt < perAccount; attempt++) expect((await signIn("wrong password!")).status).toBe(401);
  expect((await signIn(password)).status).toBe(200);
  for (let attempt = 1; attempt < perAccount; attempt++) expect((await signIn("wrong password!")).status).toBe(401);
  const limited = await signIn("wrong password!");
  expect((await signIn(password)).status).toBe(429);
  expect(limited.status).toBe(401);
});
