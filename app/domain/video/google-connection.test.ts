import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createSpecialist } from "../../../db/factories";
import { connectedAccounts, notifications } from "../../../db/schema";
import { createTestClock } from "../../../tests/clock";
import { recordingQueue } from "../../../tests/queue";
import { startGoogleStandIn, type GoogleStandIn } from "../../../tests/stand-ins/google";
import { createTestDatabase, type TestDatabase } from "../../../tests/test-database";
import { parseAppEnv } from "../../env.server";
import { isProviderError } from "../../integrations/provider-error";
import { disconnectGoogle, finishGoogleConnect, googleAccessToken, startGoogleConnect, withGoogle } from "./google-connection.server";
import { refreshMarginMs } from "./oauth-connection.server";

let google: GoogleStandIn;
let database: TestDatabase;
const clock = createTestClock(new Date());
const encryptionKey = Buffer.alloc(32, 7).toString("base64");

beforeAll(async () => {
  google = await startGoogleStandIn({ account: { email: "ana@gmail.example", name: "Ana Google" } });
  database = await createTestDatabase();
});
afterAll(async () => {
  await google.close();
  database.cleanup();
});
beforeEach(() => clock.set(new Date()));

function context(env: Record<string, string> = {}) {
  return {
    db: database.db,
    clock,
    queue: recordingQueue().queue,
    env: parseAppEnv({
      ...google.appEnv(),
      ENCRYPTION_KEY: encryptionKey,
      ...env,
    }),
  };
}

/** connect → (the consent page, perhaps with some permissions unticked) → callback. */
async function connect(userId: string, untick: string[] = []) {
  const start = await startGoogleConnect(new Request("http://localhost/specialist/video", { method: "POST" }), context());
  const cookie = start.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
  const consentUrl = new URL(start.headers.get("location")!);
  const scope = consentUrl.searchParams.get("scope")!.split(" ");
  consentUrl.searchParams.set("scope", scope.filter((item) => !untick.includes(item)).join(" "));
  const back = new URL(google.consent(consentUrl.toString()));
  return finishGoogleConnect(new Request(`http://localhost${back.pathname}${back.search}`, { headers: { cookie } }), context(), userId);
}

async function connectedSpecialist() {
  const { user } = await createSpecialist(database.db);
  expect(await connect(user.id)).toEqual({ ok: true, email: "ana@gmail.example" });
  return user;
}

async function row(userId: string) {
  return (await database.db.query.connectedAccounts.findFirst({
    where: and(eq(connectedAccounts.userId, userId), eq(connectedAccounts.provider, "google")),
  }))!;
}

async function lostNotices(userId: string) {
  return database.db
    .select({ channel: notifications.channel })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, "video-connection-lost")));
}

