import type { RouteConfig } from "@remix-run/route-config";
import { flatRoutes } from "@remix-run/fs-routes";

// Tests sit beside the routes they cover.
export default flatRoutes({ ignoredRouteFiles: ["**/*.test.{ts,tsx}", "**/.*"] }) satisfies RouteConfig;
