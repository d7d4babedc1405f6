import { expect, test } from "vitest";
import { createScryptPasswordHasher, defaultScryptParams } from "./scrypt-password-hasher";

const hasher = createScryptPasswordHasher();

test("hashes with OWASP parameters stored alongside, and verifies", async () => {
  const hash = await hasher.hash("correct horse battery staple");
  expect(hash).toMatch(new RegExp(`^scrypt\\$${defaultScryptParams.N}\\$8\\$5\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}$`));
  expect(await hasher.verify("correct horse battery staple", hash)).toBe(true);
  expect(await hasher.verify("correct horse battery stapl", hash)).toBe(false);
});

test("salts every hash", async () => {
  expect(await hasher.hash("same password")).not.toBe(await hasher.hash("same password"));
});

test("a hash made with other parameters still verifies (they travel with it)", async () => {
  const light = createScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });
  const hash = await light.hash("old parameters");
  expect(hash.startsWith("scrypt$1024$8$1$")).toBe(true);
  expect(await hasher.verify("old parameters", hash)).toBe(true);
});

test("unreadable stored hashes never verify", async () => {
  for (const stored of ["", "plain", "scrypt$x$8$5$AAAA$AAAA", "bcrypt$1$2$3$4$5", "scrypt$16384$8$5$AAAA$AAAA"]) {
    expect(await hasher.verify("anything", stored)).toBe(false);
  }
});
