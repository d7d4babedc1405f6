// Where to send someone after signing in, from a `redirectTo` anyone can put in a link.

/**
 * A stand-in origin to resolve against: only "is it still this origin?" matters, never which one.
 * It has a special scheme (https) so backslashes, tabs and newlines are read as browsers read them.
 */
const placeholderOrigin = "https://this-site.invalid";

/**
 * `target` as a path on this site, or `fallback`. The target is parsed as a browser would parse
 * it (tabs and newlines dropped, `\` read as `/`, dot segments resolved), must stay on this
 * origin, and comes back re-serialized (so it is percent-encoded and safe in a Location header).
 */
export function safeRedirectPath(target: FormDataEntryValue | string | null | undefined, fallback = "/") {
  if (typeof target !== "string" || !target.startsWith("/") || !URL.canParse(target, placeholderOrigin)) return fallback;
  const url = new URL(target, placeholderOrigin);
  // A path that starts with two slashes would be read as another host: `/.//evil.example`.
  if (url.origin !== placeholderOrigin || url.pathname.startsWith("//")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
