import { describe, expect, test } from "vitest";
import { parseNodeEnv, publicExposure } from "./env";

test("the server listens on this machine only unless HOST says otherwise", () => {
  expect(parseNodeEnv({}).HOST).toBe("127.0.0.1");
  expect(parseNodeEnv({ HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
});

describe("publicExposure", () => {
  test.each([
    [{}, null],
    [{ HOST: "localhost" }, null],
    [{ HOST: "::1" }, null],
    [{ HOST: "127.0.0.2", APP_URL: "http://localhost:3000" }, null],
    [{ HOST: "127.0.0.1", APP_URL: "http://127.0.0.1:3000" }, null],
    [{ HOST: "0.0.0.0" }, "HOST=0.0.0.0"],
    [{ HOST: "::" }, "HOST=::"],
    [{ HOST: "192.168.1.20" }, "HOST=192.168.1.20"],
    // Behind a reverse proxy on the same machine: loopback HOST, public origin.
    [{ HOST: "127.0.0.1", APP_URL: "https://specialistly.example" }, "APP_URL=https://specialistly.example"],
  ])("%j → %s", (source, exposure) => {
    expect(publicExposure(parseNodeEnv(source))).toBe(exposure);
  });
});
