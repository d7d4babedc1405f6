import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createSpecialist } from "../../db/factories";
import { connectedAccounts } from "../../db/schema";
import { createTestApp, signedInCookie } from "../../tests/app-handler";
import { startGoogleStandIn, type GoogleStandIn } from "../../tests/stand-ins/google";
import { startZoomStandIn, type ZoomStandIn } from "../../tests/stand-ins/zoom";
import { createTestDatabase, type TestDatabase } from "../../tests/test-database";

let zoom: ZoomStandIn;
let google: GoogleStandIn;
let database: TestDatabase;
const encryptionKey = Buffer.alloc(32, 5).toString("base64");

beforeAll(async () => {
  zoom = await startZoomStandIn({ user: { email: "ana@zoom.example" } });
});
beforeAll(async () => {
  google = await startGoogleStandIn({ account: { email: "ana@gmail.example" } });
});
afterAll(() => Promise.all([zoom.close(), google.close()]));
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.cleanup());

function app(env: Record<string, string | undefined> = {}) {
  return createTestApp({
    db: database.db,
    env: {
      ZOOM_CLIENT_ID: zoom.clientId,
      ZOOM_CLIENT_SECRET: zoom.clientSecret,
      ZOOM_OAUTH_URL: zoom.url,
      ZOOM_API_URL: zoom.apiUrl,
      ...google.appEnv(),
      ENCRYPTION_KEY: encryptionKey,
      ...env,
    },
  });
}

async function signedInSpecialist() {
  const { user } = await createSpecialist(database.db);
  return { user, session: await signedInCookie(database.db, user.id, new Date()) };
}

/** Presses Connect: the app's redirect to Zoom, and the browser's cookies afterwards. */
async function pressConnect(testApp: Awaited<ReturnType<typeof app>>, session: string, provider?: "google") {
  const started = await testApp.request("/specialist/video", {
    method: "POST",
    body: new URLSearchParams({ intent: "connect", ...(provider ? { provider } : {}) }),
    headers: { cookie: session, "sec-fetch-site": "same-origin" },
  });
  expect(started.status).toBe(302);
  const flowCookies = started.headers.getSetCookie().map((value) => value.split(";")[0]);
  return { location: started.headers.get("location")!, cookie: [session, ...flowCookies].join("; ") };
}

const connectedRow = (userId: string) => database.db.query.connectedAccounts.findFirst({ where: eq(connectedAccounts.userId, userId) });

describe("/specialist/video", () => {
  test("a specialist connects Zoom on Zoom's consent page and sees whom they connected as", async () => {
    const testApp = await app();
    const { user, session } = await signedInSpecialist();
    const before = await (await testApp.request("/specialist/video", { headers: { cookie: session } })).text();
    expect(before).toContain("Zoom: not connected.");

    const { location, cookie } = await pressConnect(testApp, session);
    const authorize = new URL(location);
    expect(authorize.origin + authorize.pathname).toBe(`${zoom.url}/oauth/authorize`);
    expect(authorize.searchParams.get("redirect_uri")).toBe("http://localhost/specialist/video/zoom/callback");
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");

    const callback = new URL(zoom.consent(location));
    const back = await testApp.request(callback.pathname + callback.search, { headers: { cookie } });
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe("/specialist/video?connected=1");
    // The flow cookies are single-use.
    expect(back.headers.getSetCookie().filter((value) => /Max-Age=0/.test(value))).toHaveLength(2);

    const page = await (await testApp.request("/specialist/video?connected=1", { headers: { cookie: session } })).text();
    expect(page).toContain("Zoom is connected.");
    expect(page).toMatch(/Connected as (<!-- -->)?ana@zoom.example/);
    expect(await connectedRow(user.id)).toMatchObject({ status: "active", externalEmail: "ana@zoom.example" });
  });

  test("a callback whose state doesn't match this browser's is 400 and stores nothing", async () => {
    const testApp = await app();
    const { user, session } = await signedInSpecialist();
    const { location, cookie } = await pressConnect(testApp, session);
    const callback = new URL(zoom.consent(location));
    callback.searchParams.set("state", "forged");
    const response = await testApp.request(callback.pathname + callback.search, { headers: { cookie } });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("We couldn&#x27;t confirm that this connection was started by you");
    expect(await connectedRow(user.id)).toBeUndefined();

    // Without the flow cookies at all (another browser): 400 too.
    const fresh = new URL(zoom.consent((await pressConnect(testApp, session)).location));
    const elsewhere = await testApp.request(fresh.pathname + fresh.search, { headers: { cookie: session } });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain("expired or was started in another browser");
    expect(await connectedRow(user.id)).toBeUndefined();
  });

  test("declining at Zoom comes back with a clear message and a way to try again", async () => {
    const testApp = await app();
    const { user, session } = await signedInSpecialist();
    const { location, cookie } = await pressConnect(testApp, session);
    const callback = new URL(zoom.consent(location, "deny"));
    const response = await testApp.request(callback.pathname + callback.search, { headers: { cookie } });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("You declined in Zoom, so nothing changed.");
    expect(html).toContain("Try again");
    expect(await connectedRow(user.id)).toBeUndefined();
  });

  test("a code Zoom refuses (used twice) is a clear 400, not an error page", async () => {
    const testApp = await app();
    const { session } = await signedInSpecialist();
    const { location, cookie } = await pressConnect(testApp, session);
    const callback = new URL(zoom.consent(location));
    await testApp.request(callback.pathname + callback.search, { headers: { cookie } });
    const again = await testApp.request(callback.pathname + callback.search, { headers: { cookie } });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("Zoom didn&#x27;t accept this connection");
  });

  test("disconnecting deletes the tokens and says what happens next", async () => {
    const testApp = await app();
    const { user, session } = await signedInSpecialist();
    const { location, cookie } = await pressConnect(testApp, session);
    const callback = new URL(zoom.consent(location));
    await testApp.request(callback.pathname + callback.search, { headers: { cookie } });

    const response = await testApp.post("/specialist/video", { intent: "disconnect" }, { cookie: session });
    expect(response.status).toBe(302);
    expect(await connectedRow(user.id)).toBeUndefined();
    const page = await (await testApp.request(response.headers.get("location")!, { headers: { cookie: session } })).text();
    expect(page).toContain("Zoom is disconnected");
    expect(page).toContain("new sessions use the default video room link");
    expect(page).toContain("Zoom: not connected.");
  });

  test("a lost connection is shown with a Reconnect button", async () => {
    const testApp = await app();
    const { user, session } = await signedInSpecialist();
    const { location, cookie } = await pressConnect(testApp, session);
    const callback = new URL(zoom.consent(location));
    await testApp.request(callback.pathname + callback.search, { headers: { cookie } });
    await database.db.update(connectedAccounts).set({ status: "revoked" }).where(eq(connectedAccounts.userId, user.id));
    const page = await (await testApp.request("/specialist/video", { headers: { cookie: session } })).text();
    expect(page).toContain("Zoom: connection lost — reconnect.");
    expect(page).toContain("Reconnect Zoom");
  });

  test("without ENCRYPTION_KEY the page says connecting is unavailable and Connect is refused", async () => {
    const testApp = await app({ ENCRYPTION_KEY: undefined });
    const { session } = await signedInSpecialist();
    const page = await (await testApp.request("/specialist/video", { headers: { cookie: session } })).text();
    expect(page).toContain("Connecting Zoom isn&#x27;t available on this site yet");
    expect(page).toContain("ENCRYPTION_KEY");
    expect(page).not.toContain("Connect Zoom");
    const refused = await testApp.post("/specialist/video", { intent: "connect" }, { cookie: session });
    expect(refused.status).toBe(400);
    const bad = await testApp.post("/specialist/video", { intent: "explode" }, { cookie: session });
    expect(bad.status).toBe(400);
  });
});

