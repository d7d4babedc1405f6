import { afterEach, expect, test } from "vitest";
import { parseAppEnv } from "../app/env.server";
import { freePort, projectRoot, startProcess, type RunningProcess } from "./processes";

let running: RunningProcess | undefined;
afterEach(async () => {
  await running?.stop();
});

test("runs the Google stand-in on the given port and prints values the app accepts", async () => {
  const port = await freePort();
  running = startProcess(process.execPath, ["--import", "tsx", `${projectRoot}scripts/google-stand-in.ts`], {
    GOOGLE_STAND_IN_PORT: String(port),
  });
  const values: Record<string, string> = {};
  for (const name of [
    "GOOGLE_AUTHORIZATION_URL",
    "GOOGLE_TOKEN_URL",
    "GOOGLE_REVOKE_URL",
    "GOOGLE_CALENDAR_API_URL",
    "GOOGLE_CLIENT_ID",
    "GOOGLE_CLIENT_SECRET",
  ]) {
    const [, value] = await running.waitForOutput(new RegExp(`${name}=(\\S+)`), 30_000);
    values[name] = value!;
  }
  const env = parseAppEnv(values);
  expect(env.GOOGLE_CALENDAR_API_URL).toBe(`http://127.0.0.1:${port}/calendar/v3`);

  // Listening: the Calendar API refuses a request without a token as Google does.
  const response = await fetch(`${env.GOOGLE_CALENDAR_API_URL}/users/me/calendarList`);
  expect(response.status).toBe(401);
  expect(await response.json()).toMatchObject({ error: { code: 401, status: "UNAUTHENTICATED" } });
});
