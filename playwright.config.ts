import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://localhost:${port}`;
// Stripe journeys (e2e/stripe-*.spec.ts) run against a second app that talks to the Stripe stand-in,
// so the test-checkout app above keeps its own provider and database.
const stripePort = Number(process.env.E2E_STRIPE_PORT ?? 3220);
const stripeBaseURL = `http://localhost:${stripePort}`;
const standInPort = Number(process.env.E2E_STRIPE_STAND_IN_PORT ?? 12120);
const standInURL = `http://127.0.0.1:${standInPort}`;
const stripeSpecs = /stripe-.*\.spec\.ts$/;
const stripeKeys = { STRIPE_SECRET_KEY: "sk_test_standInLocalDev", STRIPE_WEBHOOK_SECRET: "whsec_standInLocalDev" };
// The first app connects Zoom through the Zoom stand-in (e2e/zoom-connect.spec.ts).
const zoomStandInPort = Number(process.env.E2E_ZOOM_STAND_IN_PORT ?? 12130);
const zoomStandInURL = `http://127.0.0.1:${zoomStandInPort}`;
const zoomKeys = { ZOOM_CLIENT_ID: "standInLocalDev", ZOOM_CLIENT_SECRET: "standInLocalDevSecret" };
// The stand-in replays sessions' signed webhooks to the first app (e2e/zoom-webhooks.spec.ts).
const zoomWebhookSecretToken = "standInLocalDevWebhookToken";
// ...and Google (sign-in, Calendar, Meet) through the Google stand-in (e2e/google-meet.spec.ts).
const googleStandInPort = Number(process.env.E2E_GOOGLE_STAND_IN_PORT ?? 12140);
const googleStandInURL = `http://127.0.0.1:${googleStandInPort}`;
const googleKeys = { GOOGLE_CLIENT_ID: "standInLocalDev.apps.googleusercontent.com", GOOGLE_CLIENT_SECRET: "standInLocalDevSecret" };

export default defineConfig({
  testDir: "./e2e",
  // Journeys cross many pages on a shared, often loaded CI machine: limits that stop a hung
  // journey, never one that is merely slow.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      // This machine has no Playwright browser downloads: use Debian's Chromium.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"] }, grepInvert: /@mobile/, testIgnore: stripeSpecs },
    { name: "mobile", use: { ...devices["Pixel 7"] }, grep: /@mobile/, testIgnore: stripeSpecs },
    { name: "stripe", use: { ...devices["Desktop Chrome"], baseURL: stripeBaseURL }, testMatch: stripeSpecs },
  ],
  webServer: [
    {
      // A fresh database each run; the server seeds the demo data on first start.
      command: "rm -rf .cache/e2e && tsx server.ts",
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "pipe",
      env: {
        PORT: String(port),
        HOST: "127.0.0.1",
        NODE_ENV: "test",
        DATABASE_URL: "file:./.cache/e2e/specialistly.db",
        JOBS_POLL_INTERVAL_MS: "200",
        ...zoomKeys,
        ZOOM_OAUTH_URL: zoomStandInURL,
        ZOOM_API_URL: `${zoomStandInURL}/v2`,
        ZOOM_WEBHOOK_SECRET_TOKEN: zoomWebhookSecretToken,
        ...googleKeys,
        GOOGLE_AUTHORIZATION_URL: `${googleStandInURL}/o/oauth2/v2/auth`,
        GOOGLE_TOKEN_URL: `${googleStandInURL}/token`,
        GOOGLE_REVOKE_URL: `${googleStandInURL}/revoke`,
        GOOGLE_CALENDAR_API_URL: `${googleStandInURL}/calendar/v3`,
        // A fixed test key: the e2e database is thrown away after each run.
        ENCRYPTION_KEY: "ZTJlLW9ubHktdG9rZW4tZW5jcnlwdGlvbi1rZXktMzI=",
        // Outgoing webhooks to the journey's local receiver (e2e/outgoing-webhooks.spec.ts).
        WEBHOOK_ALLOW_INSECURE_URLS: "true",
      },
    },
    {
      // Answers 401 (no access token) once it listens: ready.
      command: "tsx scripts/zoom-stand-in.ts",
      url: `${zoomStandInURL}/v2/users/me`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      env: {
        ...zoomKeys,
        ZOOM_STAND_IN_PORT: String(zoomStandInPort),
        ZOOM_WEBHOOK_SECRET_TOKEN: zoomWebhookSecretToken,
        ZOOM_WEBHOOK_TARGET: `http://127.0.0.1:${port}/webhooks/zoom`,
      },
    },
    {
      // Answers 401 (no access token) once it listens: ready.
      command: "tsx scripts/google-stand-in.ts",
      url: `${googleStandInURL}/calendar/v3/users/me/calendarList`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      env: { ...googleKeys, GOOGLE_STAND_IN_PORT: String(googleStandInPort) },
    },
    {
      // The stand-in first answers 401 (no API key) once it listens: ready.
      command: "tsx scripts/stripe-stand-in.ts",
      url: `${standInURL}/v1/accounts`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      env: {
        ...stripeKeys,
        STRIPE_STAND_IN_PORT: String(standInPort),
        STRIPE_WEBHOOK_TARGET: `http://127.0.0.1:${stripePort}/webhooks/stripe`,
      },
    },
    {
      command: "rm -rf .cache/e2e-stripe && tsx server.ts",
      url: `${stripeBaseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "pipe",
      env: {
        ...stripeKeys,
        STRIPE_API_URL: standInURL,
        APP_URL: stripeBaseURL,
        PORT: String(stripePort),
        HOST: "127.0.0.1",
        NODE_ENV: "test",
        DATABASE_URL: "file:./.cache/e2e-stripe/specialistly.db",
        JOBS_POLL_INTERVAL_MS: "200",
      },
    },
  ],
});
