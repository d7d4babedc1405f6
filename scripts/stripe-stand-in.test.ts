import Stripe from "stripe";
import { afterEach, expect, test } from "vitest";
import { appEnvSchema } from "../app/env.server";
import { freePort, projectRoot, startProcess, type RunningProcess } from "./processes";

let running: RunningProcess | undefined;
afterEach(async () => {
  await running?.stop();
});

test("runs the stand-in on the given port and prints the values the app needs", async () => {
  const port = await freePort();
  running = startProcess(process.execPath, ["--import", "tsx", `${projectRoot}scripts/stripe-stand-in.ts`], {
    STRIPE_STAND_IN_PORT: String(port),
    STRIPE_WEBHOOK_TARGET: "http://localhost:3999/webhooks/stripe",
  });
  const [, apiUrl] = await running.waitForOutput(/STRIPE_API_URL=(\S+)/, 30_000);
  const [, secretKey] = await running.waitForOutput(/STRIPE_SECRET_KEY=(\S+)/);
  const [, webhookSecret] = await running.waitForOutput(/STRIPE_WEBHOOK_SECRET=(\S+)/);
  // Printed last, possibly in a later chunk than the secrets: waited for, not merely looked for.
  await running.waitForOutput(/Webhooks are posted to http:\/\/localhost:3999\/webhooks\/stripe /);
  expect(webhookSecret).toMatch(/^whsec_/);
  // The printed values go straight into the app's environment, so the app must accept them.
  const appEnv = appEnvSchema.safeParse({ STRIPE_API_URL: apiUrl, STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret });
  expect(appEnv.error?.issues ?? []).toEqual([]);

  // The app splits STRIPE_API_URL into the SDK's host / port / protocol.
  const url = new URL(apiUrl!);
  expect(Number(url.port)).toBe(port);
  const stripe = new Stripe(secretKey!, {
    host: url.hostname,
    port: Number(url.port),
    protocol: url.protocol === "https:" ? "https" : "http",
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 0,
  });
  const account = await stripe.accounts.create({ type: "express", country: "DE" });
  expect(account.details_submitted).toBe(false);
});
