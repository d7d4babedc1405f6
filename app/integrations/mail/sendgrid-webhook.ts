// SendGrid's Signed Event Webhook: ECDSA (P-256, SHA-256) over the timestamp header followed by
// the raw body, the signature DER-encoded in base64, the verification key base64 DER (SPKI).
// Web Crypto wants the signature as raw r||s, so the DER is unpacked here.
import { decodeBase64 } from "@oslojs/encoding";

export const signatureHeader = "x-twilio-email-event-webhook-signature";
export const timestampHeader = "x-twilio-email-event-webhook-timestamp";

/** True when `signature` (base64 DER) signs `timestamp + body` under `publicKey` (base64 DER SPKI). */
export async function verifySendGridSignature(publicKey: string, signature: string, timestamp: string, body: string): Promise<boolean> {
  const raw = derSignatureToRaw(decodeBase64Safely(signature));
  if (!raw) return false;
  const key = await importVerificationKey(publicKey);
  return crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, raw, new TextEncoder().encode(timestamp + body));
}

async function importVerificationKey(publicKey: string) {
  const der = decodeBase64Safely(publicKey);
  try {
    if (!der) throw new Error("not base64");
    return await crypto.subtle.importKey("spki", new Uint8Array(der), { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
  } catch (error) {
    // A deployment mistake, not a bad request: fail loudly so it is seen in the logs.
    throw new Error("SENDGRID_WEBHOOK_PUBLIC_KEY is not a base64 DER (SPKI) P-256 public key", { cause: error });
  }
}

function decodeBase64Safely(value: string): Uint8Array | null {
  try {
    return decodeBase64(value.trim());
  } catch {
    return null;
  }
}

/** SEQUENCE { INTEGER r, INTEGER s } → r||s, each left-padded to 32 bytes; null when it isn't that. */
export function derSignatureToRaw(der: Uint8Array | null): Uint8Array<ArrayBuffer> | null {
  if (!der || der.length < 8 || der[0] !== 0x30) return null;
  let offset = 2;
  let sequenceLength = der[1]!;
  if (sequenceLength === 0x81) {
    sequenceLength = der[2]!;
    offset = 3;
  } else if (sequenceLength > 0x7f) {
    return null;
  }
  if (offset + sequenceLength !== der.length) return null;
  const raw = new Uint8Array(64);
  for (const half of [0, 1]) {
    if (der[offset] !== 0x02) return null;
    const length = der[offset + 1]!;
    const start = offset + 2;
    if (length === 0 || start + length > der.length) return null;
    let integer = der.subarray(start, start + length);
    // DER prefixes a 0x00 to keep a high bit from reading as negative.
    while (integer.length > 32 && integer[0] === 0) integer = integer.subarray(1);
    if (integer.length > 32) return null;
    raw.set(integer, half * 32 + (32 - integer.length));
    offset = start + length;
  }
  return offset === der.length ? raw : null;
}
