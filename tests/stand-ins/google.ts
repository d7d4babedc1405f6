import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { consentPage, errorPage, isTimeZone, jsonObject, pkceMatches, respond } from "./oauth-pages";

// A stand-in for the parts of Google the app uses, as Google's OAuth 2.0 (web server apps) and
// Calendar API v3 references describe them:
// - OAuth: GET /o/oauth2/v2/auth shows a consent page whose "Allow" redirects back with a code
//   (bound to the PKCE S256 challenge); POST /token (client credentials in HTTP Basic or the form)
//   for authorization_code (a refresh_token only with access_type=offline; an id_token with the
//   account's email when `openid` was asked for) and refresh_token (no new refresh token: the old
//   one stays good); an unknown, expired or revoked token gets 400 `{"error":"invalid_grant"}`;
//   POST /revoke ends the whole grant.
// - Calendar v3 under /calendar/v3 with `Authorization: Bearer`: calendarList.list, events.insert
//   (with `conferenceDataVersion=1`, `conferenceData.createRequest` gets a Meet conference:
//   `hangoutLink` and `conferenceData.entryPoints`), events.patch, events.delete (410 once deleted,
//   404 if unknown), freeBusy.query (busy from the calendar's opaque, confirmed events within
//   timeMin..timeMax; `errors: [{reason: "notFound"}]` for an unknown calendar). Errors take Google's
//   shape `{error: {code, message, errors: [{domain, reason, message}], status}}`.
// Events inserted through the API are what makes a calendar busy. The default account has a
// primary calendar and a second one ("Team"), for calendar selection.

export interface GoogleAccount {
  sub: string;
  email: string;
  name: string;
}

export interface GoogleEvent {
  kind: "calendar#event";
  id: string;
  status: "confirmed" | "cancelled";
  summary?: string;
  description?: string;
  start: { dateTime: string; timeZone?: string };
  end: { dateTime: string; timeZone?: string };
  transparency?: "opaque" | "transparent";
  attendees?: { email: string; displayName?: string; responseStatus: string }[];
  hangoutLink?: string;
  conferenceData?: {
    createRequest: { requestId: string; conferenceSolutionKey: { type: string }; status: { statusCode: "success" } };
    entryPoints: { entryPointType: "video"; uri: string; label: string }[];
    conferenceSolution: { key: { type: "hangoutsMeet" }; name: "Google Meet" };
    conferenceId: string;
  };
  htmlLink: string;
  created: string;
  updated: string;
}

export interface GoogleCalendar {
  id: string;
  summary: string;
  primary: boolean;
  timeZone: string;
  /** By id, deleted ones kept as `cancelled` (Google answers 410 for them). */
  events: Map<string, GoogleEvent>;
}

export interface GoogleRequest {
  method: string;
  path: string;
  query: string;
  status: number;
}

export interface GoogleStandInOptions {
  clientId?: string;
  clientSecret?: string;
  account?: Partial<GoogleAccount>;
  accessTokenLifetimeSeconds?: number;
  port?: number;
  host?: string;
}

export interface GoogleStandIn {
  /** The origin. */
  url: string;
  /** GOOGLE_AUTHORIZATION_URL */
  authorizationUrl: string;
  /** GOOGLE_TOKEN_URL */
  tokenUrl: string;
  /** GOOGLE_REVOKE_URL */
  revokeUrl: string;
  /** GOOGLE_CALENDAR_API_URL */
  calendarApiUrl: string;
  clientId: string;
  clientSecret: string;
  /** The app's GOOGLE_* settings that point it at this stand-in. */
  appEnv(): Record<string, string>;
  account: GoogleAccount;
  /** The account's calendars by id: the primary one (id = the email) and "Team". */
  calendars: Map<string, GoogleCalendar>;
  primaryCalendar: GoogleCalendar;
  requests: GoogleRequest[];
  /** What pressing "Allow" (or "Cancel") on the consent page at `authorizationUrl` redirects to. */
  consent(authorizationUrl: string, decision?: "allow" | "deny"): string;
  /** The next `count` Calendar calls answer `status` with `reason` (Google's outages and rate limits). */
  failNext(count: number, status?: number, reason?: string): void;
  /** The user removes the app from their Google account: every token of every grant stops working. */
  revokeAllGrants(): void;
  /** Every access token issued so far expires now (refresh tokens still work). */
  expireAccessTokens(): void;
  /** The live (not cancelled) events of a calendar. */
  liveEvents(calendarId?: string): GoogleEvent[];
  close(): Promise<void>;
}

