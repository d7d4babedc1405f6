import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createSessionType, createSpecialist } from "../../db/factories";
import { sessionTypes } from "../../db/schema";
import { createTestApp, signedInCookie } from "../../tests/app-handler";
import { startGoogleStandIn, type GoogleStandIn } from "../../tests/stand-ins/google";
import { startZoomStandIn, type ZoomStandIn } from "../../tests/stand-ins/zoom";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";

let zoom: ZoomStandIn;
let google: GoogleStandIn;
let database: TestDatabase;
const encryptionKey = Buffer.alloc(32, 4).toString("base64");

beforeAll(async () => {
  zoom = await startZoomStandIn();
  google = await startGoogleStandIn();
});
afterAll(() => Promise.all([zoom.close(), google.close()]));
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

function app() {
  return createTestApp({
    db: database.db,
    env: {
      ZOOM_CLIENT_ID: zoom.clientId,
      ZOOM_CLIENT_SECRET: zoom.clientSecret,
      ZOOM_OAUTH_URL: zoom.url,
      ZOOM_API_URL: zoom.apiUrl,
      ...google.appEnv(),
      ENCRYPTION_KEY: encryptionKey,
    },
  });
}

async function givenSessionType() {
  const { user, specialist } = await createSpecialist(database.db);
  const type = await createSessionType(database.db, specialist.id, { title: "Intro", minutes: 30, priceMinor: 0 });
  return { user, type, session: await signedInCookie(database.db, user.id, new Date()) };
}

/** Connect → Allow on the stand-in's consent page → callback, as the browser would. */
async function connectZoom(testApp: Awaited<ReturnType<typeof app>>, session: string) {
  const started = await testApp.request("/specialist/video", {
    method: "POST",
    body: new URLSearchParams({ intent: "connect" }),
    headers: { cookie: session, "sec-fetch-site": "same-origin" },
  });
  const cookie = [session, ...started.headers.getSetCookie().map((value) => value.split(";")[0])].join("; ");
  const callback = new URL(zoom.consent(started.headers.get("location")!));
  const back = await testApp.request(callback.pathname + callback.search, { headers: { cookie } });
  expect(back.headers.get("location")).toBe("/specialist/video?connected=1");
}

function save(testApp: Awaited<ReturnType<typeof app>>, session: string, id: string, videoProvider: string) {
  return testApp.request(`/specialist/session-types/${id}`, {
    method: "POST",
    body: new URLSearchParams({ title: "Intro", description: "", minutes: "30", price: "0", currency: "USD", videoProvider }),
    headers: { cookie: session, "sec-fetch-site": "same-origin" },
  });
}

const storedProvider = async (id: string) =>
  (await database.db.query.sessionTypes.findFirst({ where: eq(sessionTypes.id, id) }))!.videoProvider;

describe("choosing a session type's video provider", () => {
  test("without a Zoom connection Zoom isn't offered, and a forged POST choosing it is a 400 that changes nothing", async () => {
    const testApp = await app();
    const { type, session } = await givenSessionType();
    const page = await (await testApp.request(`/specialist/session-types/${type.id}`, { headers: { cookie: session } })).text();
    expect(page).toContain("Default link");
    expect(page).not.toContain('value="zoom"');
    expect(page).toContain("connect your Zoom account");

    const forged = await save(testApp, session, type.id, "zoom");
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain("Connect Zoom under Video first");
    expect(await storedProvider(type.id)).toBe("default");

    const bogus = await save(testApp, session, type.id, "skype");
    expect(bogus.status).toBe(400);
    expect(await storedProvider(type.id)).toBe("default");
  });

  test("with Zoom connected the specialist puts a session type on Zoom, and back on the default link", async () => {
    const testApp = await app();
    const { type, session } = await givenSessionType();
    await connectZoom(testApp, session);
    const page = await (await testApp.request(`/specialist/session-types/${type.id}`, { headers: { cookie: session } })).text();
    expect(page).toContain('value="zoom"');

    const saved = await save(testApp, session, type.id, "zoom");
    expect(saved.status).toBe(302);
    expect(await storedProvider(type.id)).toBe("zoom");
    const after = await (await testApp.request(`/specialist/session-types/${type.id}`, { headers: { cookie: session } })).text();
    expect(after).toMatch(/checked="" value="zoom"/);

    expect((await save(testApp, session, type.id, "default")).status).toBe(302);
    expect(await storedProvider(type.id)).toBe("default");
  });

  test("Google Meet is offered and accepted only while Google Calendar is connected", async () => {
    const testApp = await app();
    const { type, session } = await givenSessionType();
    const before = await (await testApp.request(`/specialist/session-types/${type.id}`, { headers: { cookie: session } })).text();
    expect(before).not.toContain('value="google_meet"');
    expect(before).toContain("connect your Google Calendar");
    const forged = await save(testApp, session, type.id, "google_meet");
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain("Connect Google Calendar under Video first");
    expect(await storedProvider(type.id)).toBe("default");

    const started = await testApp.request("/specialist/video", {
      method: "POST",
      body: new URLSearchParams({ intent: "connect", provider: "google" }),
      headers: { cookie: session, "sec-fetch-site": "same-origin" },
    });
    const cookie = [session, ...started.headers.getSetCookie().map((value) => value.split(";")[0])].join("; ");
    const callback = new URL(google.consent(started.headers.get("location")!));
    expect((await testApp.request(callback.pathname + callback.search, { headers: { cookie } })).status).toBe(302);

    const page = await (await testApp.request(`/specialist/session-types/${type.id}`, { headers: { cookie: session } })).text();
    expect(page).toContain('value="google_meet"');
    expect((await save(testApp, session, type.id, "google_meet")).status).toBe(302);
    expect(await storedProvider(type.id)).toBe("google_meet");
  });
});
