// Zoom, with fetch only (Node and workerd): OAuth through arctic's generic client, and the REST
// calls the app makes. arctic's `Zoom` provider does the same OAuth (PKCE S256, Basic client
// credentials) but hard-codes zoom.us, so the generic client is pointed at ZOOM_OAUTH_URL's
// /oauth/authorize, /oauth/token and /oauth/revoke instead, which lets tests use the stand-in.
import { ArcticFetchError, CodeChallengeMethod, OAuth2Client, OAuth2RequestError, type OAuth2Tokens } from "arctic";
import * as z from "zod";
import type { AppEnv } from "../env.server";
import { bearerJson, parseProviderAnswer } from "./bearer-json";
import { isPermanentStatus, ProviderError } from "./provider-error";

export interface ZoomConfig {
  clientId: string;
  clientSecret: string;
  oauthUrl: string;
  apiUrl: string;
}

/** The granular scopes the app asks for: create/update/delete meetings, read the user's own profile. */
export const zoomScopes = ["meeting:write:meeting", "meeting:update:meeting", "meeting:delete:meeting", "user:read:user"];

export function zoomConfig(env: AppEnv): ZoomConfig | null {
  if (!env.ZOOM_CLIENT_ID || !env.ZOOM_CLIENT_SECRET) return null;
  return { clientId: env.ZOOM_CLIENT_ID, clientSecret: env.ZOOM_CLIENT_SECRET, oauthUrl: env.ZOOM_OAUTH_URL, apiUrl: env.ZOOM_API_URL };
}

/**
 * Zoom no longer accepts this grant: the refresh token was used or revoked (`invalid_grant`), or
 * the API refused the access token (401, code 124). Only the user can fix it, by reconnecting.
 */
export class ZoomAuthorizationError extends Error {
  override name = "ZoomAuthorizationError";
}

export interface ZoomTokens {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
  scopes: string;
}

function tokensFrom(tokens: OAuth2Tokens): ZoomTokens {
  return {
    accessToken: tokens.accessToken(),
    refreshToken: tokens.refreshToken(),
    expiresInSeconds: tokens.accessTokenExpiresInSeconds(),
    scopes: "scope" in tokens.data && typeof tokens.data.scope === "string" ? tokens.data.scope : "",
  };
}

/** What an arctic failure means to the app: a dead grant, or a provider failure worth retrying (or not). */
function oauthFailure(error: unknown, action: string): Error {
  if (error instanceof OAuth2RequestError) {
    if (error.code === "invalid_grant") return new ZoomAuthorizationError(`Zoom refused the grant while ${action}: ${error.code}`);
    return new ProviderError(`Zoom refused ${action}: ${error.code}`, { permanent: true, status: 400, cause: error });
  }
  if (error instanceof ArcticFetchError)
    return new ProviderError(`Zoom could not be reached while ${action}`, { permanent: false, cause: error });
  return new ProviderError(`Zoom answered unexpectedly while ${action}`, { permanent: false, cause: error });
}

export function zoomOAuth(config: ZoomConfig, redirectUri: string) {
  const client = new OAuth2Client(config.clientId, config.clientSecret, redirectUri);
  const endpoint = (path: string) => `${config.oauthUrl}/oauth/${path}`;
  return {
    authorizationUrl(state: string, codeVerifier: string): URL {
      return client.createAuthorizationURLWithPKCE(endpoint("authorize"), state, CodeChallengeMethod.S256, codeVerifier, zoomScopes);
    },
    async exchangeCode(code: string, codeVerifier: string): Promise<ZoomTokens> {
      try {
        return tokensFrom(await client.validateAuthorizationCode(endpoint("token"), code, codeVerifier));
      } catch (error) {
        throw oauthFailure(error, "exchanging the authorization code");
      }
    },
    /** Zoom rotates refresh tokens: the one returned replaces the one given, which stops working. */
    async refresh(refreshToken: string): Promise<ZoomTokens> {
      try {
        return tokensFrom(await client.refreshAccessToken(endpoint("token"), refreshToken, []));
      } catch (error) {
        throw oauthFailure(error, "refreshing the access token");
      }
    },
    async revoke(token: string): Promise<void> {
      try {
        await client.revokeToken(endpoint("revoke"), token);
      } catch (error) {
        throw oauthFailure(error, "revoking the token");
      }
    },
  };
}

