import { expect, test } from "vitest";
import { isCommonPassword, passwordProblem } from "./password-policy";

test("requires 10 to 200 characters", () => {
  expect(passwordProblem("k7#Vq!m2z")).toBe("Use at least 10 characters.");
  expect(passwordProblem("k7#Vq!m2zX")).toBeNull();
  expect(passwordProblem("x".repeat(201))).toBe("Use at most 200 characters.");
});

test("rejects passwords from the common-password list, in any case", () => {
  expect(isCommonPassword("password")).toBe(true);
  expect(passwordProblem("1234567890")).toMatch(/too common/);
  expect(passwordProblem("QWERTYUIOP")).toMatch(/too common/);
  expect(isCommonPassword("plum-ferry-quartz-71")).toBe(false);
});

test("rejects a password containing the email's local part", () => {
  expect(passwordProblem("maria.garcia-2026!", { email: "maria.garcia@example.com" })).toMatch(/email/);
  expect(passwordProblem("plum-ferry-quartz-71", { email: "maria.garcia@example.com" })).toBeNull();
});
