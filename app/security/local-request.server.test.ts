import { describe, expect, test } from "vitest";
import { isLocalRequest, isLoopbackHost } from "./local-request.server";

describe("isLoopbackHost", () => {
  test.each(["localhost", "127.0.0.1", "127.8.9.10", "::1", "[::1]", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1"])("%s is loopback", (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  test.each([
    "0.0.0.0",
    "::",
    "192.168.1.20",
    "203.0.113.7",
    "2001:db8::1",
    "::ffff:203.0.113.7",
    "example.com",
    "localhost.example.com",
    "1127.0.0.1",
    "",
  ])("%s is not loopback", (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe("isLocalRequest", () => {
  const request = (url: string, headers: HeadersInit = {}) => new Request(url, { headers });

  test("a browser on this machine", () => {
    expect(isLocalRequest(request("http://localhost:3000/dev/outbox"), "127.0.0.1")).toBe(true);
    expect(isLocalRequest(request("http://127.0.0.1:3000/dev/outbox"), "::ffff:127.0.0.1")).toBe(true);
    expect(isLocalRequest(request("http://[::1]:3000/dev/outbox"), "::1")).toBe(true);
  });

  test("another machine", () => {
    expect(isLocalRequest(request("http://localhost:3000/dev/outbox"), "203.0.113.7")).toBe(false);
    expect(isLocalRequest(request("http://localhost:3000/dev/outbox"), null)).toBe(false);
  });

  // A page on attacker.example whose name now resolves to 127.0.0.1 reaches us from loopback.
  test("a DNS-rebinding page, which arrives from loopback under its own host name", () => {
    expect(isLocalRequest(request("http://attacker.example:3000/dev/outbox"), "127.0.0.1")).toBe(false);
  });

  // A tunnel or proxy on this machine connects from loopback on behalf of someone else.
  test.each<Record<string, string>>([{ "x-forwarded-for": "203.0.113.7" }, { forwarded: "for=203.0.113.7" }])(
    "a request relayed by a local proxy (%j)",
    (headers) => {
      expect(isLocalRequest(request("http://localhost:3000/dev/outbox", headers), "127.0.0.1")).toBe(false);
    },
  );
});