const userSchema = z.object({
  id: z.string().min(1),
  email: z.string().optional(),
  display_name: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
});

export interface ZoomUserProfile {
  id: string;
  email: string | null;
  name: string | null;
}

const meetingSchema = z.object({
  id: z.number().int(),
  join_url: z.string(),
  start_url: z.string(),
  password: z.string().optional(),
  start_time: z.string().optional(),
  duration: z.number().optional(),
  timezone: z.string().optional(),
});

export type ZoomMeeting = z.infer<typeof meetingSchema>;

export interface ZoomMeetingInput {
  topic: string;
  /** UTC; sent as Zoom's GMT form (yyyy-MM-ddTHH:mm:ssZ). */
  startsAt: Date;
  durationMinutes: number;
  /** The specialist's IANA zone, for how Zoom shows the meeting to them. */
  timezone: string;
  waitingRoom: boolean;
  agenda?: string;
}

const errorSchema = z.object({ code: z.number().optional(), message: z.string().optional() });

function meetingBody(input: Partial<ZoomMeetingInput>) {
  return {
    ...(input.topic !== undefined ? { topic: input.topic.slice(0, 200) } : {}),
    type: 2,
    ...(input.startsAt ? { start_time: `${input.startsAt.toISOString().slice(0, 19)}Z` } : {}),
    ...(input.durationMinutes !== undefined ? { duration: input.durationMinutes } : {}),
    ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
    ...(input.agenda !== undefined ? { agenda: input.agenda.slice(0, 2000) } : {}),
    ...(input.waitingRoom !== undefined ? { settings: { waiting_room: input.waitingRoom } } : {}),
  };
}

/** The REST API for one access token. */
export function zoomApi(config: ZoomConfig, accessToken: string) {
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const answer = await bearerJson("Zoom", `${config.apiUrl}${path}`, accessToken, method, body);
    if (answer.ok) return answer.value;
    // Not Zoom's {code, message}: the status says enough.
    const parsed = errorSchema.safeParse(answer.body).data ?? {};
    if (answer.status === 401 || parsed.code === 124) {
      throw new ZoomAuthorizationError(`Zoom refused the access token: ${parsed.message ?? answer.status}`);
    }
    const detail = parsed.code !== undefined ? ` (code ${parsed.code}: ${parsed.message ?? ""})` : "";
    throw new ProviderError(`Zoom answered ${answer.status} to ${method} ${path}${detail}`, {
      permanent: isPermanentStatus(answer.status),
      status: answer.status,
    });
  }

  const parse = <T>(schema: z.ZodType<T>, value: unknown, what: string) => parseProviderAnswer("Zoom", schema, value, what);

  return {
    async me(): Promise<ZoomUserProfile> {
      const user = parse(userSchema, await call("GET", "/users/me"), "a user");
      const name = user.display_name || [user.first_name, user.last_name].filter(Boolean).join(" ");
      return { id: user.id, email: user.email || null, name: name || null };
    },
    async createMeeting(input: ZoomMeetingInput): Promise<ZoomMeeting> {
      return parse(meetingSchema, await call("POST", "/users/me/meetings", meetingBody(input)), "a meeting");
    },
    async updateMeeting(meetingId: number, input: Partial<ZoomMeetingInput>): Promise<void> {
      await call("PATCH", `/meetings/${meetingId}`, meetingBody(input));
    },
    /** A meeting already gone (Zoom's 3001, 404) counts as deleted. */
    async deleteMeeting(meetingId: number): Promise<void> {
      try {
        await call("DELETE", `/meetings/${meetingId}`);
      } catch (error) {
        if (error instanceof ProviderError && error.status === 404) return;
        throw error;
      }
    },
  };
}
