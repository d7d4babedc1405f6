// The payment provider used without Stripe keys: a clearly labelled test checkout page on this
// app (/pay/test/<id>) whose buttons deliver signed events through the real webhook path.
// Runtime-neutral: HMAC-SHA256 through Web Crypto, no state outside the database.
import * as z from "zod";
import type { AppEnv } from "../../env.server";
import { checkoutEventTypes, type NormalizedEvent, type PaymentProvider } from "./payment-provider";

/** The events the test checkout page sends: checkouts only. */
export type TestCheckoutEvent = Extract<NormalizedEvent, { checkoutId: string }>;

export const testProviderName = "test";
export const testSignatureHeader = "Specialistly-Signature";
export const testWebhookPath = "/webhooks/test-payments";
/** Events signed longer ago than this are refused, so a captured request can't be replayed later. */
export const signatureToleranceMs = 5 * 60 * 1000;

// Public on purpose: the embedded demo must work with no configuration (production included, since
// no real money moves), and stay verifiable across restarts. README/.env.example say to set it.
const defaultSecret = "specialistly-test-payments-dev-secret";

export interface TestPaymentProvider extends PaymentProvider {
  name: typeof testProviderName;
  /** A webhook request for `event`, signed as the provider would, addressed to `${origin}/webhooks/test-payments`. */
  signedWebhookRequest(event: TestCheckoutEvent, origin: string): Promise<Request>;
}

export function isTestPaymentProvider(provider: PaymentProvider): provider is TestPaymentProvider {
  return provider.name === testProviderName && "signedWebhookRequest" in provider;
}

export function createTestPaymentProvider(options: {
  env: Pick<AppEnv, "TEST_PAYMENTS_SECRET">;
  clock?: { now(): Date };
}): TestPaymentProvider {
  const { env } = options;
  const now = () => options.clock?.now() ?? new Date();
  const key = importKey(env.TEST_PAYMENTS_SECRET ?? defaultSecret);

  return {
    name: testProviderName,

    async createCheckout(input) {
      // Derived from the idempotency key, so the same key gives the same checkout (as Stripe does).
      const checkoutId = `cs_test_${(await hmacHex(await key, `checkout:${input.idempotencyKey}`)).slice(0, 32)}`;
      const origin = new URL(input.successUrl).origin;
      return { checkoutId, url: `${origin}/pay/test/${checkoutId}` };
    },

    async refund(input) {
      const providerRefundId = `re_test_${(await hmacHex(await key, `refund:${input.idempotencyKey}`)).slice(0, 32)}`;
      return { providerRefundId, status: "succeeded" as const };
    },

    async verifyWebhook(request) {
      const header = request.headers.get(testSignatureHeader);
      const body = await request.text();
      const signature = header ? parseSignature(header) : null;
      if (!signature) return null;
      const age = now().getTime() - signature.timestamp * 1000;
      if (age > signatureToleranceMs || age < -signatureToleranceMs) return null;
      const valid = await crypto.subtle.verify(
        "HMAC",
        await key,
        signature.mac,
        new TextEncoder().encode(`${signature.timestamp}.${body}`),
      );
      if (!valid) return null;
      return parseEventBody(body);
    },

    async signedWebhookRequest(event, origin) {
      const body = JSON.stringify(toWire(event));
      const timestamp = Math.floor(now().getTime() / 1000);
      const mac = await hmacHex(await key, `${timestamp}.${body}`);
      return new Request(new URL(testWebhookPath, origin), {
        method: "POST",
        headers: { "content-type": "application/json", [testSignatureHeader]: `t=${timestamp},v1=${mac}` },
        body,
      });
    },
  };
}

const wireEventSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.enum(checkoutEventTypes),
  created: z.number().int().nonnegative(),
  data: z.object({
    checkoutId: z.string().min(1).max(200),
    bookingId: z.string().min(1).max(200).optional(),
    paymentId: z.string().min(1).max(200).optional(),
    amountMinor: z.number().int().nonnegative().optional(),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/)
      .optional(),
  }),
});

function toWire(event: TestCheckoutEvent): z.infer<typeof wireEventSchema> {
  const { eventId, type, occurredAt, ...data } = event;
  return { id: eventId, type, created: occurredAt.getTime(), data };
}

function parseEventBody(body: string): TestCheckoutEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const parsed = wireEventSchema.safeParse(json);
  if (!parsed.success) return null;
  const { id, type, created, data } = parsed.data;
  return { eventId: id, type, occurredAt: new Date(created), ...data };
}

/** `t=<unix seconds>,v1=<hex>` → its parts; null when malformed. */
function parseSignature(header: string): { timestamp: number; mac: Uint8Array<ArrayBuffer> } | null {
  const parts = new Map(
    header.split(",").map((part) => {
      const [name = "", ...rest] = part.trim().split("=");
      return [name, rest.join("=")] as const;
    }),
  );
  const t = parts.get("t") ?? "";
  const v1 = parts.get("v1") ?? "";
  if (!/^\d{1,12}$/.test(t) || !/^[0-9a-f]{64}$/.test(v1)) return null;
  const mac = new Uint8Array(32);
  for (let index = 0; index < 32; index++) mac[index] = Number.parseInt(v1.slice(index * 2, index * 2 + 2), 16);
  return { timestamp: Number(t), mac };
}

function importKey(secret: string) {
  return crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

async function hmacHex(key: CryptoKey, message: string) {
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(message)));
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
