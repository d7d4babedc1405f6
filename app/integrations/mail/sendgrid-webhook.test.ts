import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifySendGridSignature } from "./sendgrid-webhook";

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { privateKey, publicKey: publicKey.export({ type: "spki", format: "der" }).toString("base64") };
}

/** As SendGrid signs: ECDSA P-256 / SHA-256 over timestamp + body, DER, base64. */
const signed = (privateKey: ReturnType<typeof keyPair>["privateKey"], timestamp: string, body: string) =>
  sign("sha256", Buffer.from(timestamp + body), { key: privateKey, dsaEncoding: "der" }).toString("base64");

describe("SendGrid event webhook signatures", () => {
  it("accepts SendGrid's DER signatures, whatever the lengths of r and s", async () => {
    const { privateKey, publicKey } = keyPair();
    // Enough signatures that some r or s have a leading 0x00 byte and some are shorter than 32 bytes.
    for (let index = 0; index < 300; index += 1) {
      const body = JSON.stringify([{ event: "delivered", sg_event_id: `event-${index}` }]);
      expect(await verifySendGridSignature(publicKey, signed(privateKey, "1780300800", body), "1780300800", body)).toBe(true);
    }
  });

  it("refuses another key's signature, a changed body or timestamp, and signatures that aren't DER", async () => {
    const { privateKey, publicKey } = keyPair();
    const other = keyPair();
    const body = '[{"event":"bounce"}]';
    const signature = signed(privateKey, "1780300800", body);
    expect(await verifySendGridSignature(other.publicKey, signature, "1780300800", body)).toBe(false);
    expect(await verifySendGridSignature(publicKey, signature, "1780300800", '[{"event":"delivered"}]')).toBe(false);
    expect(await verifySendGridSignature(publicKey, signature, "1780300801", body)).toBe(false);
    expect(await verifySendGridSignature(publicKey, "not base64!", "1780300800", body)).toBe(false);
    const der = Buffer.from(signature, "base64");
    expect(await verifySendGridSignature(publicKey, der.subarray(0, der.length - 1).toString("base64"), "1780300800", body)).toBe(false);
    const raw = sign("sha256", Buffer.from("1780300800" + body), { key: privateKey, dsaEncoding: "ieee-p1363" }).toString("base64");
    expect(await verifySendGridSignature(publicKey, raw, "1780300800", body)).toBe(false);
  });
});
