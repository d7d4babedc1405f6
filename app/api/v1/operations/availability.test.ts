import { afterEach, expect, test } from "vitest";
import { createUser } from "../../../../db/factories";
import { accessTokenFor, callApi } from "../../../../tests/api-client";
import { createTestApp } from "../../../../tests/app-handler";
import { createTestClock } from "../../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../../tests/test-database";
import { givenSpecialist } from "../../../domain/booking/booking.test-support";

// The clock starts on Monday 1 June 2026, 12:00 UTC; the specialist is in London (UTC+1), open
// 09:00–17:00 every day, with at least 4 hours' notice.

let database: TestDatabase | undefined;
afterEach(() => database?.cleanup());

async function setup() {
  database = await createTestDatabase();
  const { db } = database;
  const clock = createTestClock();
  const app = await createTestApp({ db, clock });
  const { user, types } = await givenSpecialist(db, { sessions: [{ minutes: 60 }] });
  const token = await accessTokenFor(db, user.id, clock.now());
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await callApi(app, { method, path, token, body });
    return { status: response.status, body: response.status === 204 ? null : ((await response.json()) as Record<string, never>) };
  };
  /** The open start times on `date` (London) of the specialist's session type, as their calendar shows them. */
  const openOn = async (date: string) => {
    const { body } = await call("get", `/calendar?week=${date}&sessionType=${types[0]!.id}`);
    const day = (body as unknown as { days: { date: string; openSlots: string[] }[] }).days.find((candidate) => candidate.date === date);
    return day!.openSlots;
  };
  return { db, app, clock, call, openOn };
}

const closedWeek = { monday: [], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] };

test("replacing the weekly hours rebuilds the open times at once, and reads back as sent", async () => {
  const { call, openOn } = await setup();

  const tuesday = [
    { start: "10:00", end: "12:00" },
    { start: "22:00", end: "24:00" },
  ];
  const saved = await call("put", "/availability/weekly-hours", { ...closedWeek, tuesday });
  expect(saved.status).toBe(200);
  expect(saved.body).toMatchObject({ timeZone: "Europe/London", weeklyHours: { ...closedWeek, tuesday } });

  // 60-minute sessions start every 30 minutes.
  expect(await openOn("2026-06-09")).toEqual([
    "2026-06-09T09:00:00.000Z",
    "2026-06-09T09:30:00.000Z",
    "2026-06-09T10:00:00.000Z",
    "2026-06-09T21:00:00.000Z",
    "2026-06-09T21:30:00.000Z",
    "2026-06-09T22:00:00.000Z",
  ]);
  expect(await openOn("2026-06-10")).toEqual([]);
  expect((await call("get", "/availability")).body).toMatchObject({ weeklyHours: { ...closedWeek, tuesday } });
});

test("overlapping windows are refused naming the field, and nothing changes", async () => {
  const { call, openOn } = await setup();
  const before = await openOn("2026-06-09");

  const refused = await call("put", "/availability/weekly-hours", {
    ...closedWeek,
    tuesday: [
      { start: "09:00", end: "12:00" },
      { start: "11:00", end: "13:00" },
    ],
  });
  expect(refused.status).toBe(400);
  expect(refused.body).toMatchObject({
    error: {
      code: "validation_failed",
      details: { problems: [{ path: "body.tuesday.1", message: "09:00–12:00 overlaps 11:00–13:00 on Tuesday." }] },
    },
  });
  expect(await openOn("2026-06-09")).toEqual(before);
  expect((await call("get", "/availability")).body).toMatchObject({ weeklyHours: { tuesday: [{ start: "09:00", end: "17:00" }] } });
});

test("a date override and a blocked time take their open times away until removed", async () => {
  const { call, openOn } = await setup();

  const override = await call("post", "/availability/overrides", {
    date: "2026-06-10",
    mode: "hours",
    windows: [{ start: "14:00", end: "16:00" }],
  });
  expect(override).toMatchObject({
    status: 201,
    body: { date: "2026-06-10", unavailable: false, windows: [{ start: "14:00", end: "16:00" }] },
  });
  expect(await openOn("2026-06-10")).toEqual(["2026-06-10T13:00:00.000Z", "2026-06-10T13:30:00.000Z", "2026-06-10T14:00:00.000Z"]);
  expect((await call("get", "/availability/overrides")).body).toEqual({ data: [override.body] });

  const blocked = await call("post", "/availability/blocked-times", { startLocal: "2026-06-10T14:30", endLocal: "2026-06-10T15:00" });
  expect(blocked).toMatchObject({
    status: 201,
    body: { startsAt: "2026-06-10T13:30:00.000Z", endsAt: "2026-06-10T14:00:00.000Z", reason: "" },
  });
  expect(await openOn("2026-06-10")).toEqual(["2026-06-10T14:00:00.000Z"]);
  expect((await call("get", "/availability/blocked-times")).body).toEqual({ data: [blocked.body] });

  expect((await call("delete", `/availability/blocked-times/${blocked.body!.id}`)).status).toBe(204);
  expect((await call("delete", `/availability/overrides/${override.body!.id}`)).status).toBe(204);
  // Back to the weekly 09:00–17:00: starts from 09:00 to 16:00 London.
  const restored = await openOn("2026-06-10");
  expect([restored.length, restored[0], restored.at(-1)]).toEqual([15, "2026-06-10T08:00:00.000Z", "2026-06-10T15:00:00.000Z"]);
});

test("a blocked time's problem names its field, and a specialist without a profile is told to set one up", async () => {
  const { db, app, clock, call } = await setup();
  const refused = await call("post", "/availability/blocked-times", { startLocal: "2026-06-10T14:30", endLocal: "2026-06-10T14:30" });
  expect(refused.body).toMatchObject({
    error: { code: "validation_failed", details: { problems: [{ path: "body.endLocal", message: "Ends when it starts." }] } },
  });
  expect((await call("get", "/availability/blocked-times")).body).toEqual({ data: [] });

  const newcomer = await createUser(db, { role: "specialist" });
  const response = await callApi(app, { method: "get", path: "/availability", token: await accessTokenFor(db, newcomer.id, clock.now()) });
  expect(response.status).toBe(404);
  expect(await response.json()).toMatchObject({ error: { message: "Set up your specialist profile first." } });
});
