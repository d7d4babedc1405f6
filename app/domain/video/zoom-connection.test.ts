import { generateCodeVerifier } from "arctic";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createSpecialist } from "../../../db/factories";
import { connectedAccounts, notifications } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import { startZoomStandIn, type ZoomStandIn } from "../../../tests/stand-ins/zoom";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { parseAppEnv } from "../../env.server";
import { zoomApi, zoomConfig, zoomOAuth } from "../../integrations/zoom.server";
import { disconnectZoom, finishZoomConnect, refreshMarginMs, startZoomConnect, withZoom, zoomAccessToken } from "./zoom-connection.server";

let zoom: ZoomStandIn;
let database: TestDatabase;
const clock = createTestClock(new Date());
const encryptionKey = Buffer.alloc(32, 9).toString("base64");

beforeAll(async () => {
  zoom = await startZoomStandIn({ user: { email: "ana@zoom.example", display_name: "Ana Zoom" } });
  database = await createTestDatabase();
});
afterAll(async () => {
  await zoom.close();
  database.cleanup();
});
beforeEach(() => clock.set(new Date()));

function context(env: Record<string, string> = {}) {
  return {
    db: database.db,
    clock,
    queue: recordingQueue().queue,
    env: parseAppEnv({
      ZOOM_CLIENT_ID: zoom.clientId,
      ZOOM_CLIENT_SECRET: zoom.clientSecret,
      ZOOM_OAUTH_URL: zoom.url,
      ZOOM_API_URL: zoom.apiUrl,
      ENCRYPTION_KEY: encryptionKey,
      ...env,
    }),
  };
}

/** A specialist who went through connect → Allow → callback. */
async function connectedSpecialist() {
  const { user } = await createSpecialist(database.db);
  const start = await startZoomConnect(new Request("http://localhost/specialist/video/zoom", { method: "POST" }), context());
  const cookie = start.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
  const callback = zoom.consent(start.headers.get("location")!);
  const path = new URL(callback);
  const result = await finishZoomConnect(
    new Request(`http://localhost${path.pathname}${path.search}`, { headers: { cookie } }),
    context(),
    user.id,
  );
  expect(result).toEqual({ ok: true, email: "ana@zoom.example" });
  return user;
}

async function row(userId: string) {
  return (await database.db.query.connectedAccounts.findFirst({ where: eq(connectedAccounts.userId, userId) }))!;
}

async function lostNotices(userId: string) {
  return database.db
    .select({ channel: notifications.channel })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, "video-connection-lost")));
}

describe("connecting", () => {
  test("stores who connected, and the tokens only sealed", async () => {
    const user = await connectedSpecialist();
    const stored = await row(user.id);
    expect(stored).toMatchObject({
      provider: "zoom",
      externalAccountId: zoom.user.id,
      externalEmail: "ana@zoom.example",
      externalName: "Ana Zoom",
      status: "active",
    });
    expect(stored.accessTokenEncrypted).toMatch(/^v1\./);
    expect(stored.refreshTokenEncrypted).toMatch(/^v1\./);
    expect(stored.accessTokenEncrypted).not.toContain("zat_");
    expect(stored.accessTokenExpiresAt.getTime()).toBe(clock.now().getTime() + 3599_000);
    expect(stored.scopes).toContain("meeting:write:meeting");
  });

  test("is unavailable without ENCRYPTION_KEY or the Zoom app's settings", async () => {
    const { user } = await createSpecialist(database.db);
    const settings: Record<string, string>[] = [{ ENCRYPTION_KEY: "" }, { ZOOM_CLIENT_ID: "", ZOOM_CLIENT_SECRET: "" }];
    for (const env of settings) {
      await expect(
        startZoomConnect(new Request("http://localhost/specialist/video/zoom", { method: "POST" }), context(env)),
      ).rejects.toMatchObject({ status: 404 });
      expect(await zoomAccessToken(context(env), user.id)).toEqual({ ok: false, reason: "unavailable" });
    }
  });
});

