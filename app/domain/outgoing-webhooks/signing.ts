// Standard Webhooks signing (https://www.standardwebhooks.com/): HMAC-SHA256 over
// `${webhook-id}.${webhook-timestamp}.${body}` with the secret's bytes. WebCrypto, so it runs in workerd too.
import { decodeBase64, encodeBase64 } from "@oslojs/encoding";

const secretPrefix = "whsec_";

/** A new endpoint secret: `whsec_` + base64 of 32 random bytes, as the spec serializes it. */
export function generateWebhookSecret(): string {
  return secretPrefix + encodeBase64(crypto.getRandomValues(new Uint8Array(32)));
}

/** The value of the `webhook-signature` header for one message. */
export async function signWebhook(secret: string, message: { id: string; timestampSeconds: number; body: string }): Promise<string> {
  if (!secret.startsWith(secretPrefix)) throw new Error("A webhook secret starts with whsec_");
  const keyBytes = new Uint8Array(decodeBase64(secret.slice(secretPrefix.length)));
  const key = await crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const content = new TextEncoder().encode(`${message.id}.${message.timestampSeconds}.${message.body}`);
  return `v1,${encodeBase64(new Uint8Array(await crypto.subtle.sign("HMAC", key, content)))}`;
}

/** The headers of one delivery attempt; the timestamp is the attempt's, the id the delivery's. */
export async function webhookHeaders(secret: string, id: string, at: Date, body: string): Promise<Record<string, string>> {
  const timestampSeconds = Math.floor(at.getTime() / 1000);
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": await signWebhook(secret, { id, timestampSeconds, body }),
  };
}
