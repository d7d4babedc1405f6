// Twilio signs every webhook it sends with X-Twilio-Signature: base64(HMAC-SHA1(auth token, the
// URL it called followed by each POST parameter's name and value, sorted by name)). Web Crypto,
// so the same check runs on Node and in workerd.
import { decodeBase64 } from "@oslojs/encoding";

const encoder = new TextEncoder();

function signedText(url: string, params: URLSearchParams) {
  const byNameThenValue = ([a, aValue]: [string, string], [b, bValue]: [string, string]) =>
    a < b ? -1 : a > b ? 1 : aValue < bValue ? -1 : aValue > bValue ? 1 : 0;
  return (
    url +
    [...params]
      .sort(byNameThenValue)
      .map(([name, value]) => name + value)
      .join("")
  );
}

function hmacKey(authToken: string) {
  return crypto.subtle.importKey("raw", encoder.encode(authToken), { name: "HMAC", hash: "SHA-1" }, false, ["verify"]);
}

/** True when `signature` is Twilio's for a POST of `params` to `url` (the public URL Twilio was given, query included). */
export async function isValidTwilioSignature(authToken: string, url: string, params: URLSearchParams, signature: string | null) {
  if (!signature) return false;
  let given: Uint8Array<ArrayBuffer>;
  try {
    given = new Uint8Array(decodeBase64(signature.trim()));
  } catch {
    return false;
  }
  // verify() compares in constant time.
  return crypto.subtle.verify("HMAC", await hmacKey(authToken), given, encoder.encode(signedText(url, params)));
}
