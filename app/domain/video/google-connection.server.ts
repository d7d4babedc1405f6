// A specialist's Google Calendar connection (ADR 0024): the shared connection code
// (oauth-connection.server.ts) with Google's OAuth client and the Calendar API. Google keeps the
// refresh token on refresh (none is returned), so the stored one stays.
import {
  GoogleAuthorizationError,
  googleCalendarApi,
  googleCalendarConfig,
  googleCalendarOAuth,
  googleIdentity,
  requiredGoogleCalendarScopes,
  type GoogleCalendarApi,
  type GoogleCalendarConfig,
  type GoogleTokens,
} from "../../integrations/google-calendar.server";
import { createConnection } from "./oauth-connection.server";

const google = createConnection<GoogleCalendarConfig, GoogleCalendarApi, GoogleTokens>({
  provider: "google",
  label: "Google",
  // Not `google_oauth_*`: those are Google sign-in's flow cookies.
  cookiePrefix: "google_calendar_oauth",
  config: googleCalendarConfig,
  oauth: googleCalendarOAuth,
  api: googleCalendarApi,
  identify: (_config, tokens) => Promise.resolve(googleIdentity(tokens.idToken)),
  requiredScopes: requiredGoogleCalendarScopes,
  isAuthorizationError: (error) => error instanceof GoogleAuthorizationError,
});

export const googleAvailability = google.availability;
export const startGoogleConnect = google.start;
export const finishGoogleConnect = google.finish;
export const googleConnectCallback = google.callback;
export const findGoogleConnection = google.find;
export const disconnectGoogle = google.disconnect;
export const googleAccessToken = google.accessToken;
export const withGoogle = google.withApi;
