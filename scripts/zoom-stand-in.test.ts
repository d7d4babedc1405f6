import { afterEach, expect, test } from "vitest";
import { parseAppEnv } from "../app/env.server";
import { freePort, projectRoot, startProcess, type RunningProcess } from "./processes";

let running: RunningProcess | undefined;
afterEach(async () => {
  await running?.stop();
});

test("runs the Zoom stand-in on the given port and prints values the app accepts", async () => {
  const port = await freePort();
  running = startProcess(process.execPath, ["--import", "tsx", `${projectRoot}scripts/zoom-stand-in.ts`], {
    ZOOM_STAND_IN_PORT: String(port),
  });
  const [, oauthUrl] = await running.waitForOutput(/ZOOM_OAUTH_URL=(\S+)/, 30_000);
  const [, apiUrl] = await running.waitForOutput(/ZOOM_API_URL=(\S+)/);
  const [, clientId] = await running.waitForOutput(/ZOOM_CLIENT_ID=(\S+)/);
  const [, clientSecret] = await running.waitForOutput(/ZOOM_CLIENT_SECRET=(\S+)/);
  const env = parseAppEnv({ ZOOM_OAUTH_URL: oauthUrl, ZOOM_API_URL: apiUrl, ZOOM_CLIENT_ID: clientId, ZOOM_CLIENT_SECRET: clientSecret });
  expect(env.ZOOM_API_URL).toBe(`http://127.0.0.1:${port}/v2`);

  // Listening: the API refuses a request without a token as Zoom does.
  const response = await fetch(`${apiUrl}/users/me`);
  expect(response.status).toBe(401);
  expect(await response.json()).toMatchObject({ code: 124 });
});
