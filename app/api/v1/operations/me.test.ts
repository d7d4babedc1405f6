import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, test } from "vitest";
import { createUser } from "../../../../db/factories";
import { users } from "../../../../db/schema";
import { accessTokenFor, callApi, personalTokenFor } from "../../../../tests/api-client";
import { createTestApp } from "../../../../tests/app-handler";
import { createTestClock } from "../../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../../tests/test-database";
import { getNotificationSettings } from "../../../domain/notifications/preferences.server";

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let app: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

const stored = async (id: string) => (await database.db.select().from(users).where(eq(users.id, id)))[0]!;

test("PATCH /me changes what is sent and keeps the rest; a bad time zone or an email change writes nothing", async () => {
  const user = await createUser(database.db, { name: "Old Name", timezone: "UTC", email: "old@example.com" });
  const token = await accessTokenFor(database.db, user.id, clock.now());

  const renamed = await callApi(app, { method: "patch", path: "/me", token, body: { name: "  New Name " } });
  expect(renamed.status).toBe(200);
  expect(await renamed.json()).toMatchObject({ name: "New Name", timezone: "UTC" });

  const moved = await callApi(app, { method: "patch", path: "/me", token, body: { timezone: "America/New_York" } });
  expect(await moved.json()).toMatchObject({ name: "New Name", timezone: "America/New_York" });

  for (const body of [
    { name: "Bad", timezone: "Nowhere/Land" },
    { name: "Bad", email: "new@example.com" },
  ]) {
    const refused = await callApi(app, { method: "patch", path: "/me", token, body });
    expect(refused.status).toBe(400);
  }
  expect(await stored(user.id)).toMatchObject({ name: "New Name", timezone: "America/New_York", email: "old@example.com" });
});

test("a read-only personal token can't change the profile", async () => {
  const user = await createUser(database.db, { name: "Kept" });
  const token = await personalTokenFor(database.db, user.id, clock.now(), "read");
  const response = await callApi(app, { method: "patch", path: "/me", token, body: { name: "Changed" } });
  expect(response.status).toBe(403);
  expect((await stored(user.id)).name).toBe("Kept");
});

test("preferences: the API reads what the settings page saves, and changes only the choices it lists", async () => {
  const user = await createUser(database.db);
  const token = await accessTokenFor(database.db, user.id, clock.now());
  const read = async () => {
    const response = await callApi(app, { method: "get", path: "/me/preferences", token });
    expect(response.status).toBe(200);
    return (await response.json()) as { preferences: { key: string; channels: { channel: string; enabled: boolean }[] }[] };
  };
  const enabled = (page: Awaited<ReturnType<typeof read>>, key: string, channel: string) =>
    page.preferences.find((group) => group.key === key)?.channels.find((choice) => choice.channel === channel)?.enabled;

  expect(enabled(await read(), "reminders", "sms")).toBe(true);
  const saved = await callApi(app, {
    method: "put",
    path: "/me/preferences",
    token,
    body: { preferences: [{ key: "reminders", channel: "sms", enabled: false }] },
  });
  expect(saved.status).toBe(200);
  const after = await read();
  expect(enabled(after, "reminders", "sms")).toBe(false);
  expect(enabled(after, "reminders", "email")).toBe(true);
  // The settings page shows the same.
  const page = await getNotificationSettings(database.db, user.id, "customer");
  expect(page.groups.find((group) => group.key === "reminders")?.channels.find((choice) => choice.channel === "sms")?.enabled).toBe(false);

  // An always-on channel can't be turned off, and the refused request changes nothing else in it.
  const refused = await callApi(app, {
    method: "put",
    path: "/me/preferences",
    token,
    body: {
      preferences: [
        { key: "reminders", channel: "email", enabled: false },
        { key: "booking-confirmed", channel: "email", enabled: false },
      ],
    },
  });
  expect(refused.status).toBe(400);
  expect(await refused.json()).toMatchObject({
    error: { code: "validation_failed", details: { problems: [{ path: "body.preferences.1" }] } },
  });
  expect(enabled(await read(), "reminders", "email")).toBe(true);
  expect(enabled(await read(), "booking-confirmed", "email")).toBe(true);
});
