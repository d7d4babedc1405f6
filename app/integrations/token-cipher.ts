// Third-party tokens at rest: AES-256-GCM through Web Crypto (Node and workerd alike). A stored
// value is `v1.<iv>.<ciphertext+tag>` (base64url): the version names the key it was sealed with,
// so a later key can be added as v2 and old values still read until they are re-sealed. The
// purpose (e.g. "zoom:access") is bound in as additional data, so a value copied into another
// column or row kind does not decrypt there.
import { decodeBase64, decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";

const version = "v1";
const ivBytes = 12;

export class TokenCipherError extends Error {
  override name = "TokenCipherError";
}

export interface TokenCipher {
  seal(plaintext: string, purpose: string): Promise<string>;
  open(sealed: string, purpose: string): Promise<string>;
}

/** A cipher for ENCRYPTION_KEY (32 bytes, base64; checked at start-up by env.server.ts). */
export async function createTokenCipher(base64Key: string): Promise<TokenCipher> {
  // Copies into fresh ArrayBuffers, which is what Web Crypto's typings ask for.
  const raw = new Uint8Array(decodeBase64(base64Key));
  if (raw.length !== 32) throw new TokenCipherError("The encryption key must be 32 bytes");
  const key = await crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
  const encoder = new TextEncoder();
  return {
    async seal(plaintext, purpose) {
      const iv = crypto.getRandomValues(new Uint8Array(ivBytes));
      const ciphertext = await crypto.subtle.encrypt(
        { name: "AES-GCM", iv, additionalData: encoder.encode(purpose) },
        key,
        encoder.encode(plaintext),
      );
      return `${version}.${encodeBase64urlNoPadding(iv)}.${encodeBase64urlNoPadding(new Uint8Array(ciphertext))}`;
    },
    async open(sealed, purpose) {
      const [tag, ivText, bodyText, ...rest] = sealed.split(".");
      if (tag !== version || !ivText || !bodyText || rest.length > 0) throw new TokenCipherError("Not a sealed value this key can open");
      let iv: Uint8Array<ArrayBuffer>;
      let body: Uint8Array<ArrayBuffer>;
      try {
        iv = new Uint8Array(decodeBase64urlIgnorePadding(ivText));
        body = new Uint8Array(decodeBase64urlIgnorePadding(bodyText));
      } catch {
        throw new TokenCipherError("The sealed value is malformed");
      }
      if (iv.length !== ivBytes) throw new TokenCipherError("The sealed value is malformed");
      try {
        const plaintext = await crypto.subtle.decrypt({ name: "AES-GCM", iv, additionalData: encoder.encode(purpose) }, key, body);
        return new TextDecoder().decode(plaintext);
      } catch {
        // GCM's tag check failed: tampered with, sealed for another purpose, or by another key.
        throw new TokenCipherError("The sealed value could not be decrypted");
      }
    },
  };
}
