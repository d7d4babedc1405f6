// A specialist's Zoom connection (ADR 0022): the shared connection code (oauth-connection.server.ts)
// with Zoom's OAuth client and REST API. Zoom rotates the refresh token on every refresh.
import { ZoomAuthorizationError, zoomApi, zoomConfig, zoomOAuth, type ZoomConfig, type ZoomTokens } from "../../integrations/zoom.server";
import { createConnection, type ConnectionAvailability, type ConnectionUnavailable, type ConnectResult } from "./oauth-connection.server";

export { refreshMarginMs } from "./oauth-connection.server";

const zoom = createConnection<ZoomConfig, ZoomApi, ZoomTokens>({
  provider: "zoom",
  label: "Zoom",
  cookiePrefix: "zoom_oauth",
  config: zoomConfig,
  oauth: zoomOAuth,
  api: zoomApi,
  identify: (config, tokens) => zoomApi(config, tokens.accessToken).me(),
  // Zoom reports granted scopes in several spellings (granular or classic): not checked.
  requiredScopes: [],
  isAuthorizationError: (error) => error instanceof ZoomAuthorizationError,
});

export type ZoomApi = ReturnType<typeof zoomApi>;
export type ZoomAvailability = ConnectionAvailability<ZoomConfig>;
export type ZoomConnectResult = ConnectResult;
export type ZoomUnavailable = ConnectionUnavailable;

export const zoomAvailability = zoom.availability;
export const startZoomConnect = zoom.start;
export const finishZoomConnect = zoom.finish;
export const zoomConnectCallback = zoom.callback;
export const findZoomConnection = zoom.find;
export const disconnectZoom = zoom.disconnect;
export const markZoomConnectionLost = zoom.markLost;
export const zoomAccessToken = zoom.accessToken;
export const withZoom = zoom.withApi;
