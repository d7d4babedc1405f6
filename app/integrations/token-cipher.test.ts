import { describe, expect, test } from "vitest";
import { createTokenCipher, TokenCipherError } from "./token-cipher";

const key = Buffer.alloc(32, 1).toString("base64");
const otherKey = Buffer.alloc(32, 2).toString("base64");

describe("token cipher", () => {
  test("opens what it sealed, and never shows the token in the sealed form", async () => {
    const cipher = await createTokenCipher(key);
    const sealed = await cipher.seal("eyJzdl9hY2Nlc3NfdG9rZW4", "zoom:access");
    expect(sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]+$/);
    expect(sealed).not.toContain("eyJzdl9hY2Nlc3NfdG9rZW4");
    expect(await cipher.open(sealed, "zoom:access")).toBe("eyJzdl9hY2Nlc3NfdG9rZW4");
  });

  test("seals the same token differently each time (a fresh IV per value)", async () => {
    const cipher = await createTokenCipher(key);
    const [a, b] = await Promise.all([cipher.seal("same", "zoom:access"), cipher.seal("same", "zoom:access")]);
    expect(a).not.toBe(b);
  });

  test("a tampered value is refused", async () => {
    const cipher = await createTokenCipher(key);
    const sealed = await cipher.seal("token", "zoom:access");
    const body = sealed.split(".")[2]!;
    const flipped = `${body.slice(0, -2)}${body.at(-2) === "A" ? "B" : "A"}${body.at(-1)}`;
    await expect(cipher.open(`v1.${sealed.split(".")[1]}.${flipped}`, "zoom:access")).rejects.toThrow(TokenCipherError);
    await expect(cipher.open("v2.abc.def", "zoom:access")).rejects.toThrow(TokenCipherError);
    await expect(cipher.open("plain-token", "zoom:access")).rejects.toThrow(TokenCipherError);
  });

  test("another key, or another purpose, cannot open it", async () => {
    const sealed = await (await createTokenCipher(key)).seal("token", "zoom:refresh");
    await expect((await createTokenCipher(otherKey)).open(sealed, "zoom:refresh")).rejects.toThrow(TokenCipherError);
    await expect((await createTokenCipher(key)).open(sealed, "zoom:access")).rejects.toThrow(TokenCipherError);
  });
});
