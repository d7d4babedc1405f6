import { expect, test } from "vitest";
import { createNonce, withSecurityHeaders } from "./headers.server";

const options = (request = new Request("http://localhost/")) => ({ nonce: createNonce(), production: true, development: false, request });

test("nonces never repeat, well past one draw of random bytes, and each is 128 bits in base64", () => {
  const nonces = Array.from({ length: 1000 }, createNonce);
  expect(new Set(nonces).size).toBe(nonces.length);
  for (const nonce of nonces) expect(atob(nonce)).toHaveLength(16);
});

test("a response whose headers can't change (Response.redirect) still leaves with the security headers and its own", async () => {
  const answer = withSecurityHeaders(Response.redirect("http://localhost/next", 303), options());
  expect(answer.status).toBe(303);
  expect(answer.headers.get("location")).toBe("http://localhost/next");
  expect(answer.headers.get("x-frame-options")).toBe("DENY");
  expect(answer.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+'/);
});

test("a response keeps its body, status and headers, and a signed-in visitor's is never stored", async () => {
  const request = new Request("http://localhost/", { headers: { cookie: "session=abc" } });
  const original = new Response("hello", {
    status: 409,
    statusText: "Conflict",
    headers: { "content-type": "text/plain", "cache-control": "max-age=60" },
  });
  const answer = withSecurityHeaders(original, options(request));
  expect(answer.status).toBe(409);
  expect(answer.statusText).toBe("Conflict");
  expect(answer.headers.get("content-type")).toBe("text/plain");
  expect(answer.headers.get("cache-control")).toBe("private, no-store");
  expect(answer.headers.get("strict-transport-security")).toContain("max-age=");
  expect(await answer.text()).toBe("hello");
});
