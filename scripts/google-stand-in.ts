// `npm run google:stand-in`: the Google stand-in (tests/stand-ins/google.ts: OAuth + Calendar v3)
// as its own process, so a specialist can connect "Google Calendar" locally without a Google
// OAuth client. The client id and secret are fixed by default so the app's .env needn't change
// between runs. Google sign-in uses the same client and endpoints, so it goes through here too.
import { startGoogleStandIn } from "../tests/stand-ins/google";

const port = Number(process.env.GOOGLE_STAND_IN_PORT ?? 12403);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error("Invalid configuration: GOOGLE_STAND_IN_PORT expected an integer port between 0 and 65535");
  process.exit(1);
}

const standIn = await startGoogleStandIn({
  port,
  clientId: process.env.GOOGLE_CLIENT_ID ?? "standInLocalDev.apps.googleusercontent.com",
  clientSecret: process.env.GOOGLE_CLIENT_SECRET ?? "standInLocalDevSecret",
});

console.log(`Google stand-in on ${standIn.url} (not Google: calendars and events exist only here). For the app's environment:`);
console.log(`GOOGLE_AUTHORIZATION_URL=${standIn.authorizationUrl}`);
console.log(`GOOGLE_TOKEN_URL=${standIn.tokenUrl}`);
console.log(`GOOGLE_REVOKE_URL=${standIn.revokeUrl}`);
console.log(`GOOGLE_CALENDAR_API_URL=${standIn.calendarApiUrl}`);
console.log(`GOOGLE_CLIENT_ID=${standIn.clientId}`);
console.log(`GOOGLE_CLIENT_SECRET=${standIn.clientSecret}`);
console.log("ENCRYPTION_KEY=<32 random bytes in base64, e.g. from: openssl rand -base64 32>");

const shutdown = () => void standIn.close().then(() => process.exit(0));
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
