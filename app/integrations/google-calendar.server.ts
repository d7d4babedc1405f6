// Google Calendar for a connected specialist, with fetch only (Node and workerd): OAuth through
// arctic's generic client at GOOGLE_AUTHORIZATION_URL / GOOGLE_TOKEN_URL / GOOGLE_REVOKE_URL (the
// same Google OAuth client as sign-in), and the Calendar v3 calls the app makes at
// GOOGLE_CALENDAR_API_URL, so tests point all of it at the stand-in (tests/stand-ins/google.ts).
import { ArcticFetchError, CodeChallengeMethod, decodeIdToken, OAuth2Client, OAuth2RequestError, type OAuth2Tokens } from "arctic";
import * as z from "zod";
import type { AppEnv } from "../env.server";
import { bearerJson, parseProviderAnswer } from "./bearer-json";
import { isPermanentStatus, ProviderError } from "./provider-error";

export interface GoogleCalendarConfig {
  clientId: string;
  clientSecret: string;
  authorizationUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  apiUrl: string;
}

/** Events on the calendars (the booking's Meet event), the list of calendars, and free/busy. */
export const googleCalendarScopes = [
  "openid",
  "email",
  "https://www.googleapis.com/auth/calendar.events",
  "https://www.googleapis.com/auth/calendar.calendarlist.readonly",
  "https://www.googleapis.com/auth/calendar.freebusy",
];
/** Without these the connection is useless; Google's consent screen lets the user untick them. */
export const requiredGoogleCalendarScopes = googleCalendarScopes.filter((scope) => scope.startsWith("https://"));

export function googleCalendarConfig(env: AppEnv): GoogleCalendarConfig | null {
  if (!env.GOOGLE_CLIENT_ID || !env.GOOGLE_CLIENT_SECRET) return null;
  return {
    clientId: env.GOOGLE_CLIENT_ID,
    clientSecret: env.GOOGLE_CLIENT_SECRET,
    authorizationUrl: env.GOOGLE_AUTHORIZATION_URL,
    tokenUrl: env.GOOGLE_TOKEN_URL,
    revokeUrl: env.GOOGLE_REVOKE_URL,
    apiUrl: env.GOOGLE_CALENDAR_API_URL,
  };
}

/**
 * Google no longer accepts this grant: the refresh token expired or was revoked (`invalid_grant`),
 * or the API refused the access token (401). Only the user can fix it, by reconnecting.
 */
export class GoogleAuthorizationError extends Error {
  override name = "GoogleAuthorizationError";
}

export interface GoogleTokens {
  accessToken: string;
  /** Google sends one only with the code exchange (access_type=offline); a refresh keeps the old one. */
  refreshToken: string | null;
  expiresInSeconds: number;
  scopes: string;
  idToken: string | null;
}

function tokensFrom(tokens: OAuth2Tokens): GoogleTokens {
  return {
    accessToken: tokens.accessToken(),
    refreshToken: tokens.hasRefreshToken() ? tokens.refreshToken() : null,
    expiresInSeconds: tokens.accessTokenExpiresInSeconds(),
    scopes: "scope" in tokens.data && typeof tokens.data.scope === "string" ? tokens.data.scope : "",
    idToken: "id_token" in tokens.data && typeof tokens.data.id_token === "string" ? tokens.data.id_token : null,
  };
}

function oauthFailure(error: unknown, action: string): Error {
  if (error instanceof OAuth2RequestError) {
    if (error.code === "invalid_grant") return new GoogleAuthorizationError(`Google refused the grant while ${action}: ${error.code}`);
    return new ProviderError(`Google refused ${action}: ${error.code}`, { permanent: true, status: 400, cause: error });
  }
  if (error instanceof ArcticFetchError)
    return new ProviderError(`Google could not be reached while ${action}`, { permanent: false, cause: error });
  return new ProviderError(`Google answered unexpectedly while ${action}`, { permanent: false, cause: error });
}

