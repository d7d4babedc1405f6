import { describe, expect, test } from "vitest";
import { parseAppEnv } from "./env.server";

describe("SEED_DEMO_DATA", () => {
  // The demo accounts share a password printed in the README: production gets them only when asked.
  test.each([
    [{}, true],
    [{ NODE_ENV: "development" }, true],
    [{ NODE_ENV: "test" }, true],
    [{ NODE_ENV: "production" }, false],
    [{ NODE_ENV: "production", SEED_DEMO_DATA: "" }, false],
    [{ NODE_ENV: "production", SEED_DEMO_DATA: "true" }, true],
    [{ NODE_ENV: "development", SEED_DEMO_DATA: "false" }, false],
  ])("%j seeds the demo: %s", (source, seeds) => {
    expect(parseAppEnv(source).SEED_DEMO_DATA).toBe(seeds);
  });
});

describe("FX_RATES_URL", () => {
  test("defaults to the ECB's daily reference rates and takes any http(s) feed", () => {
    expect(parseAppEnv({}).FX_RATES_URL).toBe("https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml");
    expect(parseAppEnv({ FX_RATES_URL: "http://127.0.0.1:9000/rates.xml" }).FX_RATES_URL).toBe("http://127.0.0.1:9000/rates.xml");
  });

  test("anything else stops start-up with a message naming it", () => {
    expect(() => parseAppEnv({ FX_RATES_URL: "ftp://example.com/rates.xml" })).toThrow(/FX_RATES_URL expected an http\(s\) URL/);
    expect(() => parseAppEnv({ FX_RATES_URL: "rates" })).toThrow(/FX_RATES_URL/);
  });
});

describe("mail and SMS providers", () => {
  const sid = `AC${"0".repeat(32)}`;

  test("are optional: without them mail and text messages stay in the outbox", () => {
    const env = parseAppEnv({});
    expect(env.SENDGRID_API_KEY).toBeUndefined();
    expect(env.TWILIO_ACCOUNT_SID).toBeUndefined();
  });

  test("a SendGrid key needs a sender", () => {
    expect(() => parseAppEnv({ SENDGRID_API_KEY: "SG.key" })).toThrow(/SENDGRID_API_KEY needs MAIL_FROM/);
    expect(parseAppEnv({ SENDGRID_API_KEY: "SG.key", MAIL_FROM: "Specialistly <hello@specialistly.example>" }).MAIL_FROM).toBe(
      "Specialistly <hello@specialistly.example>",
    );
    expect(() => parseAppEnv({ MAIL_FROM: "not an address" })).toThrow(/MAIL_FROM expected an email address/);
  });

  test("Stripe needs its webhook secret; its other settings need the key; the fee is 0–10000 basis points", () => {
    expect(parseAppEnv({}).PLATFORM_FEE_BPS).toBe(2000);
    expect(parseAppEnv({ PLATFORM_FEE_BPS: "1500" }).PLATFORM_FEE_BPS).toBe(1500);
    expect(() => parseAppEnv({ PLATFORM_FEE_BPS: "20%" })).toThrow(/PLATFORM_FEE_BPS expected a whole number of basis points/);
    expect(() => parseAppEnv({ PLATFORM_FEE_BPS: "10001" })).toThrow(/PLATFORM_FEE_BPS expected a whole number of basis points/);
    expect(() => parseAppEnv({ STRIPE_SECRET_KEY: "pk_test_abc" })).toThrow(/STRIPE_SECRET_KEY expected a Stripe secret key/);
    expect(() => parseAppEnv({ STRIPE_SECRET_KEY: "sk_test_abc" })).toThrow(/STRIPE_SECRET_KEY needs STRIPE_WEBHOOK_SECRET/);
    expect(() => parseAppEnv({ STRIPE_WEBHOOK_SECRET: "whsec_abc" })).toThrow(/need STRIPE_SECRET_KEY/);
    expect(() => parseAppEnv({ STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_WEBHOOK_SECRET: "secret" })).toThrow(
      /STRIPE_WEBHOOK_SECRET expected a webhook signing secret/,
    );
    // The local stand-in's keys have underscores after the prefix.
    expect(
      parseAppEnv({ STRIPE_SECRET_KEY: "sk_test_stand_in_local_dev", STRIPE_WEBHOOK_SECRET: "whsec_stand_in_local_dev" }).STRIPE_SECRET_KEY,
    ).toBe("sk_test_stand_in_local_dev");
    const env = parseAppEnv({
      STRIPE_SECRET_KEY: "sk_live_abc",
      STRIPE_WEBHOOK_SECRET: "whsec_abc",
      STRIPE_API_URL: "http://127.0.0.1:12111",
    });
    expect(env).toMatchObject({ STRIPE_SECRET_KEY: "sk_live_abc", STRIPE_API_URL: "http://127.0.0.1:12111" });
  });

  test("Twilio needs its SID and token together, a sender, and the public origin", () => {
    expect(() => parseAppEnv({ TWILIO_ACCOUNT_SID: sid })).toThrow(/TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set together/);
    expect(() => parseAppEnv({ TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: "t" })).toThrow(/TWILIO_FROM/);
    expect(() => parseAppEnv({ TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: "t", TWILIO_FROM: "+14155550100" })).toThrow(/needs APP_URL/);
    expect(() => parseAppEnv({ TWILIO_ACCOUNT_SID: "AC123" })).toThrow(/TWILIO_ACCOUNT_SID expected an Account SID/);
    expect(() => parseAppEnv({ TWILIO_FROM: "0155 555" })).toThrow(/TWILIO_FROM expected an E.164 phone number/);
    const env = parseAppEnv({ TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: "t", TWILIO_FROM: "+14155550100", APP_URL: "https://x.example" });
    expect(env.TWILIO_API_URL).toBe("https://api.twilio.com");
  });
});

