// Placeholder avatars for people without a photo: initials on a colour derived from
// a stable seed (e.g. the user id), so the same person always gets the same colour.
// Pure and runtime-neutral: used by routes on Node and on Workers alike.

/** Background colours; each has at least 4.5:1 contrast with white text (WCAG AA). */
export const avatarPalette = [
  "#1d4ed8", // blue
  "#4338ca", // indigo
  "#6d28d9", // violet
  "#a21caf", // fuchsia
  "#be185d", // pink
  "#b91c1c", // red
  "#c2410c", // orange
  "#a16207", // amber
  "#15803d", // green
  "#0f766e", // teal
  "#0e7490", // cyan
  "#475569", // slate
] as const;

const SIZE = 128;
const FALLBACK_INITIAL = "?";

export function initialsAvatarSvg(name: string, seed: string): string {
  const initials = initialsOf(name);
  const background = avatarColor(seed);
  const label = escapeXml(name.trim() || "Avatar");
  // Two letters need a smaller font to keep clear of the rounded corners.
  const fontSize = [...graphemes(initials)].length > 1 ? 50 : 60;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}" role="img" aria-label="${label}">` +
    `<title>${label}</title>` +
    `<rect width="${SIZE}" height="${SIZE}" rx="${SIZE / 4}" fill="${background}"/>` +
    // dy instead of dominant-baseline: it centres the glyphs in every SVG renderer.
    `<text x="50%" y="50%" dy="0.35em" text-anchor="middle" fill="#ffffff" ` +
    `font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif" ` +
    `font-size="${fontSize}" font-weight="600">${escapeXml(initials)}</text>` +
    `</svg>`
  );
}

/**
 * Up to two initials: first letter of the first and of the last word ("Ada Lovelace" → "AL",
 * "Madonna" → "M", "Zoë d'Arc" → "ZD"). Letters are whole graphemes, so accents and
 * non-Latin scripts survive. No letters at all → "?".
 */
export function initialsOf(name: string): string {
  const letters = name
    .trim()
    .split(/\s+/u)
    .map(firstLetterOf)
    .filter((letter): letter is string => letter !== undefined);
  if (letters.length === 0) return FALLBACK_INITIAL;
  const picked = letters.length === 1 ? [letters[0]!] : [letters[0]!, letters[letters.length - 1]!];
  return picked.map(upperCaseLetter).join("");
}

/** A palette colour chosen by a hash of `seed`. */
export function avatarColor(seed: string): string {
  return avatarPalette[fnv1a(seed) % avatarPalette.length]!;
}

function firstLetterOf(word: string): string | undefined {
  for (const grapheme of graphemes(word)) {
    if (/^[\p{L}\p{N}]/u.test(grapheme)) return grapheme;
  }
  return undefined;
}

/** Locale-independent (no Turkish dotted İ surprises); keeps letters like "ß" whose capital is two letters. */
function upperCaseLetter(letter: string): string {
  const upper = letter.toUpperCase();
  return Array.from(upper).length === Array.from(letter).length ? upper : letter;
}

function graphemes(text: string): Iterable<string> {
  // Segmenter keeps combining marks with their base letter ("e" + U+0301 stays one initial).
  if (typeof Intl.Segmenter === "function") {
    return Array.from(new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text), (s) => s.segment);
  }
  return Array.from(text); // code points: still never splits a surrogate pair
}

/** 32-bit FNV-1a: tiny, stable across runtimes, and spreads short ids well enough for colours. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Escapes markup and drops what XML 1.0 cannot contain at all (control characters, lone surrogates). */
function escapeXml(text: string): string {
  return Array.from(text)
    .filter(isXmlChar)
    .join("")
    .replace(/[&<>"']/g, (char) => xmlEntities[char]!);
}

/** The XML 1.0 `Char` production; Array.from yields lone surrogates as single units, so they fail it. */
function isXmlChar(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    code >= 0x10000
  );
}

const xmlEntities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};
