import { createServer, type AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { startTwilioStandIn, standInNumber, type TwilioStandIn } from "../../../tests/stand-ins/twilio";
import { ProviderError } from "../provider-error";
import { createTwilioSmsSender, type TwilioSettings } from "./twilio.server";

let twilio: TwilioStandIn;
beforeEach(async () => {
  twilio = await startTwilioStandIn();
});
afterEach(() => twilio.close());

const statusCallbackUrl = "https://specialistly.test/webhooks/twilio/status";
const message = { to: "+447700900123", body: "Reminder: Coaching with Ada in an hour.", template: "reminder-1h", messageKey: "n-1" };

function sender(overrides: Partial<TwilioSettings> = {}) {
  return createTwilioSmsSender({
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    from: standInNumber,
    apiUrl: twilio.url,
    statusCallbackUrl,
    ...overrides,
  });
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("Twilio SMS sender", () => {
  test("sends the text from the account's number with Basic auth, asks for delivery reports, and returns Twilio's message SID", async () => {
    const sent = await sender().send(message);

    expect(twilio.messages).toHaveLength(1);
    const [received] = twilio.messages;
    expect(received!.params).toEqual({ To: message.to, Body: message.body, From: standInNumber, StatusCallback: statusCallbackUrl });
    expect(sent.providerMessageId).toBe(received!.sid);
    expect(sent.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
  });

  test("sends through a Messaging Service instead of a number when one is configured", async () => {
    const service = `MG${"a1".repeat(16)}`;
    await sender({ from: undefined, messagingServiceSid: service }).send(message);
    expect(twilio.messages[0]!.params).toEqual({
      To: message.to,
      Body: message.body,
      MessagingServiceSid: service,
      StatusCallback: statusCallbackUrl,
    });
  });

  test("wrong credentials are a permanent failure with Twilio's error", async () => {
    const error = await refusal(sender({ authToken: "not-the-token" }).send(message));
    expect(error.permanent).toBe(true);
    expect(error.status).toBe(401);
    expect(error.message).toContain("20003: Authenticate");
    expect(twilio.messages).toEqual([]);
  });

  test("a number Twilio rejects is a permanent failure carrying Twilio's code and message", async () => {
    const error = await refusal(sender().send({ ...message, to: "+12" }));
    expect(error.permanent).toBe(true);
    expect(error.status).toBe(400);
    expect(error.message).toContain("21211: Invalid 'To' Phone Number: +12");
  });

  test("an unsubscribed recipient (21610) is permanent and reported so the number is marked opted out", async () => {
    const reported: string[] = [];
    twilio.failNext(1, { status: 400, code: 21610, message: "Attempt to send to unsubscribed recipient" });
    const error = await refusal(sender({ onUnsubscribedRecipient: async (phone) => void reported.push(phone) }).send(message));
    expect(error.permanent).toBe(true);
    expect(error.message).toContain("21610");
    expect(reported).toEqual([message.to]);
  });

  test("Twilio's 5xx and 429 are worth retrying", async () => {
    twilio.failNext(1, { status: 503, code: 20503, message: "Service Unavailable" });
    twilio.failNext(1, { status: 429, code: 20429, message: "Too Many Requests" });
    const unavailable = await refusal(sender().send(message));
    expect(unavailable.permanent).toBe(false);
    expect(unavailable.message).toContain("20503: Service Unavailable (HTTP 503)");
    const throttled = await refusal(sender().send(message));
    expect(throttled.permanent).toBe(false);
    expect(throttled.status).toBe(429);

    await sender().send(message);
    expect(twilio.messages).toHaveLength(1);
  });

  test("a connection Twilio drops is worth retrying", async () => {
    const dropping = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => dropping.listen(0, "127.0.0.1", resolve));
    try {
      const apiUrl = `http://127.0.0.1:${(dropping.address() as AddressInfo).port}`;
      const error = await refusal(sender({ apiUrl }).send(message));
      expect(error.permanent).toBe(false);
      expect(error.message).toContain("could not be reached");
    } finally {
      await new Promise((resolve) => dropping.close(resolve));
    }
  });
});
