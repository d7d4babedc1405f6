import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist, createUser } from "../../db/factories";
import { bookings, meetingAttendance, webhookEvents } from "../../db/schema";
import { runJob } from "../../jobs";
import { createTestApp } from "../../tests/app-handler";
import { createTestClock } from "../../tests/clock";
import { recordingQueue } from "../../tests/queue";
import { startZoomStandIn, type ZoomStandIn } from "../../tests/stand-ins/zoom";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";

let zoom: ZoomStandIn;
let database: TestDatabase;
let clock: ReturnType<typeof createTestClock>;
let app: Awaited<ReturnType<typeof createTestApp>>;
const meetingId = 82_123_456_789;

beforeAll(async () => {
  zoom = await startZoomStandIn();
});
afterAll(() => zoom.close());
beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock(new Date());
  app = await createTestApp({ db: database.db, clock, env: { ZOOM_WEBHOOK_SECRET_TOKEN: zoom.webhookSecretToken } });
});
afterEach(() => database.cleanup());

function participantJoined(joinTime = "2026-12-01T10:02:00Z") {
  return {
    event: "meeting.participant_joined",
    event_ts: clock.now().getTime(),
    payload: {
      account_id: zoom.user.account_id,
      object: {
        id: String(meetingId),
        uuid: "4444AAAiAAAAAiAiAiiAii==",
        host_id: zoom.user.id,
        topic: "Intro call",
        type: 2,
        start_time: "2026-12-01T10:00:00Z",
        timezone: "Europe/London",
        duration: 30,
        participant: {
          user_id: "16778240",
          user_name: "Cleo",
          id: "",
          participant_uuid: "8b29rgg4bb3w1yJrexuq3w",
          email: "",
          join_time: joinTime,
        },
      },
    },
  };
}

function post(event: unknown, options: { at?: Date; secret?: string; headers?: Record<string, string> } = {}) {
  const signed = zoom.signWebhook(event, options.at ?? clock.now());
  if (options.secret) {
    const timestamp = signed.headers["x-zm-request-timestamp"]!;
    signed.headers["x-zm-signature"] = `v0=${createHmac("sha256", options.secret).update(`v0:${timestamp}:${signed.body}`).digest("hex")}`;
  }
  return app.request("/webhooks/zoom", { method: "POST", headers: { ...signed.headers, ...options.headers }, body: signed.body });
}

const storedEvents = () => database.db.select().from(webhookEvents);

describe("/webhooks/zoom", () => {
  test("answers Zoom's URL validation with the plainToken and its HMAC under the secret token, storing nothing", async () => {
    const response = await post({
      event: "endpoint.url_validation",
      event_ts: clock.now().getTime(),
      payload: { plainToken: "qgg8vlvZRS6UYooatFL8Aw" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      plainToken: "qgg8vlvZRS6UYooatFL8Aw",
      encryptedToken: createHmac("sha256", zoom.webhookSecretToken).update("qgg8vlvZRS6UYooatFL8Aw").digest("hex"),
    });
    expect(await storedEvents()).toEqual([]);
  });

  test("a bad or missing signature is 400 and stores nothing", async () => {
    expect((await post(participantJoined(), { secret: "another-apps-secret-token" })).status).toBe(400);
    expect((await post(participantJoined(), { headers: { "x-zm-signature": "" } })).status).toBe(400);
    const signed = zoom.signWebhook(participantJoined(), clock.now());
    const tampered = signed.body.replace("Cleo", "Mallory");
    expect((await app.request("/webhooks/zoom", { method: "POST", headers: signed.headers, body: tampered })).status).toBe(400);
    expect((await post({ event: "endpoint.url_validation", payload: { plainToken: "x" } }, { secret: "wrong" })).status).toBe(400);
    expect(await storedEvents()).toEqual([]);
  });

  test("a timestamp more than 5 minutes off is 400 and stores nothing; within 5 minutes it is accepted", async () => {
    const stale = await post(participantJoined(), { at: new Date(clock.now().getTime() - 5 * 60_000 - 1000) });
    expect(stale.status).toBe(400);
    expect(await stale.json()).toEqual({ error: "Stale timestamp." });
    expect((await post(participantJoined(), { at: new Date(clock.now().getTime() + 6 * 60_000) })).status).toBe(400);
    expect(await storedEvents()).toEqual([]);
    expect((await post(participantJoined(), { at: new Date(clock.now().getTime() - 4 * 60_000) })).status).toBe(200);
    expect(await storedEvents()).toHaveLength(1);
  });

  test("a malformed event with a good signature is 400 and stores nothing; events not used here are acknowledged unstored", async () => {
    const malformed = participantJoined();
    delete (malformed.payload.object as Partial<typeof malformed.payload.object>).participant;
    expect((await post(malformed)).status).toBe(400);
    expect((await post({ event: "meeting.sharing_started", payload: { object: { id: "1" } } })).status).toBe(200);
    expect(await storedEvents()).toEqual([]);
  });

  test("a good event is stored and acknowledged once; Zoom's redelivery is recognised; its job records the attendance", async () => {
    const { specialist } = await createSpecialist(database.db);
    const type = await createSessionType(database.db, specialist.id, { minutes: 30, videoProvider: "zoom" });
    const customer = await createUser(database.db);
    const [booking] = await database.db
      .insert(bookings)
      .values({
        specialistId: specialist.id,
        customerId: customer.id,
        sessionTypeId: type.id,
        startsAt: new Date("2026-12-01T10:00:00Z"),
        endsAt: new Date("2026-12-01T10:30:00Z"),
        status: "confirmed",
        priceMinor: 0,
        currency: "EUR",
        customerTimezone: "UTC",
        meetingProvider: "zoom",
        meetingId: String(meetingId),
      })
      .returning();

    const first = await post(participantJoined());
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    clock.advance(60_000);
    const again = await post({ ...participantJoined(), event_ts: clock.now().getTime() });
    expect(await again.json()).toEqual({ received: true, duplicate: true });

    const stored = await storedEvents();
    expect(stored).toEqual([expect.objectContaining({ provider: "zoom", type: "meeting.participant_joined", processedAt: null })]);
    const queue = recordingQueue();
    for (const message of app.enqueued.splice(0)) await runJob({ db: database.db, clock, queue: queue.queue }, message);
    expect((await storedEvents())[0]!.processedAt).not.toBeNull();
    expect(await database.db.select().from(meetingAttendance).where(eq(meetingAttendance.bookingId, booking!.id))).toEqual([
      expect.objectContaining({ participantName: "Cleo", role: "customer", joinedAt: new Date("2026-12-01T10:02:00Z"), leftAt: null }),
    ]);
  });

  test("without ZOOM_WEBHOOK_SECRET_TOKEN the endpoint is off and stores nothing", async () => {
    const off = await createTestApp({ db: database.db, clock });
    const signed = zoom.signWebhook(participantJoined(), clock.now());
    const response = await off.request("/webhooks/zoom", { method: "POST", headers: signed.headers, body: signed.body });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: expect.stringContaining("Zoom webhooks aren't configured here") });
    expect(await storedEvents()).toEqual([]);
  });
});