export function googleCalendarOAuth(config: GoogleCalendarConfig, redirectUri: string) {
  const client = new OAuth2Client(config.clientId, config.clientSecret, redirectUri);
  return {
    authorizationUrl(state: string, codeVerifier: string): URL {
      const url = client.createAuthorizationURLWithPKCE(
        config.authorizationUrl,
        state,
        CodeChallengeMethod.S256,
        codeVerifier,
        googleCalendarScopes,
      );
      // A refresh token (offline), and one on every connect: Google only sends it with consent.
      url.searchParams.set("access_type", "offline");
      url.searchParams.set("prompt", "consent");
      return url;
    },
    async exchangeCode(code: string, codeVerifier: string): Promise<GoogleTokens> {
      try {
        return tokensFrom(await client.validateAuthorizationCode(config.tokenUrl, code, codeVerifier));
      } catch (error) {
        throw oauthFailure(error, "exchanging the authorization code");
      }
    },
    async refresh(refreshToken: string): Promise<GoogleTokens> {
      try {
        return tokensFrom(await client.refreshAccessToken(config.tokenUrl, refreshToken, []));
      } catch (error) {
        throw oauthFailure(error, "refreshing the access token");
      }
    },
    /** Revoking the refresh token ends the whole grant (and its access tokens). */
    async revoke(token: string): Promise<void> {
      try {
        await client.revokeToken(config.revokeUrl, token);
      } catch (error) {
        throw oauthFailure(error, "revoking the token");
      }
    },
  };
}

const idTokenSchema = z.object({ sub: z.string().min(1), email: z.string().optional(), name: z.string().optional() });

/** Who connected, from the id_token the token endpoint sent over TLS (no signature check needed). */
export function googleIdentity(idToken: string | null): { id: string; email: string | null; name: string | null } {
  let claims: unknown;
  try {
    claims = idToken ? decodeIdToken(idToken) : null;
  } catch {
    claims = null;
  }
  const parsed = idTokenSchema.safeParse(claims);
  if (!parsed.success) throw new ProviderError("Google sent no readable id_token", { permanent: false });
  return { id: parsed.data.sub, email: parsed.data.email ?? null, name: parsed.data.name ?? null };
}

const errorSchema = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional() }).loose()).optional(),
  }),
});

/** Google's 403s that mean "slow down", not "forbidden". */
const retryableReasons = new Set(["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"]);

const calendarListSchema = z.object({
  items: z.array(z.object({ id: z.string(), summary: z.string().optional(), primary: z.boolean().optional() }).loose()).default([]),
  nextPageToken: z.string().optional(),
});

const freeBusySchema = z.object({
  calendars: z
    .record(
      z.string(),
      z.object({
        busy: z.array(z.object({ start: z.string(), end: z.string() })).default([]),
        errors: z.array(z.object({ domain: z.string().optional(), reason: z.string() })).optional(),
      }),
    )
    .default({}),
});

const eventSchema = z.object({
  id: z.string().min(1),
  htmlLink: z.string().optional(),
  hangoutLink: z.string().optional(),
  conferenceData: z
    .object({ entryPoints: z.array(z.object({ entryPointType: z.string(), uri: z.string() })).optional() })
    .loose()
    .optional(),
});

export interface GoogleCalendar {
  id: string;
  name: string;
  primary: boolean;
}

export interface GoogleBusyCalendar {
  busy: { start: Date; end: Date }[];
  /** Why Google couldn't answer for this calendar (e.g. notFound); its busy list is then empty. */
  errors: string[];
}

export interface GoogleEventInput {
  summary: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  /** The specialist's IANA zone, for how Google shows the event to them. */
  timeZone: string;
  attendees: { email: string; displayName?: string }[];
  /** Asks Google for a new Meet conference; unique per booking state (Google dedupes by it). */
  meetRequestId?: string;
}

export interface GoogleEvent {
  id: string;
  /** The Meet link, when the event has a conference. */
  meetUrl: string | null;
}

function eventBody(input: Partial<GoogleEventInput>) {
  return {
    ...(input.summary !== undefined ? { summary: input.summary.slice(0, 1000) } : {}),
    ...(input.description !== undefined ? { description: input.description.slice(0, 8000) } : {}),
    ...(input.startsAt ? { start: { dateTime: input.startsAt.toISOString(), timeZone: input.timeZone } } : {}),
    ...(input.endsAt ? { end: { dateTime: input.endsAt.toISOString(), timeZone: input.timeZone } } : {}),
    ...(input.attendees ? { attendees: input.attendees } : {}),
    ...(input.meetRequestId
      ? { conferenceData: { createRequest: { requestId: input.meetRequestId, conferenceSolutionKey: { type: "hangoutsMeet" } } } }
      : {}),
  };
}

