import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";

// Page cursors are opaque to clients: base64url of a JSON array (the last item's sort key). Each
// list checks the array's shape itself when a cursor comes back, as anyone can edit one.

export function encodeJsonCursor(key: readonly unknown[]): string {
  return encodeBase64urlNoPadding(new TextEncoder().encode(JSON.stringify(key)));
}

/** The array a cursor carries, or null when it isn't base64url of a JSON array. */
export function decodeJsonCursor(value: string): unknown[] | null {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return null;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(decodeBase64urlIgnorePadding(value)));
    return Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}
