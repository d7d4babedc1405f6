// `npm run zoom:stand-in`: the Zoom stand-in (tests/stand-ins/zoom.ts) as its own process, so a
// specialist can connect "Zoom" locally without a Zoom app. The client id and secret are fixed by
// default so the app's .env needn't change between runs. Session replays (POST
// /__stand-in/meetings/{id}/replay) post their signed webhooks to ZOOM_WEBHOOK_TARGET.
import { startZoomStandIn } from "../tests/stand-ins/zoom";

const port = Number(process.env.ZOOM_STAND_IN_PORT ?? 12402);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error("Invalid configuration: ZOOM_STAND_IN_PORT expected an integer port between 0 and 65535");
  process.exit(1);
}

const standIn = await startZoomStandIn({
  port,
  clientId: process.env.ZOOM_CLIENT_ID ?? "standInLocalDev",
  clientSecret: process.env.ZOOM_CLIENT_SECRET ?? "standInLocalDevSecret",
  webhookSecretToken: process.env.ZOOM_WEBHOOK_SECRET_TOKEN ?? "standInLocalDevWebhookToken",
  webhookUrl: process.env.ZOOM_WEBHOOK_TARGET ?? "http://localhost:3000/webhooks/zoom",
});

console.log(`Zoom stand-in on ${standIn.url} (not Zoom: meetings exist only here). For the app's environment:`);
console.log(`ZOOM_OAUTH_URL=${standIn.url}`);
console.log(`ZOOM_API_URL=${standIn.apiUrl}`);
console.log(`ZOOM_CLIENT_ID=${standIn.clientId}`);
console.log(`ZOOM_CLIENT_SECRET=${standIn.clientSecret}`);
console.log(`ZOOM_WEBHOOK_SECRET_TOKEN=${standIn.webhookSecretToken}`);
console.log("ENCRYPTION_KEY=<32 random bytes in base64, e.g. from: openssl rand -base64 32>");

const shutdown = () => void standIn.close().then(() => process.exit(0));
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
