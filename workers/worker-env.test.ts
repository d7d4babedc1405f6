import { describe, expect, test } from "vitest";
import { parseWorkerEnv } from "./worker-env";

describe("the Worker's settings", () => {
  const base = { DATABASE_URL: "libsql://specialistly.turso.io", APP_URL: "https://specialistly.example" };

  test("need a remote database and the public origin, each named when missing", () => {
    expect(parseWorkerEnv(base).APP_URL).toBe("https://specialistly.example");
    expect(() => parseWorkerEnv({ ...base, DATABASE_URL: "file:./data/x.db" })).toThrow(
      /DATABASE_URL must be a libsql:\/\/ or https:\/\/ URL on Workers/,
    );
    expect(() => parseWorkerEnv({ DATABASE_URL: base.DATABASE_URL })).toThrow(/APP_URL must be set on Workers/);
  });
});