describe("connecting Google", () => {
  test("asks for offline access with consent and the Calendar scopes, and stores the account with sealed tokens", async () => {
    const start = await startGoogleConnect(new Request("http://localhost/specialist/video", { method: "POST" }), context());
    const location = new URL(start.headers.get("location")!);
    expect(location.origin + location.pathname).toBe(google.authorizationUrl);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      access_type: "offline",
      prompt: "consent",
      code_challenge_method: "S256",
      redirect_uri: "http://localhost/specialist/video/google/callback",
    });
    expect(location.searchParams.get("scope")!.split(" ")).toEqual(
      expect.arrayContaining([
        "https://www.googleapis.com/auth/calendar.events",
        "https://www.googleapis.com/auth/calendar.calendarlist.readonly",
        "https://www.googleapis.com/auth/calendar.freebusy",
      ]),
    );

    const user = await connectedSpecialist();
    const stored = await row(user.id);
    expect(stored).toMatchObject({
      externalAccountId: google.account.sub,
      externalEmail: "ana@gmail.example",
      externalName: "Ana Google",
      status: "active",
    });
    expect(stored.accessTokenEncrypted).toMatch(/^v1\./);
    expect(stored.accessTokenEncrypted).not.toContain("ya29.");
    expect(stored.refreshTokenEncrypted).toMatch(/^v1\./);
  });

  test("with a Calendar permission unticked on the consent screen, nothing is saved and the specialist is told why", async () => {
    const { user } = await createSpecialist(database.db);
    const result = await connect(user.id, ["https://www.googleapis.com/auth/calendar.events"]);
    expect(result).toMatchObject({ ok: false, status: 400, message: expect.stringContaining("leave every permission ticked") as string });
    expect(await row(user.id)).toBeUndefined();
  });

  test("is unavailable without ENCRYPTION_KEY or the Google OAuth client", async () => {
    const { user } = await createSpecialist(database.db);
    const settings: Record<string, string>[] = [{ ENCRYPTION_KEY: "" }, { GOOGLE_CLIENT_ID: "", GOOGLE_CLIENT_SECRET: "" }];
    for (const env of settings) {
      await expect(
        startGoogleConnect(new Request("http://localhost/specialist/video", { method: "POST" }), context(env)),
      ).rejects.toMatchObject({
        status: 404,
      });
      expect(await googleAccessToken(context(env), user.id)).toEqual({ ok: false, reason: "unavailable" });
    }
  });
});

describe("the Google access token", () => {
  test("is refreshed within the margin, keeping the refresh token Google doesn't resend, so later refreshes work", async () => {
    const user = await connectedSpecialist();
    const first = await row(user.id);
    clock.advance(3599_000 - refreshMarginMs + 1_000);
    expect((await withGoogle(context(), user.id, (api) => api.listCalendars())).ok).toBe(true);
    const second = await row(user.id);
    expect(second.accessTokenEncrypted).not.toBe(first.accessTokenEncrypted);
    expect(second.refreshTokenEncrypted).toBe(first.refreshTokenEncrypted);
    expect(second.accessTokenExpiresAt.getTime()).toBe(clock.now().getTime() + 3599_000);

    clock.advance(3599_000);
    expect((await googleAccessToken(context(), user.id)).ok).toBe(true);
    expect((await row(user.id)).status).toBe("active");
  });

  test("a 401 is retried once with a refreshed token; after the user removes the app, invalid_grant marks it lost and tells them once", async () => {
    const user = await connectedSpecialist();
    google.expireAccessTokens();
    expect(await withGoogle(context(), user.id, (api) => api.listCalendars())).toMatchObject({ ok: true });

    google.revokeAllGrants();
    expect(await withGoogle(context(), user.id, (api) => api.listCalendars())).toEqual({ ok: false, reason: "lost" });
    expect(await withGoogle(context(), user.id, (api) => api.listCalendars())).toEqual({ ok: false, reason: "lost" });
    expect(await row(user.id)).toMatchObject({ status: "revoked", lastError: expect.stringContaining("invalid_grant") as string });
    expect((await lostNotices(user.id)).map((notice) => notice.channel).sort()).toEqual(["email", "in_app"]);
  });
});

test("disconnecting revokes the grant at Google and deletes the tokens", async () => {
  const user = await connectedSpecialist();
  const access = await googleAccessToken(context(), user.id);
  if (!access.ok) throw new Error("expected a token");
  expect(await disconnectGoogle(context(), user.id)).toEqual({ disconnected: true });
  expect(await row(user.id)).toBeUndefined();
  await expect(access.api.listCalendars()).rejects.toThrow(/Google refused the access token/);
  expect(await googleAccessToken(context(), user.id)).toEqual({ ok: false, reason: "not-connected" });
});