describe("a valid access token", () => {
  test("is the stored one while it has more than the margin left", async () => {
    const user = await connectedSpecialist();
    const before = zoom.liveRefreshTokens().length;
    clock.advance(3599_000 - refreshMarginMs - 60_000);
    const access = await zoomAccessToken(context(), user.id);
    expect(access.ok).toBe(true);
    expect(zoom.liveRefreshTokens().length).toBe(before);
    expect((await row(user.id)).accessTokenExpiresAt.getTime()).toBe(
      clock.now().getTime() - (3599_000 - refreshMarginMs - 60_000) + 3599_000,
    );
  });

  test("is refreshed within the margin, saving the rotated refresh token so the next refresh works", async () => {
    const user = await connectedSpecialist();
    const first = await row(user.id);
    clock.advance(3599_000 - refreshMarginMs + 1_000);
    const access = await zoomAccessToken(context(), user.id);
    if (!access.ok) throw new Error("expected a token");
    expect(await access.api.me()).toMatchObject({ email: "ana@zoom.example" });
    const second = await row(user.id);
    expect(second.refreshTokenEncrypted).not.toBe(first.refreshTokenEncrypted);
    expect(second.accessTokenExpiresAt.getTime()).toBe(clock.now().getTime() + 3599_000);

    // The rotated token is the one saved: a second refresh an hour later still works.
    clock.advance(3599_000);
    expect((await zoomAccessToken(context(), user.id)).ok).toBe(true);
    expect((await row(user.id)).status).toBe("active");
  });

  test("two requests refreshing at once both get a token and the connection stays active", async () => {
    const user = await connectedSpecialist();
    clock.advance(3599_000);
    const results = await Promise.all([zoomAccessToken(context(), user.id), zoomAccessToken(context(), user.id)]);
    expect(results.map((result) => result.ok)).toEqual([true, true]);
    expect((await row(user.id)).status).toBe("active");
    expect(await lostNotices(user.id)).toEqual([]);
  });
});

describe("a connection Zoom no longer honours", () => {
  test("a refused refresh (invalid_grant) marks it revoked and tells the specialist in-app and by email, once", async () => {
    const user = await connectedSpecialist();
    zoom.revokeAllGrants();
    clock.advance(3599_000);
    expect(await zoomAccessToken(context(), user.id)).toEqual({ ok: false, reason: "lost" });
    expect(await zoomAccessToken(context(), user.id)).toEqual({ ok: false, reason: "lost" });
    expect(await row(user.id)).toMatchObject({ status: "revoked", lastError: expect.stringContaining("invalid_grant") as string });
    expect((await lostNotices(user.id)).map((notice) => notice.channel).sort()).toEqual(["email", "in_app"]);
  });

  test("a 401 (code 124) from the API is retried once with a refreshed token; refused again, it is marked lost", async () => {
    const user = await connectedSpecialist();
    zoom.expireAccessTokens();
    // An access token Zoom expired early: the refresh recovers it.
    expect(await withZoom(context(), user.id, (api) => api.me())).toMatchObject({ ok: true, value: { id: zoom.user.id } });
    expect((await row(user.id)).status).toBe("active");

    zoom.revokeAllGrants();
    expect(await withZoom(context(), user.id, (api) => api.me())).toEqual({ ok: false, reason: "lost" });
    expect((await row(user.id)).status).toBe("revoked");
    expect(await lostNotices(user.id)).toHaveLength(2);
  });

  test("tokens sealed under another key mark it as an error to reconnect, not a crash", async () => {
    const user = await connectedSpecialist();
    const otherKey = Buffer.alloc(32, 3).toString("base64");
    expect(await zoomAccessToken(context({ ENCRYPTION_KEY: otherKey }), user.id)).toEqual({ ok: false, reason: "lost" });
    expect((await row(user.id)).status).toBe("error");
  });

  test("reconnecting makes it active again", async () => {
    const user = await connectedSpecialist();
    zoom.revokeAllGrants();
    clock.advance(3599_000);
    await zoomAccessToken(context(), user.id);
    const start = await startZoomConnect(new Request("http://localhost/specialist/video/zoom", { method: "POST" }), context());
    const cookie = start.headers
      .getSetCookie()
      .map((value) => value.split(";")[0])
      .join("; ");
    const back = new URL(zoom.consent(start.headers.get("location")!));
    await finishZoomConnect(new Request(`http://localhost${back.pathname}${back.search}`, { headers: { cookie } }), context(), user.id);
    expect(await row(user.id)).toMatchObject({ status: "active", lastError: null });
    expect((await zoomAccessToken(context(), user.id)).ok).toBe(true);
  });
});

