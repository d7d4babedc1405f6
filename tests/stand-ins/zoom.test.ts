import { CodeChallengeMethod, generateCodeVerifier, OAuth2Client, OAuth2RequestError } from "arctic";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isValidZoomSignature } from "../../app/integrations/zoom-webhook";
import { startZoomStandIn, type ZoomStandIn } from "./zoom";

let zoom: ZoomStandIn;
const redirectUri = "http://localhost:9/specialist/video/zoom/callback";

beforeAll(async () => {
  zoom = await startZoomStandIn({ user: { email: "ana@zoom.example" } });
});
afterAll(() => zoom.close());

function client(secret = zoom.clientSecret) {
  return new OAuth2Client(zoom.clientId, secret, redirectUri);
}

function authorizationUrl(verifier: string, state = "state-1") {
  return client().createAuthorizationURLWithPKCE(`${zoom.url}/oauth/authorize`, state, CodeChallengeMethod.S256, verifier, [
    "meeting:write:meeting",
  ]);
}

async function connect() {
  const verifier = generateCodeVerifier();
  const back = new URL(zoom.consent(authorizationUrl(verifier).toString()));
  return client().validateAuthorizationCode(`${zoom.url}/oauth/token`, back.searchParams.get("code")!, verifier);
}

async function api(path: string, accessToken: string, init: RequestInit = {}) {
  const response = await fetch(`${zoom.apiUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

const meeting = {
  topic: "Deep dive",
  type: 2,
  start_time: "2026-12-10T09:00:00Z",
  duration: 45,
  timezone: "Europe/Lisbon",
  settings: { waiting_room: true },
};

describe("OAuth", () => {
  test("the consent page offers Allow, which posts back to a redirect with the code and state", async () => {
    const url = authorizationUrl(generateCodeVerifier());
    const page = await (await fetch(url)).text();
    expect(page).toContain("ana@zoom.example");
    expect(page).toMatch(/<button[^>]*value="allow"[^>]*>Allow<\/button>/);
    const form = new URLSearchParams({ ...Object.fromEntries(url.searchParams), decision: "allow" });
    const response = await fetch(`${zoom.url}/oauth/authorize`, { method: "POST", body: form, redirect: "manual" });
    expect(response.status).toBe(302);
    const back = new URL(response.headers.get("location")!);
    expect(back.origin + back.pathname).toBe(redirectUri);
    expect(back.searchParams.get("state")).toBe("state-1");
    expect(back.searchParams.get("code")).toBeTruthy();
  });

  test("Decline redirects back with access_denied", () => {
    const back = new URL(zoom.consent(authorizationUrl(generateCodeVerifier()).toString(), "deny"));
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("code")).toBeNull();
  });

  test("without PKCE or with another client the authorize page refuses", async () => {
    const plain = client().createAuthorizationURL(`${zoom.url}/oauth/authorize`, "s", []);
    expect((await fetch(plain)).status).toBe(400);
    const other = new OAuth2Client("someone-else", "x", redirectUri).createAuthorizationURLWithPKCE(
      `${zoom.url}/oauth/authorize`,
      "s",
      CodeChallengeMethod.S256,
      generateCodeVerifier(),
      [],
    );
    expect((await fetch(other)).status).toBe(400);
  });

  test("a code exchanges once, with the right verifier and Basic client credentials, for Zoom's token response", async () => {
    const verifier = generateCodeVerifier();
    const code = new URL(zoom.consent(authorizationUrl(verifier).toString())).searchParams.get("code")!;
    await expect(client().validateAuthorizationCode(`${zoom.url}/oauth/token`, code, generateCodeVerifier())).rejects.toMatchObject({
      code: "invalid_grant",
    });
    // The failed attempt used the code up.
    await expect(client().validateAuthorizationCode(`${zoom.url}/oauth/token`, code, verifier)).rejects.toBeInstanceOf(OAuth2RequestError);

    const code2 = new URL(zoom.consent(authorizationUrl(verifier).toString())).searchParams.get("code")!;
    await expect(client("wrong").validateAuthorizationCode(`${zoom.url}/oauth/token`, code2, verifier)).rejects.toMatchObject({
      code: "invalid_client",
    });
    const tokens = await connect();
    expect(tokens.tokenType()).toBe("bearer");
    expect(tokens.accessTokenExpiresInSeconds()).toBe(3599);
    expect(tokens.refreshToken()).toBeTruthy();
    expect(tokens.scopes()).toEqual(["meeting:write:meeting"]);
  });

  test("refreshing rotates the refresh token; the used one gets Zoom's Invalid Token! error", async () => {
    const tokens = await connect();
    const refreshed = await client().refreshAccessToken(`${zoom.url}/oauth/token`, tokens.refreshToken(), []);
    expect(refreshed.refreshToken()).not.toBe(tokens.refreshToken());
    const response = await fetch(`${zoom.url}/oauth/token`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${zoom.clientId}:${zoom.clientSecret}`).toString("base64")}` },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: tokens.refreshToken() }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ reason: "Invalid Token!", error: "invalid_grant" });
    expect((await api("/users/me", refreshed.accessToken())).status).toBe(200);
  });
});

describe("REST API", () => {
  test("GET /users/me answers the consenting user; a bad or expired token gets 401 with code 124", async () => {
    const tokens = await connect();
    const me = await api("/users/me", tokens.accessToken());
    expect(me).toMatchObject({ status: 200, body: { id: zoom.user.id, email: "ana@zoom.example", account_id: zoom.user.account_id } });
    expect(await api("/users/me", "nonsense")).toEqual({ status: 401, body: { code: 124, message: "Invalid access token." } });
    zoom.expireAccessTokens();
    expect(await api("/users/me", tokens.accessToken())).toMatchObject({ status: 401, body: { code: 124 } });
  });

  test("a revoked grant stops its access and refresh tokens", async () => {
    const tokens = await connect();
    zoom.revokeAllGrants();
    expect((await api("/users/me", tokens.accessToken())).status).toBe(401);
    await expect(client().refreshAccessToken(`${zoom.url}/oauth/token`, tokens.refreshToken(), [])).rejects.toMatchObject({
      code: "invalid_grant",
    });
  });

  test("creates, updates and deletes a scheduled meeting in Zoom's shapes", async () => {
    const { accessToken } = { accessToken: (await connect()).accessToken() };
    const created = await api("/users/me/meetings", accessToken, { method: "POST", body: JSON.stringify(meeting) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      topic: "Deep dive",
      type: 2,
      start_time: "2026-12-10T09:00:00Z",
      duration: 45,
      timezone: "Europe/Lisbon",
      settings: { waiting_room: true },
    });
    const id = created.body!.id as number;
    expect(String(id)).toMatch(/^\d{11}$/);
    expect(created.body!.join_url).toMatch(new RegExp(`/j/${id}\\?pwd=`));
    expect(created.body!.password).toMatch(/^[A-Za-z0-9]{1,10}$/);
    expect(created.body!.start_url).toBeTruthy();

    const patched = await api(`/meetings/${id}`, accessToken, {
      method: "PATCH",
      body: JSON.stringify({ start_time: "2026-12-11T10:30:00Z", duration: 60 }),
    });
    expect(patched).toEqual({ status: 204, body: null });
    expect(zoom.meetings.get(id)).toMatchObject({ start_time: "2026-12-11T10:30:00Z", duration: 60, topic: "Deep dive" });

    expect(await api(`/meetings/${id}`, accessToken, { method: "DELETE" })).toEqual({ status: 204, body: null });
    expect(await api(`/meetings/${id}`, accessToken, { method: "DELETE" })).toEqual({
      status: 404,
      body: { code: 3001, message: `Meeting does not exist: ${id}.` },
    });
  });

  test("validates what Zoom validates, listing every problem", async () => {
    const accessToken = (await connect()).accessToken();
    const missing = await api("/users/me/meetings", accessToken, { method: "POST", body: JSON.stringify({ topic: "x", type: 2 }) });
    expect(missing).toMatchObject({ status: 400, body: { code: 300, message: "Validation Failed." } });
    expect((missing.body!.errors as { field: string }[]).map((error) => error.field)).toEqual(["start_time", "duration"]);
    const bad = await api("/users/me/meetings", accessToken, {
      method: "POST",
      body: JSON.stringify({ ...meeting, timezone: "Mars/Olympus", settings: { waiting_room: "yes" } }),
    });
    expect((bad.body!.errors as { field: string }[]).map((error) => error.field)).toEqual(["timezone", "settings.waiting_room"]);
    const notJson = await fetch(`${zoom.apiUrl}/users/me/meetings`, {
      method: "POST",
      headers: { authorization: `Bearer ${accessToken}` },
      body: "{",
    });
    expect(await notJson.json()).toEqual({ code: 300, message: "Request Body should be a valid JSON object." });
  });
});

describe("webhooks", () => {
  test("a replay posts a finished session's events to the webhook URL in order, each signed as Zoom signs them", async () => {
    const received: { headers: Record<string, string>; body: string }[] = [];
    const receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({ headers: request.headers as Record<string, string>, body: Buffer.concat(chunks).toString("utf8") });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/zoom`;
    const replaying = await startZoomStandIn({ webhookUrl, webhookSecretToken: "secret-token-1" });
    try {
      const accessToken = await (async () => {
        const verifier = generateCodeVerifier();
        const url = new OAuth2Client(replaying.clientId, replaying.clientSecret, redirectUri).createAuthorizationURLWithPKCE(
          `${replaying.url}/oauth/authorize`,
          "s",
          CodeChallengeMethod.S256,
          verifier,
          [],
        );
        const code = new URL(replaying.consent(url.toString())).searchParams.get("code")!;
        const tokens = await new OAuth2Client(replaying.clientId, replaying.clientSecret, redirectUri).validateAuthorizationCode(
          `${replaying.url}/oauth/token`,
          code,
          verifier,
        );
        return tokens.accessToken();
      })();
      const created = await fetch(`${replaying.apiUrl}/users/me/meetings`, {
        method: "POST",
        headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
        body: JSON.stringify(meeting),
      });
      const { id } = (await created.json()) as { id: number };

      const replay = await fetch(`${replaying.url}/__stand-in/meetings/${id}/replay`, {
        method: "POST",
        body: JSON.stringify({
          participants: [
            { name: "Host", host: true },
            { name: "Guest", joinMinute: 1, leaveMinute: 40 },
          ],
        }),
      });
      expect(replay.status).toBe(200);
      const events = received.map((request) => JSON.parse(request.body) as { event: string; payload: { object: Record<string, unknown> } });
      expect(events.map((event) => event.event)).toEqual([
        "meeting.started",
        "meeting.participant_joined",
        "meeting.participant_joined",
        "meeting.participant_left",
        "meeting.participant_left",
        "meeting.ended",
        "recording.completed",
      ]);
      expect(events[1]!.payload.object).toMatchObject({
        id: String(id),
        host_id: replaying.user.id,
        participant: { id: replaying.user.id, user_name: "Host" },
      });
      expect(events[6]!.payload.object).toMatchObject({ id, duration: 45, share_url: expect.stringMatching(/^https:\/\//) });
      for (const request of received) {
        const valid = await isValidZoomSignature(
          "secret-token-1",
          request.headers["x-zm-signature"]!,
          request.headers["x-zm-request-timestamp"]!,
          request.body,
        );
        expect(valid).toBe(true);
        expect(Math.abs(Date.now() / 1000 - Number(request.headers["x-zm-request-timestamp"]))).toBeLessThan(60);
      }
      expect((await fetch(`${replaying.url}/__stand-in/meetings/1/replay`, { method: "POST", body: "{}" })).status).toBe(404);
    } finally {
      await replaying.close();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});
