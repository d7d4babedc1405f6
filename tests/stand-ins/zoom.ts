import { createHmac, randomBytes, randomInt } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { consentPage, errorPage, isTimeZone, jsonObject, pkceMatches, respond } from "./oauth-pages";

// A stand-in for the parts of Zoom the app uses, as Zoom's OAuth and Meetings API references
// describe them:
// - OAuth (user-managed app): GET /oauth/authorize shows a consent page whose "Allow" redirects
//   back with a code (PKCE S256 required); POST /oauth/token with HTTP Basic client credentials
//   for the authorization_code and refresh_token grants (each refresh rotates the refresh token
//   and a used one is refused with `{"reason":"Invalid Token!","error":"invalid_grant"}`);
//   POST /oauth/revoke.
// - REST under /v2 with `Authorization: Bearer`: GET /users/me, POST /users/me/meetings,
//   PATCH and DELETE /meetings/{meetingId}; errors as `{code, message}` (124 for a bad or
//   expired access token, 300 for validation, 3001 for an unknown meeting).
// - Webhooks (Event Subscriptions), signed with the app's Secret Token as Zoom signs them:
//   `x-zm-request-timestamp` (epoch seconds) and `x-zm-signature` = `v0=` + hex HMAC-SHA256 of
//   `v0:{timestamp}:{raw body}`. `POST /__stand-in/meetings/{id}/replay` (or replayMeeting) plays
//   a finished session of a meeting to `webhookUrl`: meeting.started, each participant's
//   meeting.participant_joined / meeting.participant_left, meeting.ended and, unless told
//   otherwise, recording.completed, with Zoom's payload shapes.
// The control methods do what the Zoom user or Zoom itself would do, for tests.

export interface ZoomUser {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  display_name: string;
  account_id: string;
  timezone: string;
}

export interface ZoomMeeting {
  uuid: string;
  id: number;
  host_id: string;
  host_email: string;
  topic: string;
  type: number;
  status: "waiting";
  start_time: string;
  duration: number;
  timezone: string;
  agenda: string;
  created_at: string;
  start_url: string;
  join_url: string;
  password: string;
  h323_password: string;
  pstn_password: string;
  encrypted_password: string;
  pre_schedule: boolean;
  settings: { waiting_room: boolean; join_before_host: boolean; mute_upon_entry: boolean };
}

export interface ZoomRequest {
  method: string;
  path: string;
  status: number;
}

/** Someone in a replayed session; minutes count from the meeting's start. */
export interface ReplayParticipant {
  name: string;
  email?: string;
  /** Joins as the meeting's host (the stand-in's Zoom user). */
  host?: boolean;
  joinMinute?: number;
  /** null: still in the meeting when it ends (Zoom then sends the leave at the end). */
  leaveMinute?: number | null;
}

export interface ReplayOptions {
  /** Default: the host for the whole session and one guest from minute 2 to 2 before the end. */
  participants?: ReplayParticipant[];
  /** Default: the meeting's scheduled duration. */
  durationMinutes?: number;
  /** Whether a cloud recording completes after the meeting (default true). */
  recording?: boolean;
  /** Deliver the events last to first, as a delayed network might. */
  reverse?: boolean;
  /** The session's start (default: `durationMinutes` before now, so it has just ended). */
  startedAt?: Date;
}

export interface ZoomWebhookDelivery {
  event: string;
  status: number;
}

export interface ZoomStandInOptions {
  /** The Zoom app's webhook Secret Token (ZOOM_WEBHOOK_SECRET_TOKEN). */
  webhookSecretToken?: string;
  /** The app's Event notification endpoint URL (`…/webhooks/zoom`). */
  webhookUrl?: string;
  clientId?: string;
  clientSecret?: string;
  /** The Zoom account that consents on the authorize page. */
  user?: Partial<ZoomUser>;
  /** expires_in of each access token (Zoom: 3599). */
  accessTokenLifetimeSeconds?: number;
  port?: number;
  host?: string;
}