test("disconnecting deletes the tokens and revokes the grant at Zoom", async () => {
  const user = await connectedSpecialist();
  const access = await zoomAccessToken(context(), user.id);
  if (!access.ok) throw new Error("expected a token");
  expect(await disconnectZoom(context(), user.id)).toEqual({ disconnected: true });
  expect(await database.db.query.connectedAccounts.findFirst({ where: eq(connectedAccounts.userId, user.id) })).toBeUndefined();
  await expect(access.api.me()).rejects.toThrow(/Zoom refused the access token/);
  expect(await zoomAccessToken(context(), user.id)).toEqual({ ok: false, reason: "not-connected" });
  expect(await disconnectZoom(context(), user.id)).toEqual({ disconnected: false });
});

describe("meetings through the client", () => {
  test("are created, moved and deleted on the stand-in", async () => {
    const user = await connectedSpecialist();
    const created = await withZoom(context(), user.id, (api) =>
      api.createMeeting({
        topic: "Deep dive with Kenji",
        startsAt: new Date("2026-12-10T09:00:00.000Z"),
        durationMinutes: 45,
        timezone: "Asia/Tokyo",
        waitingRoom: true,
      }),
    );
    if (!created.ok) throw new Error("expected a meeting");
    const meeting = created.value;
    expect(meeting.join_url).toContain(`/j/${meeting.id}`);
    expect(zoom.meetings.get(meeting.id)).toMatchObject({
      start_time: "2026-12-10T09:00:00Z",
      duration: 45,
      timezone: "Asia/Tokyo",
      settings: { waiting_room: true },
    });

    await withZoom(context(), user.id, (api) =>
      api.updateMeeting(meeting.id, { startsAt: new Date("2026-12-11T10:30:00.000Z"), durationMinutes: 60 }),
    );
    expect(zoom.meetings.get(meeting.id)).toMatchObject({
      start_time: "2026-12-11T10:30:00Z",
      duration: 60,
      topic: "Deep dive with Kenji",
    });

    await withZoom(context(), user.id, (api) => api.deleteMeeting(meeting.id));
    expect(zoom.meetings.has(meeting.id)).toBe(false);
    // Already gone counts as deleted.
    expect(await withZoom(context(), user.id, (api) => api.deleteMeeting(meeting.id))).toEqual({ ok: true, value: undefined });
  });

  test("a meeting Zoom refuses is a permanent provider error, not a lost connection", async () => {
    const user = await connectedSpecialist();
    await expect(
      withZoom(context(), user.id, (api) =>
        api.createMeeting({ topic: "x", startsAt: new Date(), durationMinutes: 0, timezone: "UTC", waitingRoom: true }),
      ),
    ).rejects.toMatchObject({ name: "ProviderError", permanent: true, status: 400 });
    expect((await row(user.id)).status).toBe("active");
  });

  test("the OAuth client refuses a reused code as a dead grant", async () => {
    const config = zoomConfig(context().env)!;
    const oauth = zoomOAuth(config, "http://localhost/specialist/video/zoom/callback");
    const verifier = generateCodeVerifier();
    const code = new URL(zoom.consent(oauth.authorizationUrl("s", verifier).toString())).searchParams.get("code")!;
    const tokens = await oauth.exchangeCode(code, verifier);
    expect(await zoomApi(config, tokens.accessToken).me()).toMatchObject({ id: zoom.user.id, name: "Ana Zoom" });
    await expect(oauth.exchangeCode(code, verifier)).rejects.toMatchObject({ name: "ZoomAuthorizationError" });
  });
});
