// RFC 4648 base32 letters, lower-cased for a friendlier URL.
const base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
const roomNameLength = 20;

/**
 * A fresh, unguessable Jitsi room (20 base32 chars = 100 random bits), used when the specialist
 * has no video link of their own. 256 is a multiple of 32, so `byte & 31` is unbiased.
 */
export function defaultMeetingUrl(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(roomNameLength));
  const room = Array.from(bytes, (byte) => base32Alphabet[byte & 31]).join("");
  return `https://meet.jit.si/specialistly-${room}`;
}
