import { transliterate } from "transliteration";

// A specialist's public address: /specialists/<slug>. Short, readable, stable, and never a
// word the app may want for its own pages.

export const minSlugLength = 3;
export const maxSlugLength = 40;

/** Words that are, or may become, paths of their own or that would mislead visitors. */
export const reservedSlugs: ReadonlySet<string> = new Set([
  "about",
  "account",
  "admin",
  "administrator",
  "api",
  "app",
  "assets",
  "auth",
  "avatars",
  "billing",
  "book",
  "booking",
  "bookings",
  "calendar",
  "checkout",
  "contact",
  "dashboard",
  "delete",
  "dev",
  "edit",
  "help",
  "login",
  "logout",
  "me",
  "new",
  "null",
  "onboarding",
  "pricing",
  "privacy",
  "profile",
  "root",
  "search",
  "settings",
  "signup",
  "specialist",
  "specialists",
  "specialistly",
  "staff",
  "static",
  "support",
  "system",
  "terms",
  "undefined",
  "webhooks",
  "www",
]);

/** Why `slug` can't be used, or null when it is well-formed (whether it is free is the database's call). */
export function slugProblem(slug: string): string | null {
  if (slug.length < minSlugLength || slug.length > maxSlugLength) {
    return `Use ${minSlugLength} to ${maxSlugLength} characters.`;
  }
  if (!/^[a-z0-9-]+$/.test(slug)) return "Use only lower-case letters (a–z), digits and hyphens.";
  if (slug.startsWith("-") || slug.endsWith("-") || slug.includes("--")) {
    return "Start and end with a letter or digit, and don't put two hyphens in a row.";
  }
  if (reservedSlugs.has(slug)) return "That address is reserved. Please choose another.";
  return null;
}

/**
 * A well-formed slug from a display name, in any script: "Zoë O'Brien-Smith" → "zoe-obrien-smith",
 * "Иван Петров" → "ivan-petrov", "王芳" → "wang-fang". A name with nothing to transliterate ("😀")
 * gives "specialist-profile"; callers make it unique with a suffix.
 */
export function slugFromName(name: string): string {
  const base = transliterate(name.normalize("NFC"))
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxSlugLength)
    .replace(/-+$/, "");
  if (base.length < minSlugLength || slugProblem(base) !== null) {
    return base.length > 0 && slugProblem(`${base}-specialist`) === null ? `${base}-specialist` : "specialist-profile";
  }
  return base;
}

/** `slug` with a numeric suffix, still within the length limit: ("ada", 2) → "ada-2". */
export function slugWithSuffix(slug: string, number: number): string {
  const suffix = `-${number}`;
  return `${slug.slice(0, maxSlugLength - suffix.length).replace(/-+$/, "")}${suffix}`;
}