describe("the Calendar client", () => {
  async function api() {
    const user = await connectedSpecialist();
    const access = await googleAccessToken(context(), user.id);
    if (!access.ok) throw new Error("expected a token");
    return access.api;
  }

  test("lists the calendars, primary first-class, and reads busy times from the events inserted", async () => {
    const calendar = await api();
    const calendars = await calendar.listCalendars();
    expect(calendars).toEqual(
      expect.arrayContaining([
        { id: google.primaryCalendar.id, name: google.primaryCalendar.summary, primary: true },
        expect.objectContaining({ name: "Team", primary: false }),
      ]),
    );
    const team = calendars.find((entry) => entry.name === "Team")!;
    const start = new Date("2031-03-03T09:00:00Z");
    const end = new Date("2031-03-03T10:00:00Z");
    await calendar.insertEvent(team.id, { summary: "Busy", description: "", startsAt: start, endsAt: end, timeZone: "UTC", attendees: [] });

    const busy = await calendar.freeBusy({
      timeMin: new Date("2031-03-03T00:00:00Z"),
      timeMax: new Date("2031-03-04T00:00:00Z"),
      calendarIds: [team.id, google.primaryCalendar.id, "nobody@example.com"],
    });
    expect(busy.get(team.id)).toEqual({ busy: [{ start, end }], errors: [] });
    expect(busy.get(google.primaryCalendar.id)).toEqual({ busy: [], errors: [] });
    expect(busy.get("nobody@example.com")).toEqual({ busy: [], errors: ["notFound"] });
    // Outside timeMin..timeMax the event doesn't count.
    const later = await calendar.freeBusy({ timeMin: end, timeMax: new Date("2031-03-05T00:00:00Z"), calendarIds: [team.id] });
    expect(later.get(team.id)?.busy).toEqual([]);
  });

  test("inserts an event with a Meet link and the customer, moves it, and deletes it (twice is fine)", async () => {
    const calendar = await api();
    const event = await calendar.insertEvent("primary", {
      summary: "Intro call",
      description: "Booking: http://localhost/bookings/1",
      startsAt: new Date("2031-03-04T09:00:00Z"),
      endsAt: new Date("2031-03-04T09:30:00Z"),
      timeZone: "Europe/Berlin",
      attendees: [{ email: "cleo@example.com", displayName: "Cleo" }],
      meetRequestId: "booking-1-1",
    });
    expect(event.meetUrl).toMatch(/^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
    const stored = google.primaryCalendar.events.get(event.id)!;
    expect(stored).toMatchObject({
      summary: "Intro call",
      start: { dateTime: "2031-03-04T09:00:00Z", timeZone: "Europe/Berlin" },
      attendees: [{ email: "cleo@example.com", displayName: "Cleo" }],
    });
    expect(google.requests.at(-1)?.query).toContain("sendUpdates=none");

    const moved = await calendar.patchEvent("primary", event.id, {
      startsAt: new Date("2031-03-05T09:00:00Z"),
      endsAt: new Date("2031-03-05T09:30:00Z"),
      timeZone: "Europe/Berlin",
    });
    expect(moved.meetUrl).toBe(event.meetUrl);
    expect(stored.start.dateTime).toBe("2031-03-05T09:00:00Z");

    await calendar.deleteEvent("primary", event.id);
    await calendar.deleteEvent("primary", event.id);
    await calendar.deleteEvent("primary", "neverexisted");
    expect(google.liveEvents()).not.toContainEqual(expect.objectContaining({ id: event.id }));
  });

  test("rate limits and outages are retryable provider errors; a forbidden call is permanent", async () => {
    const calendar = await api();
    const failure = async () =>
      calendar.listCalendars().then(
        () => null,
        (error: unknown) => error,
      );
    google.failNext(1, 403, "rateLimitExceeded");
    expect(await failure()).toMatchObject({ name: "ProviderError", permanent: false, status: 403 });
    google.failNext(1, 429, "rateLimitExceeded");
    expect(await failure()).toMatchObject({ permanent: false, status: 429 });
    google.failNext(1, 503);
    expect(await failure()).toMatchObject({ permanent: false, status: 503 });
    google.failNext(1, 403, "forbidden");
    const forbidden = await failure();
    expect(isProviderError(forbidden) && forbidden.permanent).toBe(true);
  });
});