// The app sends its own confirmations (with the link) to both parties: no Google emails on top.
const sendUpdates = "none";

/** The Calendar v3 API for one access token. */
export function googleCalendarApi(config: GoogleCalendarConfig, accessToken: string) {
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const answer = await bearerJson("Google Calendar", `${config.apiUrl}${path}`, accessToken, method, body);
    if (answer.ok) return answer.value;
    const parsed = errorSchema.safeParse(answer.body).data?.error ?? {};
    if (answer.status === 401) throw new GoogleAuthorizationError(`Google refused the access token: ${parsed.message ?? 401}`);
    const reasons = (parsed.errors ?? []).map((error) => error.reason ?? "");
    const retryable = !isPermanentStatus(answer.status) || (answer.status === 403 && reasons.some((r) => retryableReasons.has(r)));
    const detail = reasons.length > 0 ? ` (${reasons.join(", ")}: ${parsed.message ?? ""})` : "";
    throw new ProviderError(`Google Calendar answered ${answer.status} to ${method} ${path}${detail}`, {
      permanent: !retryable,
      status: answer.status,
    });
  }

  const parse = <T>(schema: z.ZodType<T>, value: unknown, what: string) => parseProviderAnswer("Google", schema, value, what);

  function toEvent(value: unknown): GoogleEvent {
    const event = parse(eventSchema, value, "an event");
    const video = event.conferenceData?.entryPoints?.find((entry) => entry.entryPointType === "video")?.uri;
    return { id: event.id, meetUrl: event.hangoutLink ?? video ?? null };
  }

  const eventsPath = (calendarId: string) => `/calendars/${encodeURIComponent(calendarId)}/events`;

  return {
    async listCalendars(): Promise<GoogleCalendar[]> {
      const calendars: GoogleCalendar[] = [];
      let pageToken: string | undefined;
      do {
        const query = new URLSearchParams({ maxResults: "250", ...(pageToken ? { pageToken } : {}) });
        const page = parse(calendarListSchema, await call("GET", `/users/me/calendarList?${query}`), "a calendar list");
        for (const item of page.items) calendars.push({ id: item.id, name: item.summary ?? item.id, primary: item.primary === true });
        pageToken = page.nextPageToken;
      } while (pageToken);
      return calendars;
    },
    async freeBusy(input: { timeMin: Date; timeMax: Date; calendarIds: string[] }): Promise<Map<string, GoogleBusyCalendar>> {
      const answer = parse(
        freeBusySchema,
        await call("POST", "/freeBusy", {
          timeMin: input.timeMin.toISOString(),
          timeMax: input.timeMax.toISOString(),
          items: input.calendarIds.map((id) => ({ id })),
        }),
        "free/busy",
      );
      return new Map(
        Object.entries(answer.calendars).map(([id, calendar]) => [
          id,
          {
            busy: calendar.busy.map((interval) => ({ start: new Date(interval.start), end: new Date(interval.end) })),
            errors: (calendar.errors ?? []).map((error) => error.reason),
          },
        ]),
      );
    },
    async insertEvent(calendarId: string, input: GoogleEventInput): Promise<GoogleEvent> {
      const query = new URLSearchParams({ conferenceDataVersion: "1", sendUpdates });
      return toEvent(await call("POST", `${eventsPath(calendarId)}?${query}`, eventBody(input)));
    },
    async patchEvent(calendarId: string, eventId: string, input: Partial<GoogleEventInput>): Promise<GoogleEvent> {
      const query = new URLSearchParams({ conferenceDataVersion: "1", sendUpdates });
      return toEvent(await call("PATCH", `${eventsPath(calendarId)}/${encodeURIComponent(eventId)}?${query}`, eventBody(input)));
    },
    /** An event already gone (404, or 410 once deleted) counts as deleted. */
    async deleteEvent(calendarId: string, eventId: string): Promise<void> {
      try {
        await call("DELETE", `${eventsPath(calendarId)}/${encodeURIComponent(eventId)}?${new URLSearchParams({ sendUpdates })}`);
      } catch (error) {
        if (error instanceof ProviderError && (error.status === 404 || error.status === 410)) return;
        throw error;
      }
    },
  };
}

export type GoogleCalendarApi = ReturnType<typeof googleCalendarApi>;
