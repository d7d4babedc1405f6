// Uploaded profile pictures are trusted only as far as their first bytes: the declared
// Content-Type and file name come from the client and prove nothing. Anything that is not
// recognisably PNG, JPEG or WebP (SVG with scripts, HTML, executables) is refused.

export const maxAvatarBytes = 512 * 1024;
export const avatarContentTypes = ["image/png", "image/jpeg", "image/webp"] as const;
export type AvatarContentType = (typeof avatarContentTypes)[number];

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const jpegSignature = [0xff, 0xd8, 0xff];
const riff = [0x52, 0x49, 0x46, 0x46]; // "RIFF"
const webp = [0x57, 0x45, 0x42, 0x50]; // "WEBP"

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0) {
  return bytes.length >= offset + signature.length && signature.every((byte, index) => bytes[offset + index] === byte);
}

/** The image type the bytes really are, or null when they are none of the accepted ones. */
export function sniffAvatarType(bytes: Uint8Array): AvatarContentType | null {
  if (startsWith(bytes, pngSignature)) return "image/png";
  if (startsWith(bytes, jpegSignature)) return "image/jpeg";
  if (startsWith(bytes, riff) && startsWith(bytes, webp, 8)) return "image/webp";
  return null;
}
