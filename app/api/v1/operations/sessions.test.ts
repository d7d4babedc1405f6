import { afterEach, beforeEach, expect, test } from "vitest";
import { createMeetingRecording, createSessionNote } from "../../../../db/factories";
import { accessTokenFor, callApi } from "../../../../tests/api-client";
import { createTestApp } from "../../../../tests/app-handler";
import { createTestClock } from "../../../../tests/clock";
import { createTestDatabase, type TestDatabase } from "../../../../tests/test-database";
import { givenSession } from "./sessions.contract";

let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let app: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  app = await createTestApp({ db: database.db, clock });
});
afterEach(() => database.cleanup());

interface Session {
  role: string;
  join: { state: string; url: string | null; opensAt: string | null } | null;
  privateNote: { body: string } | null;
  sharedNote: { body: string } | null;
  recordings: { id: string; shared: boolean }[];
}

async function session(token: string, bookingId: string) {
  const response = await callApi(app, { method: "get", path: `/bookings/${bookingId}/session`, token });
  expect(response.status).toBe(200);
  return (await response.json()) as Session;
}

test("the customer never gets the private note or an unshared recording; sharing shows it, unsharing hides it again", async () => {
  const given = await givenSession({ db: database.db, clock });
  const bookingId = given.booking.id;
  await createSessionNote(database.db, bookingId, { visibility: "private", body: "Seemed unsure about pricing." });
  await createSessionNote(database.db, bookingId, { visibility: "shared", body: "Homework: draft the offer." });
  const recording = await createMeetingRecording(database.db, bookingId);
  const specialist = await accessTokenFor(database.db, given.specialistUser.id, clock.now());
  const customer = await accessTokenFor(database.db, given.customer.id, clock.now());

  expect(await session(specialist, bookingId)).toMatchObject({
    role: "specialist",
    privateNote: { body: "Seemed unsure about pricing." },
    recordings: [{ id: recording.id, shared: false }],
  });
  const before = await session(customer, bookingId);
  expect(before).toMatchObject({ role: "customer", privateNote: null, sharedNote: { body: "Homework: draft the offer." }, recordings: [] });
  expect(JSON.stringify(before)).not.toContain("unsure");

  const share = (shared: boolean) =>
    callApi(app, {
      method: "post",
      path: `/bookings/${bookingId}/session/recordings/${recording.id}/share`,
      token: specialist,
      body: { shared },
    });
  expect((await share(true)).status).toBe(200);
  expect((await session(customer, bookingId)).recordings).toEqual([expect.objectContaining({ id: recording.id, shared: true })]);
  expect((await share(false)).status).toBe(200);
  expect((await session(customer, bookingId)).recordings).toEqual([]);
});

test("notes: the specialist writes and clears them; the customer's attempt is refused and changes nothing", async () => {
  const given = await givenSession({ db: database.db, clock });
  const bookingId = given.booking.id;
  const specialist = await accessTokenFor(database.db, given.specialistUser.id, clock.now());
  const customer = await accessTokenFor(database.db, given.customer.id, clock.now());
  const save = (token: string, visibility: string, body: string) =>
    callApi(app, { method: "put", path: `/bookings/${bookingId}/session/notes`, token, body: { visibility, body } });

  const saved = await save(specialist, "shared", "  Read chapter 2.  ");
  expect(saved.status).toBe(200);
  expect(await saved.json()).toMatchObject({ sharedNote: { body: "Read chapter 2." } });
  expect((await save(customer, "shared", "Overwritten")).status).toBe(403);
  expect((await session(customer, bookingId)).sharedNote).toMatchObject({ body: "Read chapter 2." });

  expect((await save(specialist, "shared", "")).status).toBe(200);
  expect((await session(customer, bookingId)).sharedNote).toBeNull();
});

test("the meeting link is given only while the join window is open, as on the page", async () => {
  const given = await givenSession({ db: database.db, clock });
  const customer = await accessTokenFor(database.db, given.customer.id, clock.now());
  expect((await session(customer, given.booking.id)).join).toEqual({ state: "open", url: "https://meet.example.test/room", opensAt: null });
  clock.advance(-45 * 60_000); // 15 minutes before the start
  const early = await session(customer, given.booking.id);
  expect(early.join).toMatchObject({ state: "opens", url: null });
});