export interface ZoomStandIn {
  /** ZOOM_OAUTH_URL */
  url: string;
  /** ZOOM_API_URL */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  webhookSecretToken: string;
  user: ZoomUser;
  /** Meetings by id, as Zoom holds them now (deleted ones removed). */
  meetings: Map<number, ZoomMeeting>;
  /** Every request received, with the status it got. */
  requests: ZoomRequest[];
  /** What pressing "Allow" (or "Decline") on the authorize page at `authorizationUrl` redirects to. */
  consent(authorizationUrl: string, decision?: "allow" | "deny"): string;
  /** The next `count` REST calls answer `status` (Zoom's outages and rate limits), as Zoom's `{code, message}`. */
  failNext(count: number, status?: number): void;
  /** The user removes the app in Zoom: every token of every grant stops working. */
  revokeAllGrants(): void;
  /** Every access token issued so far expires now (refresh tokens still work). */
  expireAccessTokens(): void;
  /** Refresh tokens issued so far that are still usable (for tests of rotation). */
  liveRefreshTokens(): string[];
  /** A webhook request for `event` as Zoom signs it at `at` (default now). */
  signWebhook(event: unknown, at?: Date): { headers: Record<string, string>; body: string };
  /** The events of a finished session of meeting `id`, in the order Zoom sends them. */
  sessionEvents(id: number, options?: ReplayOptions): Record<string, unknown>[];
  /** Delivers a finished session's events to `webhookUrl` one by one, signed. */
  replayMeeting(id: number, options?: ReplayOptions): Promise<ZoomWebhookDelivery[]>;
  close(): Promise<void>;
}

interface Grant {
  revoked: boolean;
  scope: string;
}

interface PendingCode {
  grant: Grant;
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
}

class ZoomApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: { field: string; message: string }[],
  ) {
    super(message);
  }
}

const defaultScope = "meeting:write:meeting user:read:user";
// Zoom's authorization codes live a few minutes.
const codeLifetimeMs = 5 * 60_000;

