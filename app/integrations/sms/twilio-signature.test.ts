import { describe, expect, test } from "vitest";
import { isValidTwilioSignature } from "./twilio-signature";

// The worked example from Twilio's webhook-security documentation.
const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
const params = new URLSearchParams({
  CallSid: "CA1234567890ABCDE",
  Caller: "+12349013030",
  Digits: "1234",
  From: "+12349013030",
  To: "+18005551212",
});
const signature = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

describe("X-Twilio-Signature", () => {
  test("accepts Twilio's documented example, whatever order the parameters came in", async () => {
    expect(await isValidTwilioSignature("12345", url, params, signature)).toBe(true);
    const reordered = new URLSearchParams([...params].reverse());
    expect(await isValidTwilioSignature("12345", url, reordered, signature)).toBe(true);
  });

  test("refuses another token, URL, parameter value, or a missing or malformed header", async () => {
    expect(await isValidTwilioSignature("54321", url, params, signature)).toBe(false);
    expect(await isValidTwilioSignature("12345", "https://mycompany.com/myapp.php", params, signature)).toBe(false);
    const changed = new URLSearchParams(params);
    changed.set("Digits", "1235");
    expect(await isValidTwilioSignature("12345", url, changed, signature)).toBe(false);
    expect(await isValidTwilioSignature("12345", url, params, null)).toBe(false);
    expect(await isValidTwilioSignature("12345", url, params, "not base64!")).toBe(false);
  });
});