describe("ENCRYPTION_KEY", () => {
  test("takes 32 bytes in base64 and is optional", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    expect(parseAppEnv({ ENCRYPTION_KEY: key }).ENCRYPTION_KEY).toBe(key);
    expect(parseAppEnv({}).ENCRYPTION_KEY).toBeUndefined();
  });

  test.each([
    ["too short", Buffer.alloc(16, 7).toString("base64")],
    ["too long", Buffer.alloc(33, 7).toString("base64")],
    ["not base64", "not a key at all, just a passphrase!!!!!!!!"],
  ])("%s stops start-up with a message naming it", (_, value) => {
    expect(() => parseAppEnv({ ENCRYPTION_KEY: value })).toThrow(/ENCRYPTION_KEY expected 32 random bytes in base64/);
  });
});

describe("Zoom", () => {
  test("defaults to Zoom's own OAuth and API origins", () => {
    const env = parseAppEnv({});
    expect(env.ZOOM_OAUTH_URL).toBe("https://zoom.us");
    expect(env.ZOOM_API_URL).toBe("https://api.zoom.us/v2");
  });

  test("takes a stand-in's URLs", () => {
    const env = parseAppEnv({ ZOOM_OAUTH_URL: "http://127.0.0.1:12402/", ZOOM_API_URL: "http://127.0.0.1:12402/v2/" });
    expect(env.ZOOM_OAUTH_URL).toBe("http://127.0.0.1:12402");
    expect(env.ZOOM_API_URL).toBe("http://127.0.0.1:12402/v2");
  });

  test("the client id and secret come together", () => {
    expect(() => parseAppEnv({ ZOOM_CLIENT_ID: "id" })).toThrow(/ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET must be set together/);
    expect(() => parseAppEnv({ ZOOM_CLIENT_SECRET: "secret" })).toThrow(/ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET/);
    expect(() => parseAppEnv({ ZOOM_API_URL: "ftp://zoom.example" })).toThrow(/ZOOM_API_URL expected an http\(s\) URL/);
  });
});

describe("WEBHOOK_ALLOW_INSECURE_URLS", () => {
  test("is off unless set: webhook endpoints must then be https on a public host", () => {
    expect(parseAppEnv({}).WEBHOOK_ALLOW_INSECURE_URLS).toBe(false);
    expect(parseAppEnv({ WEBHOOK_ALLOW_INSECURE_URLS: "true" }).WEBHOOK_ALLOW_INSECURE_URLS).toBe(true);
    expect(() => parseAppEnv({ WEBHOOK_ALLOW_INSECURE_URLS: "yes" })).toThrow(/WEBHOOK_ALLOW_INSECURE_URLS/);
  });
});