export async function startZoomStandIn(options: ZoomStandInOptions = {}): Promise<ZoomStandIn> {
  const clientId = options.clientId ?? `standin${randomBytes(6).toString("hex")}`;
  const clientSecret = options.clientSecret ?? randomBytes(16).toString("hex");
  const lifetimeSeconds = options.accessTokenLifetimeSeconds ?? 3599;
  const webhookSecretToken = options.webhookSecretToken ?? randomBytes(16).toString("base64url");
  const user: ZoomUser = {
    id: "KDcuGIm1QgePTO8WbOqwIQ",
    email: "specialist@zoom.example",
    first_name: "Zoom",
    last_name: "User",
    display_name: "Zoom User",
    account_id: "Q6jHLslWTBKyvLq5hrRkXA",
    timezone: "UTC",
    ...options.user,
  };
  const codes = new Map<string, PendingCode>();
  const accessTokens = new Map<string, { grant: Grant; expiresAt: number }>();
  const refreshTokens = new Map<string, { grant: Grant; used: boolean }>();
  const grants: Grant[] = [];

  const issueTokens = (grant: Grant) => {
    const accessToken = `zat_${randomBytes(24).toString("base64url")}`;
    const refreshToken = `zrt_${randomBytes(24).toString("base64url")}`;
    accessTokens.set(accessToken, { grant, expiresAt: Date.now() + lifetimeSeconds * 1000 });
    refreshTokens.set(refreshToken, { grant, used: false });
    return {
      access_token: accessToken,
      token_type: "bearer",
      refresh_token: refreshToken,
      expires_in: lifetimeSeconds,
      scope: grant.scope,
    };
  };

  let failures = { count: 0, status: 500 };
  const standIn: ZoomStandIn = {
    url: "",
    apiUrl: "",
    clientId,
    clientSecret,
    webhookSecretToken,
    user,
    meetings: new Map(),
    requests: [],
    consent(authorizationUrl, decision = "allow") {
      const params = new URL(authorizationUrl).searchParams;
      const problem = checkAuthorizeParams(params, clientId);
      if (problem) throw new Error(`The authorize page would refuse this: ${problem}`);
      return decide(Object.fromEntries(params), decision);
    },
    failNext(count, status = 500) {
      failures = { count, status };
    },
    revokeAllGrants() {
      for (const grant of grants) grant.revoked = true;
    },
    expireAccessTokens() {
      for (const token of accessTokens.values()) token.expiresAt = 0;
    },
    liveRefreshTokens() {
      return [...refreshTokens].filter(([, value]) => !value.used && !value.grant.revoked).map(([token]) => token);
    },
    signWebhook(event, at = new Date()) {
      const body = JSON.stringify(event);
      const timestamp = String(Math.floor(at.getTime() / 1000));
      const signature = `v0=${createHmac("sha256", webhookSecretToken).update(`v0:${timestamp}:${body}`).digest("hex")}`;
      return {
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "Zoom Marketplace/1.0a",
          "x-zm-request-timestamp": timestamp,
          "x-zm-signature": signature,
        },
        body,
      };
    },
    sessionEvents(id, replay = {}) {
      const meeting = standIn.meetings.get(id);
      if (!meeting) throw new ZoomApiError(404, 3001, `Meeting does not exist: ${id}.`);
      return sessionEvents(meeting, user, replay);
    },
    async replayMeeting(id, replay = {}) {
      if (!options.webhookUrl) throw new Error("The Zoom stand-in has no webhookUrl to deliver to");
      const events = standIn.sessionEvents(id, replay);
      if (replay.reverse) events.reverse();
      const deliveries: ZoomWebhookDelivery[] = [];
      for (const event of events) {
        const response = await fetch(options.webhookUrl, { method: "POST", ...standIn.signWebhook(event) });
        deliveries.push({ event: event.event as string, status: response.status });
      }
      return deliveries;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  /** The redirect back to the app once the user decided. */
  function decide(params: Record<string, string>, decision: "allow" | "deny") {
    const back = new URL(params.redirect_uri!);
    if (decision === "deny") {
      back.searchParams.set("error", "access_denied");
    } else {
      const grant: Grant = { revoked: false, scope: params.scope || defaultScope };
      grants.push(grant);
      const code = randomBytes(16).toString("base64url");
      codes.set(code, {
        grant,
        redirectUri: params.redirect_uri!,
        codeChallenge: params.code_challenge!,
        expiresAt: Date.now() + codeLifetimeMs,
      });
      back.searchParams.set("code", code);
    }
    if (params.state) back.searchParams.set("state", params.state);
    return back.toString();
  }

  function token(request: IncomingMessage, form: URLSearchParams) {
    const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
    if (request.headers.authorization !== expected) return oauthError(401, "invalid_client", "Invalid client_id or client_secret");
    const grantType = form.get("grant_type");
    if (grantType === "authorization_code") {
      const code = form.get("code") ?? "";
      const pending = codes.get(code);
      // A code is good for one exchange, whatever its outcome.
      codes.delete(code);
      if (!pending || pending.expiresAt < Date.now() || pending.grant.revoked) {
        return oauthError(400, "invalid_grant", "Invalid authorization code");
      }
      if (form.get("redirect_uri") !== pending.redirectUri) return oauthError(400, "invalid_grant", "Redirect URI mismatch.");
      const verifier = form.get("code_verifier") ?? "";
      if (!pkceMatches(verifier, pending.codeChallenge)) {
        return oauthError(400, "invalid_grant", "Invalid code_verifier");
      }
      return { status: 200, body: issueTokens(pending.grant) };
    }
    if (grantType === "refresh_token") {
      const stored = refreshTokens.get(form.get("refresh_token") ?? "");
      if (!stored || stored.used || stored.grant.revoked) return oauthError(400, "invalid_grant", "Invalid Token!");
      stored.used = true;
      return { status: 200, body: issueTokens(stored.grant) };
    }
    return oauthError(400, "unsupported_grant_type", "Unsupported grant type");
  }

  function revoke(request: IncomingMessage, form: URLSearchParams) {
    const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
    if (request.headers.authorization !== expected) return oauthError(401, "invalid_client", "Invalid client_id or client_secret");
    const value = form.get("token") ?? "";
    const grant = accessTokens.get(value)?.grant ?? refreshTokens.get(value)?.grant;
    if (!grant) return oauthError(400, "invalid_request", "Invalid Token!");
    grant.revoked = true;
    return { status: 200, body: { status: "success" } };
  }

  function api(request: IncomingMessage, path: string, body: string): { status: number; body?: unknown } {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    const access = bearer ? accessTokens.get(bearer) : undefined;
    if (!access || access.grant.revoked) throw new ZoomApiError(401, 124, "Invalid access token.");
    if (access.expiresAt <= Date.now()) throw new ZoomApiError(401, 124, "Access token is expired.");
    if (failures.count > 0) {
      failures.count -= 1;
      throw new ZoomApiError(failures.status, failures.status, "Internal error.");
    }

    if (request.method === "GET" && path === "/users/me") {
      return { status: 200, body: { ...user, type: 2, pmi: 5551234567, status: "active", verified: 1, language: "en-US" } };
    }
    if (request.method === "POST" && path === "/users/me/meetings") {
      const input = parseJson(body);
      const meeting = createMeeting(input);
      standIn.meetings.set(meeting.id, meeting);
      return { status: 201, body: meeting };
    }
    const meetingPath = /^\/meetings\/([^/]+)$/.exec(path);
    if (meetingPath) {
      const id = Number(meetingPath[1]);
      const meeting = Number.isSafeInteger(id) ? standIn.meetings.get(id) : undefined;
      if (!meeting || meeting.host_id !== user.id) throw new ZoomApiError(404, 3001, `Meeting does not exist: ${meetingPath[1]}.`);
      if (request.method === "PATCH") {
        const input = parseJson(body);
        Object.assign(meeting, updatedFields(meeting, input));
        return { status: 204 };
      }
      if (request.method === "DELETE") {
        standIn.meetings.delete(id);
        return { status: 204 };
      }
    }
    throw new ZoomApiError(404, 404, "Not found.");
  }

  function createMeeting(input: Record<string, unknown>): ZoomMeeting {
    const fields = validateMeeting(input, { creating: true });
    const id = randomInt(10_000_000_000, 99_999_999_999);
    const password = randomBytes(8).toString("base64url").replace(/[-_]/g, "a").slice(0, 10);
    const origin = standIn.url;
    return {
      uuid: `${randomBytes(16).toString("base64")}`,
      id,
      host_id: user.id,
      host_email: user.email,
      topic: fields.topic ?? "Zoom meeting",
      type: fields.type ?? 2,
      status: "waiting",
      start_time: fields.start_time!,
      duration: fields.duration!,
      timezone: fields.timezone ?? user.timezone,
      agenda: fields.agenda ?? "",
      created_at: zoomTime(new Date()),
      start_url: `${origin}/s/${id}?zak=${randomBytes(12).toString("base64url")}`,
      join_url: `${origin}/j/${id}?pwd=${randomBytes(12).toString("base64url")}`,
      password,
      h323_password: password,
      pstn_password: password,
      encrypted_password: randomBytes(12).toString("base64url"),
      pre_schedule: false,
      settings: { waiting_room: fields.waitingRoom ?? false, join_before_host: false, mute_upon_entry: false },
    };
  }

  function updatedFields(meeting: ZoomMeeting, input: Record<string, unknown>): Partial<ZoomMeeting> {
    const fields = validateMeeting(input, { creating: false });
    const changes: Partial<ZoomMeeting> = {};
    if (fields.topic !== undefined) changes.topic = fields.topic;
    if (fields.start_time !== undefined) changes.start_time = fields.start_time;
    if (fields.duration !== undefined) changes.duration = fields.duration;
    if (fields.timezone !== undefined) changes.timezone = fields.timezone;
    if (fields.agenda !== undefined) changes.agenda = fields.agenda;
    if (fields.waitingRoom !== undefined) changes.settings = { ...meeting.settings, waiting_room: fields.waitingRoom };
    return changes;
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://stand-in");
      const body = Buffer.concat(chunks).toString("utf8");
      const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
        standIn.requests.push({ method: request.method ?? "GET", path: url.pathname, status });
        respond(response, status, payload, headers);
      };
      try {
        if (url.pathname === "/oauth/authorize" && request.method === "GET") {
          const problem = checkAuthorizeParams(url.searchParams, clientId);
          if (problem)
            return send(400, undefined, { "content-type": "text/html; charset=utf-8", body: errorPage("Zoom stand-in", problem) });
          return send(200, undefined, {
            "content-type": "text/html; charset=utf-8",
            body: consentPage({
              standIn: "Zoom stand-in (not Zoom)",
              heading: "Allow this app to use your Zoom account?",
              account: user.email,
              params: url.searchParams,
              action: "/oauth/authorize",
              denyLabel: "Decline",
            }),
          });
        }
        if (url.pathname === "/oauth/authorize" && request.method === "POST") {
          const form = new URLSearchParams(body);
          const params = Object.fromEntries(form);
          const problem = checkAuthorizeParams(form, clientId);
          if (problem)
            return send(400, undefined, { "content-type": "text/html; charset=utf-8", body: errorPage("Zoom stand-in", problem) });
          return send(302, undefined, { location: decide(params, form.get("decision") === "deny" ? "deny" : "allow") });
        }
        if (url.pathname === "/oauth/token" && request.method === "POST") {
          const result = token(request, new URLSearchParams(body));
          return send(result.status, result.body);
        }
        if (url.pathname === "/oauth/revoke" && request.method === "POST") {
          const result = revoke(request, new URLSearchParams(body));
          return send(result.status, result.body);
        }
        const replay = /^\/__stand-in\/meetings\/(\d+)\/replay$/.exec(url.pathname);
        if (replay && request.method === "POST") {
          void standIn
            .replayMeeting(Number(replay[1]), parseJson(body) as ReplayOptions)
            .then((deliveries) => send(200, { deliveries }))
            .catch((error: unknown) =>
              error instanceof ZoomApiError
                ? send(error.status, { code: error.code, message: error.message })
                : send(502, { code: 502, message: error instanceof Error ? error.message : String(error) }),
            );
          return;
        }
        if (url.pathname.startsWith("/v2/")) {
          const result = api(request, url.pathname.slice("/v2".length), body);
          return send(result.status, result.body);
        }
        send(404, { code: 404, message: "Not found." });
      } catch (error) {
        if (error instanceof ZoomApiError) {
          return send(error.status, { code: error.code, message: error.message, ...(error.errors ? { errors: error.errors } : {}) });
        }
        throw error;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  standIn.url = `http://${options.host ?? "127.0.0.1"}:${address.port}`;
  standIn.apiUrl = `${standIn.url}/v2`;
  return standIn;
}

function oauthError(status: number, error: string, reason: string) {
  return { status, body: { reason, error } };
}

/** Why the authorize page would refuse these parameters, or null. */
function checkAuthorizeParams(params: URLSearchParams, clientId: string): string | null {
  if (params.get("response_type") !== "code") return "response_type must be code";
  if (params.get("client_id") !== clientId) return "Invalid client_id";
  const redirectUri = params.get("redirect_uri");
  if (!redirectUri || !/^https?:\/\//.test(redirectUri)) return "Invalid redirect: a redirect_uri is required";
  if (!params.get("code_challenge") || params.get("code_challenge_method") !== "S256") {
    return "This app requires PKCE: code_challenge with code_challenge_method S256";
  }
  return null;
}

function parseJson(body: string): Record<string, unknown> {
  const parsed = jsonObject(body);
  if (!parsed) throw new ZoomApiError(400, 300, "Request Body should be a valid JSON object.");
  return parsed;
}

const minuteMs = 60_000;

/** What Zoom sends about a finished session of `meeting`, in order. */
function sessionEvents(meeting: ZoomMeeting, host: ZoomUser, replay: ReplayOptions): Record<string, unknown>[] {
  const duration = replay.durationMinutes ?? meeting.duration;
  const start = replay.startedAt ?? new Date(Date.now() - duration * minuteMs);
  const at = (minute: number) => zoomTime(new Date(start.getTime() + minute * minuteMs));
  const participants = replay.participants ?? [
    { name: host.display_name, email: host.email, host: true, joinMinute: 0, leaveMinute: null },
    { name: "Guest", joinMinute: 2, leaveMinute: Math.max(2, duration - 2) },
  ];
  const uuid = `${randomBytes(16).toString("base64")}`;
  const object = {
    id: String(meeting.id),
    uuid,
    host_id: meeting.host_id,
    topic: meeting.topic,
    type: meeting.type,
    start_time: at(0),
    timezone: meeting.timezone,
    duration: meeting.duration,
  };
  const envelope = (event: string, payloadObject: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    event,
    event_ts: Date.now(),
    payload: { account_id: host.account_id, object: payloadObject },
    ...extra,
  });
  const timeline: { minute: number; order: number; event: Record<string, unknown> }[] = [
    { minute: 0, order: 0, event: envelope("meeting.started", object) },
  ];
  for (const person of participants) {
    const participant = {
      user_id: String(randomInt(16_000_000, 17_000_000)),
      user_name: person.name,
      id: person.host ? host.id : "",
      participant_uuid: randomBytes(12).toString("base64url"),
      email: person.email ?? "",
    };
    const joinMinute = person.joinMinute ?? 0;
    const leaveMinute = person.leaveMinute ?? duration;
    timeline.push({
      minute: joinMinute,
      order: 1,
      event: envelope("meeting.participant_joined", { ...object, participant: { ...participant, join_time: at(joinMinute) } }),
    });
    timeline.push({
      minute: leaveMinute,
      order: 2,
      event: envelope("meeting.participant_left", {
        ...object,
        participant: { ...participant, leave_time: at(leaveMinute), leave_reason: "left the meeting" },
      }),
    });
  }
  timeline.push({ minute: duration, order: 3, event: envelope("meeting.ended", { ...object, end_time: at(duration) }) });
  if (replay.recording ?? true) {
    const file = (type: string, recordingType: string, size: number) => {
      const fileId = randomBytes(12).toString("hex");
      return {
        id: fileId,
        meeting_id: uuid,
        recording_start: at(0),
        recording_end: at(duration),
        file_type: type,
        file_extension: type,
        file_size: size,
        play_url: `https://zoom.us/rec/play/${fileId}`,
        download_url: `https://zoom.us/rec/download/${fileId}`,
        status: "completed",
        recording_type: recordingType,
      };
    };
    const files = [file("MP4", "shared_screen_with_speaker_view", 48_000_000), file("M4A", "audio_only", 6_000_000)];
    timeline.push({
      minute: duration + 5,
      order: 4,
      event: envelope(
        "recording.completed",
        {
          ...object,
          id: meeting.id,
          account_id: host.account_id,
          host_email: host.email,
          duration,
          total_size: files.reduce((sum, each) => sum + each.file_size, 0),
          recording_count: files.length,
          share_url: `https://zoom.us/rec/share/${randomBytes(16).toString("base64url")}`,
          password: randomBytes(6).toString("base64url"),
          recording_files: files,
        },
        { download_token: randomBytes(24).toString("base64url") },
      ),
    });
  }
  return timeline.sort((a, b) => a.minute - b.minute || a.order - b.order).map((entry) => entry.event);
}

/** Zoom returns GMT instants without milliseconds. */
function zoomTime(date: Date) {
  return `${date.toISOString().slice(0, 19)}Z`;
}

interface MeetingFields {
  topic?: string;
  type?: number;
  start_time?: string;
  duration?: number;
  timezone?: string;
  agenda?: string;
  waitingRoom?: boolean;
}

/** The checks Zoom makes of a meeting's fields; all problems are listed in one 300 answer. */
function validateMeeting(input: Record<string, unknown>, { creating }: { creating: boolean }): MeetingFields {
  const errors: { field: string; message: string }[] = [];
  const fields: MeetingFields = {};
  if (input.topic !== undefined) {
    if (typeof input.topic !== "string" || input.topic.length > 200) errors.push({ field: "topic", message: "Invalid field." });
    else fields.topic = input.topic;
  }
  if (input.type !== undefined) {
    if (![1, 2, 3, 8, 10].includes(input.type as number)) errors.push({ field: "type", message: "Invalid field." });
    else fields.type = input.type as number;
  }
  const scheduled = (fields.type ?? 2) === 2;
  if (input.start_time !== undefined) {
    const parsed = typeof input.start_time === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(input.start_time);
    if (!parsed) errors.push({ field: "start_time", message: "Invalid field." });
    else fields.start_time = zoomTime(new Date(input.start_time as string));
  } else if (creating && scheduled) {
    errors.push({ field: "start_time", message: "A scheduled meeting needs a start_time." });
  }
  if (input.duration !== undefined) {
    if (!Number.isInteger(input.duration) || (input.duration as number) < 1 || (input.duration as number) > 1440) {
      errors.push({ field: "duration", message: "Invalid field." });
    } else fields.duration = input.duration as number;
  } else if (creating && scheduled) {
    errors.push({ field: "duration", message: "A scheduled meeting needs a duration." });
  }
  if (input.timezone !== undefined) {
    if (typeof input.timezone !== "string" || !isTimeZone(input.timezone)) errors.push({ field: "timezone", message: "Invalid field." });
    else fields.timezone = input.timezone;
  }
  if (input.agenda !== undefined) {
    if (typeof input.agenda !== "string" || input.agenda.length > 2000) errors.push({ field: "agenda", message: "Invalid field." });
    else fields.agenda = input.agenda;
  }
  if (input.settings !== undefined) {
    const settings = input.settings;
    if (typeof settings !== "object" || settings === null) errors.push({ field: "settings", message: "Invalid field." });
    else if ("waiting_room" in settings) {
      const waitingRoom = settings.waiting_room;
      if (typeof waitingRoom !== "boolean") errors.push({ field: "settings.waiting_room", message: "Invalid field." });
      else fields.waitingRoom = waitingRoom;
    }
  }
  if (errors.length > 0) throw new ZoomApiError(400, 300, "Validation Failed.", errors);
  return fields;
}