interface Grant {
  revoked: boolean;
  scope: string;
}

class GoogleApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

const statusNames: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ALREADY_EXISTS",
  410: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};
const codeLifetimeMs = 5 * 60_000;

export async function startGoogleStandIn(options: GoogleStandInOptions = {}): Promise<GoogleStandIn> {
  const clientId = options.clientId ?? `${randomBytes(6).toString("hex")}.apps.googleusercontent.com`;
  const clientSecret = options.clientSecret ?? `GOCSPX-${randomBytes(12).toString("hex")}`;
  const lifetimeSeconds = options.accessTokenLifetimeSeconds ?? 3599;
  const account: GoogleAccount = {
    sub: "104328765098712345678",
    email: "specialist@gmail.example",
    name: "Google User",
    ...options.account,
  };
  const primary: GoogleCalendar = { id: account.email, summary: account.email, primary: true, timeZone: "UTC", events: new Map() };
  const team: GoogleCalendar = {
    id: `team${randomBytes(6).toString("hex")}@group.calendar.google.com`,
    summary: "Team",
    primary: false,
    timeZone: "UTC",
    events: new Map(),
  };
  const codes = new Map<string, { grant: Grant; redirectUri: string; codeChallenge: string; offline: boolean; expiresAt: number }>();
  const accessTokens = new Map<string, { grant: Grant; expiresAt: number }>();
  const refreshTokens = new Map<string, Grant>();
  const grants: Grant[] = [];
  let failures = { count: 0, status: 500, reason: "backendError" };

  const standIn: GoogleStandIn = {
    url: "",
    authorizationUrl: "",
    tokenUrl: "",
    revokeUrl: "",
    calendarApiUrl: "",
    clientId,
    clientSecret,
    appEnv: () => ({
      GOOGLE_CLIENT_ID: clientId,
      GOOGLE_CLIENT_SECRET: clientSecret,
      GOOGLE_AUTHORIZATION_URL: standIn.authorizationUrl,
      GOOGLE_TOKEN_URL: standIn.tokenUrl,
      GOOGLE_REVOKE_URL: standIn.revokeUrl,
      GOOGLE_CALENDAR_API_URL: standIn.calendarApiUrl,
    }),
    account,
    calendars: new Map([
      [primary.id, primary],
      [team.id, team],
    ]),
    primaryCalendar: primary,
    requests: [],
    consent(authorizationUrl, decision = "allow") {
      const params = new URL(authorizationUrl).searchParams;
      const problem = checkAuthorizeParams(params, clientId);
      if (problem) throw new Error(`The consent page would refuse this: ${problem}`);
      return decide(Object.fromEntries(params), decision);
    },
    failNext(count, status = 500, reason = status === 403 ? "rateLimitExceeded" : "backendError") {
      failures = { count, status, reason };
    },
    revokeAllGrants() {
      for (const grant of grants) grant.revoked = true;
    },
    expireAccessTokens() {
      for (const token of accessTokens.values()) token.expiresAt = 0;
    },
    liveEvents(calendarId = primary.id) {
      return [...(standIn.calendars.get(calendarId)?.events.values() ?? [])].filter((event) => event.status !== "cancelled");
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  function decide(params: Record<string, string>, decision: "allow" | "deny") {
    const back = new URL(params.redirect_uri!);
    if (decision === "deny") {
      back.searchParams.set("error", "access_denied");
    } else {
      const grant: Grant = { revoked: false, scope: params.scope ?? "" };
      grants.push(grant);
      const code = `4/${randomBytes(24).toString("base64url")}`;
      codes.set(code, {
        grant,
        redirectUri: params.redirect_uri!,
        codeChallenge: params.code_challenge!,
        offline: params.access_type === "offline",
        expiresAt: Date.now() + codeLifetimeMs,
      });
      back.searchParams.set("code", code);
      back.searchParams.set("scope", grant.scope);
    }
    if (params.state) back.searchParams.set("state", params.state);
    return back.toString();
  }

  function idToken(scope: string) {
    if (!scope.split(" ").includes("openid")) return {};
    const now = Math.floor(Date.now() / 1000);
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const claims = {
      iss: "https://accounts.google.com",
      aud: clientId,
      azp: clientId,
      sub: account.sub,
      iat: now,
      exp: now + 3600,
      ...(scope.split(" ").includes("email") ? { email: account.email, email_verified: true } : {}),
      name: account.name,
    };
    return { id_token: `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}.${randomBytes(32).toString("base64url")}` };
  }

  function issueAccessToken(grant: Grant) {
    const accessToken = `ya29.${randomBytes(24).toString("base64url")}`;
    accessTokens.set(accessToken, { grant, expiresAt: Date.now() + lifetimeSeconds * 1000 });
    return { access_token: accessToken, expires_in: lifetimeSeconds, scope: grant.scope, token_type: "Bearer" };
  }

  function clientAuthenticated(request: IncomingMessage, form: URLSearchParams) {
    const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
    return request.headers.authorization === basic || (form.get("client_id") === clientId && form.get("client_secret") === clientSecret);
  }

  function token(request: IncomingMessage, form: URLSearchParams) {
    if (!clientAuthenticated(request, form)) return oauthError(401, "invalid_client", "The OAuth client was not found.");
    const grantType = form.get("grant_type");
    if (grantType === "authorization_code") {
      const code = form.get("code") ?? "";
      const pending = codes.get(code);
      codes.delete(code);
      if (!pending || pending.expiresAt < Date.now() || pending.grant.revoked)
        return oauthError(400, "invalid_grant", "Malformed auth code.");
      if (form.get("redirect_uri") !== pending.redirectUri) return oauthError(400, "redirect_uri_mismatch", "Bad Request");
      const verifier = form.get("code_verifier") ?? "";
      if (!pkceMatches(verifier, pending.codeChallenge)) {
        return oauthError(400, "invalid_grant", "Invalid code verifier.");
      }
      let refresh = {};
      if (pending.offline) {
        const refreshToken = `1//${randomBytes(32).toString("base64url")}`;
        refreshTokens.set(refreshToken, pending.grant);
        refresh = { refresh_token: refreshToken };
      }
      return { status: 200, body: { ...issueAccessToken(pending.grant), ...refresh, ...idToken(pending.grant.scope) } };
    }
    if (grantType === "refresh_token") {
      const grant = refreshTokens.get(form.get("refresh_token") ?? "");
      if (!grant || grant.revoked) return oauthError(400, "invalid_grant", "Token has been expired or revoked.");
      return { status: 200, body: issueAccessToken(grant) };
    }
    return oauthError(400, "unsupported_grant_type", "Invalid grant_type: " + (grantType ?? ""));
  }

  function revoke(form: URLSearchParams, query: URLSearchParams) {
    const value = form.get("token") ?? query.get("token") ?? "";
    const grant = accessTokens.get(value)?.grant ?? refreshTokens.get(value);
    if (!grant || grant.revoked) return oauthError(400, "invalid_token", "Token expired or revoked");
    grant.revoked = true;
    return { status: 200, body: {} };
  }

  function calendar(id: string) {
    const resolved = id === "primary" ? primary : standIn.calendars.get(id);
    if (!resolved) throw new GoogleApiError(404, "notFound", "Not Found");
    return resolved;
  }

  function api(request: IncomingMessage, path: string, query: URLSearchParams, body: string): { status: number; body?: unknown } {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    const access = bearer ? accessTokens.get(bearer) : undefined;
    if (!access || access.grant.revoked || access.expiresAt <= Date.now()) {
      throw new GoogleApiError(401, "authError", "Request had invalid authentication credentials.");
    }
    if (failures.count > 0) {
      failures.count -= 1;
      throw new GoogleApiError(failures.status, failures.reason, failures.status === 403 ? "Rate Limit Exceeded" : "Backend Error");
    }
    const scopes = access.grant.scope.split(" ");
    const needs = (...wanted: string[]) => {
      if (!wanted.some((scope) => scopes.includes(`https://www.googleapis.com/auth/${scope}`))) {
        throw new GoogleApiError(403, "insufficientPermissions", "Request had insufficient authentication scopes.");
      }
    };

    if (request.method === "GET" && path === "/users/me/calendarList") {
      needs("calendar", "calendar.readonly", "calendar.calendarlist.readonly", "calendar.calendarlist");
      return {
        status: 200,
        body: {
          kind: "calendar#calendarList",
          items: [...standIn.calendars.values()].map((entry) => ({
            kind: "calendar#calendarListEntry",
            id: entry.id,
            summary: entry.summary,
            timeZone: entry.timeZone,
            accessRole: "owner",
            ...(entry.primary ? { primary: true } : {}),
          })),
        },
      };
    }
    if (request.method === "POST" && path === "/freeBusy") {
      needs("calendar", "calendar.readonly", "calendar.freebusy", "calendar.events.freebusy");
      return { status: 200, body: freeBusy(parseJson(body)) };
    }
    const eventsPath = /^\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(path);
    if (eventsPath) {
      needs("calendar", "calendar.events");
      const target = calendar(decodeURIComponent(eventsPath[1]!));
      const conferences = query.get("conferenceDataVersion") === "1";
      if (!eventsPath[2] && request.method === "POST") {
        const event = newEvent(parseJson(body), conferences);
        target.events.set(event.id, event);
        return { status: 200, body: event };
      }
      const event = eventsPath[2] ? target.events.get(decodeURIComponent(eventsPath[2])) : undefined;
      if (eventsPath[2] && !event) throw new GoogleApiError(404, "notFound", "Not Found");
      if (event && event.status === "cancelled" && request.method === "DELETE") {
        throw new GoogleApiError(410, "deleted", "Resource has been deleted");
      }
      if (event && request.method === "PATCH") {
        Object.assign(event, patched(event, parseJson(body), conferences));
        return { status: 200, body: event };
      }
      if (event && request.method === "DELETE") {
        event.status = "cancelled";
        event.updated = new Date().toISOString();
        return { status: 204 };
      }
    }
    throw new GoogleApiError(404, "notFound", "Not Found");
  }

  function freeBusy(input: Record<string, unknown>) {
    const timeMin = instant(input.timeMin, "timeMin");
    const timeMax = instant(input.timeMax, "timeMax");
    if (timeMax <= timeMin) throw new GoogleApiError(400, "timeRangeEmpty", "The specified time range is empty.");
    const items = Array.isArray(input.items) ? (input.items as { id?: unknown }[]) : [];
    const calendars: Record<string, unknown> = {};
    for (const item of items) {
      const id = typeof item.id === "string" ? item.id : "";
      const found = id === "primary" ? primary : standIn.calendars.get(id);
      if (!found) {
        calendars[id] = { errors: [{ domain: "global", reason: "notFound" }], busy: [] };
        continue;
      }
      const intervals = [...found.events.values()]
        .filter((event) => event.status === "confirmed" && event.transparency !== "transparent")
        .map((event) => ({ start: Date.parse(event.start.dateTime), end: Date.parse(event.end.dateTime) }))
        .filter((interval) => interval.start < timeMax && interval.end > timeMin)
        .map((interval) => ({ start: Math.max(interval.start, timeMin), end: Math.min(interval.end, timeMax) }))
        .sort((a, b) => a.start - b.start);
      const merged: { start: number; end: number }[] = [];
      for (const interval of intervals) {
        const last = merged.at(-1);
        if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
        else merged.push({ ...interval });
      }
      calendars[id] = { busy: merged.map((interval) => ({ start: googleTime(interval.start), end: googleTime(interval.end) })) };
    }
    return { kind: "calendar#freeBusy", timeMin: googleTime(timeMin), timeMax: googleTime(timeMax), calendars };
  }

  function conference(requestId: string) {
    const letters = () =>
      randomBytes(8)
        .toString("hex")
        .replace(/\d/g, (digit) => "abcdefghij"[Number(digit)]!);
    const code = `${letters().slice(0, 3)}-${letters().slice(0, 4)}-${letters().slice(0, 3)}`;
    const uri = `https://meet.google.com/${code}`;
    return {
      hangoutLink: uri,
      conferenceData: {
        createRequest: { requestId, conferenceSolutionKey: { type: "hangoutsMeet" }, status: { statusCode: "success" as const } },
        entryPoints: [{ entryPointType: "video" as const, uri, label: uri.replace("https://", "") }],
        conferenceSolution: { key: { type: "hangoutsMeet" as const }, name: "Google Meet" as const },
        conferenceId: code,
      },
    };
  }

  function requestedConference(input: Record<string, unknown>, conferences: boolean, current?: GoogleEvent) {
    if (!conferences) return {};
    const createRequest = (input.conferenceData as { createRequest?: { requestId?: unknown; conferenceSolutionKey?: { type?: unknown } } })
      ?.createRequest;
    if (!createRequest) return {};
    if (typeof createRequest.requestId !== "string" || !createRequest.requestId) {
      throw new GoogleApiError(400, "invalid", "Invalid conference create request.");
    }
    if (createRequest.conferenceSolutionKey?.type !== "hangoutsMeet")
      throw new GoogleApiError(400, "invalid", "Invalid conference type value.");
    // The same requestId asks for the same conference again.
    if (current?.conferenceData?.createRequest.requestId === createRequest.requestId) return {};
    return conference(createRequest.requestId);
  }

  function newEvent(input: Record<string, unknown>, conferences: boolean): GoogleEvent {
    const fields = eventFields(input, { creating: true });
    const id = randomBytes(13).toString("hex");
    const now = new Date().toISOString();
    return {
      kind: "calendar#event",
      id,
      status: "confirmed",
      htmlLink: `${standIn.url}/calendar/event?eid=${id}`,
      created: now,
      updated: now,
      ...fields,
      start: fields.start!,
      end: fields.end!,
      ...requestedConference(input, conferences),
    };
  }

  function patched(event: GoogleEvent, input: Record<string, unknown>, conferences: boolean): Partial<GoogleEvent> {
    const fields = eventFields(input, { creating: false });
    const start = fields.start ?? event.start;
    const end = fields.end ?? event.end;
    if (Date.parse(end.dateTime) <= Date.parse(start.dateTime))
      throw new GoogleApiError(400, "timeRangeEmpty", "The specified time range is empty.");
    return { ...fields, ...requestedConference(input, conferences, event), updated: new Date().toISOString() };
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://stand-in");
      const body = Buffer.concat(chunks).toString("utf8");
      const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
        standIn.requests.push({ method: request.method ?? "GET", path: url.pathname, query: url.search, status });
        respond(response, status, payload, headers);
      };
      const html = (status: number, page: string) => send(status, undefined, { "content-type": "text/html; charset=utf-8", body: page });
      try {
        if (url.pathname === "/o/oauth2/v2/auth" && request.method === "GET") {
          const problem = checkAuthorizeParams(url.searchParams, clientId);
          if (problem) return html(400, errorPage("Google stand-in", problem));
          return html(
            200,
            consentPage({
              standIn: "Google stand-in (not Google)",
              heading: "This app wants to access your Google Account",
              account: account.email,
              params: url.searchParams,
              action: "/o/oauth2/v2/auth",
              denyLabel: "Cancel",
            }),
          );
        }
        if (url.pathname === "/o/oauth2/v2/auth" && request.method === "POST") {
          const form = new URLSearchParams(body);
          const problem = checkAuthorizeParams(form, clientId);
          if (problem) return html(400, errorPage("Google stand-in", problem));
          return send(302, undefined, { location: decide(Object.fromEntries(form), form.get("decision") === "deny" ? "deny" : "allow") });
        }
        if (url.pathname === "/token" && request.method === "POST") {
          const result = token(request, new URLSearchParams(body));
          return send(result.status, result.body);
        }
        if (url.pathname === "/revoke" && request.method === "POST") {
          const result = revoke(new URLSearchParams(body), url.searchParams);
          return send(result.status, result.body);
        }
        if (url.pathname.startsWith("/calendar/v3/")) {
          const result = api(request, url.pathname.slice("/calendar/v3".length), url.searchParams, body);
          return send(result.status, result.body);
        }
        throw new GoogleApiError(404, "notFound", "Not Found");
      } catch (error) {
        if (error instanceof GoogleApiError) {
          return send(error.status, {
            error: {
              code: error.status,
              message: error.message,
              errors: [
                {
                  domain: error.status === 403 && error.reason.endsWith("Exceeded") ? "usageLimits" : "global",
                  reason: error.reason,
                  message: error.message,
                },
              ],
              status: statusNames[error.status] ?? "UNKNOWN",
            },
          });
        }
        throw error;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  standIn.url = `http://${options.host ?? "127.0.0.1"}:${address.port}`;
  standIn.authorizationUrl = `${standIn.url}/o/oauth2/v2/auth`;
  standIn.tokenUrl = `${standIn.url}/token`;
  standIn.revokeUrl = `${standIn.url}/revoke`;
  standIn.calendarApiUrl = `${standIn.url}/calendar/v3`;
  return standIn;
}

function oauthError(status: number, error: string, description: string) {
  return { status, body: { error, error_description: description } };
}

function checkAuthorizeParams(params: URLSearchParams, clientId: string): string | null {
  if (params.get("client_id") !== clientId) return "Error 401: invalid_client. The OAuth client was not found.";
  if (params.get("response_type") !== "code") return "Error 400: invalid_request. response_type must be code";
  const redirectUri = params.get("redirect_uri");
  if (!redirectUri || !/^https?:\/\//.test(redirectUri)) return "Error 400: redirect_uri_mismatch";
  if (!params.get("scope")) return "Error 400: invalid_request. Missing required parameter: scope";
  if (params.has("code_challenge") && params.get("code_challenge_method") !== "S256") {
    return "Error 400: invalid_request. Invalid code_challenge_method";
  }
  return null;
}

function parseJson(body: string): Record<string, unknown> {
  const parsed = jsonObject(body);
  if (!parsed) throw new GoogleApiError(400, "parseError", "Parse Error");
  return parsed;
}

function googleTime(ms: number) {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

function instant(value: unknown, field: string): number {
  const parsed =
    typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(parsed)) throw new GoogleApiError(400, "invalid", `Invalid value for: ${field}`);
  return parsed;
}

function eventTime(value: unknown, field: string): { dateTime: string; timeZone?: string } {
  const time = value as { dateTime?: unknown; timeZone?: unknown } | null;
  if (typeof time !== "object" || time === null) throw new GoogleApiError(400, "required", `Missing ${field} time.`);
  const dateTime = googleTime(instant(time.dateTime, `${field}.dateTime`));
  if (time.timeZone === undefined) return { dateTime };
  if (typeof time.timeZone !== "string" || !isTimeZone(time.timeZone))
    throw new GoogleApiError(400, "invalid", `Invalid time zone definition for ${field} time.`);
  return { dateTime, timeZone: time.timeZone };
}

function eventFields(input: Record<string, unknown>, { creating }: { creating: boolean }): Partial<GoogleEvent> {
  const fields: Partial<GoogleEvent> = {};
  if (input.summary !== undefined) {
    if (typeof input.summary !== "string") throw new GoogleApiError(400, "invalid", "Invalid value for: summary");
    fields.summary = input.summary;
  }
  if (input.description !== undefined) {
    if (typeof input.description !== "string") throw new GoogleApiError(400, "invalid", "Invalid value for: description");
    fields.description = input.description;
  }
  if (input.start !== undefined || creating) fields.start = eventTime(input.start, "start");
  if (input.end !== undefined || creating) fields.end = eventTime(input.end, "end");
  if (creating && Date.parse(fields.end!.dateTime) <= Date.parse(fields.start!.dateTime)) {
    throw new GoogleApiError(400, "timeRangeEmpty", "The specified time range is empty.");
  }
  if (input.transparency !== undefined) {
    if (input.transparency !== "opaque" && input.transparency !== "transparent")
      throw new GoogleApiError(400, "invalid", "Invalid value for: transparency");
    fields.transparency = input.transparency;
  }
  if (input.attendees !== undefined) {
    const attendees = input.attendees;
    if (!Array.isArray(attendees)) throw new GoogleApiError(400, "invalid", "Invalid value for: attendees");
    fields.attendees = attendees.map((attendee: { email?: unknown; displayName?: unknown }) => {
      if (typeof attendee.email !== "string" || !/^[^@\s]+@[^@\s]+$/.test(attendee.email)) {
        throw new GoogleApiError(400, "invalid", "Invalid attendee email.");
      }
      return {
        email: attendee.email,
        ...(typeof attendee.displayName === "string" ? { displayName: attendee.displayName } : {}),
        responseStatus: "needsAction",
      };
    });
  }
  return fields;
}
