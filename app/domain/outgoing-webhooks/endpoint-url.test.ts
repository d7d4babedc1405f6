import { describe, expect, test } from "vitest";
import { endpointUrlProblem } from "./endpoint-url";

const strict = { allowInsecure: false };

describe("endpointUrlProblem", () => {
  test("accepts public https URLs", () => {
    expect(endpointUrlProblem("https://hooks.example.com/in?x=1", strict)).toBeNull();
    expect(endpointUrlProblem("https://93.184.216.34/in", strict)).toBeNull();
  });

  test.each([
    ["not a url", "Enter a full URL"],
    ["http://hooks.example.com/in", "must start with https://"],
    ["ftp://hooks.example.com/in", "must start with https://"],
    ["https://user:pw@hooks.example.com/in", "user name and password"],
  ])("refuses %s", (url, message) => {
    expect(endpointUrlProblem(url, strict)).toContain(message);
  });

  test.each([
    "https://localhost/in",
    "https://api.localhost/in",
    "https://127.0.0.1/in",
    "https://10.1.2.3/in",
    "https://172.20.0.1/in",
    "https://192.168.1.10/in",
    "https://169.254.169.254/latest/meta-data",
    "https://100.64.0.1/in",
    "https://0.0.0.0/in",
    "https://[::1]/in",
    "https://[fd00::1]/in",
    "https://[fe80::1]/in",
    "https://[::ffff:127.0.0.1]/in",
    "https://intranet/in",
    "https://printer.local/in",
  ])("refuses the internal host of %s", (url) => {
    expect(endpointUrlProblem(url, strict)).toContain("public host");
  });

  test("allows http and local hosts only when insecure URLs are allowed (local development and tests)", () => {
    expect(endpointUrlProblem("http://127.0.0.1:4000/hooks", { allowInsecure: true })).toBeNull();
    expect(endpointUrlProblem("ftp://127.0.0.1/hooks", { allowInsecure: true })).toContain("https://");
  });
});
