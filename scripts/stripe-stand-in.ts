// `npx tsx scripts/stripe-stand-in.ts`: the Stripe stand-in (tests/stand-ins/stripe.ts) as its own
// process for `npm run dev`, so payments, onboarding and webhooks work locally without Stripe.
// Keys are fixed by default (in the shape the app's env check accepts) so the app's .env needn't
// change between runs.
import { startStripeStandIn } from "../tests/stand-ins/stripe";

const port = Number(process.env.STRIPE_STAND_IN_PORT ?? 12111);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error("Invalid configuration: STRIPE_STAND_IN_PORT expected an integer port between 0 and 65535");
  process.exit(1);
}
const webhookUrl = process.env.STRIPE_WEBHOOK_TARGET ?? `http://localhost:${process.env.PORT ?? 3000}/webhooks/stripe`;

const standIn = await startStripeStandIn({
  port,
  secretKey: process.env.STRIPE_SECRET_KEY ?? "sk_test_standInLocalDev",
  webhookSecret: process.env.STRIPE_WEBHOOK_SECRET ?? "whsec_standInLocalDev",
  webhookUrl,
});

const logged = new Set<string>();
setInterval(() => {
  for (const attempt of standIn.deliveries) {
    const key = `${attempt.eventId}#${attempt.attempt}`;
    if (logged.has(key)) continue;
    logged.add(key);
    console.log(`webhook ${attempt.type} ${attempt.eventId} attempt ${attempt.attempt}: ${attempt.status ?? attempt.error}`);
  }
}, 500).unref();

console.log(`Stripe stand-in on ${standIn.url} (not Stripe: no real money moves). For the app's environment:`);
console.log(`STRIPE_API_URL=${standIn.url}`);
console.log(`STRIPE_SECRET_KEY=${standIn.secretKey}`);
console.log(`STRIPE_WEBHOOK_SECRET=${standIn.webhookSecret}`);
console.log(`Webhooks are posted to ${webhookUrl} (STRIPE_WEBHOOK_TARGET to change).`);

const shutdown = () => void standIn.close().then(() => process.exit(0));
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