describe("/specialist/video: Google Calendar", () => {
  test("a specialist connects Google Calendar beside Zoom on Google's consent page, then disconnects it, revoking at Google", async () => {
    const testApp = await app();
    const { user, session } = await signedInSpecialist();
    const before = await (await testApp.request("/specialist/video", { headers: { cookie: session } })).text();
    expect(before).toContain("Google Calendar: not connected.");
    expect(before).toContain("Zoom: not connected.");

    const { location, cookie } = await pressConnect(testApp, session, "google");
    const authorize = new URL(location);
    expect(authorize.origin + authorize.pathname).toBe(google.authorizationUrl);
    expect(authorize.searchParams.get("redirect_uri")).toBe("http://localhost/specialist/video/google/callback");
    const callback = new URL(google.consent(location));
    const back = await testApp.request(callback.pathname + callback.search, { headers: { cookie } });
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe("/specialist/video?connected=google");

    const page = await (await testApp.request("/specialist/video?connected=google", { headers: { cookie: session } })).text();
    expect(page).toContain("Google Calendar is connected.");
    expect(page).toMatch(/Connected as (<!-- -->)?ana@gmail.example/);
    expect(page).toContain("Zoom: not connected.");
    expect(await connectedRow(user.id)).toMatchObject({ provider: "google", status: "active", externalEmail: "ana@gmail.example" });

    const revocations = google.requests.filter((request) => request.path === "/revoke").length;
    const response = await testApp.post("/specialist/video", { intent: "disconnect", provider: "google" }, { cookie: session });
    expect(response.headers.get("location")).toBe("/specialist/video?disconnected=google");
    expect(await connectedRow(user.id)).toBeUndefined();
    expect(google.requests.filter((request) => request.path === "/revoke" && request.status === 200)).toHaveLength(revocations + 1);
    const after = await (await testApp.request(response.headers.get("location")!, { headers: { cookie: session } })).text();
    expect(after).toContain("Google Calendar is disconnected");
  });

  test("declining at Google comes back with a clear message and a Try again for Google", async () => {
    const testApp = await app();
    const { user, session } = await signedInSpecialist();
    const { location, cookie } = await pressConnect(testApp, session, "google");
    const callback = new URL(google.consent(location, "deny"));
    const response = await testApp.request(callback.pathname + callback.search, { headers: { cookie } });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("You declined in Google, so nothing changed.");
    expect(html).toContain('name="provider" value="google"');
    expect(await connectedRow(user.id)).toBeUndefined();
  });

  test("without the Google OAuth client the card says so and Connect is refused", async () => {
    const testApp = await app({ GOOGLE_CLIENT_ID: undefined, GOOGLE_CLIENT_SECRET: undefined });
    const { session } = await signedInSpecialist();
    const page = await (await testApp.request("/specialist/video", { headers: { cookie: session } })).text();
    expect(page).toContain("GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET");
    expect(page).not.toContain("Connect Google Calendar");
    const refused = await testApp.post("/specialist/video", { intent: "connect", provider: "google" }, { cookie: session });
    expect(refused.status).toBe(400);
  });
});
