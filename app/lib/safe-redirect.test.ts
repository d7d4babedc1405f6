import { describe, expect, test } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

const origin = "https://specialistly.example";

describe("safeRedirectPath", () => {
  test.each([
    ["a tab inside a protocol-relative URL", "/\t/evil.example/"],
    ["a newline inside one", "/\n/evil.example"],
    ["CR/LF inside one", "/\r\n/evil.example"],
    ["a backslash", "/\\evil.example"],
    ["two backslashes", "\\\\evil.example"],
    ["a protocol-relative URL", "//evil.example"],
    ["three slashes", "///evil.example"],
    ["user info", "//user@evil.example"],
    ["a dot segment hiding a second slash", "/.//evil.example"],
    ["a parent segment hiding a second slash", "/a/..//evil.example"],
    ["an absolute URL", "https://evil.example/"],
    ["a scheme without slashes", "https:evil.example"],
    ["javascript:", "javascript:alert(1)"],
    ["encoded slashes without a leading slash", "%2F%2Fevil.example"],
    ["a leading space", " //evil.example"],
    ["a relative path", "evil.example"],
    ["nothing", ""],
  ])("%s falls back to the default", (_case, target) => {
    expect(safeRedirectPath(target)).toBe("/");
    expect(safeRedirectPath(target, "/verify-email")).toBe("/verify-email");
  });

  test.each([
    ["a path with query and fragment", "/bookings?x=1#y", "/bookings?x=1#y"],
    ["an encoded zone in the query", "/s/ada/book/1?tz=Europe%2FBerlin", "/s/ada/book/1?tz=Europe%2FBerlin"],
    ["an @ in the first segment", "/@evil.example", "/@evil.example"],
    ["encoded slashes, which stay a path here", "/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["a header injection attempt, whose line break is dropped", "/settings\r\nSet-Cookie: a=b", "/settingsSet-Cookie:%20a=b"],
    ["non-ASCII, percent-encoded for the Location header", "/café", "/caf%C3%A9"],
  ])("%s stays on this site", (_case, target, expected) => {
    expect(safeRedirectPath(target)).toBe(expected);
  });

  test("non-strings (a missing field, an uploaded file) fall back", () => {
    expect(safeRedirectPath(null)).toBe("/");
    expect(safeRedirectPath(undefined)).toBe("/");
    expect(safeRedirectPath(new File(["/bookings"], "x.txt"), "/home")).toBe("/home");
  });

  test("whatever comes in, what goes out is a same-origin path a Location header can carry", () => {
    const targets = [
      "/\t/evil",
      "/\\\\evil",
      "/..//evil",
      "/./\\evil",
      "/%5C%5Cevil",
      "/\u0000//evil",
      "/ //evil",
      "/bookings#//evil",
      "/?//evil",
    ];
    for (const target of targets) {
      const path = safeRedirectPath(target);
      expect(path, target).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
      expect(new URL(path, origin).origin, target).toBe(origin);
    }
  });
});
