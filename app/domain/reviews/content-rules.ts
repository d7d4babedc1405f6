// Which review comments wait for an admin before they show (issue #12, ADR 0018). Deliberately
// simple and over-eager: a false alarm costs an admin a click, a missed spam link costs trust.

/**
 * Words that hold a review for moderation, matched as the start of a word, any case ("shit"
 * also catches "shitty", but "Scunthorpe" passes). Kept short on purpose: it catches the obvious;
 * reports catch the rest.
 */
export const blockedWords = ["fuck", "shit", "cunt", "bitch", "asshole", "bastard", "wanker", "dickhead", "retard", "whore"] as const;

// Common top-level domains, so "example.com" counts as a link but "session.Thanks" does not.
const tlds = [
  "com",
  "net",
  "org",
  "io",
  "co",
  "me",
  "info",
  "biz",
  "app",
  "dev",
  "xyz",
  "ly",
  "us",
  "uk",
  "de",
  "fr",
  "es",
  "it",
  "nl",
  "ru",
  "cn",
  "in",
  "eu",
  "ca",
  "au",
  "site",
  "online",
  "shop",
  "store",
  "link",
  "ai",
  "gg",
  "tv",
  "to",
  "cc",
  "be",
  "top",
  "club",
];
const linkPattern = new RegExp(String.raw`https?://|\bwww\.|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:${tlds.join("|")})\b`, "i");
const blockedPattern = new RegExp(String.raw`\b(?:${blockedWords.join("|")})`, "i");

/** True when a comment has a link (http(s)://, www., or a bare domain like example.com). */
export function hasLink(comment: string): boolean {
  return linkPattern.test(comment);
}

/** True when a comment uses one of `blockedWords`. */
export function hasBlockedWord(comment: string): boolean {
  return blockedPattern.test(comment);
}

/** A review with this comment is saved as pending and shows only once an admin approves it. */
export function needsModeration(comment: string): boolean {
  return hasLink(comment) || hasBlockedWord(comment);
}
