import { afterEach, beforeEach, expect, test } from "vitest";
import { createUser } from "../../../../db/factories";
import { accessTokenFor, callApi } from "../../../../tests/api-client";
import { createTestApp } from "../../../../tests/app-handler";
import { createTestClock } from "../../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../../tests/test-database";
import { givenNotification } from "./notifications.contract";

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let app: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

interface Page {
  data: { id: string; title: string; read: boolean }[];
  nextCursor: string | null;
  unreadCount: number;
}

async function list(token: string, query: string) {
  const response = await callApi(app, { method: "get", path: `/notifications${query}`, token });
  expect(response.status).toBe(200);
  return (await response.json()) as Page;
}

async function walk(token: string, query: string) {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Page = await list(token, `?${query}${cursor ? `&cursor=${cursor}` : ""}`);
    seen.push(...page.data.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

test("the cursor walks every notification of the caller exactly once, newest first, and none of anyone else's", async () => {
  const user = await createUser(database.db);
  const other = await createUser(database.db);
  const ids: string[] = [];
  for (let i = 1; i <= 5; i++) ids.push(await givenNotification({ db: database.db, clock }, user.id, `b${i}`));
  await givenNotification({ db: database.db, clock }, other.id, "theirs");
  const token = await accessTokenFor(database.db, user.id, clock.now());

  expect(await walk(token, "limit=2")).toEqual([...ids].reverse());
});

test("unread=true lists only unread ones; reading one, then all, empties it and the bell's count", async () => {
  const user = await createUser(database.db);
  const kit = { db: database.db, clock };
  const first = await givenNotification(kit, user.id, "b1");
  const second = await givenNotification(kit, user.id, "b2");
  await givenNotification(kit, user.id, "b3");
  const token = await accessTokenFor(database.db, user.id, clock.now());

  expect(await callApi(app, { method: "post", path: `/notifications/${first}/read`, token })).toHaveProperty("status", 204);
  const unread = await list(token, "?unread=true");
  expect(unread.data.map((item) => item.id)).not.toContain(first);
  expect(unread.data).toHaveLength(2);
  expect(unread.unreadCount).toBe(2);
  expect((await list(token, "")).data.find((item) => item.id === first)?.read).toBe(true);

  const all = await callApi(app, { method: "post", path: "/notifications/read-all", token });
  expect(await all.json()).toEqual({ marked: 2 });
  expect(await list(token, "?unread=true")).toEqual({ data: [], nextCursor: null, unreadCount: 0 });

  expect(await callApi(app, { method: "delete", path: `/notifications/${second}`, token })).toHaveProperty("status", 204);
  expect((await list(token, "")).data.map((item) => item.id)).not.toContain(second);
});

test("another user's notification can't be read or deleted, and stays unread for them", async () => {
  const user = await createUser(database.db);
  const other = await createUser(database.db);
  const theirs = await givenNotification({ db: database.db, clock }, other.id);
  const token = await accessTokenFor(database.db, user.id, clock.now());
  expect(await callApi(app, { method: "post", path: `/notifications/${theirs}/read`, token })).toHaveProperty("status", 404);
  expect(await callApi(app, { method: "delete", path: `/notifications/${theirs}`, token })).toHaveProperty("status", 404);
  const theirToken = await accessTokenFor(database.db, other.id, clock.now());
  expect((await list(theirToken, "?unread=true")).data.map((item) => item.id)).toEqual([theirs]);
});
