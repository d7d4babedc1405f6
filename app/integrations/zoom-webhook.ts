// Zoom signs each webhook request: `x-zm-signature` is `v0=` + hex HMAC-SHA256 (the app's Secret
// Token) of `v0:{x-zm-request-timestamp}:{raw body}`, the timestamp in epoch seconds. The URL
// validation challenge is answered with the same HMAC of its plainToken. Web Crypto, so the same
// code runs on Node and in workerd.
import { decodeHex, encodeHexLowerCase } from "@oslojs/encoding";

export const zoomSignatureHeader = "x-zm-signature";
export const zoomTimestampHeader = "x-zm-request-timestamp";

const encoder = new TextEncoder();

function hmacKey(secretToken: string, usage: "sign" | "verify") {
  return crypto.subtle.importKey("raw", encoder.encode(secretToken), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

/** Hex HMAC-SHA256 of `message`: the URL validation's encryptedToken. */
export async function zoomHmacHex(secretToken: string, message: string) {
  const signature = await crypto.subtle.sign("HMAC", await hmacKey(secretToken, "sign"), encoder.encode(message));
  return encodeHexLowerCase(new Uint8Array(signature));
}

/** True when `signature` is Zoom's for `body` sent at `timestamp` (the headers' values, unparsed). */
export async function isValidZoomSignature(secretToken: string, signature: string, timestamp: string, body: string) {
  const hex = /^v0=([0-9a-f]{64})$/i.exec(signature.trim())?.[1];
  if (!hex) return false;
  const given = new Uint8Array(decodeHex(hex.toLowerCase()));
  // verify() compares in constant time.
  return crypto.subtle.verify("HMAC", await hmacKey(secretToken, "verify"), given, encoder.encode(`v0:${timestamp}:${body}`));
}
